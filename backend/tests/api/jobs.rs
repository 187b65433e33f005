//! Background jobs: one table any number of instances share. A due job is
//! run once however many poll; a failure is retried later and shown to the
//! administrators; a claim lapses so another instance finishes a job whose
//! instance died, and a graceful shutdown gives claims up at once.

use crate::back_office::{back_office, staff};
use crate::common::body_json;
use axum::http::StatusCode;
use ruqsat_backend::jobs::{self, Kind, LEASE_SECS, Polled};
use serde_json::json;

/// Both "instances" poll until neither finds anything due: what each ran.
async fn drain(app: &crate::common::TestApp) -> (Vec<String>, Vec<String>) {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    loop {
        let (x, y) = tokio::join!(
            jobs::poll(&app.state, "instance-a"),
            jobs::poll(&app.state, "instance-b")
        );
        let (x, y) = (x.expect("polled"), y.expect("polled"));
        if x == Polled::Idle && y == Polled::Idle {
            return (a, b);
        }
        if let Polled::Ran(id) = x {
            a.push(id);
        }
        if let Polled::Ran(id) = y {
            b.push(id);
        }
    }
}

async fn listed(app: &crate::common::TestApp) -> Vec<serde_json::Value> {
    let admin = staff(app, "economy.admin").await;
    let r = app.with_cookie("GET", "/api/staff/admin/jobs", &admin).await;
    assert_eq!(r.status(), StatusCode::OK);
    body_json(r).await.as_array().cloned().expect("a list")
}

#[tokio::test]
async fn each_due_job_runs_once_while_two_instances_poll() {
    let app = back_office().await;
    let now = ruqsat_backend::clock::Clock::now(&*app.clock).unix();
    for i in 0..12 {
        assert!(
            jobs::enqueue(&app.state, Kind::ReconcileCalendar.name(), &format!("k{i}"), "{}", now)
                .await
                .expect("added")
        );
    }
    // Adding a job twice adds it once.
    assert!(
        !jobs::enqueue(&app.state, Kind::ReconcileCalendar.name(), "k0", "{}", now)
            .await
            .expect("asked")
    );
    let (a, b) = drain(&app).await;
    let mut all: Vec<String> = a.iter().chain(&b).cloned().collect();
    all.sort();
    all.dedup();
    assert_eq!(a.len() + b.len(), 12, "each ran once: {a:?} {b:?}");
    assert_eq!(all.len(), 12);
    for job in listed(&app).await {
        assert_eq!(job["runs"], json!(1), "{job}");
        assert!(job["done_at"].is_i64(), "{job}");
        assert_eq!(job["claimed_by"], json!(null));
    }
    // A recurring job exists once whoever schedules it, and is due again
    // after its period.
    for _ in 0..2 {
        jobs::schedule(&app.state, Kind::CollectFiles, std::time::Duration::from_secs(3600))
            .await
            .expect("scheduled");
    }
    let (a, b) = drain(&app).await;
    assert_eq!(a.len() + b.len(), 1, "{a:?} {b:?}");
    let collect = listed(&app)
        .await
        .into_iter()
        .find(|j| j["id"] == json!("collect-files"))
        .expect("the collector");
    assert_eq!(collect["every_secs"], json!(3600));
    assert_eq!(collect["run_at"], json!(now + 3600));
    assert_eq!(collect["done_at"], json!(null));
    jobs::due_now(&app.state, Kind::CollectFiles).await.expect("due");
    let (a, b) = drain(&app).await;
    assert_eq!(a.len() + b.len(), 1);
}

