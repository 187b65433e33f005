//! Reports and public statistics computed from a hand-made set of cases
//! whose every step took a known time: across lunch, overnight and over a
//! public holiday (Independence Day, Wednesday 16 December 2026), so that
//! each figure is checked against a number worked out by hand in working
//! minutes (09:00-18:30 with lunch 13:00-14:30: 480 a day).

use axum::http::StatusCode;
use serde_json::{Value, json};
use shared::catalog::RequestType;
use shared::workflow::StepKind;

use crate::back_office::{IE, back_office, run_chain_timed, staff};
use crate::common::{TestApp, body_bytes, body_json, case_at, registered_by_store};

const PERIOD: &str = "from=2026-11-01&to=2026-12-31&lang=en";
const PERIOD_RU: &str = "from=2026-11-01&to=2026-12-31&lang=ru";

/// Two grain-warehouse issuances (seed 004), each step timed:
/// 1. received Mon 23 Nov 10:00, issued Thu 26 Nov 10:30;
/// 2. received Tue 15 Dec 16:00, its intake over the holiday, refused
///    (court ban) Thu 17 Dec 11:00.
async fn two_decided_cases(app: &TestApp) {
    let cookie = app.register("ie", IE, "ie@example.kz").await;
    let grain = ("grain-warehouse", RequestType::Issuance);
    let first = registered_by_store(app, &cookie, "grain-warehouse", "issuance", None).await;
    // intake 20 min; head 10:20→15:00 over lunch (190); deputy Mon 15:00→Tue
    // 11:00 (330); department Tue 11:00→Wed 12:00 (540, over its day);
    // completeness 40 (over its 30); inspection Wed 12:40→Thu 10:00 (320);
    // the executor issues in 30.
    let advances = [1200, 16_800, 72_000, 90_000, 2400, 76_800, 1800];
    let issue = json!({"outcome": "issue"});
    let view = run_chain_timed(app, &first, grain, issue, &advances).await;
    assert_eq!(view["status"], json!({"status": "issued"}));
    // To Tue 15 Dec 16:00, signed in again.
    app.clock.advance(19 * 86_400 + 5 * 3600 + 1800);
    let cookie = signed_in(app).await;
    let second = registered_by_store(app, &cookie, "grain-warehouse", "issuance", None).await;
    // intake Tue 16:00→Thu 10:00 over the holiday (150 + 0 + 60); then ten
    // minutes a step.
    let advances = [151_200, 600, 600, 600, 600, 600, 600];
    let refuse = json!({"outcome": "refuse", "grounds": ["court-ban"], "explanation": "Решение суда"});
    let view = run_chain_timed(app, &second, grain, refuse, &advances).await;
    assert_eq!(view["status"], json!({"status": "refused"}));
}

/// The applicant signed in again (a session lapses after 30 idle minutes).
async fn signed_in(app: &TestApp) -> String {
    let r = app.sign_in(IE, "correct horse battery").await;
    assert_eq!(r.status(), StatusCode::OK);
    crate::common::session_cookie(&r).expect("a session")
}

async fn report(app: &TestApp, login: &str, query: &str) -> (StatusCode, Value) {
    let cookie = staff(app, login).await;
    let r = app
        .with_cookie("GET", &format!("/api/staff/reports?{query}"), &cookie)
        .await;
    let status = r.status();
    (status, body_json(r).await)
}

