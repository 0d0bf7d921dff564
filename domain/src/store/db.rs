//! Opening the database. SQLite (the default) gets WAL, `synchronous=FULL`
//! and foreign keys, and a separate one-connection pool for writes so that
//! writers queue in the process instead of failing with `SQLITE_BUSY`.
//! PostgreSQL uses one pool for both.
use crate::error::{DomainError, DomainResult};
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, SqlxPostgresConnector, SqlxSqliteConnector, Statement, TransactionTrait,
};
use sea_orm::sqlx::postgres::PgPoolOptions;
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Db {
    /// Reads; on SQLite several connections reading in parallel.
    pub read: DatabaseConnection,
    /// Writes and read-then-write transactions.
    pub write: DatabaseConnection,
    /// Whether `read` has connections of its own.
    separate_read: bool,
    /// A PostgreSQL streaming replica for the dashboards, where configured.
    replica: Option<DatabaseConnection>,
}

impl Db {
    pub async fn connect(url: &str) -> DomainResult<Db> {
        if url.starts_with("sqlite:") {
            connect_sqlite(url).await
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            connect_postgres(url).await
        } else {
            Err(DomainError::Internal(format!(
                "unsupported database URL scheme in {}: use sqlite:// or postgres://",
                redact_url(url)
            )))
        }
    }

    /// Adds a PostgreSQL streaming replica (`DATABASE_READ_URL`) from which
    /// the dashboards read; its rows may trail the primary's by the
    /// replication lag.
    pub async fn with_replica(mut self, url: &str) -> DomainResult<Db> {
        if !(url.starts_with("postgres:") || url.starts_with("postgresql:")) || self.backend() != DbBackend::Postgres {
            return Err(DomainError::Internal(format!("a read replica ({}) needs PostgreSQL on both sides", redact_url(url))));
        }
        self.replica = Some(connect_postgres(url).await?.write);
        Ok(self)
    }

    /// Where the dashboards read: the replica where there is one.
    pub fn dashboards(&self) -> &DatabaseConnection {
        self.replica.as_ref().unwrap_or(&self.read)
    }

    /// Brings the schema up to date; safe to run on every start, also by
    /// several servers starting at once on one PostgreSQL: one migrates
    /// (in one transaction, under a lock) while the others wait, then find
    /// nothing to do.
    pub async fn migrate(&self) -> DomainResult<()> {
        if self.backend() != DbBackend::Postgres {
            Migrator::up(&self.write, None).await?;
            return Ok(());
        }
        let txn = self.write.begin().await?;
        txn.execute_raw(Statement::from_string(DbBackend::Postgres, "SELECT pg_advisory_xact_lock(7462112)")).await?;
        Migrator::up(&txn, None).await?;
        txn.commit().await?;
        Ok(())
    }

    pub fn backend(&self) -> DbBackend {
        self.write.get_database_backend()
    }

    pub async fn ping(&self) -> DomainResult<()> {
        self.read.ping().await?;
        Ok(())
    }

    /// Each pool's connections now (the operators' figures). PostgreSQL's
    /// one pool shows as `write`.
    pub fn pools(&self) -> Vec<PoolUse> {
        let mut pools = vec![pool_use("write", &self.write)];
        if self.separate_read {
            pools.push(pool_use("read", &self.read));
        }
        if let Some(replica) = &self.replica {
            pools.push(pool_use("replica", replica));
        }
        pools
    }

    pub async fn close(self) {
        let _ = self.read.close().await;
        let _ = self.write.close().await;
        if let Some(replica) = self.replica {
            let _ = replica.close().await;
        }
    }
}

/// One pool's connections: open, of which idle, and the most it opens.
#[derive(Clone, Copy, Debug)]
pub struct PoolUse {
    pub pool: &'static str,
    pub size: u32,
    pub idle: usize,
    pub max: u32,
}

fn pool_use(pool: &'static str, conn: &DatabaseConnection) -> PoolUse {
    let (size, idle, max) = match conn.get_database_backend() {
        DbBackend::Postgres => {
            let p = conn.get_postgres_connection_pool();
            (p.size(), p.num_idle(), p.options().get_max_connections())
        }
        _ => {
            let p = conn.get_sqlite_connection_pool();
            (p.size(), p.num_idle(), p.options().get_max_connections())
        }
    };
    PoolUse { pool, size, idle, max }
}

