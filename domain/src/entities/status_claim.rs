use sea_orm::entity::prelude::*;

/// A declared priority group or waiver of an application, with its proof
/// (removed after the term) and the review's outcome.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "status_claim")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub school_id: i64,
    pub application_id: i64,
    pub student_id: i64,
    /// `wire::money::ClaimKind` as text.
    pub kind: String,
    /// `wire::money::ClaimStatus` as text.
    pub status: String,
    /// Index into the district's proof review of the step waiting.
    pub step: i64,
    #[sea_orm(column_type = "Blob", nullable)]
    pub proof: Option<Vec<u8>>,
    pub proof_pdf: bool,
    pub purge_after: Date,
    pub uploaded_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub reason: Option<String>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
