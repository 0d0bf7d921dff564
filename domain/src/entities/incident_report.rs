use sea_orm::entity::prelude::*;

/// The written report on an incident, in the parts the seed names [000 att.2 §22].
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "incident_report")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub incident_id: i64,
    #[sea_orm(column_type = "Text")]
    pub course: String,
    #[sea_orm(column_type = "Text")]
    pub causes: String,
    #[sea_orm(column_type = "Text")]
    pub outcome: String,
    #[sea_orm(column_type = "Text")]
    pub lessons: String,
    #[sea_orm(column_type = "Text")]
    pub improvements: String,
    pub account_id: i64,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
