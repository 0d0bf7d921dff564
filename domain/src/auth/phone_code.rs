//! Proving a phone: a six-digit code texted through the outbox, kept only
//! as a hash, valid for minutes and for a few guesses. Whoever registers
//! an account by phone (a guardian, a vendor's manager) proves it first,
//! and only the phone's holder then learns whether it already has an
//! account.
use crate::audit::{self, Event};
use crate::auth::phone::{Phone, mask_phone};
use crate::entities::{outbox_message, phone_code};
use crate::error::{DomainError, DomainResult};
use crate::limits::Limit;
use crate::messages::inbox::SMS;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait};
use serde_json::json;
use sha2::{Digest, Sha256};

pub const CODE_TTL: Duration = Duration::minutes(10);
/// One code per phone per minute, and a few a day.
pub const RESEND_AFTER: Duration = Duration::seconds(60);
pub const CODES_PER_PHONE_PER_DAY: u64 = 5;
/// Codes asked for from one address per hour (a school's shared Wi-Fi sees
/// many families).
pub const CODES_PER_ADDRESS_PER_HOUR: u64 = 30;
pub const MAX_GUESSES: i32 = 5;

fn code_hash(phone: &Phone, code: &str) -> String {
    hex::encode(Sha256::digest(format!("{}:{}", phone.as_str(), code.trim()).as_bytes()))
}

/// One code per phone per minute, a few a day, and a number per client
/// address an hour (a school's shared Wi-Fi sees many families).
const RESEND: Limit = Limit::new("code-phone-minute", 1, RESEND_AFTER);
const PER_PHONE: Limit = Limit::new("code-phone-day", CODES_PER_PHONE_PER_DAY, Duration::days(1));
const PER_ADDRESS: Limit = Limit::new("code-address", CODES_PER_ADDRESS_PER_HOUR, Duration::hours(1));

/// Sends a six-digit code to `phone` through the outbox. Says nothing about
/// whether the phone already has an account.
pub async fn request_code(cx: &crate::Ctx, raw_phone: &str, client_address: &str) -> DomainResult<()> {
    let db = cx.writes();
    let phone = Phone::parse(raw_phone)?;
    let now = cx.now();
    // Each limit's attempt stays counted: a refused request was not sent,
    // but the ones before it were.
    let _ = PER_ADDRESS.take(db, client_address, now).await?;
    let _ = RESEND.take(db, phone.as_str(), now).await?;
    let _ = PER_PHONE.take(db, phone.as_str(), now).await?;
    let code = format!("{:06}", crate::codes::random_u32()? % 1_000_000);
    let txn = db.begin().await?;
    phone_code::ActiveModel {
        phone: Set(phone.as_str().into()),
        code_hash: Set(code_hash(&phone, &code)),
        created_at: Set(now),
        expires_at: Set(now + CODE_TTL),
        attempts: Set(0),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    outbox_message::ActiveModel {
        inbox_message_id: Set(None),
        body: Set(Some(code_text(&code))),
        channel: Set(SMS.into()),
        recipient: Set(phone.as_str().into()),
        created_at: Set(now),
        sent_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, now, Event::new(None, "phone_code.sent", format!("phone:{}", mask_phone(phone.as_str())), json!({}))).await?;
    txn.commit().await?;
    Ok(())
}

fn code_text(code: &str) -> String {
    format!("【蓓蕾课后服务】验证码 {code}，{} 分钟内有效，请勿告诉他人。", CODE_TTL.num_minutes())
}

/// Checks the newest live code of the phone. Every guess, right or wrong,
/// first takes one of the code's guesses in a single conditional update, so
/// parallel guesses cannot share one.
pub(crate) async fn check<C: ConnectionTrait>(db: &C, phone: &Phone, code: &str, now: chrono::DateTime<chrono::Utc>) -> DomainResult<()> {
    let Some(latest) = phone_code::Entity::find()
        .filter(phone_code::Column::Phone.eq(phone.as_str()))
        .filter(phone_code::Column::UsedAt.is_null())
        .order_by_desc(phone_code::Column::Id)
        .one(db)
        .await?
    else {
        return Err(DomainError::invalid("code", "expired"));
    };
    if latest.expires_at <= now {
        return Err(DomainError::invalid("code", "expired"));
    }
    let guessed = phone_code::Entity::update_many()
        .col_expr(phone_code::Column::Attempts, Expr::col(phone_code::Column::Attempts).add(1))
        .filter(phone_code::Column::Id.eq(latest.id))
        .filter(phone_code::Column::Attempts.lt(MAX_GUESSES))
        .exec(db)
        .await?;
    if guessed.rows_affected == 0 {
        return Err(DomainError::invalid("code", "too_many_guesses"));
    }
    if latest.code_hash != code_hash(phone, code) {
        return Err(DomainError::invalid("code", "wrong"));
    }
    Ok(())
}

/// Spends the phone's code, in the transaction that uses it, only if it is
/// still unspent: two racing requests cannot both use one code.
pub(crate) async fn spend<C: ConnectionTrait>(txn: &C, phone: &Phone, code: &str, now: DateTime<Utc>) -> DomainResult<()> {
    let spent = phone_code::Entity::update_many()
        .col_expr(phone_code::Column::UsedAt, Expr::value(now))
        .filter(phone_code::Column::Phone.eq(phone.as_str()))
        .filter(phone_code::Column::CodeHash.eq(code_hash(phone, code)))
        .filter(phone_code::Column::UsedAt.is_null())
        .exec(txn)
        .await?;
    if spent.rows_affected == 0 {
        return Err(DomainError::invalid("code", "wrong"));
    }
    Ok(())
}

/// The newest text queued for a phone: what a test reads instead of an SMS.
pub async fn last_text_to<C: ConnectionTrait>(db: &C, raw_phone: &str) -> DomainResult<Option<String>> {
    let phone = Phone::parse(raw_phone)?;
    Ok(outbox_message::Entity::find()
        .filter(outbox_message::Column::Recipient.eq(phone.as_str()))
        .filter(outbox_message::Column::Body.is_not_null())
        .order_by_desc(outbox_message::Column::Id)
        .one(db)
        .await?
        .and_then(|m| m.body))
}
