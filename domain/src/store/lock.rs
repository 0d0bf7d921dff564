//! Turns taken on a named thing until the transaction ends, so that two
//! writers that read before they write (two servers, two requests) do not
//! both act on what they read. PostgreSQL takes an advisory lock on the
//! name; SQLite's one writer connection already runs one transaction at a
//! time, as long as the reads happen inside it.
use crate::error::DomainResult;
use sea_orm::{ConnectionTrait, DbBackend, Statement};

/// Waits for the turn on `name` (`"calendar:district:3"`, a limiter's key).
pub(crate) async fn take_turn<C: ConnectionTrait>(txn: &C, name: &str) -> DomainResult<()> {
    if txn.get_database_backend() == DbBackend::Postgres {
        // Two-part keys: a space apart from the audit chain's and the
        // migrations' one-part locks.
        txn.execute_raw(Statement::from_sql_and_values(DbBackend::Postgres, "SELECT pg_advisory_xact_lock(7462111, hashtext($1))", [name.into()]))
            .await?;
    }
    Ok(())
}
