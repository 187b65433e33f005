//! The yearly reference data at the turn of the year: deadlines that run
//! into 2027, fees in a year whose MRP index is not yet published (the
//! designed refusal, then the administrator's setting), an application paid
//! in one year and sent in the next, the health report of how far the data
//! reaches, and deadlines recomputed when a year's calendar changes.

use crate::common::{
    TestApp, body_json, certificate, error_paths, id_of, notify, paid, registered, session_cookie, sign, start_payment,
    submit, test_app, view,
};
use axum::http::StatusCode;
use serde_json::{Value, json};
use shared::calendar::{Calendar, Timestamp};
use shared::catalog::{RequestType, catalog};
use shared::date::Date;
use shared::money::Tenge;

const IE: &str = "860101300017";
const PASSWORD: &str = "correct horse battery";
const SOURCE: &str = "Law of 8 December 2026 on the republican budget for 2027-2029, art. 9";

fn at(date: &str, h: u32, m: u32) -> Timestamp {
    Timestamp::from_local(date.parse::<Date>().expect("a date"), h, m)
}

/// Moves the app's clock to a local date and time.
fn move_to(app: &TestApp, date: &str, h: u32, m: u32) {
    let now = ruqsat_backend::clock::Clock::now(app.clock.as_ref());
    app.clock.advance(at(date, h, m).unix() - now.unix());
}

