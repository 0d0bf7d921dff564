use sea_orm::entity::prelude::*;

/// A safety inspection of a school, by the school itself or the bureau.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "inspection")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub school_id: i64,
    pub district_id: i64,
    /// `wire::records::Inspector` as text.
    pub inspector: String,
    pub on_date: Date,
    #[sea_orm(column_type = "Text")]
    pub scope: String,
    pub account_id: i64,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
