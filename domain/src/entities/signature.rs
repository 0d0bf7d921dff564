use sea_orm::entity::prelude::*;

/// A party's signature of one agreement version.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "signature")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub agreement_id: i64,
    /// The enrolment signed for; `None` for the school's own signature.
    pub application_id: Option<i64>,
    /// `wire::agreement::Party` as text.
    pub party: String,
    pub account_id: i64,
    pub signer_name: String,
    pub channel: String,
    pub text_hash: String,
    pub signed_at: DateTimeUtc,
    /// `wire::agreement::AccidentInsurance` as text (guardian signatures).
    pub accident_insurance: Option<String>,
    pub insurer: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