async fn connect_sqlite(url: &str) -> DomainResult<Db> {
    let opts = SqliteConnectOptions::from_str(url)
        .map_err(|e| DomainError::Internal(format!("bad SQLite URL: {e}")))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    let in_memory = url.contains(":memory:") || url.contains("mode=memory");
    if let Some(dir) = opts.get_filename().parent().filter(|d| !in_memory && !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| DomainError::Internal(format!("cannot create {}: {e}", dir.display())))?;
    }
    let writer = SqlitePoolOptions::new()
        .max_connections(1)
        .min_connections(1)
        // An in-memory database lives only as long as its connection.
        .idle_timeout(None)
        .max_lifetime(None)
        .connect_with(opts.clone())
        .await
        .map_err(cannot_open)?;
    let write = SqlxSqliteConnector::from_sqlx_sqlite_pool(writer);
    if in_memory {
        return Ok(Db { read: write.clone(), write, separate_read: false, replica: None });
    }
    let reader = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(opts)
        .await
        .map_err(cannot_open)?;
    Ok(Db { read: SqlxSqliteConnector::from_sqlx_sqlite_pool(reader), write, separate_read: true, replica: None })
}

async fn connect_postgres(url: &str) -> DomainResult<Db> {
    let pool = PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(10))
        .connect(url)
        .await
        .map_err(cannot_open)?;
    let conn = SqlxPostgresConnector::from_sqlx_postgres_pool(pool);
    Ok(Db { read: conn.clone(), write: conn, separate_read: false, replica: None })
}

fn cannot_open(e: sea_orm::sqlx::Error) -> DomainError {
    DomainError::Internal(format!("cannot open the database: {e}"))
}

/// The URL with any password replaced by `***`, for logs and messages.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        Ok(u) => u.to_string(),
        Err(_) => "<unparsable URL>".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{ConnectionTrait, Statement};

    async fn pragma(db: &DatabaseConnection, name: &str) -> String {
        let row = db
            .query_one_raw(Statement::from_string(DbBackend::Sqlite, format!("PRAGMA {name}")))
            .await
            .expect("pragma")
            .expect("row");
        row.try_get_by_index::<i64>(0).map(|v| v.to_string()).or_else(|_| row.try_get_by_index::<String>(0)).expect("value")
    }

    #[tokio::test]
    async fn a_sqlite_file_is_created_durable_and_checks_foreign_keys() {
        let dir = std::env::temp_dir().join(format!("beilei-db-test-{}", std::process::id()));
        let url = format!("sqlite://{}/nested/beilei.db", dir.display());
        let db = Db::connect(&url).await.expect("connect");
        db.migrate().await.expect("migrate");
        for conn in [&db.read, &db.write] {
            assert_eq!(pragma(conn, "journal_mode").await, "wal");
            assert_eq!(pragma(conn, "synchronous").await, "2", "FULL");
            assert_eq!(pragma(conn, "foreign_keys").await, "1");
        }
        let orphan = db.write.execute_unprepared("INSERT INTO school_class (school_id, grade_id, name) VALUES (999, 999, 'x')").await;
        assert!(orphan.is_err(), "a class of no school is refused");
        db.close().await;
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn every_migration_goes_down_and_up_again() {
        let db = Db::connect("sqlite::memory:").await.expect("connect");
        db.migrate().await.expect("up");
        Migrator::down(&db.write, None).await.expect("down");
        assert!(db.write.execute_unprepared("SELECT 1 FROM account").await.is_err());
        db.migrate().await.expect("up again");
        db.write.execute_unprepared("SELECT 1 FROM audit_event").await.expect("tables back");
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact_url("postgres://app:s3cret@db:5432/beilei"),
            "postgres://app:***@db:5432/beilei"
        );
        assert_eq!(redact_url("sqlite://data/beilei.db"), "sqlite://data/beilei.db");
    }
}
