use sea_orm::entity::prelude::*;

/// A class's attendance on a date, kept current as sheets and addenda are written.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "attendance_total")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub school_id: i64,
    pub grade_id: i64,
    pub class_id: i64,
    pub on_date: Date,
    pub present: i32,
    pub absent: i32,
    /// The distinct children present at least once that day (a child in
    /// two sessions counts once): the subsidy's child-days.
    pub child_days: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
