use sea_orm::entity::prelude::*;

/// A safety incident: what happened, who, what was done, who of the families was told [000 att.2 §16].
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "incident")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub school_id: i64,
    pub district_id: i64,
    pub session_id: Option<i64>,
    pub occurred_at: DateTimeUtc,
    /// `wire::records::Severity` as text.
    pub severity: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    #[sea_orm(column_type = "Text")]
    pub people: String,
    #[sea_orm(column_type = "Text")]
    pub actions: String,
    #[sea_orm(column_type = "Text")]
    pub guardians_told: String,
    pub account_id: i64,
    pub reported_at: DateTimeUtc,
    /// When the written report on a serious incident is due.
    pub report_due: Option<Date>,
    pub closed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
