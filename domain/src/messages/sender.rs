//! Delivery of the outbox (P9): a `Sender` takes each queued message to the
//! guardian's phone. Which sender runs is the deployment's choice
//! (`sms_gateway_url`): an HTTP gateway, or the server's log for development
//! and for districts without a gateway yet. A text (a one-time code) stays
//! in the outbox only until it is sent: delivery removes it, so a copy of the
//! database reveals no live code.
use crate::entities::outbox_message;
use crate::error::DomainResult;
use crate::families::registration::mask_phone;
use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
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

/// Keeps what it "sends" in memory: the test server's sender, so browser
/// tests can read the code an SMS would bring (`test_last_text`).
#[derive(Default)]
pub struct Capture {
    sent: Mutex<Vec<(String, String)>>,
}

impl Capture {
    /// The newest text sent to `recipient`.
    pub fn last_to(&self, recipient: &str) -> Option<String> {
        let sent = self.sent.lock().unwrap_or_else(|e| e.into_inner());
        sent.iter().rev().find(|(to, _)| to == recipient).map(|(_, text)| text.clone())
    }
}

impl Sender for Capture {
    fn send<'a>(&'a self, m: Outgoing<'a>) -> SendResult<'a> {
        Box::pin(async move {
            self.sent.lock().unwrap_or_else(|e| e.into_inner()).push((m.recipient.to_string(), m.text().to_string()));
            Ok(())
        })
    }
}

/// The server's sender, and on a test server the capture behind it.
#[derive(Clone)]
pub struct Delivery {
    sender: Arc<dyn Sender>,
    capture: Option<Arc<Capture>>,
}

impl std::fmt::Debug for Delivery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Delivery").field("capturing", &self.capture.is_some()).finish_non_exhaustive()
    }
}

/// Messages a round of delivery takes.
const PER_ROUND: u64 = 100;

impl Delivery {
    pub fn new(sender: Arc<dyn Sender>) -> Delivery {
        Delivery { sender, capture: None }
    }

    /// Keeps every text in memory instead of sending it (test servers).
    pub fn capturing() -> Delivery {
        let capture = Arc::new(Capture::default());
        Delivery { sender: capture.clone(), capture: Some(capture) }
    }

    /// One round of delivery.
    pub async fn drain<C: ConnectionTrait>(&self, db: &C) -> DomainResult<u64> {
        drain(db, self.sender.as_ref(), PER_ROUND).await
    }

    /// On a capturing delivery: delivers what is queued, then the newest
    /// text to `phone`. `None` elsewhere.
    pub async fn captured_last_to<C: ConnectionTrait>(&self, db: &C, raw_phone: &str) -> DomainResult<Option<String>> {
        let Some(capture) = &self.capture else { return Ok(None) };
        let phone = crate::auth::Phone::parse(raw_phone)?;
        self.drain(db).await?;
        Ok(capture.last_to(phone.as_str()))
    }
}

/// Delivers up to `limit` unsent messages, oldest first; a message that
/// fails stays queued for the next round. A sent message keeps who and when,
/// not its text. Returns how many were sent.
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
        .col_expr(outbox_message::Column::Body, sea_orm::sea_query::Expr::value(Option::<String>::None))
        .filter(outbox_message::Column::Id.is_in(sent))
        .exec(db)
        .await?;
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