/// A step's figures as (count, p50, p90, max, limit, met).
fn step(report: &Value, id: &str) -> (i64, i64, i64, i64, i64, i64) {
    let s = report["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .find(|s| s["step_id"] == json!(id))
        .unwrap_or_else(|| panic!("a row for {id}: {}", report["steps"]));
    let f = &s["figures"];
    let n = |k: &str| f[k].as_i64().expect("a number");
    (n("count"), n("p50"), n("p90"), n("max"), n("limit"), n("met"))
}

fn step_ids(report: &Value) -> Vec<String> {
    report["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["step_id"].as_str().expect("an id").to_owned())
        .collect()
}

#[tokio::test]
async fn a_head_s_report_has_the_exact_working_times_counts_and_charts() {
    let app = back_office().await;
    two_decided_cases(&app).await;
    let (status, r) = report(&app, "oblast.head", PERIOD).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(r["scope"], json!("provider"));
    assert_eq!(
        r["counts"],
        json!({"received": 2, "decided": 2, "issued": 1, "refused": 1, "withdrawn": 0})
    );
    assert_eq!(r["channels"], json!([{"channel": "portal", "received": 2}]));
    assert_eq!(r["grounds"], json!([{"ground": "court-ban", "refused": 1}]));
    // In the chain's order, each against its limit (seed 004:139-153).
    assert_eq!(
        step_ids(&r),
        [
            "intake",
            "head-resolution",
            "deputy-resolution",
            "department-resolution",
            "completeness",
            "inspection",
            "decision"
        ]
    );
    assert_eq!(
        step(&r, "intake"),
        (2, 20, 210, 210, 30, 1),
        "the holiday is not counted"
    );
    assert_eq!(
        step(&r, "head-resolution"),
        (2, 10, 190, 190, 480, 2),
        "lunch is not counted"
    );
    assert_eq!(
        step(&r, "deputy-resolution"),
        (2, 10, 330, 330, 480, 2),
        "nor the night"
    );
    assert_eq!(step(&r, "department-resolution"), (2, 10, 540, 540, 480, 1));
    assert_eq!(step(&r, "completeness"), (2, 10, 40, 40, 30, 1));
    assert_eq!(step(&r, "inspection"), (2, 10, 320, 320, 960, 2));
    assert_eq!(
        step(&r, "decision"),
        (2, 10, 30, 30, 30, 2),
        "a step ending on its deadline kept it"
    );
    // The whole service: 1470 and 270 working minutes against the chain's
    // sum (the seed gives grain no total): 30 + 3 × 480 + 30 + 960 + 30.
    assert_eq!(
        r["services"],
        json!([{"service": "grain-warehouse", "request_type": "issuance",
                "figures": {"count": 2, "p50": 270, "p90": 1470, "max": 1470, "limit": 2490, "met": 2}}])
    );
    // Ten weeks, Mondays 26 Oct to 28 Dec; one received and one decided in
    // the weeks of 23 Nov and 14 Dec.
    let weeks = r["weeks"].as_array().expect("weeks");
    assert_eq!(weeks.len(), 10);
    assert_eq!(weeks[0]["monday"], json!("2026-10-26"));
    let busy: Vec<_> = weeks.iter().filter(|w| w["received"] != json!(0)).collect();
    assert_eq!(
        busy,
        [
            &json!({"monday": "2026-11-23", "received": 1, "decided": 1}),
            &json!({"monday": "2026-12-14", "received": 1, "decided": 1})
        ]
    );
    for chart in ["weekly", "steps", "grounds"] {
        let svg = r["charts"][chart].as_str().expect("an SVG");
        assert!(
            svg.starts_with("<svg") && svg.contains("role=\"img\"") && svg.contains("<title"),
            "{chart}"
        );
    }
    // A period of part months (its whole months from the monthly summary,
    // the rest from the facts) gives the same figures; one that ends
    // before the second case was decided counts only the first.
    let (_, part) = report(&app, "oblast.head", "from=2026-11-20&to=2026-12-17&lang=en").await;
    assert_eq!(
        (&part["steps"], &part["services"], &part["counts"]),
        (&r["steps"], &r["services"], &r["counts"])
    );
    let (_, early) = report(&app, "oblast.head", "from=2026-11-20&to=2026-12-16&lang=en").await;
    assert_eq!(early["counts"]["decided"], json!(1));
    assert_eq!(step(&early, "intake"), (1, 20, 20, 20, 30, 1));
    // Another provider's head sees none of it.
    let (_, other) = report(&app, "transport.head", PERIOD).await;
    assert_eq!(other["counts"]["received"], json!(0));
    assert_eq!(other["steps"], json!([]));
}

#[tokio::test]
async fn a_department_head_sees_the_department_and_an_executor_their_own() {
    let app = back_office().await;
    two_decided_cases(&app).await;
    let (status, dept) = report(&app, "oblast.department-head", PERIOD).await;
    assert_eq!(status, StatusCode::OK, "{dept}");
    assert_eq!(dept["scope"], json!("department"));
    assert_eq!(
        step_ids(&dept),
        ["department-resolution", "completeness", "inspection", "decision"],
        "no office's, head's or deputy's steps"
    );
    assert_eq!(dept["survey"], json!([]), "the survey is the head's");
    let (_, own) = report(&app, "oblast.executor", PERIOD).await;
    assert_eq!(own["scope"], json!("own"));
    assert_eq!(step_ids(&own), ["completeness", "inspection", "decision"]);
    assert_eq!(own["counts"]["decided"], json!(2), "the decisions the executor drafted");
    // Another provider's department head sees nothing of this department.
    let (_, other) = report(&app, "transport.department-head", PERIOD).await;
    assert_eq!(other["steps"], json!([]));
    assert_eq!(other["counts"]["decided"], json!(0));
    // The external body has no reports; a bad period is a field error.
    let (status, body) = report(&app, "oblast.external-body", PERIOD).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (status, body) = report(&app, "oblast.head", "from=2026-12-31&to=2026-11-01").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["path"], json!("to"));
    let (status, body) = report(&app, "oblast.head", "service=security").await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "not this provider's service: {body}"
    );
}

