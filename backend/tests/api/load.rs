//! The load seed and the inbox benchmark run on both engines, and keyset
//! paging walks a large inbox, and the public register, exactly once.

use std::collections::HashSet;

use crate::common::{body_json, session_cookie, test_app};
use serde_json::json;

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

/// Walks the register's pages for a query: each licence once, newest
/// first (ties by number), a page at most [`REGISTER_PAGE`] long.
async fn register_walk(app: &crate::common::TestApp, query: &str) -> Vec<serde_json::Value> {
    let mut all: Vec<serde_json::Value> = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let path = match &after {
            Some(a) => format!("/api/registry?{query}&after={a}"),
            None => format!("/api/registry?{query}"),
        };
        let r = app.get(&path).await;
        assert_eq!(r.status(), 200, "{path}");
        let page = body_json(r).await;
        let rows = page["rows"].as_array().expect("rows").clone();
        assert!(rows.len() <= shared::review::REGISTER_PAGE, "a page at most");
        all.extend(rows);
        match page["next"].as_str() {
            Some(n) => after = Some(n.to_owned()),
            None => break,
        }
    }
    let keys: Vec<(i64, String)> = all
        .iter()
        .map(|l| {
            (
                l["issued_at"].as_i64().expect("issued"),
                l["number"].as_str().expect("a number").to_owned(),
            )
        })
        .collect();
    assert!(keys.windows(2).all(|w| w[0] > w[1]), "newest first, each once: {query}");
    all
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
