use sea_orm::entity::prelude::*;

/// A group of enrolled children that sessions are planned for.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "service_group")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub timetable_id: i64,
    pub name: String,
    pub created_at: DateTimeUtc,
    pub removed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
