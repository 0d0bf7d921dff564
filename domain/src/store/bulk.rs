//! Inserting many rows with few statements, each small enough for either
//! database's limit on bound parameters (SQLite's is 32,766).
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel};

/// Rows per statement: tables here have fewer than 30 columns.
const ROWS_PER_INSERT: usize = 500;

type Model<A> = <<A as ActiveModelTrait>::Entity as EntityTrait>::Model;

/// Inserts `rows`, returning nothing.
pub async fn insert<A, C>(db: &C, rows: Vec<A>) -> Result<(), DbErr>
where
    A: ActiveModelTrait,
    C: ConnectionTrait,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(ROWS_PER_INSERT).collect();
        A::Entity::insert_many(chunk).exec_without_returning(db).await?;
    }
    Ok(())
}

/// Inserts `rows` and returns the stored rows, in no particular order
/// (`RETURNING` promises none).
pub async fn insert_returning<A, C>(db: &C, rows: Vec<A>) -> Result<Vec<Model<A>>, DbErr>
where
    A: ActiveModelTrait,
    Model<A>: IntoActiveModel<A>,
    C: ConnectionTrait,
{
    let mut stored = Vec::with_capacity(rows.len());
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(ROWS_PER_INSERT).collect();
        stored.extend(A::Entity::insert_many(chunk).exec_with_returning(db).await?);
    }
    Ok(stored)
}
