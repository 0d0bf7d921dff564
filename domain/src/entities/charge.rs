use sea_orm::entity::prelude::*;

/// One child's fee for a month (or a term): the service days it covers and
/// the amount; its postings in the ledger carry its id.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "charge")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub school_id: i64,
    pub plan_id: i64,
    pub student_id: i64,
    pub application_id: i64,
    /// `YYYY-MM`, or `term`.
    pub period: String,
    pub covers_from: Date,
    pub covers_to: Date,
    pub days: i64,
    pub amount_fen: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
