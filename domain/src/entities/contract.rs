use sea_orm::entity::prelude::*;

/// A contract after an approved award.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "contract")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tender_id: i64,
    pub award_id: i64,
    pub school_id: i64,
    pub vendor_id: i64,
    pub starts_on: Date,
    pub ends_on: Date,
    pub price_fen: i64,
    pub price_unit: String,
    pub service: String,
    pub status: String,
    pub created_at: DateTimeUtc,
    pub end_cause: Option<String>,
    pub end_note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
