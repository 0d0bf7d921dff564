use sea_orm::entity::prelude::*;

/// A proposed award: standstill, then the district's approvals.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "award")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tender_id: i64,
    pub bid_id: i64,
    pub vendor_id: i64,
    pub proposed_by: i64,
    pub proposed_at: DateTimeUtc,
    pub standstill_until: DateTimeUtc,
    pub status: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
