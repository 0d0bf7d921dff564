use sea_orm::entity::prelude::*;

/// A child going home: to whom, how, checked by whom, when.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "handover")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub school_id: i64,
    pub student_id: i64,
    pub on_date: Date,
    pub session_id: i64,
    /// `wire::service_day::HandoverWay` as text.
    pub way: String,
    pub guardian_id: Option<i64>,
    pub pickup_person_id: Option<i64>,
    pub leave_slip_id: Option<i64>,
    pub to_name: String,
    pub account_id: i64,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
