use sea_orm::entity::prelude::*;

/// A holiday or make-up workday of a district's (or one school's) calendar.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "calendar_day")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub district_id: i64,
    /// `None`: the district's calendar.
    pub school_id: Option<i64>,
    pub day: Date,
    /// `wire::operations::DayKind` as text.
    pub kind: String,
    pub name: String,
    /// ISO weekday whose timetable a make-up workday runs.
    pub follows_weekday: Option<i32>,
    pub imported_by: i64,
    pub imported_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