#[tokio::test]
async fn a_failing_job_is_retried_later_and_its_error_shown_to_the_administrators() {
    let app = back_office().await;
    let now = ruqsat_backend::clock::Clock::now(&*app.clock).unix();
    jobs::enqueue(&app.state, "no-such-kind", "1", "{}", now)
        .await
        .expect("added");
    let failed = jobs::poll(&app.state, "instance-a").await.expect("polled");
    assert!(
        matches!(failed, Polled::Failed(ref id, _) if id == "no-such-kind:1"),
        "{failed:?}"
    );
    assert_eq!(
        jobs::poll(&app.state, "instance-b").await.expect("polled"),
        Polled::Idle,
        "not due again yet"
    );
    app.clock.advance(60);
    assert!(matches!(
        jobs::poll(&app.state, "instance-b").await.expect("polled"),
        Polled::Failed(..)
    ));
    let job = listed(&app).await.into_iter().next().expect("the job");
    assert_eq!(job["attempts"], json!(2));
    assert_eq!(job["run_at"], json!(now + 60 + 120), "the wait doubles");
    assert!(
        job["last_error"].as_str().is_some_and(|e| e.contains("no-such-kind")),
        "{job}"
    );
    // Only an administrator sees the list.
    let executor = staff(&app, "economy.executor").await;
    let r = app.with_cookie("GET", "/api/staff/admin/jobs", &executor).await;
    assert_ne!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_dead_instance_s_claim_lapses_and_a_stopping_one_gives_its_claims_up() {
    let app = back_office().await;
    let now = ruqsat_backend::clock::Clock::now(&*app.clock).unix();
    jobs::enqueue(&app.state, Kind::ReconcileCalendar.name(), "dies", "{}", now)
        .await
        .expect("added");
    // Instance A claims it and dies before finishing.
    let claimed = jobs::claim(&app.state, "instance-a").await.expect("claimed");
    assert!(claimed.is_some());
    assert_eq!(
        jobs::poll(&app.state, "instance-b").await.expect("polled"),
        Polled::Idle,
        "held by A"
    );
    app.clock.advance(LEASE_SECS + 1);
    assert_eq!(
        jobs::poll(&app.state, "instance-b").await.expect("polled"),
        Polled::Ran("reconcile-calendar:dies".to_owned()),
        "B finishes it once A's lease has lapsed"
    );
    // Instance A, stopping gracefully, gives its claim up: B runs it at once.
    let now = ruqsat_backend::clock::Clock::now(&*app.clock).unix();
    jobs::enqueue(&app.state, Kind::ReconcileCalendar.name(), "stops", "{}", now)
        .await
        .expect("added");
    assert!(jobs::claim(&app.state, "instance-a").await.expect("claimed").is_some());
    assert_eq!(jobs::release(&app.state, "instance-a").await.expect("released"), 1);
    assert_eq!(
        jobs::poll(&app.state, "instance-b").await.expect("polled"),
        Polled::Ran("reconcile-calendar:stops".to_owned())
    );
}

/// The audit chain's checkpoints are a job too: the instance that claims it
/// writes into its anchor; a runner without one fails it, visibly.
#[tokio::test]
async fn the_audit_checkpoint_is_written_by_whichever_runner_claims_it() {
    let app = back_office().await;
    let dir = tempfile::tempdir().expect("a directory");
    let anchor = std::sync::Arc::new(ruqsat_backend::audit::anchor::Anchor::open(dir.path()).expect("an anchor"));
    jobs::schedule(&app.state, Kind::AuditCheckpoint, std::time::Duration::from_secs(900))
        .await
        .expect("scheduled");
    let bare = jobs::poll(&app.state, "no-anchor").await.expect("polled");
    assert!(matches!(bare, Polled::Failed(..)), "{bare:?}");
    app.clock.advance(60);
    let context = jobs::Context {
        anchor: Some(anchor.clone()),
    };
    let ran = jobs::poll_with(&app.state, &context, "with-anchor")
        .await
        .expect("polled");
    assert_eq!(ran, Polled::Ran("audit-checkpoint".to_owned()));
    assert_eq!(anchor.checkpoints().expect("read").len(), 1);
    assert!(anchor.verify(&app.db).await.expect("verified") >= 1);
}
