//! The load seed and the inbox benchmark run on both engines, and keyset
//! paging walks a large inbox, and the public register, exactly once.

use std::collections::HashSet;

use crate::common::{body_json, session_cookie, test_app};
use serde_json::{Value, json};

#[tokio::test]
async fn keyset_pages_walk_every_open_case_once_and_the_benchmark_runs() {
    let app = test_app().await;
    ruqsat_backend::staff::seed_demo(&app.db, 0).await.expect("demo staff");
    let now = ruqsat_backend::clock::Clock::now(app.clock.as_ref()).unix();
    let total = ruqsat_backend::load::seed(&app.db, 3_000, now).await.expect("seeded");
    assert_eq!(total, 3_000);
    let r = app
        .json(
            "POST",
            "/api/staff/sessions",
            json!({"login": "transport.head", "password": "ruqsat-staff-demo"}),
            None,
        )
        .await;
    let head = session_cookie(&r).expect("a cookie");
    let mut seen = HashSet::new();
    let mut last_due = i64::MIN;
    let mut after: Option<String> = None;
    loop {
        let path = match &after {
            Some(a) => format!("/api/staff/inbox?scope=provider&limit=100&after={a}"),
            None => "/api/staff/inbox?scope=provider&limit=100".to_owned(),
        };
        let page = body_json(app.with_cookie("GET", &path, &head).await).await;
        for row in page["rows"].as_array().expect("rows") {
            let due = row["step_due_at"].as_i64().expect("a due");
            assert!(due >= last_due, "sorted by deadline");
            last_due = due;
            assert!(
                seen.insert(row["id"].as_str().expect("an id").to_owned()),
                "each case once"
            );
            assert!(row["service"] == json!("passenger-transport") || row["service"] == json!("tech-inspection-cert"));
        }
        match page["next"].as_str() {
            Some(n) => after = Some(n.to_owned()),
            None => break,
        }
    }
    // Two of the five services are the transport department's.
    assert_eq!(seen.len(), 1_200);
    let timings = ruqsat_backend::load::bench(&app.db, 3, now)
        .await
        .expect("the benchmark");
    assert_eq!(timings.len(), 7);
    assert!(timings.iter().all(|t| t.samples == 3 && t.p95 >= t.p50));
    assert!(timings[0].rows > 0, "the clerk has cases waiting");
}

/// A list's sort key: a time, then what breaks ties.
type Key = fn(&Value) -> (i64, String);

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Walks a list's pages (`path` with its query, signed in with `cookie` or
/// not): each row once, in the list's order (newest first, ties broken),
/// a page at most [`shared::api::CABINET_PAGE`] long (the register's is
/// the same size).
async fn walk(app: &crate::common::TestApp, cookie: Option<&str>, path: &str, key: Key) -> Vec<Value> {
    assert_eq!(shared::api::CABINET_PAGE, shared::review::REGISTER_PAGE);
    let mut all: Vec<Value> = Vec::new();
    let mut after: Option<String> = None;
    let join = if path.contains('?') { '&' } else { '?' };
    loop {
        let at = match &after {
            Some(a) => format!("{path}{join}after={a}"),
            None => path.to_owned(),
        };
        let r = match cookie {
            Some(c) => app.with_cookie("GET", &at, c).await,
            None => app.get(&at).await,
        };
        assert_eq!(r.status(), 200, "{at}");
        let page = body_json(r).await;
        let rows = page["rows"].as_array().expect("rows").clone();
        assert!(rows.len() <= shared::api::CABINET_PAGE, "a page at most");
        all.extend(rows);
        match page["next"].as_str() {
            Some(n) => after = Some(n.to_owned()),
            None => break,
        }
    }
    let keys: Vec<(i64, String)> = all.iter().map(key).collect();
    assert!(keys.windows(2).all(|w| w[0] > w[1]), "newest first, each once: {path}");
    all
}

/// The register's sort key.
fn issued(l: &Value) -> (i64, String) {
    (l["issued_at"].as_i64().expect("issued"), text(&l["number"]))
}

async fn register_walk(app: &crate::common::TestApp, query: &str) -> Vec<Value> {
    walk(app, None, &format!("/api/registry?{query}"), issued).await
}

/// A long-lived account's cabinet — 300 applications, licences and
/// notifications — comes a page at a time, each list whole.
#[tokio::test]
async fn a_long_lived_account_s_cabinet_pages_through_every_list() {
    let app = test_app().await;
    let now = ruqsat_backend::clock::Clock::now(app.clock.as_ref()).unix();
    ruqsat_backend::load::seed(&app.db, 300, now).await.expect("seeded");
    let password = ruqsat_backend::load::load_password(&app.db).await.expect("a password");
    let r = app.sign_in(ruqsat_backend::load::LOAD_IDENTIFIER, &password).await;
    assert_eq!(r.status(), 200);
    let me = session_cookie(&r).expect("a cookie");
    let updated: Key = |a| (a["updated_at"].as_i64().expect("a time"), text(&a["id"]));
    assert_eq!(walk(&app, Some(&me), "/api/applications", updated).await.len(), 300);
    assert_eq!(walk(&app, Some(&me), "/api/licences", issued).await.len(), 300);
    // Notifications break ties by their number, compared as text here: the
    // seeded ones are a minute apart, so no tie arises.
    // One whose message was retired from the translations is left out; the
    // pages after it still come.
    sqlx::query("UPDATE notifications SET message = 'notify.retired' WHERE application_id = 'load-30'")
        .execute(&app.db.pool)
        .await
        .expect("a retired message");
    let at: Key = |n| (n["at"].as_i64().expect("a time"), text(&n["id"]));
    assert_eq!(walk(&app, Some(&me), "/api/notifications", at).await.len(), 299);
    let found = walk(&app, Some(&me), "/api/applications?q=kz-load-29", updated).await;
    assert_eq!(found.len(), 1 + 10, "KZ-LOAD-29 and KZ-LOAD-290…299");
    let r = app.with_cookie("GET", "/api/notifications?after=1:x", &me).await;
    assert_eq!(r.status(), 400, "a notification's cursor ends in its number");
}

