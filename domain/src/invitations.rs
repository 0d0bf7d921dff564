//! Invitations: a school offers a place (today, one of its staff records)
//! to whoever holds a one-time code it texts to the person's phone and
//! shows once to the one inviting. An existing account takes the place
//! only when its holder, signed in, types the code: nobody is linked
//! without consent, and the one inviting learns nothing of whether an
//! account exists, nor which. Codes are kept as SHA-256 and last
//! [`VALID`]; a newer invitation to the same place replaces the older;
//! wrong codes count against the typing account's allowance.
use crate::codes::{new_code, normalise};
use crate::entities::invitation;
use crate::error::{DomainError, DomainResult};
use crate::ids::AccountId;
use crate::limits::Limit;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use sha2::{Digest, Sha256};

/// How long an invitation waits for its holder.
pub const VALID: Duration = Duration::days(7);
/// Wrong codes one account may type an hour.
pub const MAX_FAILURES_PER_HOUR: u64 = 10;
const GUESSES: Limit = Limit::new("invitation", MAX_FAILURES_PER_HOUR, Duration::hours(1));

/// What an invitation offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A staff record (`staff.id`): its holder sees their timetable and runs
    /// their sessions.
    Staff,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Staff => "staff",
        }
    }
}

fn hash(code: &str) -> String {
    hex::encode(Sha256::digest(normalise(code).as_bytes()))
}

/// A fresh invitation to `subject` of `kind` at `school`, replacing any
/// still open: its code and its expiry. The caller texts the code.
pub(crate) async fn issue<C: ConnectionTrait>(txn: &C, kind: Kind, subject: i64, school: i64, by: AccountId, now: DateTime<Utc>) -> DomainResult<(String, DateTime<Utc>)> {
    invitation::Entity::update_many()
        .col_expr(invitation::Column::RevokedAt, Expr::value(now))
        .filter(invitation::Column::Kind.eq(kind.as_str()))
        .filter(invitation::Column::SubjectId.eq(subject))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .exec(txn)
        .await?;
    let code = new_code()?;
    let expires = now + VALID;
    invitation::ActiveModel {
        kind: Set(kind.as_str().into()),
        subject_id: Set(subject),
        school_id: Set(school),
        code_hash: Set(hash(&code)),
        created_by: Set(by.0),
        created_at: Set(now),
        expires_at: Set(expires),
        accepted_by: Set(None),
        accepted_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok((code, expires))
}

/// Counts one try of a code by `by` against their allowance (before the
/// transaction that redeems it, so a refused try still counts).
pub(crate) async fn count_try<C: ConnectionTrait + sea_orm::TransactionTrait>(db: &C, by: AccountId, now: DateTime<Utc>) -> DomainResult<()> {
    GUESSES.take(db, &by.to_string(), now).await.map(drop)
}

/// Spends an open invitation of `kind` by its code for `by`, in the
/// caller's transaction; the caller then gives what it offers. A wrong,
/// spent, replaced or expired code all answer the same.
pub(crate) async fn redeem<C: ConnectionTrait>(txn: &C, kind: Kind, code: &str, by: AccountId, now: DateTime<Utc>) -> DomainResult<invitation::Model> {
    let h = hash(code);
    let spent = invitation::Entity::update_many()
        .col_expr(invitation::Column::AcceptedBy, Expr::value(by.0))
        .col_expr(invitation::Column::AcceptedAt, Expr::value(now))
        .filter(invitation::Column::CodeHash.eq(h.as_str()))
        .filter(invitation::Column::Kind.eq(kind.as_str()))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(now))
        .exec(txn)
        .await?;
    if spent.rows_affected != 1 {
        return Err(DomainError::invalid("invitation", "wrong"));
    }
    invitation::Entity::find().filter(invitation::Column::CodeHash.eq(h)).one(txn).await?.ok_or(DomainError::NotFound)
}

/// The open invitations of `kind` to these subjects: subject → expiry.
pub(crate) async fn open<C: ConnectionTrait>(db: &C, kind: Kind, subjects: impl IntoIterator<Item = i64>, now: DateTime<Utc>) -> DomainResult<Vec<(i64, DateTime<Utc>)>> {
    Ok(invitation::Entity::find()
        .filter(invitation::Column::Kind.eq(kind.as_str()))
        .filter(invitation::Column::SubjectId.is_in(subjects))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(now))
        .order_by_asc(invitation::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|i| (i.subject_id, i.expires_at))
        .collect())
}
