use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "role_grant")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: i64,
    /// `authz::Role` as text.
    pub role: String,
    /// `authz::ScopeKind` as text.
    pub scope_kind: String,
    pub scope_id: i64,
    /// `authz::Panel` as text, for family committee members only.
    pub panel: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
