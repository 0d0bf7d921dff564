//! Delivery of the outbox (P9): a `Sender` takes each queued message to the
//! guardian's phone. The log sender writes them to the server's log, for
//! development and for districts without an SMS gateway yet.
use crate::entities::outbox_message;
use crate::error::DomainResult;
use crate::registration::mask_phone;
use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::future::Future;
use std::pin::Pin;

/// One message to deliver.
pub struct Outgoing<'a> {
    pub channel: &'a str,
    pub recipient: &'a str,
    /// The text, or `None` for an inbox notice (the phone is told to look).
    pub body: Option<&'a str>,
}

pub type SendResult<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

pub trait Sender: Send + Sync {
    fn send<'a>(&'a self, message: Outgoing<'a>) -> SendResult<'a>;
}

/// Writes each message to the log (the recipient masked, codes in full, so
/// that a developer can register without a phone gateway).
pub struct LogSender;

impl Sender for LogSender {
    fn send<'a>(&'a self, m: Outgoing<'a>) -> SendResult<'a> {
        Box::pin(async move {
            tracing::info!(channel = m.channel, to = %mask_phone(m.recipient), body = m.body.unwrap_or("(inbox notice)"), "outbox message");
            Ok(())
        })
    }
}

/// Delivers up to `limit` unsent messages, oldest first; a message that
/// fails stays queued for the next round. Returns how many were sent.
pub async fn drain<C: ConnectionTrait>(db: &C, sender: &dyn Sender, limit: u64) -> DomainResult<u64> {
    let queued = outbox_message::Entity::find()
        .filter(outbox_message::Column::SentAt.is_null())
        .order_by_asc(outbox_message::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let mut sent = Vec::new();
    for m in &queued {
        let out = Outgoing { channel: &m.channel, recipient: &m.recipient, body: m.body.as_deref() };
        match sender.send(out).await {
            Ok(()) => sent.push(m.id),
            Err(e) => tracing::warn!(message = m.id, error = %e, "outbox message not sent; will retry"),
        }
    }
    if sent.is_empty() {
        return Ok(0);
    }
    let done = outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::SentAt, sea_orm::sea_query::Expr::value(Utc::now()))
        .filter(outbox_message::Column::Id.is_in(sent))
        .exec(db)
        .await?;
    Ok(done.rows_affected)
}
