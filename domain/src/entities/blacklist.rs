use sea_orm::entity::prelude::*;

/// A vendor barred citywide from `from_date` until (not including) `until_date`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "blacklist")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub vendor_id: i64,
    pub city_id: i64,
    pub reason: String,
    pub from_date: Date,
    pub until_date: Date,
    pub contract_id: Option<i64>,
    pub account_id: i64,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
