//! Inserting many rows with few statements, each small enough for either
//! database's limit on bound parameters (SQLite's is 32,766).
use crate::store::batch::{self, OnConflict};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, IntoActiveModel};

/// Rows per statement: tables here have fewer than 30 columns.
const ROWS_PER_INSERT: usize = 500;

type Model<A> = <<A as ActiveModelTrait>::Entity as EntityTrait>::Model;

/// Inserts `rows`, returning nothing.
pub async fn insert<A, C>(db: &C, rows: Vec<A>) -> Result<(), DbErr>
where
    A: ActiveModelTrait,
    C: ConnectionTrait,
{
    insert_with(db, rows, OnConflict::Fail).await
}

/// Inserts `rows`, skipping any whose `column` (under a unique index)
/// another row already holds: two servers making the same row at once.
pub async fn insert_new<A, C>(db: &C, rows: Vec<A>, column: <A::Entity as EntityTrait>::Column) -> Result<(), DbErr>
where
    A: ActiveModelTrait,
    C: ConnectionTrait,
{
    use sea_orm::IdenStatic;
    insert_with(db, rows, OnConflict::Skip(column.as_str())).await
}

async fn insert_with<A, C>(db: &C, rows: Vec<A>, on_conflict: OnConflict<'_>) -> Result<(), DbErr>
where
    A: ActiveModelTrait,
    C: ConnectionTrait,
{
    let postgres = db.get_database_backend() == DbBackend::Postgres;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(ROWS_PER_INSERT).collect();
        match batch::insert_as_json(&chunk, false, on_conflict).filter(|_| postgres) {
            Some(statement) => {
                db.execute_raw(statement).await?;
            }
            None => {
                let mut insert = A::Entity::insert_many(chunk);
                if let OnConflict::Skip(column) = on_conflict {
                    insert = insert.on_conflict(sea_orm::sea_query::OnConflict::column(sea_orm::sea_query::Alias::new(column)).do_nothing().to_owned());
                }
                insert.exec_without_returning(db).await?;
            }
        }
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
    let postgres = db.get_database_backend() == DbBackend::Postgres;
    let mut stored = Vec::with_capacity(rows.len());
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(ROWS_PER_INSERT).collect();
        match batch::insert_as_json(&chunk, true, OnConflict::Fail).filter(|_| postgres) {
            Some(statement) => stored.extend(A::Entity::find().from_raw_sql(statement).all(db).await?),
            None => stored.extend(A::Entity::insert_many(chunk).exec_with_returning(db).await?),
        }
    }
    Ok(stored)
}
