//! Sign-in, sessions and the rate limiter.
//!
//! A session token is 256 random bits, given to the browser once (in an
//! HttpOnly cookie) and stored only as its SHA-256, so a copy of the database
//! opens no session. Failed sign-ins are counted per account name and per
//! client address in a sliding window (`limits`); past the limit every
//! attempt on that key is refused without checking the password.
use super::password::{self, Password};
use crate::authz::{Actor, Grant, Panel, Place, Role, ScopeKind};
use crate::entities::{account, grade, role_grant, school, session};
use crate::limits::Limit;
use crate::error::{DomainError, DomainResult};
use crate::ids::{AccountId, ClassId, DistrictId, GradeId, SchoolId};
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter,
    QuerySelect, Set, TransactionTrait,
};
use sha2::{Digest, Sha256};

pub const SESSION_TOKEN_BYTES: usize = 32;

#[derive(Clone, Debug)]
pub struct AuthSettings {
    pub session_ttl: Duration,
    /// Failed attempts allowed per account name within `window`.
    pub max_failures_per_account: u64,
    /// Failed attempts allowed per client address within `window`.
    pub max_failures_per_address: u64,
    pub window: Duration,
}

impl Default for AuthSettings {
    fn default() -> Self {
        AuthSettings {
            session_ttl: Duration::hours(12),
            max_failures_per_account: 5,
            max_failures_per_address: 50,
            window: Duration::minutes(15),
        }
    }
}

#[derive(Clone, Debug)]
pub struct SignedIn {
    /// The secret for the cookie; never stored.
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub actor: Actor,
}

fn token_id(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// One counter per account, however its name is spelled: a phone number in
/// any accepted form, or the user name in any case.
fn account_key(identifier: &str) -> String {
    match super::phone::Phone::parse(identifier) {
        Ok(phone) => phone.as_str().to_string(),
        Err(_) => identifier.trim().to_lowercase(),
    }
}

impl AuthSettings {
    fn per_account(&self) -> Limit {
        Limit::new("sign-in-account", self.max_failures_per_account, self.window)
    }
    fn per_address(&self) -> Limit {
        Limit::new("sign-in-address", self.max_failures_per_address, self.window)
    }
}

/// Signs in with a phone number or user name and a password. Every failure
/// is the same `SignInFailed`, whether the account exists or not. Each
/// attempt counts against the account name and the client address before
/// the password is checked; a success takes both back and clears the
/// account's failures.
pub async fn sign_in<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    settings: &AuthSettings,
    identifier: &str,
    password: String,
    client_address: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> DomainResult<SignedIn> {
    let account_key = account_key(identifier);
    let per_account = settings.per_account().take(db, &account_key, now).await?;
    let per_address = match settings.per_address().take(db, client_address, now).await {
        Ok(hit) => hit,
        Err(e) => {
            per_account.forgive(db).await?;
            return Err(e);
        }
    };

    let found = find_account(db, identifier).await?.filter(|a| !a.disabled);
    let ok = password::verify(Password::unchecked(password), found.as_ref().map(|a| a.password_hash.clone())).await?;
    let Some(account) = found.filter(|_| ok) else {
        return Err(DomainError::SignInFailed);
    };
    per_address.forgive(db).await?;
    drop(per_account);
    settings.per_account().clear(db, &account_key).await?;

    let mut raw = [0u8; SESSION_TOKEN_BYTES];
    getrandom::fill(&mut raw).map_err(|e| DomainError::Internal(format!("no randomness: {e}")))?;
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw);
    let expires_at = now + settings.session_ttl;
    session::ActiveModel {
        id: Set(token_id(&token)),
        account_id: Set(account.id),
        created_at: Set(now),
        expires_at: Set(expires_at),
    }
    .insert(db)
    .await?;
    let actor = actor_of(db, account).await?;
    Ok(SignedIn { token, expires_at, actor })
}

pub(crate) async fn find_account<C: ConnectionTrait>(db: &C, identifier: &str) -> DomainResult<Option<account::Model>> {
    let identifier = identifier.trim();
    if identifier.is_empty() {
        return Ok(None);
    }
    let by_phone = super::phone::Phone::parse(identifier).ok();
    let condition = match by_phone {
        Some(p) => account::Column::Phone.eq(p.as_str()),
        None => account::Column::Username.eq(identifier.to_lowercase()),
    };
    Ok(account::Entity::find().filter(condition).one(db).await?)
}

pub async fn sign_out(cx: &crate::Ctx, token: &str) -> DomainResult<()> {
    let db = cx.writes();
    session::Entity::delete_by_id(token_id(token)).exec(db).await?;
    Ok(())
}

