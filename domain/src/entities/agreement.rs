use sea_orm::entity::prelude::*;

/// One version of the agreement text of a plan.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "agreement")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub plan_id: i64,
    pub version: i32,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    /// SHA-256 of `text`, hex.
    pub text_hash: String,
    pub published_by: i64,
    pub published_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
