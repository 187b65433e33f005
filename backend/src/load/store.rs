//! The SQL of the load data: every column of a sent application as an
//! expression of the row number, inserted in batches by the engine itself.

use super::LOAD_ACCOUNT;
use crate::db::{Db, Engine};

/// The service of row `i`: the catalogue's five in turn.
const SERVICE: &str = "CASE i % 5 WHEN 0 THEN 'passenger-transport' WHEN 1 THEN 'tech-inspection-cert' \
                       WHEN 2 THEN 'security' WHEN 3 THEN 'veterinary' ELSE 'grain-warehouse' END";
/// The provider of row `i`'s service.
const PROVIDER: &str = "CASE i % 5 WHEN 0 THEN 'transport-dept' WHEN 1 THEN 'transport-dept' \
                        WHEN 2 THEN 'police-dept' WHEN 3 THEN 'city-economy-dept' ELSE 'oblast-executive' END";

/// The SQL expression of each column, in terms of the row number `i`.
/// Services cycle through the catalogue's five; steps through the roles
/// staff act in; deadlines spread over thirty days either side of `now`.
fn columns(engine: Engine, now: i64) -> Vec<(&'static str, String)> {
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
        ("service", SERVICE.to_owned()),
        ("request_type", request.to_owned()),
        ("status", status.to_owned()),
        ("version", "1".to_owned()),
        ("form", "'{}'".to_owned()),
        ("number", "'KZ-LOAD-' || i".to_owned()),
        ("created_at", format!("{now} - 86400")),
        ("updated_at", format!("{now} - 86400")),
        ("due_at", format!("{due} + 1728000")),
        ("provider", PROVIDER.to_owned()),
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

/// The columns of the licence each load application is given: the same
/// services and providers, statuses in turn, issue times a second apart
/// going back from `now`, and holder names in Cyrillic with the row number
/// (so a part of a name finds a handful among a million).
fn licence_columns(engine: Engine, now: i64) -> Vec<(&'static str, String)> {
    let status = "CASE i % 7 WHEN 0 THEN '\"reregistered\"' WHEN 1 THEN '\"suspended\"' \
                  WHEN 2 THEN '\"terminated\"' ELSE '\"issued\"' END";
    let name = "CASE i % 3 WHEN 0 THEN 'ТОО «Жүк тасымалы ' || i || '»' WHEN 1 THEN 'ИП Нагрузкин ' || i \
                ELSE 'ТОО «Астық қоймасы ' || i || '»' END";
    vec![
        ("number", "'L-LOAD-' || i".to_owned()),
        ("owner_id", format!("'{LOAD_ACCOUNT}'")),
        ("application_id", "'load-' || i".to_owned()),
        ("service", SERVICE.to_owned()),
        ("status", status.to_owned()),
        ("issued_at", format!("{now} - i")),
        ("holder_name", name.to_owned()),
        (
            "holder_id",
            match engine {
                Engine::Postgres => "'8' || lpad(i::text, 11, '0')",
                Engine::Sqlite => "'8' || substr('00000000000' || i, -11, 11)",
            }
            .to_owned(),
        ),
        ("provider", PROVIDER.to_owned()),
        ("annex", "''".to_owned()),
        ("version", "1".to_owned()),
        ("signed_by", "'Load head'".to_owned()),
        ("certificate_serial", "'00'".to_owned()),
        ("updated_at", format!("{now} - i")),
    ]
}

/// The notification each load application left: its registration, a
/// minute apart going back from `now`.
fn notification_columns(now: i64) -> Vec<(&'static str, String)> {
    vec![
        ("account_id", format!("'{LOAD_ACCOUNT}'")),
        ("at", format!("{now} - 60 * i")),
        ("message", "'notify.registered'".to_owned()),
        ("args", "'{\"number\":\"KZ-LOAD-' || i || '\"}'".to_owned()),
        ("application_id", "'load-' || i".to_owned()),
    ]
}

/// The reports' facts of each load application: received over the past
/// year, decided (issued, or refused one time in four) a spread of working
/// time later, against a 15-working-day total.
fn fact_columns(engine: Engine, now: i64) -> Vec<(&'static str, String)> {
    let received = format!("{now} - 86400 - (i * 7919 % 31536000)");
    let decided = format!("{received} + 3600 + (i * 104729 % 2592000)");
    let month = match engine {
        Engine::Postgres => format!("to_char(to_timestamp({decided} + 18000) AT TIME ZONE 'UTC', 'YYYY-MM')"),
        Engine::Sqlite => format!("strftime('%Y-%m', {decided} + 18000, 'unixepoch')"),
    };
    let worked = "(i * 131 % 9000)";
    vec![
        ("application_id", "'load-' || i".to_owned()),
        ("provider", PROVIDER.to_owned()),
        ("service", SERVICE.to_owned()),
        (
            "request_type",
            "CASE (i / 30) % 3 WHEN 0 THEN 'issuance' WHEN 1 THEN 'reregistration' ELSE 'duplicate' END".to_owned(),
        ),
        (
            "channel",
            "CASE i % 7 WHEN 0 THEN 'service-centre' WHEN 1 THEN 'provider' ELSE 'portal' END".to_owned(),
        ),
        ("received_at", received),
        ("decided_at", decided),
        ("decided_month", month),
        (
            "outcome",
            "CASE i % 4 WHEN 0 THEN 'refused' ELSE 'issued' END".to_owned(),
        ),
        (
            "grounds",
            "CASE i % 4 WHEN 0 THEN 'documents-incomplete' ELSE NULL END".to_owned(),
        ),
        ("executor", "'load-executor-' || (i % 50)".to_owned()),
        ("worked", worked.to_owned()),
        ("total_limit", "7200".to_owned()),
        ("met", format!("CASE WHEN {worked} <= 7200 THEN 1 ELSE 0 END")),
    ]
}

/// Three finished steps of each load application (row `i` is step `i % 3`
/// of application `i / 3 + 1`): registration, the head's resolution and
/// the review, by fifty people, each with a spread of working minutes.
fn step_columns(now: i64) -> Vec<(&'static str, String)> {
    let app = "((i - 1) / 3 + 1)";
    let started = format!("{now} - 86400 - ({app} * 7919 % 31536000) + (i % 3) * 3600");
    let limit = "CASE i % 3 WHEN 0 THEN 60 WHEN 1 THEN 120 ELSE 4800 END";
    let worked = "CASE i % 3 WHEN 0 THEN i * 7 % 90 WHEN 1 THEN i * 11 % 200 ELSE i * 13 % 6000 END";
    vec![
        ("application_id", format!("'load-' || {app}")),
        ("provider", PROVIDER.replace("i % 5", &format!("{app} % 5"))),
        ("service", SERVICE.replace("i % 5", &format!("{app} % 5"))),
        ("request_type", "'issuance'".to_owned()),
        (
            "step_id",
            "CASE i % 3 WHEN 0 THEN 'intake' WHEN 1 THEN 'head-resolution' ELSE 'review' END".to_owned(),
        ),
        (
            "role",
            "CASE i % 3 WHEN 0 THEN 'clerk' WHEN 1 THEN 'head' ELSE 'executor' END".to_owned(),
        ),
        ("actor_id", "'load-staff-' || (i % 50)".to_owned()),
        ("started_at", started.clone()),
        ("ended_at", format!("{started} + 600")),
        ("worked", worked.to_owned()),
        ("step_limit", limit.to_owned()),
        ("met", format!("CASE WHEN ({worked}) <= ({limit}) THEN 1 ELSE 0 END")),
    ]
}

/// Adds `count` load applications (ids `load-1`...), each with a licence
/// (`L-LOAD-1`...), a notification and the reports' facts (three steps each), in batches; returns how many
/// applications the table has afterwards.
pub async fn seed(db: &Db, count: i64, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "INSERT INTO accounts (id, kind, identifier, email, password_hash, created_at) \
         VALUES ($1, 'le', $3, 'load@ruqsat.invalid', '!', $2) ON CONFLICT (id) DO NOTHING",
    )
    .bind(LOAD_ACCOUNT)
    .bind(now)
    .bind(super::LOAD_IDENTIFIER)
    .execute(&db.pool)
    .await?;
    let start: i64 = sqlx::query_scalar("SELECT COUNT(*) AS n FROM applications WHERE owner_id = $1")
        .bind(LOAD_ACCOUNT)
        .fetch_one(&db.pool)
        .await?;
    insert_series(db, "applications", &columns(db.engine, now), start + 1, start + count).await?;
    insert_series(
        db,
        "licences",
        &licence_columns(db.engine, now),
        start + 1,
        start + count,
    )
    .await?;
    insert_series(
        db,
        "notifications",
        &notification_columns(now),
        start + 1,
        start + count,
    )
    .await?;
    insert_series(
        db,
        "case_facts",
        &fact_columns(db.engine, now),
        start + 1,
        start + count,
    )
    .await?;
    insert_series(db, "step_times", &step_columns(now), 3 * start + 1, 3 * (start + count)).await?;
    crate::facts::rebuild(db).await?;
    let analyze = match db.engine {
        Engine::Postgres => {
            "ANALYZE applications, licences, notifications, case_facts, step_times, case_days, step_months, service_months"
        }
        Engine::Sqlite => "ANALYZE",
    };
    sqlx::query(analyze).execute(&db.pool).await?;
    sqlx::query_scalar("SELECT COUNT(*) AS n FROM applications")
        .fetch_one(&db.pool)
        .await
}

