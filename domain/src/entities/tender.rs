use sea_orm::entity::prelude::*;

/// A school's call for bids for one service kind.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "tender")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub school_id: i64,
    pub district_id: i64,
    pub service_kind: String,
    pub title: String,
    pub requirements: String,
    pub criteria: String,
    pub estimate_fen: i64,
    pub price_unit: String,
    pub whole_service: bool,
    pub bid_deadline: DateTimeUtc,
    pub opening_at: DateTimeUtc,
    pub terms_version: i64,
    pub status: String,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub opened_at: Option<DateTimeUtc>,
    pub reissue_of: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
