//! The time rules run on. Production uses the system clock; a test server
//! (config `test_clock`) can move it forward to see a notice period end.
//! The offset is a row in the database, so every app server sharing it
//! reads the same moved clock: a test server reads it again per request
//! ([`Clock::sync`]).
//!
//! Instants are UTC; dates of service are calendar dates where the school is
//! (DESIGN.md). Every conversion from an instant to a date goes through
//! [`local_date`]: `DateTime<Utc>::date_naive()` is the UTC date, a day behind
//! the school's from 16:00 to 24:00 UTC.
use crate::entities::clock_offset;
use crate::error::DomainResult;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// Where every school is. China keeps UTC+8 all year (no daylight saving
/// since 1991); the browser formats instants with the same fixed offset
/// (`app::i18n::instant`), which the test below holds to.
pub const SCHOOL_ZONE: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

/// The school's calendar date at `instant`.
pub fn local_date(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&SCHOOL_ZONE).date_naive()
}

/// The instant a school-local date and time happens.
pub fn local_instant(at: chrono::NaiveDateTime) -> DateTime<Utc> {
    use chrono::TimeZone;
    SCHOOL_ZONE.from_local_datetime(&at).earliest().map_or_else(|| at.and_utc(), |t| t.with_timezone(&Utc))
}

/// The instant a school-local date begins.
pub fn day_start(d: NaiveDate) -> DateTime<Utc> {
    local_instant(d.and_time(chrono::NaiveTime::MIN))
}

/// The instant a school-local date ends: the next one's beginning.
pub fn day_end(d: NaiveDate) -> DateTime<Utc> {
    d.succ_opt().map_or(DateTime::<Utc>::MAX_UTC, day_start)
}

/// Real elapsed time, for the security timers that must not follow a moved
/// test clock: a session's life and the sign-in limits. Every rule of the
/// service reads a [`Clock`] instead.
pub fn real_now() -> DateTime<Utc> {
    Utc::now()
}

#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset_seconds: Arc<AtomicI64>,
    /// A clock that stands still (tests, a command replaying a given day).
    fixed: Option<DateTime<Utc>>,
}

impl Clock {
    /// A clock that always reads `at`.
    pub fn fixed(at: DateTime<Utc>) -> Self {
        Self { fixed: Some(at), ..Self::default() }
    }

    pub fn now(&self) -> DateTime<Utc> {
        if let Some(at) = self.fixed {
            return at;
        }
        Utc::now() + Duration::seconds(self.offset_seconds.load(Ordering::Relaxed))
    }

    /// The school's date now.
    pub fn today(&self) -> NaiveDate {
        local_date(self.now())
    }

    /// Takes the offset every server shares; a clock never moved reads 0.
    pub async fn sync<C: ConnectionTrait>(&self, db: &C) -> DomainResult<()> {
        let seconds = clock_offset::Entity::find_by_id(1).one(db).await?.map_or(0, |r| r.seconds);
        self.offset_seconds.store(seconds, Ordering::Relaxed);
        Ok(())
    }

    /// Moves the shared clock forward for every server: one statement, so
    /// two servers moving it at once both count.
    pub async fn advance<C: ConnectionTrait>(&self, db: &C, by: Duration) -> DomainResult<()> {
        let row = clock_offset::ActiveModel { id: Set(1), seconds: Set(by.num_seconds()) };
        clock_offset::Entity::insert(row)
            .on_conflict(
                OnConflict::column(clock_offset::Column::Id)
                    .value(clock_offset::Column::Seconds, Expr::col((clock_offset::Entity, clock_offset::Column::Seconds)).add(by.num_seconds()))
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
        self.sync(db).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Offset, TimeZone};

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).expect("instant").with_timezone(&Utc)
    }

    #[test]
    fn the_school_date_turns_at_16_utc() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        assert_eq!(local_date(utc("2026-12-01T02:00:00Z")), d(2026, 12, 1));
        assert_eq!(local_date(utc("2026-12-01T15:59:59Z")), d(2026, 12, 1));
        assert_eq!(local_date(utc("2026-12-01T16:00:00Z")), d(2026, 12, 2));
        assert_eq!(local_date(utc("2026-12-31T23:30:00Z")), d(2027, 1, 1));
    }

    #[test]
    fn the_zone_is_a_fixed_eight_hours_in_service_years() {
        for year in 2000..=2060 {
            for month in [1, 4, 7, 10] {
                let t = Utc.with_ymd_and_hms(year, month, 15, 12, 0, 0).single().expect("t");
                let offset = SCHOOL_ZONE.offset_from_utc_datetime(&t.naive_utc()).fix();
                assert_eq!(offset.local_minus_utc(), 8 * 3600, "{t}");
            }
        }
    }
}
