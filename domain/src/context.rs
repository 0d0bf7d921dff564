//! The one way into the domain. Every service takes the request's [`Ctx`]:
//! the database, the clock and who is acting. The service decides whether
//! it reads (the read pool, or a dashboard's replica) or writes, and takes
//! "now" and today's date from the clock, never from the wall: several
//! servers and the test clock must agree on the time.
use crate::authz::Actor;
use crate::clock::{Clock, day_start};
use crate::error::{DomainError, DomainResult};
use crate::store::db::Db;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::DatabaseConnection;

#[derive(Clone, Debug)]
pub struct Ctx {
    db: Db,
    clock: Clock,
    actor: Option<Actor>,
}

impl Ctx {
    pub fn new(db: Db, clock: Clock, actor: Option<Actor>) -> Self {
        Self { db, clock, actor }
    }

    /// The signed-in actor, or `Unauthenticated`.
    pub fn actor(&self) -> DomainResult<&Actor> {
        self.actor.as_ref().ok_or(DomainError::Unauthenticated)
    }

    /// The signed-in actor, if anyone is signed in.
    pub fn acting(&self) -> Option<&Actor> {
        self.actor.as_ref()
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The school's date now.
    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Both pools, for a service that reads on one and writes on the other.
    pub fn db(&self) -> &Db {
        &self.db
    }

    pub fn reads(&self) -> &DatabaseConnection {
        &self.db.read
    }

    pub fn writes(&self) -> &DatabaseConnection {
        &self.db.write
    }
}

/// Contexts for tests, the command line and jobs, which act as a given
/// person at a given time.
impl Db {
    /// `actor` acting at a fixed instant.
    pub fn at(&self, actor: &Actor, now: DateTime<Utc>) -> Ctx {
        Ctx::new(self.clone(), Clock::fixed(now), Some(actor.clone()))
    }

    /// `actor` acting on a school day (from its first instant).
    pub fn on(&self, actor: &Actor, day: NaiveDate) -> Ctx {
        self.at(actor, day_start(day))
    }

    /// Whoever is signed in, if anyone, at a fixed instant.
    pub fn maybe_at(&self, actor: Option<&Actor>, now: DateTime<Utc>) -> Ctx {
        Ctx::new(self.clone(), Clock::fixed(now), actor.cloned())
    }

    /// Nobody signed in (public pages, sign-in, registration), at a fixed instant.
    pub fn public_at(&self, now: DateTime<Utc>) -> Ctx {
        Ctx::new(self.clone(), Clock::fixed(now), None)
    }

    /// `actor` on the system clock: for services that do not read the time.
    pub fn with(&self, actor: &Actor) -> Ctx {
        Ctx::new(self.clone(), Clock::default(), Some(actor.clone()))
    }

    /// Nobody signed in, on the system clock.
    pub fn public(&self) -> Ctx {
        Ctx::new(self.clone(), Clock::default(), None)
    }
}
