use sea_orm::entity::prelude::*;

/// One attempt counted against a limit (`limits`), kept until its window ends.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "limit_hit")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `<limit name>:<who>`.
    pub key: String,
    pub at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
