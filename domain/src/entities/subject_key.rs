use sea_orm::entity::prelude::*;

/// A random key per person (`student:12`) that fingerprints their sensitive
/// facts in the audit trail. Deleting it leaves the fingerprints unlinkable.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "subject_key")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub subject: String,
    /// 32 random bytes, hex.
    pub key: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
