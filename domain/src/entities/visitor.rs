use sea_orm::entity::prelude::*;

/// Someone from outside who came in: whom they visited, when in and out [000 att.2 §7].
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "visitor")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub school_id: i64,
    pub name: String,
    pub phone: String,
    pub visiting: String,
    pub purpose: String,
    pub account_id: i64,
    pub in_at: DateTimeUtc,
    pub out_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
