//! A guardian registers with a phone number and a password. The phone is
//! proved by a one-time code sent through the outbox; the code is stored only
//! as a hash, expires, and allows a few guesses.
use crate::audit::{self, Event};
use crate::auth::password::{self, Password};
use crate::auth::{self, Phone};
use crate::authz::{Role, ScopeKind};
use crate::entities::{account, guardian, outbox_message, phone_code};
use crate::limits::Limit;
use crate::error::{DomainError, DomainResult};
use crate::ids::AccountId;
use crate::messages::inbox::SMS;
use chrono::{Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionSession,
    TransactionTrait,
};
use serde_json::json;
use sha2::{Digest, Sha256};
pub use wire::family::Registration;

pub const CODE_TTL: Duration = Duration::minutes(10);
/// One code per phone per minute, and a few a day.
pub const RESEND_AFTER: Duration = Duration::seconds(60);
pub const CODES_PER_PHONE_PER_DAY: u64 = 5;
/// Codes asked for from one address per hour (a school's shared Wi-Fi sees
/// many families).
pub const CODES_PER_ADDRESS_PER_HOUR: u64 = 30;
pub const MAX_GUESSES: i32 = 5;
pub const MAX_NAME_CHARS: usize = 40;

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
pub async fn request_code<C: ConnectionTrait + TransactionTrait>(db: &C, raw_phone: &str, client_address: &str) -> DomainResult<()> {
    let phone = Phone::parse(raw_phone)?;
    let now = Utc::now();
    // Each limit's attempt stays counted: a refused request was not sent,
    // but the ones before it were.
    let _ = PER_ADDRESS.take(db, client_address, now).await?;
    let _ = RESEND.take(db, phone.as_str(), now).await?;
    let _ = PER_PHONE.take(db, phone.as_str(), now).await?;
    let code = format!("{:06}", random_u32()? % 1_000_000);
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
    audit::record(&txn, Event::new(None, "phone_code.sent", format!("phone:{}", mask_phone(phone.as_str())), json!({}))).await?;
    txn.commit().await?;
    Ok(())
}

fn code_text(code: &str) -> String {
    format!("【蓓蕾课后服务】验证码 {code}，{} 分钟内有效，请勿告诉他人。", CODE_TTL.num_minutes())
}

pub(crate) fn random_u32() -> DomainResult<u32> {
    let mut raw = [0u8; 4];
    getrandom::fill(&mut raw).map_err(|e| DomainError::Internal(format!("no randomness: {e}")))?;
    Ok(u32::from_le_bytes(raw))
}

/// `13800000000` → `138****0000`.
pub fn mask_phone(phone: &str) -> String {
    if phone.len() == 11 && phone.is_ascii() { format!("{}****{}", &phone[..3], &phone[7..]) } else { "****".into() }
}

/// Registers a guardian account once the phone's code checks out. The
/// guardian then signs in with the phone number and password.
pub async fn register<C: ConnectionTrait + TransactionTrait>(db: &C, reg: Registration) -> DomainResult<AccountId> {
    let phone = Phone::parse(&reg.phone)?;
    let name = reg.name.trim().to_string();
    if name.is_empty() {
        return Err(DomainError::invalid("name", "required"));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(DomainError::invalid("name", "too_long"));
    }
    let password = Password::new(reg.password.0)?;
    // The code first: a wrong guess costs one of the code's guesses and no
    // password hashing.
    check_code(db, &phone, &reg.code).await?;
    let hash = password::hash(password).await?;

    let txn = db.begin().await?;
    let now = Utc::now();
    // The code is spent only if it is still unspent: two racing requests
    // cannot both register with it.
    let spent = phone_code::Entity::update_many()
        .col_expr(phone_code::Column::UsedAt, sea_orm::sea_query::Expr::value(now))
        .filter(phone_code::Column::Phone.eq(phone.as_str()))
        .filter(phone_code::Column::CodeHash.eq(code_hash(&phone, &reg.code)))
        .filter(phone_code::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if spent.rows_affected == 0 {
        return Err(DomainError::invalid("code", "wrong"));
    }
    if account::Entity::find().filter(account::Column::Phone.eq(phone.as_str())).one(&txn).await?.is_some() {
        return Err(DomainError::Conflict("account"));
    }
    let id = auth::insert_account(&txn, &Some(phone.clone()), &None, &name, hash).await?;
    // A guardian the school already knows by this phone (and nobody has
    // claimed) becomes this account's; otherwise a new one.
    let known = guardian::Entity::find()
        .filter(guardian::Column::Phone.eq(phone.as_str()))
        .filter(guardian::Column::AccountId.is_null())
        .one(&txn)
        .await?;
    let g = match known {
        Some(g) => {
            let mut m: guardian::ActiveModel = g.into();
            m.account_id = Set(Some(id.0));
            m.update(&txn).await?
        }
        None => {
            guardian::ActiveModel { account_id: Set(Some(id.0)), name: Set(name.clone()), phone: Set(phone.as_str().into()), ..Default::default() }
                .insert(&txn)
                .await?
        }
    };
    auth::insert_grants(&txn, id, &[(Role::Parent, ScopeKind::Family, g.id, None)]).await?;
    audit::record(
        &txn,
        Event::new(Some(id), "guardian.registered", format!("account:{id}"), json!({"guardian": g.id})),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Checks the newest live code of the phone. Every guess, right or wrong,
/// first takes one of the code's guesses in a single conditional update, so
/// parallel guesses cannot share one.
async fn check_code<C: ConnectionTrait>(db: &C, phone: &Phone, code: &str) -> DomainResult<()> {
    let now = Utc::now();
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
