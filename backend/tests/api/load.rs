//! The load seed and the inbox benchmark run on both engines, and keyset
//! paging walks a large inbox exactly once.

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
