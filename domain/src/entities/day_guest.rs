use sea_orm::entity::prelude::*;

/// A child not enrolled who stays behind for a reason and is cared for in a session that day [001].
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "day_guest")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub school_id: i64,
    pub session_id: i64,
    pub on_date: Date,
    pub student_id: i64,
    #[sea_orm(column_type = "Text")]
    pub reason: String,
    pub account_id: i64,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
