use sea_orm::entity::prelude::*;

/// One weekly session of a timetable.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "service_session")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub timetable_id: i64,
    /// ISO weekday, 1 = Monday.
    pub weekday: i32,
    pub starts_at: Time,
    pub ends_at: Time,
    pub service_type: String,
    pub activity: String,
    pub title: String,
    pub room_id: i64,
    pub group_id: i64,
    pub created_at: DateTimeUtc,
    pub removed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
