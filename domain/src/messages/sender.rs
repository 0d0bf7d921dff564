//! Delivery of the outbox (P9): a `Sender` takes each queued message to the
//! guardian's phone. Which sender runs is the deployment's choice
//! (`sms_gateway_url`): an HTTP gateway, or the server's log for development
//! and for districts without a gateway yet. A text (a one-time code) stays
//! in the outbox only until it is sent: delivery removes it, so a copy of the
//! database reveals no live code.
//!
//! Every app server delivers: each round first claims its messages for a
//! minute (one statement; on PostgreSQL skipping rows another server is
//! claiming), so no message goes out twice, and one claimed by a server that
//! died goes out once its claim lapses.
use crate::entities::outbox_message;
use crate::error::DomainResult;
use crate::auth::mask_phone;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use wire::secret::Secret;

/// One message to deliver.
pub struct Outgoing<'a> {
    pub channel: &'a str,
    pub recipient: &'a str,
    /// The text, or `None` for an inbox notice (the phone is told to look).
    pub body: Option<&'a str>,
}

/// What the phone shows for an inbox notice: the notice itself is read,
/// in the reader's language, on the site.
pub const INBOX_NOTICE_TEXT: &str = "【蓓蕾课后服务】您有一条新消息，请登录查看。";

impl Outgoing<'_> {
    pub fn text(&self) -> &str {
        self.body.unwrap_or(INBOX_NOTICE_TEXT)
    }
}

pub type SendResult<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

pub trait Sender: Send + Sync {
    fn send<'a>(&'a self, message: Outgoing<'a>) -> SendResult<'a>;
}

/// Writes each message to the log, the recipient masked. Codes appear only
/// when `reveal_codes` is set (development, where nobody has a gateway);
/// otherwise every digit is masked.
pub struct LogSender {
    pub reveal_codes: bool,
}

impl Sender for LogSender {
    fn send<'a>(&'a self, m: Outgoing<'a>) -> SendResult<'a> {
        Box::pin(async move {
            let text = if self.reveal_codes { m.text().to_string() } else { mask_digits(m.text()) };
            tracing::info!(channel = m.channel, to = %mask_phone(m.recipient), body = %text, "outbox message");
            Ok(())
        })
    }
}

fn mask_digits(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_digit() { '*' } else { c }).collect()
}

/// Posts each message to an SMS gateway as JSON `{"to": …, "text": …}` with
/// `Authorization: Bearer <token>`; any 2xx answer is a delivery. Providers
/// with their own API sit behind a small relay that speaks this.
pub struct HttpSender {
    client: reqwest::Client,
    url: String,
    token: Secret,
}

impl HttpSender {
    pub fn new(url: &str, token: Secret) -> Result<HttpSender, String> {
        let parsed = url::Url::parse(url).map_err(|e| format!("sms_gateway_url {url}: {e}"))?;
        if !matches!(parsed.scheme(), "https" | "http") {
            return Err(format!("sms_gateway_url {url}: must be https:// (or http:// on a private network)"));
        }
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(HttpSender { client, url: url.to_string(), token })
    }
}

impl Sender for HttpSender {
    fn send<'a>(&'a self, m: Outgoing<'a>) -> SendResult<'a> {
        Box::pin(async move {
            let answer = self
                .client
                .post(&self.url)
                .bearer_auth(&self.token.0)
                .json(&serde_json::json!({"to": m.recipient, "channel": m.channel, "text": m.text()}))
                .send()
                .await
                .map_err(|e| format!("gateway unreachable: {}", e.without_url()))?;
            match answer.status() {
                s if s.is_success() => Ok(()),
                s => Err(format!("gateway answered {s}")),
            }
        })
    }
}

/// The server's sender. A test server's (`capturing`) writes to the log and
/// keeps each sent text in the outbox, where any server reads it back
/// (`test_last_text`), whichever server delivered it.
#[derive(Clone)]
pub struct Delivery {
    sender: Arc<dyn Sender>,
    keep_text: bool,
}

impl std::fmt::Debug for Delivery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Delivery").field("capturing", &self.keep_text).finish_non_exhaustive()
    }
}

/// Messages a round of delivery takes.
const PER_ROUND: u64 = 100;

/// How long a claimed message is left to the server that claimed it.
const CLAIM: chrono::Duration = chrono::Duration::seconds(60);

impl Delivery {
    pub fn new(sender: Arc<dyn Sender>) -> Delivery {
        Delivery { sender, keep_text: false }
    }

    /// Logs every text and keeps it in the outbox instead of sending it
    /// (test servers only: their codes stay readable in the database).
    pub fn capturing() -> Delivery {
        Delivery { sender: Arc::new(LogSender { reveal_codes: true }), keep_text: true }
    }

