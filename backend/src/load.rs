//! Load data and the inbox benchmark: fills the database with sent
//! applications spread over every provider, service, request type, step
//! and deadline, then times the inbox's real queries as the demo staff run
//! them. `ruqsat-admin seed-load` and `ruqsat-admin bench-inbox` call these;
//! the README reports the measured p95.

use std::time::Instant;

use shared::review::{InboxQuery, InboxScope};
use sqlx::Row;

use crate::cases::{InboxSql, inbox_sql};
use crate::db::{Db, Engine};
use crate::staff::Staff;

/// The account that owns load applications.
pub const LOAD_ACCOUNT: &str = "load-applicant";

/// The SQL expression of each column, in terms of the row number `i`.
/// Services cycle through the catalogue's five; steps through the roles
/// staff act in; deadlines spread over thirty days either side of `now`.
fn columns(engine: Engine, now: i64) -> Vec<(&'static str, String)> {
    let service = "CASE i % 5 WHEN 0 THEN 'passenger-transport' WHEN 1 THEN 'tech-inspection-cert' \
                   WHEN 2 THEN 'security' WHEN 3 THEN 'veterinary' ELSE 'grain-warehouse' END";
    let provider = "CASE i % 5 WHEN 0 THEN 'transport-dept' WHEN 1 THEN 'transport-dept' \
                    WHEN 2 THEN 'police-dept' WHEN 3 THEN 'city-economy-dept' ELSE 'oblast-executive' END";
    let step = "CASE (i / 5) % 6 WHEN 0 THEN 'intake' WHEN 1 THEN 'head-resolution' \
                WHEN 2 THEN 'department-resolution' WHEN 3 THEN 'review' WHEN 4 THEN 'review' ELSE 'signing' END";
    let role = "CASE (i / 5) % 6 WHEN 0 THEN 'clerk' WHEN 1 THEN 'head' WHEN 2 THEN 'department-head' \
                WHEN 3 THEN 'executor' WHEN 4 THEN 'external-body' ELSE 'head' END";
    let status = "CASE (i / 5) % 6 WHEN 0 THEN '{\"status\":\"registered\"}' \
                  WHEN 4 THEN '{\"status\":\"awaiting-conclusion\",\"step\":3}' \
                  WHEN 5 THEN '{\"status\":\"decision-drafted\",\"step\":4,\"outcome\":{\"outcome\":\"issue\"}}' \
                  ELSE '{\"status\":\"in-review\",\"step\":1}' END";
    let stage = "CASE (i / 5) % 6 WHEN 0 THEN 'registered' WHEN 4 THEN 'awaiting-conclusion' \
                 WHEN 5 THEN 'decision-drafted' ELSE 'in-review' END";
    let request = "CASE (i / 30) % 3 WHEN 0 THEN 'issuance' WHEN 1 THEN 'reregistration' ELSE 'duplicate' END";
    let due = format!("{now} + ((i * 7919) % 5184000) - 2592000");
    vec![
        ("id", "'load-' || i".to_owned()),
        ("owner_id", format!("'{LOAD_ACCOUNT}'")),
        ("service", service.to_owned()),
        ("request_type", request.to_owned()),
        ("status", status.to_owned()),
        ("version", "1".to_owned()),
        ("form", "'{}'".to_owned()),
        ("number", "'KZ-LOAD-' || i".to_owned()),
        ("created_at", format!("{now} - 86400")),
        ("updated_at", format!("{now} - 86400")),
        ("due_at", format!("{due} + 1728000")),
        ("provider", provider.to_owned()),
        ("stage", stage.to_owned()),
        ("step_id", step.to_owned()),
        ("step_role", role.to_owned()),
        ("step_started_at", format!("{now} - 3600")),
        ("step_due_at", due),
        ("applicant_name", "'Load applicant ' || i".to_owned()),
        (
            "applicant_id",
            match engine {
                Engine::Postgres => "'9' || lpad(i::text, 11, '0')",
                Engine::Sqlite => "'9' || substr('00000000000' || i, -11, 11)",
            }
            .to_owned(),
        ),
        ("registered_at", format!("{now} - 86400 - (i % 864000)")),
    ]
}

/// Adds `count` load applications (ids `load-1`...), in batches; returns
/// how many rows the table has afterwards.
pub async fn seed(db: &Db, count: i64, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO accounts (id, kind, identifier, email, password_hash, created_at) \
         VALUES ($1, 'le', '999999999999', 'load@ruqsat.invalid', '!', $2) ON CONFLICT (id) DO NOTHING",
    )
    .bind(LOAD_ACCOUNT)
    .bind(now)
    .execute(&db.pool)
    .await?;
    let start: i64 = sqlx::query("SELECT COUNT(*) AS n FROM applications WHERE owner_id = $1")
        .bind(LOAD_ACCOUNT)
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    let cols = columns(db.engine, now);
    let names: Vec<&str> = cols.iter().map(|(n, _)| *n).collect();
    let exprs: Vec<&str> = cols.iter().map(|(_, e)| e.as_str()).collect();
    const BATCH: i64 = 50_000;
    let mut from = start + 1;
    while from <= start + count {
        let to = (from + BATCH - 1).min(start + count);
        let series = match db.engine {
            Engine::Postgres => format!("generate_series({from}::BIGINT, {to}::BIGINT) AS s(i)"),
            Engine::Sqlite => {
                format!(
                    "(WITH RECURSIVE s(i) AS (SELECT {from} UNION ALL SELECT i + 1 FROM s WHERE i < {to}) SELECT i FROM s)"
                )
            }
        };
        let sql = format!(
            "INSERT INTO applications ({}) SELECT {} FROM {series}",
            names.join(", "),
            exprs.join(", ")
        );
        // Only numbers computed here go into the statement.
        sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&db.pool).await?;
        from = to + 1;
    }
    let analyze = match db.engine {
        Engine::Postgres => "ANALYZE applications",
        Engine::Sqlite => "ANALYZE",
    };
    sqlx::query(analyze).execute(&db.pool).await?;
    sqlx::query("SELECT COUNT(*) AS n FROM applications")
        .fetch_one(&db.pool)
        .await?
        .try_get("n")
}

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
    /// Slowest.
    pub max: f64,
    /// Rows on the last page fetched.
    pub rows: usize,
}

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
    ms.sort_by(f64::total_cmp);
    Ok(Timing {
        name: name.to_owned(),
        samples: queries.len(),
        p50: percentile(&ms, 50.0),
        p95: percentile(&ms, 95.0),
        max: ms.last().copied().unwrap_or_default(),
        rows,
    })
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
