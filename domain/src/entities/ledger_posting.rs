use sea_orm::entity::prelude::*;

/// One amount moved from the `credit` account to the `debit` account of a
/// school's service money. Never edited or deleted: a reversal undoes it.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_posting")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub school_id: i64,
    pub on_date: Date,
    /// `wire::money::PostingKind` as text.
    pub kind: String,
    /// `wire::money::Account` as text.
    pub debit: String,
    pub credit: String,
    pub amount_fen: i64,
    pub student_id: Option<i64>,
    pub charge_id: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub memo: String,
    pub reference: Option<String>,
    pub reverses: Option<i64>,
    pub account_id: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
