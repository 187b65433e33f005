//! Load data and the inbox benchmark: fills the database with sent
//! applications spread over every provider, service, request type, step
//! and deadline, then times the inbox's real queries as the demo staff run
//! them. `ruqsat-admin seed-load` and `ruqsat-admin bench-inbox` call these;
//! the README reports the measured p95.

use std::time::Instant;

use shared::review::{InboxQuery, InboxScope};

use crate::cases::{InboxSql, inbox_sql};
use crate::db::Db;
use crate::staff::Staff;

pub mod bench;
pub mod signed;
mod store;

pub use store::seed;

/// The identifier the load account signs in with.
pub const LOAD_IDENTIFIER: &str = "999999999999";

/// Gives the load account — the owner of every load application, licence
/// and notification: a long-lived account — a new random password, and
/// answers it, so that a benchmark can sign in as that account.
pub async fn load_password(db: &Db) -> Result<String, crate::AppError> {
    let password = crate::auth::random_token()?;
    let hash = crate::auth::hash_password(password.clone()).await?;
    store::set_password(db, &hash).await?;
    Ok(password)
}

/// The account that owns load applications.
pub const LOAD_ACCOUNT: &str = "load-applicant";

/// Timings of one kind of inbox query, in milliseconds.
#[derive(Clone, Debug, PartialEq)]
pub struct Timing {
    /// What was asked.
    pub name: String,
    /// Runs.
    pub samples: usize,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Slowest.
    pub max: f64,
    /// Rows on the last page fetched.
    pub rows: usize,
}

/// The figures of some timings, in milliseconds.
fn timing(name: &str, mut ms: Vec<f64>, rows: usize) -> Timing {
    ms.sort_by(f64::total_cmp);
    Timing {
        name: name.to_owned(),
        samples: ms.len(),
        p50: percentile(&ms, 50.0),
        p95: percentile(&ms, 95.0),
        p99: percentile(&ms, 99.0),
        max: ms.last().copied().unwrap_or_default(),
        rows,
    }
}

/// The value at or under which `p` per cent of the sorted values lie.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

async fn time(db: &Db, name: &str, queries: &[InboxSql]) -> Result<Timing, sqlx::Error> {
    let mut ms = Vec::with_capacity(queries.len());
    let mut rows = 0;
    for q in queries {
        let started = Instant::now();
        rows = crate::cases::inbox_rows(db, q).await?.len();
        ms.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(timing(name, ms, rows))
}

/// Times the inbox as the demo staff use it: each role's own inbox, the
/// department's, the whole provider's, a filter, a page deep in the list,
/// and a search by number; each `samples` times.
pub async fn bench(db: &Db, samples: usize, now: i64) -> Result<Vec<Timing>, crate::AppError> {
    use shared::workflow::Role;
    let staff = crate::staff::members(db, "transport-dept").await?;
    let by_role = |role: Role| -> Result<Staff, crate::AppError> {
        staff
            .iter()
            .find(|s| s.role == role)
            .cloned()
            .ok_or(crate::AppError::Internal(
                "no demo staff: run with demo staff on".to_owned(),
            ))
    };
    let (clerk, head, executor) = (by_role(Role::Clerk)?, by_role(Role::Head)?, by_role(Role::Executor)?);
    let scope = |scope: InboxScope| InboxQuery {
        scope,
        ..InboxQuery::default()
    };
    let cases: Vec<(&str, &Staff, InboxQuery)> = vec![
        ("clerk: waiting for me", &clerk, scope(InboxScope::Mine)),
        ("executor: waiting for me", &executor, scope(InboxScope::Mine)),
        ("executor: my department", &executor, scope(InboxScope::Department)),
        ("head: whole provider", &head, scope(InboxScope::Provider)),
        (
            "head: service + overdue filter",
            &head,
            InboxQuery {
                service: Some("tech-inspection-cert".to_owned()),
                overdue: true,
                ..scope(InboxScope::Provider)
            },
        ),
        (
            "head: a page deep in the list",
            &head,
            InboxQuery {
                after: Some(format!("{now}:load-500000")),
                ..scope(InboxScope::Provider)
            },
        ),
    ];
    let mut out = Vec::new();
    for (name, who, query) in cases {
        let built = inbox_sql(who, &query, false, now)?;
        out.push(time(db, name, &vec![built; samples]).await?);
    }
    let searches = (0..samples)
        .map(|i| {
            let q = InboxQuery {
                q: Some(format!("KZ-LOAD-{}", 5 * (i * 7919 % 100_000) + 1)),
                ..scope(InboxScope::Provider)
            };
            inbox_sql(&head, &q, false, now)
        })
        .collect::<Result<Vec<_>, _>>()?;
    out.push(time(db, "head: search by number", &searches).await?);
    Ok(out)
}
