use sea_orm::entity::prelude::*;

/// One published version of a timetable: what staff and guardians read.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "timetable_publication")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub timetable_id: i64,
    pub version: i32,
    /// `wire::operations::PublishedTimetable` as JSON.
    #[sea_orm(column_type = "Text")]
    pub content: String,
    pub published_by: i64,
    pub published_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
