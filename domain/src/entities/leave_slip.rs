use sea_orm::entity::prelude::*;

/// A slip the school issues for a child to leave early; valid once a guardian confirms it [000 att.2 §7].
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "leave_slip")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub school_id: i64,
    pub student_id: i64,
    pub on_date: Date,
    pub leave_at: Time,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub issued_by: i64,
    pub issued_at: DateTimeUtc,
    pub confirmed_by: Option<i64>,
    pub confirmed_at: Option<DateTimeUtc>,
    pub cancelled_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