#[tokio::test]
async fn the_register_pages_by_keyset_and_finds_part_of_a_name_in_any_case() {
    let app = test_app().await;
    let now = ruqsat_backend::clock::Clock::now(app.clock.as_ref()).unix();
    ruqsat_backend::load::seed(&app.db, 300, now).await.expect("seeded");
    assert_eq!(register_walk(&app, "q=").await.len(), 300, "every licence");
    let security = register_walk(&app, "service=security").await;
    assert_eq!(security.len(), 60);
    assert!(security.iter().all(|l| l["service"] == json!("security")));
    let suspended = register_walk(&app, "status=suspended&service=veterinary").await;
    let expected = (1..=300).filter(|i| i % 7 == 1 && i % 5 == 3).count();
    assert_eq!(suspended.len(), expected);
    // Part of a name, in another case than the register's: "ИП Нагрузкин 1",
    // "… 10", "… 100"...; a part of two characters too.
    let names = |part: &str| -> HashSet<String> {
        (1..=300)
            .filter(|i| i % 3 == 1 && format!("ип нагрузкин {i}").contains(part))
            .map(|i| format!("L-LOAD-{i}"))
            .collect()
    };
    for (asked, part) in [("нАГРУЗКИН%2010", "нагрузкин 10"), ("ИН%201", "ин 1")] {
        let found: HashSet<String> = register_walk(&app, &format!("q={asked}"))
            .await
            .iter()
            .map(|l| l["number"].as_str().expect("a number").to_owned())
            .collect();
        let want = names(part);
        assert!(!want.is_empty());
        assert_eq!(found, want, "{asked}");
    }
    let r = app.get("/api/registry?after=yesterday").await;
    assert_eq!(r.status(), 400, "a bad cursor is refused");
}

/// The benchmark's parts run end to end on a little load data: every
/// request it times succeeds (it stops at the first that does not), and
/// it reports what it measured.
#[tokio::test]
async fn the_benchmark_s_reads_writes_and_crowd_run() {
    let app = test_app().await;
    ruqsat_backend::staff::seed_demo(&app.db, 0).await.expect("demo staff");
    let now = ruqsat_backend::clock::Clock::now(app.clock.as_ref()).unix();
    ruqsat_backend::load::seed(&app.db, 300, now).await.expect("seeded");
    let reads = ruqsat_backend::load::bench::reads(&app.state, 3, now)
        .await
        .expect("the reads");
    assert_eq!(reads.len(), 17);
    // The load data carries the reports' facts: the provider's year has
    // received and decided cases, and step history.
    let head = crate::back_office::staff(&app, "transport.head").await;
    let r = app
        .with_cookie("GET", "/api/staff/reports?from=2025-11-24&to=2026-11-23", &head)
        .await;
    let report = crate::common::body_json(r).await;
    assert!(
        report["counts"]["received"].as_u64().unwrap_or(0) > 50,
        "{}",
        report["counts"]
    );
    assert!(report["counts"]["refused"].as_u64().unwrap_or(0) > 0);
    assert!(
        report["steps"].as_array().is_some_and(|s| s.len() >= 3),
        "{}",
        report["steps"]
    );
    assert!(
        reads.iter().all(|t| t.samples == 3 && t.p99 >= t.p50 && t.rows > 0),
        "{reads:?}"
    );
    let dir = tempfile::tempdir().expect("a directory");
    let span = std::time::Duration::from_millis(300);
    let writes = ruqsat_backend::load::bench::writes(&app.state, dir.path(), &[1, 4], span)
        .await
        .expect("the writes");
    assert!(writes.iter().all(|w| w.saves > 0.0 && w.raw > 0.0), "{writes:?}");
    // Signed submissions: each one made ready (form, documents, fee,
    // certificate, signature), then sent and accepted.
    let signed = ruqsat_backend::load::signed::submissions(&app.state, dir.path(), &[1, 3], 4, span)
        .await
        .expect("the signed submissions");
    assert!(
        signed
            .iter()
            .all(|s| s.sent == 4 && s.per_second > 0.0 && s.raw > 0.0 && s.p95 >= s.p50),
        "{signed:?}"
    );
    let sent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM submissions")
        .fetch_one(&app.db.pool)
        .await
        .expect("a count");
    assert!(sent >= 8, "the submissions are stored: {sent}");
    let crowd = ruqsat_backend::load::bench::crowd(&app.state, 6, 1)
        .await
        .expect("the crowd");
    assert_eq!(crowd.sign_in.rows + crowd.busy, 6);
    assert_eq!(
        crowd.work.samples,
        crowd.sign_in.rows * 3,
        "a draft, a page and a save each"
    );
}
