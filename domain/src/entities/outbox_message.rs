use sea_orm::entity::prelude::*;

/// A message waiting for a sender (SMS, messaging app) to deliver it.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox_message")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The inbox message this delivers, or `None` for a plain text (a phone code).
    pub inbox_message_id: Option<i64>,
    #[sea_orm(column_type = "Text", nullable)]
    pub body: Option<String>,
    pub channel: String,
    pub recipient: String,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    /// Held by the server delivering it until then.
    pub claimed_until: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
