use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "application")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub plan_id: i64,
    pub school_id: i64,
    pub student_id: i64,
    pub guardian_id: i64,
    /// `wire::enrolment::ApplicationStatus` as text.
    pub status: String,
    /// Index into the review chain of the step waiting for a decision.
    pub step: i32,
    pub left_behind: bool,
    pub migrant_worker: bool,
    pub disabled: bool,
    pub low_income: bool,
    pub waiver_claimed: bool,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    /// Chosen by the client per submission, so a retried request finds the
    /// application it already made.
    #[sea_orm(unique)]
    pub idempotency_key: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub reason: Option<String>,
    /// Place in the allocation order (1 = first), once allocated.
    pub allocation_rank: Option<i32>,
    /// A declared priority group counted in the allocation.
    pub priority: bool,
    pub submitted_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Consent withdrawn: the enrolment ends from this date.
    pub ended_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
