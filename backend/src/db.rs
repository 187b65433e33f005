//! The database: SQLite by default, PostgreSQL when `DATABASE_URL` says so,
//! with the same behaviour. Both go through sqlx's `Any` driver so that the
//! stores are written once in portable SQL; each engine has its own
//! migrations, applied at start.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, ConnectOptions};

pub mod codec;
pub mod schema;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// A database engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// SQLite, a file under `data/`.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

impl Engine {
    /// The name reported by `/api/health`.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }
}

/// Why the database could not be opened. Each names `DATABASE_URL`, as the
/// operator must fix it there.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The URL cannot be understood.
    #[error("DATABASE_URL is malformed ({0}); expected sqlite://PATH or postgres://USER@HOST/DB")]
    Malformed(String),
    /// The server did not answer in time.
    #[error("DATABASE_URL names a database that cannot be reached after {attempts} attempts: {source}")]
    Unreachable {
        /// How many times it was tried.
        attempts: u32,
        /// The last error.
        source: sqlx::Error,
    },
    /// The migrations failed.
    #[error("DATABASE_URL database could not be migrated: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A setting of the database could not be made.
    #[error("DATABASE_URL database could not be set up: {0}")]
    Setup(#[from] sqlx::Error),
    /// The directory of the SQLite file could not be created.
    #[error("DATABASE_URL: cannot create the directory {path}: {source}")]
    Directory {
        /// The directory.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// An open, migrated database.
#[derive(Clone, Debug)]
pub struct Db {
    /// The connection pool.
    pub pool: AnyPool,
    /// Its engine.
    pub engine: Engine,
}

/// Tells the engine from the URL, refusing anything else.
pub fn engine_of(url: &str) -> Result<Engine, DbError> {
    let scheme = url.split_once("://").map(|(s, _)| s).unwrap_or_default();
    match scheme {
        "sqlite" => Ok(Engine::Sqlite),
        "postgres" | "postgresql" => Ok(Engine::Postgres),
        _ => Err(DbError::Malformed(format!("unknown scheme in {:?}", redact(url)))),
    }
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or_default();
            format!("{}://{user}:***@{}", &url[..s], &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

impl Db {
    /// Opens (creating a SQLite file when missing) and migrates the database.
    /// An unreachable PostgreSQL is retried once a second for `retry_secs`.
    pub async fn connect(url: &str, retry_secs: u32) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let engine = engine_of(url)?;
        let mut options =
            AnyConnectOptions::from_str(&with_create(engine, url)?).map_err(|e| DbError::Malformed(e.to_string()))?;
        options = options.log_statements(tracing::log::LevelFilter::Debug);
        let pool_options = AnyPoolOptions::new()
            .max_connections(if engine == Engine::Sqlite { 8 } else { 16 })
            .acquire_timeout(Duration::from_secs(5));

        let attempts = if engine == Engine::Postgres {
            retry_secs.max(1)
        } else {
            1
        };
        let mut last = None;
        for attempt in 1..=attempts {
            match pool_options.clone().connect_with(options.clone()).await {
                Ok(pool) => {
                    let db = Db { pool, engine };
                    db.write_ahead().await?;
                    db.migrate().await?;
                    return Ok(db);
                }
                Err(e @ (sqlx::Error::Configuration(_) | sqlx::Error::Database(_))) => {
                    return Err(DbError::Malformed(e.to_string()));
                }
                Err(e) => {
                    tracing::warn!(attempt, error = %e, "database not reachable yet");
                    last = Some(e);
                    if attempt < attempts {
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            }
        }
        Err(DbError::Unreachable {
            attempts,
            source: last.unwrap_or(sqlx::Error::PoolTimedOut),
        })
    }

    /// SQLite: the write-ahead log, so readers do not wait for a writer and
    /// a commit appends instead of rewriting a journal. The mode is the
    /// file's own, kept across connections and restarts; commits stay
    /// durable (`synchronous` keeps its default, FULL). The driver's options
    /// cannot ask for it through the URL, so it is set here, once.
    async fn write_ahead(&self) -> Result<(), DbError> {
        if self.engine == Engine::Sqlite {
            sqlx::query("PRAGMA journal_mode = WAL").execute(&self.pool).await?;
        }
        Ok(())
    }

    async fn migrate(&self) -> Result<(), DbError> {
        let migrator = match self.engine {
            Engine::Sqlite => &SQLITE_MIGRATIONS,
            Engine::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.pool).await?;
        Ok(())
    }

    /// Answers whether the database responds.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(|_| ())
    }

    /// The migrations this server has that the database has not applied
    /// (an instance newer than the schema, during a rolling upgrade).
    pub async fn missing_migrations(&self) -> Result<Vec<i64>, sqlx::Error> {
        let migrator = match self.engine {
            Engine::Sqlite => &SQLITE_MIGRATIONS,
            Engine::Postgres => &POSTGRES_MIGRATIONS,
        };
        let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = true")
            .fetch_all(&self.pool)
            .await?;
        Ok(migrator
            .iter()
            .map(|m| m.version)
            .filter(|v| !applied.contains(v))
            .collect())
    }
}

/// SQLite: create the file and its directory when missing (foreign keys
/// and a 5 s busy timeout are the driver's defaults). PostgreSQL: unchanged.
fn with_create(engine: Engine, url: &str) -> Result<String, DbError> {
    if engine != Engine::Sqlite {
        return Ok(url.to_owned());
    }
    let rest = url.trim_start_matches("sqlite://");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() {
        return Err(DbError::Malformed("sqlite:// needs a file path".to_owned()));
    }
    if path != ":memory:"
        && let Some(dir) = Path::new(path).parent().filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir).map_err(|source| DbError::Directory {
            path: dir.display().to_string(),
            source,
        })?;
    }
    let mut params: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    if !params.iter().any(|p| p.starts_with("mode=")) {
        params.push("mode=rwc");
    }
    Ok(format!("sqlite://{path}?{}", params.join("&")))
}

/// An insert's outcome where a unique key may already be taken: true when
/// the row went in, false when the key was taken (by a concurrent request
/// too), the error otherwise.
pub fn inserted<T>(result: Result<T, sqlx::Error>) -> Result<bool, sqlx::Error> {
    match result {
        Ok(_) => Ok(true),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engines_are_told_by_scheme() {
        assert_eq!(engine_of("sqlite://data/x.db").ok(), Some(Engine::Sqlite));
        assert_eq!(engine_of("postgres://u@h/db").ok(), Some(Engine::Postgres));
        assert!(matches!(engine_of("mysql://u@h/db"), Err(DbError::Malformed(_))));
        assert!(matches!(engine_of("not a url"), Err(DbError::Malformed(_))));
    }

    #[test]
    fn messages_hide_passwords() {
        let e = engine_of("mongodb://admin:secret@host/db").err().map(|e| e.to_string());
        let text = e.unwrap_or_default();
        assert!(text.contains("DATABASE_URL"), "{text}");
        assert!(!text.contains("secret"), "{text}");
    }
}