    /// One round of delivery.
    pub async fn drain<C: ConnectionTrait>(&self, db: &C, now: chrono::DateTime<chrono::Utc>) -> DomainResult<u64> {
        drain(db, self.sender.as_ref(), PER_ROUND, self.keep_text, now).await
    }

    /// On a capturing delivery: delivers what is queued, then the newest
    /// text sent to `phone`. `None` elsewhere.
    pub async fn captured_last_to<C: ConnectionTrait>(&self, db: &C, raw_phone: &str, now: chrono::DateTime<chrono::Utc>) -> DomainResult<Option<String>> {
        if !self.keep_text {
            return Ok(None);
        }
        let phone = crate::auth::Phone::parse(raw_phone)?;
        self.drain(db, now).await?;
        let last = outbox_message::Entity::find()
            .filter(outbox_message::Column::Recipient.eq(phone.as_str()))
            .filter(outbox_message::Column::SentAt.is_not_null())
            .order_by_desc(outbox_message::Column::Id)
            .one(db)
            .await?;
        Ok(last.map(|m| Outgoing { channel: &m.channel, recipient: &m.recipient, body: m.body.as_deref() }.text().to_string()))
    }
}

/// Messages queued and not yet sent (the operators' backlog figure).
pub async fn backlog<C: ConnectionTrait>(db: &C) -> DomainResult<u64> {
    Ok(outbox_message::Entity::find().filter(outbox_message::Column::SentAt.is_null()).count(db).await?)
}

/// Claims up to `limit` unsent messages nobody holds, oldest first, until
/// `now + CLAIM`.
async fn claim<C: ConnectionTrait>(db: &C, limit: u64, now: DateTime<Utc>) -> DomainResult<Vec<outbox_message::Model>> {
    use outbox_message::Column as C_;
    let free = Query::select()
        .column(C_::Id)
        .from(outbox_message::Entity)
        .and_where(Expr::col(C_::SentAt).is_null())
        .and_where(Expr::col(C_::ClaimedUntil).is_null().or(Expr::col(C_::ClaimedUntil).lt(now)))
        .order_by(C_::Id, sea_orm::Order::Asc)
        .limit(limit)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .to_owned();
    let update = Query::update()
        .table(outbox_message::Entity)
        .value(C_::ClaimedUntil, now + CLAIM)
        .and_where(Expr::col(C_::Id).in_subquery(free))
        .returning_all()
        .to_owned();
    let mut claimed = outbox_message::Entity::find().from_raw_sql(db.get_database_backend().build(&update)).all(db).await?;
    claimed.sort_by_key(|m| m.id);
    Ok(claimed)
}

/// Delivers up to `limit` unsent messages, oldest first; a message that
/// fails is released for the next round. A sent message keeps who and when,
/// and its text only where `keep_text` (a test server). Returns how many
/// were sent.
pub async fn drain<C: ConnectionTrait>(db: &C, sender: &dyn Sender, limit: u64, keep_text: bool, now: DateTime<Utc>) -> DomainResult<u64> {
    let queued = claim(db, limit, now).await?;
    let (mut sent, mut failed) = (Vec::new(), Vec::new());
    for m in &queued {
        let out = Outgoing { channel: &m.channel, recipient: &m.recipient, body: m.body.as_deref() };
        match sender.send(out).await {
            Ok(()) => sent.push(m.id),
            Err(e) => {
                metrics::counter!("outbox_send_failures_total").increment(1);
                tracing::warn!(message = m.id, error = %e, "outbox message not sent; will retry");
                failed.push(m.id);
            }
        }
    }
    if !failed.is_empty() {
        outbox_message::Entity::update_many()
            .col_expr(outbox_message::Column::ClaimedUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .filter(outbox_message::Column::Id.is_in(failed))
            .exec(db)
            .await?;
    }
    if sent.is_empty() {
        return Ok(0);
    }
    let mut done = outbox_message::Entity::update_many().col_expr(outbox_message::Column::SentAt, Expr::value(now));
    if !keep_text {
        done = done.col_expr(outbox_message::Column::Body, Expr::value(Option::<String>::None));
    }
    let done = done.filter(outbox_message::Column::Id.is_in(sent)).exec(db).await?;
    metrics::counter!("outbox_sent_total").increment(done.rows_affected);
    Ok(done.rows_affected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_shows_no_code_unless_told_to() {
        assert_eq!(mask_digits("验证码 123456，10 分钟内有效"), "验证码 ******，** 分钟内有效");
    }
}