#[tokio::test]
async fn the_prediction_names_the_case_its_owner_s_pace_cannot_finish_in_time() {
    let app = back_office().await;
    two_decided_cases(&app).await;
    let cookie = signed_in(&app).await;
    // Four cases reach the completeness check (30 min) at Thu 17 Dec 11:00;
    // the executors' median there is 10 min (40 and 10): the fourth in the
    // queue needs 40.
    let mut ids = Vec::new();
    for _ in 0..4 {
        ids.push(case_at(&app, &cookie, ("grain-warehouse", "issuance"), StepKind::Review, None).await);
    }
    ids.sort();
    let (_, r) = report(&app, "oblast.head", PERIOD).await;
    let predicted = r["predicted"].as_array().expect("predictions");
    assert_eq!(predicted.len(), 1, "{predicted:?}");
    let p = &predicted[0];
    assert_eq!(p["application_id"], json!(ids[3]));
    assert_eq!(p["step_id"], json!("completeness"));
    assert_eq!(
        (&p["ahead"], &p["pace"], &p["needs"], &p["left"]),
        (&json!(3), &json!(10), &json!(40), &json!(30))
    );
    // Half an hour later all four are overdue: nothing is predicted, the
    // inbox says overdue.
    app.clock.advance(3600);
    let (_, r) = report(&app, "oblast.head", PERIOD).await;
    assert_eq!(r["predicted"], json!([]));
}

#[tokio::test]
async fn every_table_downloads_as_csv_with_a_bom_and_the_report_as_pdf() {
    let app = back_office().await;
    two_decided_cases(&app).await;
    let cookie = staff(&app, "oblast.head").await;
    let r = app
        .with_cookie("GET", &format!("/api/staff/reports/csv/grounds?{PERIOD}"), &cookie)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .expect("ascii")
            .starts_with("attachment; filename=\"ruqsat-grounds-2026-11-01-2026-12-31.csv\"")
    );
    let ground = shared::workflow::RefusalGround::CourtBan
        .label()
        .text(shared::i18n::Lang::En);
    assert_eq!(
        body_bytes(r).await,
        format!("\u{feff}Ground,Refused\n{ground},1\n").as_bytes()
    );
    let r = app
        .with_cookie("GET", &format!("/api/staff/reports/csv/steps?{PERIOD_RU}"), &cookie)
        .await;
    let text = String::from_utf8(body_bytes(r).await.to_vec()).expect("utf-8");
    assert!(
        text.starts_with("\u{feff}Услуга,Вид заявления,Этап,Кто,Количество,\"Медианное время, мин\""),
        "{text}"
    );
    assert!(text.contains(",Регистрация,"), "{text}");
    let r = app
        .with_cookie("GET", &format!("/api/staff/reports/csv/nothing?{PERIOD}"), &cookie)
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = app
        .with_cookie("GET", &format!("/api/staff/reports/pdf?{PERIOD_RU}"), &cookie)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let text = crate::back_office::pdf_text(&body_bytes(r).await);
    for expected in [
        "Отчёты и сроки",
        "Период: 2026-11-01 — 2026-12-31",
        "Регистрация",
        "3.1 р.д.",
    ] {
        assert!(text.contains(expected), "the PDF says {expected:?}: {text}");
    }
}

