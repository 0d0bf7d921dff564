//! Accounts, sign-in, sessions and the sign-in rate limiter. Sessions and
//! attempt counters live in the database so that several app servers can
//! share them.
pub mod password;
pub mod phone;
pub mod phone_code;
mod session;

pub use phone::{Phone, mask_phone};
pub use session::{AuthSettings, SignedIn, actor_of_account, load_actor, purge_expired, sign_in, sign_out};

use crate::audit::{self, Event};
use crate::authz::{Panel, Role, ScopeKind};
use crate::entities::{account, role_grant};
use crate::error::{Clash, DomainError, DomainResult};
use crate::ids::AccountId;
use password::Password;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionSession, TransactionTrait};
use serde_json::json;

#[derive(Clone, Debug)]
pub struct NewAccount {
    pub phone: Option<Phone>,
    pub username: Option<String>,
    pub display_name: String,
    pub password: Password,
}

/// Creates an account with its grants, recorded in the audit trail.
pub async fn create_account<C: TransactionTrait + ConnectionTrait>(
    db: &C,
    by: Option<AccountId>,
    new: NewAccount,
    grants: &[(Role, ScopeKind, i64, Option<Panel>)],
    now: chrono::DateTime<chrono::Utc>,
) -> DomainResult<AccountId> {
    if new.phone.is_none() && new.username.is_none() {
        return Err(DomainError::invalid("phone", "required"));
    }
    if new.display_name.trim().is_empty() {
        return Err(DomainError::invalid("display_name", "required"));
    }
    for (role, kind, _, _) in grants {
        if !role.allows_scope(*kind) {
            return Err(DomainError::invalid("scope", "wrong_kind_for_role"));
        }
    }
    let hash = password::hash(new.password).await?;
    let txn = db.begin().await?;
    let username = new.username.as_ref().map(|u| u.trim().to_lowercase());
    let mut same = sea_orm::Condition::any();
    if let Some(p) = &new.phone {
        same = same.add(account::Column::Phone.eq(p.as_str()));
    }
    if let Some(u) = &username {
        same = same.add(account::Column::Username.eq(u.as_str()));
    }
    let exists = account::Entity::find().filter(same).one(&txn).await?;
    if exists.is_some() {
        return Err(DomainError::Conflict(Clash::AccountExists));
    }
    let id = insert_account(&txn, &new.phone, &new.username, &new.display_name, hash, now).await?;
    insert_grants(&txn, id, grants).await?;
    audit::record(&txn, now,
        Event::new(
            by,
            "account.created",
            format!("account:{id}"),
            json!({
                "display_name": new.display_name,
                "grants": grants.iter().map(|(r, k, s, p)| json!({
                    "role": r.as_str(), "scope": k.as_str(), "scope_id": s, "panel": p.map(Panel::as_str)
                })).collect::<Vec<_>>(),
            }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// A new account's row. A user name may not read as a mobile number:
/// sign-in takes such an identifier for a phone, so the account could
/// never sign in, and the name would stand for another person's number.
pub async fn insert_account<C: ConnectionTrait>(
    db: &C,
    phone: &Option<Phone>,
    username: &Option<String>,
    display_name: &str,
    password_hash: String,
    now: chrono::DateTime<chrono::Utc>,
) -> DomainResult<AccountId> {
    if username.as_deref().is_some_and(|u| Phone::parse(u).is_ok()) {
        return Err(DomainError::invalid("login", "looks_like_phone"));
    }
    let row = account::ActiveModel {
        phone: Set(phone.as_ref().map(|p| p.as_str().to_string())),
        username: Set(username.as_ref().map(|u| u.trim().to_lowercase())),
        display_name: Set(display_name.to_string()),
        password_hash: Set(password_hash),
        disabled: Set(false),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(AccountId(row.id))
}

/// Grants roles to an account, one row per (role, scope kind, scope, panel).
pub async fn insert_grants<C: ConnectionTrait>(
    db: &C,
    account: AccountId,
    grants: &[(Role, ScopeKind, i64, Option<Panel>)],
) -> DomainResult<()> {
    if grants.is_empty() {
        return Ok(());
    }
    role_grant::Entity::insert_many(grants.iter().map(|(role, kind, scope, panel)| role_grant::ActiveModel {
        account_id: Set(account.0),
        role: Set(role.as_str().to_string()),
        scope_kind: Set(kind.as_str().to_string()),
        scope_id: Set(*scope),
        panel: Set(panel.map(|p| p.as_str().to_string())),
        ..Default::default()
    }))
    .exec(db)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_normalised_or_refused() {
        assert_eq!(Phone::parse("+86 138-0013-8000").expect("ok").as_str(), "13800138000");
        assert!(Phone::parse("1380013800").is_err());
        assert!(Phone::parse("23800138000").is_err());
        assert!(Phone::parse("1380013800a").is_err());
    }
}
