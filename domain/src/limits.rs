//! How often one key (an account name, a client address, a phone, a
//! guardian) may do something within a window: sign-in failures, code
//! guesses, texts, objections and other repeatable writes.
//!
//! Attempts on one key take turns: each counts the window and, if there is
//! room, records itself, in one transaction holding the key's lock (on
//! PostgreSQL an advisory lock, so several app servers agree; on SQLite the
//! single writer connection). N parallel attempts therefore use exactly N of
//! the allowance, and the rest are refused. Call [`Limit::take`] outside any
//! transaction, with the writing connection, before the expensive work.
//!
//! A refused attempt records nothing: floods do not fill the table. Each row
//! carries its own expiry, so the purge keeps every limit's window.
use crate::entities::limit_hit;
use crate::error::{DomainError, DomainResult};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
    TransactionSession, TransactionTrait,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    /// Names the limit in every key: `sign-in-account`, `objection`…
    pub name: &'static str,
    /// Attempts allowed per key within `window`.
    pub max: u64,
    pub window: Duration,
}

/// One attempt that counted; [`Hit::forgive`] takes it back (a sign-in that
/// succeeded, say, is no failure).
#[derive(Debug)]
#[must_use = "an attempt counts until it is forgiven"]
pub struct Hit {
    id: i64,
}

impl Limit {
    pub const fn new(name: &'static str, max: u64, window: Duration) -> Limit {
        Limit { name, max, window }
    }

    fn key(&self, who: &str) -> String {
        format!("{}:{who}", self.name)
    }

    /// Records one attempt by `who` at `now`, or refuses it with
    /// `RateLimited` when the window already holds `max`.
    pub async fn take<C: ConnectionTrait + TransactionTrait>(&self, db: &C, who: &str, now: DateTime<Utc>) -> DomainResult<Hit> {
        let key = self.key(who);
        let txn = db.begin().await?;
        crate::store::lock::take_turn(&txn, &key).await?;
        let used = limit_hit::Entity::find()
            .filter(limit_hit::Column::Key.eq(key.as_str()))
            .filter(limit_hit::Column::At.gt(now - self.window))
            .count(&txn)
            .await?;
        if used >= self.max {
            return Err(DomainError::RateLimited);
        }
        let row = limit_hit::ActiveModel { key: Set(key), at: Set(now), expires_at: Set(now + self.window), ..Default::default() }
            .insert(&txn)
            .await?;
        txn.commit().await?;
        Ok(Hit { id: row.id })
    }

    /// Whether `who` has used up the window, without counting an attempt.
    pub async fn exhausted<C: ConnectionTrait>(&self, db: &C, who: &str, now: DateTime<Utc>) -> DomainResult<bool> {
        let used = limit_hit::Entity::find()
            .filter(limit_hit::Column::Key.eq(self.key(who)))
            .filter(limit_hit::Column::At.gt(now - self.window))
            .count(db)
            .await?;
        Ok(used >= self.max)
    }

    /// Forgets every attempt of `who` (an account's failures after it signed in).
    pub async fn clear<C: ConnectionTrait>(&self, db: &C, who: &str) -> DomainResult<()> {
        limit_hit::Entity::delete_many().filter(limit_hit::Column::Key.eq(self.key(who))).exec(db).await?;
        Ok(())
    }
}

impl Hit {
    pub async fn forgive<C: ConnectionTrait>(self, db: &C) -> DomainResult<()> {
        limit_hit::Entity::delete_by_id(self.id).exec(db).await?;
        Ok(())
    }
}

/// Deletes the attempts whose own window has passed.
pub async fn purge_expired<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> DomainResult<u64> {
    Ok(limit_hit::Entity::delete_many().filter(limit_hit::Column::ExpiresAt.lte(now)).exec(db).await?.rows_affected)
}

/// Repeatable writes a guardian can make: objections to a notice, and
/// pickup and special-needs changes.
pub const OBJECTIONS: Limit = Limit::new("objection", 5, Duration::days(1));
pub const FAMILY_WRITES: Limit = Limit::new("family-write", 60, Duration::hours(1));
