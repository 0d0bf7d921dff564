use sea_orm::entity::prelude::*;

/// A school's report to the bureau, monthly (月报告 [000]) or annual (绩效报告
/// [001][002]): the period's figures as submitted, the school's narrative,
/// and the bureau's review.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "school_report")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub district_id: i64,
    pub school_id: i64,
    /// `YYYY-MM` for a month, `YYYY` for a year.
    pub period: String,
    /// `wire::bureau::Figures` as JSON.
    #[sea_orm(column_type = "Text")]
    pub figures: String,
    #[sea_orm(column_type = "Text")]
    pub narrative: String,
    /// `wire::bureau::ReportStatus` as text.
    pub status: String,
    pub submitted_by: i64,
    pub submitted_at: DateTimeUtc,
    pub reviewed_by: Option<i64>,
    pub reviewed_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub review_note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