/// The actor behind a session token, if the session exists, has not expired
/// and its account is not disabled. One query on every request, plus one
/// per staff grant for its place.
pub async fn load_actor<C: ConnectionTrait>(db: &C, token: &str, now: chrono::DateTime<chrono::Utc>) -> DomainResult<Option<Actor>> {
    let rows = session::Entity::find_by_id(token_id(token))
        .select_only()
        .column(session::Column::ExpiresAt)
        .column(session::Column::AccountId)
        .column(account::Column::DisplayName)
        .column(account::Column::Disabled)
        .column_as(role_grant::Column::Id, "grant_id")
        .column(role_grant::Column::Role)
        .column(role_grant::Column::ScopeKind)
        .column(role_grant::Column::ScopeId)
        .column(role_grant::Column::Panel)
        .join(
            JoinType::InnerJoin,
            session::Entity::belongs_to(account::Entity).from(session::Column::AccountId).to(account::Column::Id).into(),
        )
        .join_rev(
            JoinType::LeftJoin,
            role_grant::Entity::belongs_to(account::Entity).from(role_grant::Column::AccountId).to(account::Column::Id).into(),
        )
        .into_model::<SessionGrant>()
        .all(db)
        .await?;
    let Some(first) = rows.first() else { return Ok(None) };
    if first.expires_at <= now || first.disabled {
        return Ok(None);
    }
    let (account, display_name) = (AccountId(first.account_id), first.display_name.clone());
    let grants = rows.into_iter().filter_map(|r| {
        Some(role_grant::Model { id: r.grant_id?, account_id: r.account_id, role: r.role?, scope_kind: r.scope_kind?, scope_id: r.scope_id?, panel: r.panel })
    });
    Ok(Some(Actor { account, display_name, grants: grants_of(db, grants).await? }))
}

#[derive(FromQueryResult)]
struct SessionGrant {
    expires_at: DateTime<Utc>,
    account_id: i64,
    display_name: String,
    disabled: bool,
    grant_id: Option<i64>,
    role: Option<String>,
    scope_kind: Option<String>,
    scope_id: Option<i64>,
    panel: Option<String>,
}

/// Deletes expired sessions, and attempts whose limit's window has passed.
pub async fn purge_expired<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> DomainResult<u64> {
    let sessions = session::Entity::delete_many()
        .filter(session::Column::ExpiresAt.lte(now))
        .exec(db)
        .await?
        .rows_affected;
    Ok(sessions + crate::limits::purge_expired(db, now).await?)
}

/// The actor of an account, without a session (tests and tools).
pub async fn actor_of_account<C: ConnectionTrait>(db: &C, id: AccountId) -> DomainResult<Actor> {
    let account = account::Entity::find_by_id(id.0).one(db).await?.ok_or(DomainError::NotFound)?;
    actor_of(db, account).await
}

async fn actor_of<C: ConnectionTrait>(db: &C, account: account::Model) -> DomainResult<Actor> {
    let rows = role_grant::Entity::find()
        .filter(role_grant::Column::AccountId.eq(account.id))
        .all(db)
        .await?;
    Ok(Actor { account: AccountId(account.id), display_name: account.display_name, grants: grants_of(db, rows).await? })
}

async fn grants_of<C: ConnectionTrait>(db: &C, rows: impl IntoIterator<Item = role_grant::Model>) -> DomainResult<Vec<Grant>> {
    let mut grants = Vec::new();
    for row in rows {
        let (Some(role), Some(kind)) = (Role::parse(&row.role), ScopeKind::parse(&row.scope_kind)) else {
            tracing::warn!(grant = row.id, "unknown role or scope in role_grant; ignored");
            continue;
        };
        let place = place_of(db, kind, row.scope_id).await?;
        grants.push(Grant {
            role,
            scope_kind: kind,
            scope_id: row.scope_id,
            panel: row.panel.as_deref().and_then(Panel::parse),
            place,
        });
    }
    Ok(grants)
}

/// The place of a grant's scope: the scope object and everything above it.
pub(crate) async fn place_of<C: ConnectionTrait>(db: &C, kind: ScopeKind, id: i64) -> DomainResult<Place> {
    let school_place = |s: school::Model| Place {
        district: Some(DistrictId(s.district_id)),
        school: Some(SchoolId(s.id)),
        ..Place::default()
    };
    Ok(match kind {
        ScopeKind::District => Place { district: Some(DistrictId(id)), ..Place::default() },
        ScopeKind::School => crate::scope::maybe_school(db, SchoolId(id)).await?.map(school_place).unwrap_or_default(),
        ScopeKind::Grade => match grade::Entity::find_by_id(id).one(db).await? {
            Some(g) => Place {
                grade: Some(GradeId(g.id)),
                ..crate::scope::maybe_school(db, SchoolId(g.school_id)).await?.map(school_place).unwrap_or_default()
            },
            None => Place::default(),
        },
        ScopeKind::Class => match crate::scope::maybe_class(db, ClassId(id)).await? {
            Some(c) => Place {
                grade: Some(GradeId(c.grade_id)),
                class: Some(ClassId(c.id)),
                ..crate::scope::maybe_school(db, SchoolId(c.school_id)).await?.map(school_place).unwrap_or_default()
            },
            None => Place::default(),
        },
        ScopeKind::Family | ScopeKind::Vendor | ScopeKind::City => Place::default(),
    })
}
