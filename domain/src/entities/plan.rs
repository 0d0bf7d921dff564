use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "plan")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub school_id: i64,
    /// `wire::plan::PlanStatus` as text.
    pub status: String,
    pub term_start: Date,
    pub term_end: Date,
    /// `wire::plan::PlanContent` as JSON.
    #[sea_orm(column_type = "Text")]
    pub content: String,
    /// The district policy version the plan was checked against when published.
    pub policy_version: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub published_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
