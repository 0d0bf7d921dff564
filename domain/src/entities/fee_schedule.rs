use sea_orm::entity::prelude::*;

/// A version of a plan's fees from a date: in force once the family
/// committee consented (where needed) and the bureau approved a rise
/// (where needed).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "fee_schedule")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub plan_id: i64,
    pub school_id: i64,
    pub version: i64,
    pub effective_from: Date,
    /// `Vec<wire::money::FeeItem>` as JSON.
    #[sea_orm(column_type = "Text")]
    pub items: String,
    pub billing_period: String,
    pub filing_number: String,
    pub filing_date: Option<Date>,
    pub needs_consent: bool,
    pub consented_by: Option<i64>,
    pub needs_approval: bool,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    /// `wire::money::ScheduleStatus` as text.
    pub status: String,
    pub proposed_by: i64,
    pub proposed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
