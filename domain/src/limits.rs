//! How often one key (an account name, a client address, a phone, a
//! guardian) may do something within a window: sign-in failures, code
//! guesses, texts, objections and other repeatable writes.
//!
//! An attempt is recorded *before* it is judged: its row goes in, then the
//! rows of the window are counted. Each of N parallel attempts therefore sees
//! at least the rows committed before its own count, and the k-th to commit
//! sees at least k, so at most `max` get through, on SQLite and on
//! PostgreSQL with any number of app servers. Call [`take`] outside a
//! transaction, so the row is visible to every other request at once.
//!
//! A refused attempt takes its row back: floods do not fill the table, and
//! the window closes `window` after the last attempt that counted. Each row
//! carries its own expiry, so the purge keeps every limit's window.
use crate::entities::limit_hit;
use crate::error::{DomainError, DomainResult};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

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
    pub async fn take<C: ConnectionTrait>(&self, db: &C, who: &str, now: DateTime<Utc>) -> DomainResult<Hit> {
        let key = self.key(who);
        let row = limit_hit::ActiveModel { key: Set(key.clone()), at: Set(now), expires_at: Set(now + self.window), ..Default::default() }
            .insert(db)
            .await?;
        let used = limit_hit::Entity::find()
            .filter(limit_hit::Column::Key.eq(key))
            .filter(limit_hit::Column::At.gt(now - self.window))
            .count(db)
            .await?;
        let hit = Hit { id: row.id };
        if used > self.max {
            hit.forgive(db).await?;
            return Err(DomainError::RateLimited);
        }
        Ok(hit)
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
