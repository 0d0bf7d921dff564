//! A guardian registers with a phone number and a password. The phone is
//! proved by a one-time code (`auth::phone_code`).
use crate::audit::{self, Event};
use crate::auth::password::{self, Password};
use crate::auth::{self, Phone, phone_code};
use crate::authz::{Role, ScopeKind};
use crate::entities::{account, guardian};
use crate::error::{Clash, DomainError, DomainResult};
use crate::ids::AccountId;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use serde_json::json;
pub use crate::auth::phone_code::{MAX_GUESSES, last_text_to, request_code};
pub use crate::auth::mask_phone;
pub use wire::families::Registration;

pub const MAX_NAME_CHARS: usize = 40;

/// Registers a guardian account once the phone's code checks out. The
/// guardian then signs in with the phone number and password.
pub async fn register(cx: &crate::Ctx, reg: Registration) -> DomainResult<AccountId> {
    let db = cx.writes();
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
    phone_code::check(db, &phone, &reg.code, cx.now()).await?;
    let hash = password::hash(password).await?;

    let txn = db.begin().await?;
    phone_code::spend(&txn, &phone, &reg.code, cx.now()).await?;
    if account::Entity::find().filter(account::Column::Phone.eq(phone.as_str())).one(&txn).await?.is_some() {
        return Err(DomainError::Conflict(Clash::AccountExists));
    }
    let id = auth::insert_account(&txn, &Some(phone.clone()), &None, &name, hash, cx.now()).await?;
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
    audit::record(&txn, cx.now(),
        Event::new(Some(id), "guardian.registered", format!("account:{id}"), json!({"guardian": g.id})),
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

