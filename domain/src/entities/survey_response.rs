use sea_orm::entity::prelude::*;

/// A guardian's or staff member's rating of a school's service for a month.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "survey_response")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub school_id: i64,
    pub account_id: i64,
    pub period: String,
    pub service: i64,
    pub staff: i64,
    pub comment: String,
    pub vendor_id: Option<i64>,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
