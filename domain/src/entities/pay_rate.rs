use sea_orm::entity::prelude::*;

/// A school's hourly pay rates from when they were set (the latest holds).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "pay_rate")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub school_id: i64,
    /// `wire::money::PayRates` as JSON.
    #[sea_orm(column_type = "Text")]
    pub rates: String,
    pub set_by: i64,
    pub set_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
