use sea_orm::entity::prelude::*;

/// A group's attendance at one session on one date.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "attendance_sheet")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub school_id: i64,
    pub session_id: i64,
    pub on_date: Date,
    pub children: i32,
    /// The absent children's ids, space-separated.
    #[sea_orm(column_type = "Text")]
    pub absent: String,
    /// Absent with a leave request: no notice goes out.
    #[sea_orm(column_type = "Text")]
    pub excused: String,
    /// Present but kept out of the activity (unwell, at sports) [000 att.2 §9].
    #[sea_orm(column_type = "Text")]
    pub kept_out: String,
    pub staff_id: i64,
    pub account_id: i64,
    #[sea_orm(unique)]
    pub idempotency_key: String,
    pub taken_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
