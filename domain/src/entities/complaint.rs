use sea_orm::entity::prelude::*;

/// A bidder's complaint against an award, answered by the bureau.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "complaint")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub award_id: i64,
    pub vendor_id: i64,
    pub body: String,
    pub filed_at: DateTimeUtc,
    pub answer: Option<String>,
    pub upheld: Option<bool>,
    pub answered_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