/// Lets the load account sign in with a password (its hash given).
pub async fn set_password(db: &Db, hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(LOAD_ACCOUNT)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Inserts rows `from..=to` of a table, each column an expression of the
/// row number `i`, in batches generated by the engine itself.
async fn insert_series(db: &Db, table: &str, cols: &[(&str, String)], from: i64, to: i64) -> Result<(), sqlx::Error> {
    let names: Vec<&str> = cols.iter().map(|(n, _)| *n).collect();
    let exprs: Vec<&str> = cols.iter().map(|(_, e)| e.as_str()).collect();
    const BATCH: i64 = 50_000;
    let mut first = from;
    while first <= to {
        let last = (first + BATCH - 1).min(to);
        let series = match db.engine {
            Engine::Postgres => format!("generate_series({first}::BIGINT, {last}::BIGINT) AS s(i)"),
            Engine::Sqlite => format!(
                "(WITH RECURSIVE s(i) AS (SELECT {first} UNION ALL SELECT i + 1 FROM s WHERE i < {last}) SELECT i FROM s)"
            ),
        };
        let sql = format!(
            "INSERT INTO {table} ({}) SELECT {} FROM {series}",
            names.join(", "),
            exprs.join(", ")
        );
        // Only names and numbers written here go into the statement.
        sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&db.pool).await?;
        first = last + 1;
    }
    Ok(())
}