#[tokio::test]
async fn the_public_statistics_show_times_against_the_limit_and_no_personal_data() {
    let app = back_office().await;
    two_decided_cases(&app).await;
    let r = app.get("/api/statistics?provider=oblast-executive").await;
    assert_eq!(r.status(), StatusCode::OK);
    let text = String::from_utf8(body_bytes(r).await.to_vec()).expect("utf-8");
    assert!(!text.contains(IE), "no IIN in the statistics");
    let stats: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(stats["from"], json!("2026-01-01"));
    let row = &stats["rows"][0];
    assert_eq!(
        (
            &row["service"],
            &row["decided"],
            &row["median_tenths"],
            &row["p90_tenths"],
            &row["limit_tenths"],
            &row["in_time"]
        ),
        (
            &json!("grain-warehouse"),
            &json!(2),
            &json!(6),
            &json!(31),
            &json!(52),
            &json!(100)
        )
    );
    let months = row["months"].as_array().expect("months");
    assert_eq!(months.len(), 12);
    assert_eq!(months[10], json!({"month": "2026-11", "decided": 1}));
    assert_eq!(months[11], json!({"month": "2026-12", "decided": 1}));
    // The open data: a legal entity's BIN, never an individual's IIN.
    let r = app.get("/api/registry/data.json").await;
    assert_eq!(r.status(), StatusCode::OK);
    let etag = r.headers()["etag"].clone();
    assert_eq!(r.headers()["cache-control"], "public, max-age=300");
    let page = body_json(r).await;
    assert_eq!(page["rows"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        page["rows"][0]["bin"],
        json!(null),
        "an individual's IIN is not published"
    );
    let again = app
        .send(
            axum::http::Request::get("/api/registry/data.json")
                .header("if-none-match", etag)
                .body(axum::body::Body::empty())
                .expect("a request"),
        )
        .await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let r = app.get("/api/registry/data.csv").await;
    let csv = String::from_utf8(body_bytes(r).await.to_vec()).expect("utf-8");
    assert!(
        csv.starts_with("\u{feff}number,holder_name,bin,service,provider,status,issued_on"),
        "{csv}"
    );
    assert!(!csv.contains(IE));
    let feed = body_json(app.get("/api/registry/changes?since=1900000000").await).await;
    assert_eq!(feed["rows"].as_array().map(Vec::len), Some(0), "nothing changed since");
    let feed = body_json(app.get("/api/registry/changes?since=0").await).await;
    assert_eq!(feed["rows"][0]["status"], json!("issued"));
}

#[tokio::test]
async fn cases_sent_before_the_facts_were_kept_get_them_from_their_audit_logs() {
    let app = back_office().await;
    two_decided_cases(&app).await;
    let (_, kept) = report(&app, "oblast.head", PERIOD).await;
    let stats = body_json(app.get("/api/statistics").await).await;
    // As a database from before the facts: none of them.
    for table in ["case_days", "step_months", "service_months", "step_times", "case_facts"] {
        sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table}")))
            .execute(&app.db.pool)
            .await
            .expect("emptied");
    }
    let (_, empty) = report(&app, "oblast.head", PERIOD).await;
    assert_eq!(empty["counts"]["received"], json!(0));
    let written = ruqsat_backend::facts::backfill(&app.db).await.expect("backfilled");
    assert_eq!(written, 2);
    let (_, rebuilt) = report(&app, "oblast.head", PERIOD).await;
    // Part by part, so that a difference names its part.
    for part in [
        "counts",
        "channels",
        "grounds",
        "weeks",
        "steps",
        "services",
        "predicted",
        "charts",
    ] {
        assert!(rebuilt[part] == kept[part], "the same {part} from the audit logs");
    }
    assert_eq!(body_json(app.get("/api/statistics").await).await, stats);
    // Twice is once; and the summaries made anew from the facts agree.
    assert_eq!(ruqsat_backend::facts::backfill(&app.db).await.expect("again"), 0);
    ruqsat_backend::facts::rebuild(&app.db).await.expect("rebuilt");
    assert_eq!(report(&app, "oblast.head", PERIOD).await.1["steps"], kept["steps"]);
}