/// An applicant signed in afresh (sessions age with the clock).
async fn applicant(app: &TestApp) -> String {
    let r = app.sign_in(IE, PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    session_cookie(&r).expect("a cookie")
}

async fn staff(app: &TestApp, login: &str) -> String {
    let r = app
        .json(
            "POST",
            "/api/staff/sessions",
            json!({"login": login, "password": "ruqsat-staff-demo"}),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "staff sign-in of {login}");
    session_cookie(&r).expect("a staff cookie")
}

async fn app_with_staff() -> TestApp {
    let app = test_app().await;
    ruqsat_backend::staff::seed_demo(&app.db, 0)
        .await
        .expect("the demo staff");
    app.register("ie", IE, "erlan@example.kz").await;
    app
}

fn passenger_fee(index_tenge: i64) -> i64 {
    let s = catalog().service("passenger-transport").expect("a service");
    s.fee
        .expect("a fee")
        .fee_at_index(RequestType::Issuance, Tenge::from_tenge(index_tenge))
        .tiyn()
}

#[tokio::test]
async fn a_submission_in_mid_december_gets_a_due_date_in_2027_and_its_steps_start_after_new_year() {
    let app = app_with_staff().await;
    let chain = catalog()
        .service("passenger-transport")
        .expect("a service")
        .chain(RequestType::Issuance);
    for day in ["2026-12-10", "2026-12-11"] {
        move_to(&app, day, 10, 0);
        let me = applicant(&app).await;
        let sent = registered(&app, &me, "passenger-transport", "issuance", None).await;
        let due = chain
            .deadline(Calendar::standard(), at(day, 10, 0))
            .expect("a deadline");
        assert_eq!(sent["due_at"], json!(due.unix()), "{day}");
    }
    let due = chain
        .deadline(Calendar::standard(), at("2026-12-11", 10, 0))
        .expect("a deadline");
    assert_eq!(
        due.local_date().year(),
        2027,
        "from 11 December the chain runs into 2027"
    );
    // The clerk registers it on 14 December; the next step's deadline is
    // counted across the holidays of the new year.
    move_to(&app, "2026-12-14", 10, 0);
    let me = applicant(&app).await;
    let sent = registered(&app, &me, "passenger-transport", "issuance", None).await;
    let id = id_of(&sent);
    let clerk = staff(&app, "transport.clerk").await;
    let r = app
        .json(
            "POST",
            &format!("/api/staff/cases/{id}/actions"),
            json!({"action": "register"}),
            Some(&clerk),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let head = staff(&app, "transport.head").await;
    move_to(&app, "2026-12-31", 17, 0);
    let head_again = staff(&app, "transport.head").await;
    let r = app
        .json(
            "POST",
            &format!("/api/staff/cases/{id}/actions"),
            json!({"action": "resolve", "note": "На исполнение"}),
            Some(&head_again),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "a resolution on 31 December");
    let case = body_json(r).await;
    let step_due = Timestamp::from_unix(case["step_due_at"].as_i64().expect("a step deadline"));
    let (_, limit) = chain.steps[2];
    assert_eq!(
        step_due,
        Calendar::standard()
            .deadline(at("2026-12-31", 17, 0), limit)
            .expect("a deadline")
    );
    assert!(step_due > at("2027-01-05", 0, 0), "1, 4 January are off: {step_due}");
    drop(head);
}

#[tokio::test]
async fn paying_in_2027_waits_for_the_index_with_its_own_message_and_loses_nothing() {
    let app = app_with_staff().await;
    move_to(&app, "2027-01-05", 11, 0);
    let me = applicant(&app).await;
    let draft = app.complete_draft(&me, "passenger-transport", "issuance").await;
    let id = id_of(&draft);
    assert_eq!(draft["fee"], Value::Null, "no fee in tenge without the index");
    assert_eq!(draft["fee_year"], json!(2027));

    let (status, problem) = start_payment(&app, &me, &id).await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    assert_eq!(problem["code"], json!("fee-not-published"));
    assert_eq!(problem["message"], json!("payment.fee_not_published"));
    assert_eq!(problem["args"], json!({"year": "2027"}));
    let p: shared::api::Problem = serde_json::from_value(problem).expect("a problem");
    assert_eq!(
        p.text(shared::i18n::Lang::Ru)
            .as_deref()
            .map(|t| t.starts_with("Размер сбора на 2027 год")),
        Some(true)
    );
    let after = view(&app, &me, &id).await;
    assert_eq!(after["form"], draft["form"], "what was entered is kept");
    assert_eq!(after["status"], draft["status"]);

    let health = body_json(app.get("/api/health").await).await;
    assert_eq!(health["status"], json!("degraded"));
    assert_eq!(health["data"]["mrp"]["missing"], json!([2027, 2028]));
    assert!(
        health["data"]["warnings"][0]
            .as_str()
            .is_some_and(|w| w.starts_with("mrp: no index for 2027"))
    );

    // Only an administrator sets it, with a source; the data file's years
    // are the law's and stay as they are.
    let clerk = staff(&app, "transport.clerk").await;
    let admin = staff(&app, "transport.admin").await;
    let set = json!({"index": "4 700", "source": SOURCE});
    let r = app
        .json("PUT", "/api/staff/admin/mrp/2027", set.clone(), Some(&clerk))
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "a clerk may not");
    let r = app
        .json("PUT", "/api/staff/admin/mrp/2027", set.clone(), Some(&me))
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "an applicant may not");
    let r = app
        .json(
            "PUT",
            "/api/staff/admin/mrp/2027",
            json!({"index": "4,7", "source": "law"}),
            Some(&admin),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_paths(&body_json(r).await), ["mrp.index", "mrp.source"]);
    let r = app
        .json("PUT", "/api/staff/admin/mrp/2026", set.clone(), Some(&admin))
        .await;
    assert_eq!(body_json(r).await["errors"][0]["path"], json!("mrp.year"));
    let r = app
        .json("PUT", "/api/staff/admin/mrp/2040", set.clone(), Some(&admin))
        .await;
    assert_eq!(
        body_json(r).await["errors"][0]["message"],
        json!("admin.mrp_year_invalid")
    );

    let r = app.json("PUT", "/api/staff/admin/mrp/2027", set, Some(&admin)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let list = body_json(r).await;
    assert_eq!(list["years"][0]["year"], json!(2027));
    assert_eq!(list["years"][0]["index"], json!(470_000));
    assert_eq!(list["years"][0]["source"], json!(SOURCE));
    assert!(list["years"][0]["set_by"].is_string());
    assert_eq!(list["years"][1]["set_by"], Value::Null, "2026 is the data file's");
    assert_eq!(list["missing"], json!([2028]));
    // A correction is a new revision; the history keeps both.
    let r = app
        .json(
            "PUT",
            "/api/staff/admin/mrp/2027",
            json!({"index": "4709", "source": SOURCE}),
            Some(&admin),
        )
        .await;
    assert_eq!(body_json(r).await["years"][0]["index"], json!(470_900));
    let revisions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mrp_indices WHERE year = 2027")
        .fetch_one(&app.db.pool)
        .await
        .expect("a count");
    assert_eq!(revisions, 2);
    let r = sqlx::query("DELETE FROM mrp_indices").execute(&app.db.pool).await;
    assert!(r.is_err(), "the history is append-only");

    // Now the fee is there, at the new index, and the application goes.
    let v = view(&app, &me, &id).await;
    assert_eq!(v["fee"], json!(passenger_fee(4709)));
    let (status, checkout) = start_payment(&app, &me, &id).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(checkout["amount"], json!(passenger_fee(4709)));
    let payment = checkout["payment_id"].as_str().expect("a payment");
    assert_eq!(
        notify(&app, payment, "paid", passenger_fee(4709), true).await,
        StatusCode::NO_CONTENT
    );
    let v = view(&app, &me, &id).await;
    let (key, cert) = certificate(&app, &me).await;
    let (status, sent) = submit(&app, &me, &v, &cert, &sign(&key, &v), "key-2027").await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    assert!(sent["number"].as_str().is_some_and(|n| n.starts_with("KZ-2027-")));

    let health = body_json(app.get("/api/health").await).await;
    assert_eq!(health["status"], json!("ok"));
    assert_eq!(health["data"]["mrp"]["until"], json!("2027-12-31"));
}

#[tokio::test]
async fn an_application_paid_in_2026_is_sent_in_2027_before_its_index_is_published() {
    let app = app_with_staff().await;
    move_to(&app, "2026-12-30", 16, 0);
    let me = applicant(&app).await;
    let online = paid(&app, &me, "passenger-transport").await;
    assert_eq!(online["fee"], json!(passenger_fee(4325)));

    // A payment order made at the bank on 30 December, handed in on 4
    // January: priced at the index of its own year.
    let draft = app.complete_draft(&me, "passenger-transport", "issuance").await;
    let order_id = id_of(&draft);
    let fee_2026 = Tenge::from_tiyn(passenger_fee(4325));
    let mut form = draft["form"].clone();
    form["payment"]["method"] = json!("order");
    form["payment"]["order"] = json!({"amount": fee_2026.to_string(), "document_number": "145",
        "document_date": "2026-12-30", "bank": "HSBKKZKX", "tax_authority": "almaty-almaly", "scan": ""});

    move_to(&app, "2027-01-05", 10, 0);
    let me = applicant(&app).await;
    let r = app
        .json(
            "PUT",
            &format!("/api/applications/{order_id}"),
            json!({"version": draft["version"], "form": form}),
            Some(&me),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let saved = body_json(r).await;
    assert_eq!(saved["fee_year"], json!(2026));
    assert_eq!(saved["fee"], json!(fee_2026.tiyn()));
    assert_eq!(
        app.upload_pdf(&me, &order_id, "payment-order", "order 145")
            .await
            .status(),
        StatusCode::CREATED
    );
    let r = app
        .json(
            "POST",
            &format!("/api/applications/{order_id}/payment-order"),
            json!({}),
            Some(&me),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "an order of 2026 is priced by 2026's index");

    // Both are sent in 2027 with no index for 2027 anywhere.
    for id in [id_of(&online), order_id] {
        let v = view(&app, &me, &id).await;
        assert_eq!(v["status"], json!({"status": "paid"}));
        let (key, cert) = certificate(&app, &me).await;
        let (status, sent) = submit(&app, &me, &v, &cert, &sign(&key, &v), &format!("key-{id}")).await;
        assert_eq!(status, StatusCode::OK, "{sent}");
    }
    // An order dated in 2027 is not accepted until 2027 has its index.
    let draft = app.complete_draft(&me, "passenger-transport", "issuance").await;
    let mut form = draft["form"].clone();
    form["payment"]["method"] = json!("order");
    form["payment"]["order"] = json!({"amount": "1000", "document_number": "146",
        "document_date": "2027-01-05", "bank": "HSBKKZKX", "tax_authority": "almaty-almaly", "scan": ""});
    let id = id_of(&draft);
    let r = app
        .json(
            "PUT",
            &format!("/api/applications/{id}"),
            json!({"version": draft["version"], "form": form}),
            Some(&me),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    app.upload_pdf(&me, &id, "payment-order", "order 146").await;
    let r = app
        .json(
            "POST",
            &format!("/api/applications/{id}/payment-order"),
            json!({}),
            Some(&me),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(body_json(r).await["code"], json!("fee-not-published"));
}

#[tokio::test]
async fn open_cases_get_new_deadlines_when_a_year_s_calendar_changes() {
    let app = app_with_staff().await;
    move_to(&app, "2026-12-14", 10, 0);
    let me = applicant(&app).await;
    let sent = registered(&app, &me, "passenger-transport", "issuance", None).await;
    let id = id_of(&sent);
    let right_due = sent["due_at"].as_i64().expect("a due date");
    let now = at("2026-12-14", 12, 0);

    // The server last ran before 2027 had its file: the year was the rule's.
    let before = Calendar::standard().without_file(2027);
    let n = ruqsat_backend::reference::reconcile_calendar(&app.db, &before, now)
        .await
        .expect("recorded");
    assert_eq!(n, 0, "the first start only records");
    // What was computed then (made visibly different here: the rule alone
    // gives the same working days in 2027 as its file).
    let step_due = sent_step_due(&app, &id).await;
    sqlx::query("UPDATE applications SET due_at = $1, step_due_at = $2 WHERE id = $3")
        .bind(right_due + 3600)
        .bind(step_due + 60)
        .bind(&id)
        .execute(&app.db.pool)
        .await
        .expect("an update");
    let n = ruqsat_backend::reference::reconcile_calendar(&app.db, &before, now)
        .await
        .expect("nothing changed");
    assert_eq!(n, 0, "the same calendar again changes nothing");

    // Now the file of 2027 arrives: the open case is recomputed.
    let n = ruqsat_backend::reference::reconcile_calendar(&app.db, Calendar::standard(), now)
        .await
        .expect("recomputed");
    assert_eq!(n, 1);
    let row: (i64, i64, i64) =
        sqlx::query_as("SELECT due_at, step_due_at, step_started_at FROM applications WHERE id = $1")
            .bind(&id)
            .fetch_one(&app.db.pool)
            .await
            .expect("the case");
    assert_eq!(row.0, right_due);
    let chain = catalog()
        .service("passenger-transport")
        .expect("a service")
        .chain(RequestType::Issuance);
    let intake = Calendar::standard()
        .deadline(Timestamp::from_unix(row.2), chain.steps[0].1)
        .expect("a deadline");
    assert_eq!(row.1, intake.unix());
    let n = ruqsat_backend::reference::reconcile_calendar(&app.db, Calendar::standard(), now)
        .await
        .expect("once");
    assert_eq!(n, 0);
}

async fn sent_step_due(app: &TestApp, id: &str) -> i64 {
    sqlx::query_scalar("SELECT step_due_at FROM applications WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .expect("a step deadline")
}
