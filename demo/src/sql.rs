//! Raw SQL for batched inserts that set their own ids.
use domain::error::{DomainError, DomainResult};
use sea_orm::{ConnectionTrait, DbBackend, Statement};

/// Next free id of a table, for batched inserts that set ids themselves.
pub(crate) async fn next_id<C: ConnectionTrait>(db: &C, table: &str) -> DomainResult<i64> {
    let sql = format!("SELECT COALESCE(MAX(id), 0) + 1 AS n FROM {table}");
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?
        .ok_or_else(|| DomainError::Internal("no row".into()))?;
    Ok(row.try_get::<i64>("", "n")?)
}

/// After inserting explicit ids, move PostgreSQL's sequence past them.
pub(crate) async fn bump_sequence<C: ConnectionTrait>(db: &C, table: &str) -> DomainResult<()> {
    if db.get_database_backend() == DbBackend::Postgres {
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"
        );
        db.execute_raw(Statement::from_string(DbBackend::Postgres, sql)).await?;
    }
    Ok(())
}
