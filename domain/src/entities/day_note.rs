use sea_orm::entity::prelude::*;

/// What staff noted about a child on a day: unwell, a health or behaviour concern, leaving without handover.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "day_note")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub school_id: i64,
    pub student_id: i64,
    pub on_date: Date,
    pub session_id: i64,
    /// `wire::service_day::NoteKind` as text.
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub account_id: i64,
    pub at: DateTimeUtc,
    /// The guardian who agreed the unwell child may still do sports.
    pub sports_agreed_by: Option<i64>,
    pub sports_agreed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