/// How many load applications (and so licences) there are.
pub async fn loaded(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) AS n FROM applications WHERE owner_id = $1")
        .bind(LOAD_ACCOUNT)
        .fetch_one(&db.pool)
        .await
}

/// The identifier of the benchmark's `n`th user.
pub fn bench_identifier(n: u32) -> String {
    // A real IIN, so that the benchmark's applicants can also sign and
    // send: born in 1986 on one of 336 days (n / 1000), a man of the 20th
    // century (3), the serial from n's own block of ten, the first of them
    // the check digit allows (the algorithm declares some invalid).
    let (day, block) = (n / 1000, n % 1000);
    let (month, date) = (1 + day % 12, 1 + (day / 12) % 28);
    (0..10)
        .find_map(|j| shared::ids::complete_iin_bin(&format!("86{month:02}{date:02}3{:04}", block * 10 + j)))
        .unwrap_or_else(|| format!("7{n:011}"))
}

/// Accounts for the benchmark's users `first..first + count` (individual
/// entrepreneurs, all with the one password hash given), unless there.
pub async fn bench_accounts(db: &Db, first: u32, count: u32, hash: &str) -> Result<(), sqlx::Error> {
    for n in first..first + count {
        sqlx::query(
            "INSERT INTO accounts (id, kind, identifier, email, password_hash, created_at) \
             VALUES ($1, 'ie', $2, $3, $4, 0) ON CONFLICT (id) DO UPDATE SET password_hash = $4",
        )
        .bind(format!("bench-user-{n}"))
        .bind(bench_identifier(n))
        .bind(format!("bench-{n}@ruqsat.invalid"))
        .bind(hash)
        .execute(&db.pool)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::bench_identifier;

    #[test]
    fn the_benchmark_s_applicants_have_real_distinct_iins() {
        let ids: std::collections::BTreeSet<String> = (0..60_000).step_by(7).map(bench_identifier).collect();
        assert_eq!(ids.len(), (0..60_000).step_by(7).count(), "distinct");
        for id in ids {
            assert!(id.parse::<shared::ids::Iin>().is_ok(), "{id}");
        }
    }
}
