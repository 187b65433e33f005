//! The SQL of the load data: every column of a sent application as an
//! expression of the row number, inserted in batches by the engine itself.

use super::LOAD_ACCOUNT;
use crate::db::{Db, Engine};

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
    let start: i64 = sqlx::query_scalar("SELECT COUNT(*) AS n FROM applications WHERE owner_id = $1")
        .bind(LOAD_ACCOUNT)
        .fetch_one(&db.pool)
        .await?;
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
    sqlx::query_scalar("SELECT COUNT(*) AS n FROM applications")
        .fetch_one(&db.pool)
        .await
}
