use sea_orm::entity::prelude::*;

/// A school's figures for a month, per grade; `grade_id` 0 holds what
/// belongs to the whole school (staff, vendors, incidents, money, surveys).
/// Recounted from the school's own rows when a service marks it stale.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "school_stat")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub district_id: i64,
    pub school_id: i64,
    pub grade_id: i64,
    /// `YYYY-MM`.
    pub month: String,
    pub students: i64,
    pub enrolled: i64,
    pub priority: i64,
    pub waived: i64,
    pub present: i64,
    pub absent: i64,
    pub child_days: i64,
    pub staff: i64,
    pub outside_staff: i64,
    pub vendors: i64,
    pub incidents: i64,
    pub charged_fen: i64,
    pub paid_fen: i64,
    pub survey_sum: i64,
    pub survey_n: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
