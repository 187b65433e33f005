//! Paying the fee (online through the sandbox gateway, or by payment order),
//! the sandbox certification authority, and signing and sending.

use crate::common::{
    body_json, body_text, certificate, id_of, notify, paid, sign, start_payment, submit, test_app, view,
};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};

const IE: &str = "860101300017";
const IE2: &str = "000101500011";
const LE: &str = "990340001230";

#[tokio::test]
async fn online_payment_is_confirmed_once_by_a_signed_notification() {
    let app = test_app().await;
    let me = app.register("ie", IE, "erlan@example.kz").await;
    let v = app.complete_draft(&me, "passenger-transport", "issuance").await;
    let id = id_of(&v);
    // 186 MRP × 4 325 ₸ (2026).
    assert_eq!(v["fee"], json!(186 * 4325 * 100));
    let (status, checkout) = start_payment(&app, &me, &id).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(checkout["amount"], json!(186 * 4325 * 100));
    let payment = checkout["payment_id"].as_str().expect("a payment").to_owned();
    assert_eq!(checkout["url"], json!(format!("/sandbox/gateway/{payment}")));
    // The gateway's page speaks the applicant's language, every word of it.
    let page = crate::common::body_text(app.get(&format!("/sandbox/gateway/{payment}?lang=ru")).await).await;
    for words in ["Сумма к оплате", "Номер карты", "Оплатить"] {
        assert!(page.contains(words), "{words}: {page}");
    }
    assert!(!page.contains(">Card"), "{page}");
    // A double click starts no second payment.
    let (again, same) = start_payment(&app, &me, &id).await;
    assert_eq!(again, StatusCode::OK);
    assert_eq!(same["payment_id"], json!(payment));
    assert_eq!(
        view(&app, &me, &id).await["status"],
        json!({"status": "awaiting-payment"})
    );

    // A forged notification changes nothing.
    assert_eq!(
        notify(&app, &payment, "paid", 186 * 4325 * 100, false).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(view(&app, &me, &id).await["payment"], json!("pending"));

    assert_eq!(
        notify(&app, &payment, "paid", 186 * 4325 * 100, true).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        notify(&app, &payment, "paid", 186 * 4325 * 100, true).await,
        StatusCode::NO_CONTENT
    );
    let v = view(&app, &me, &id).await;
    assert_eq!(v["status"], json!({"status": "paid"}));
    assert_eq!(v["payment"], json!("paid"));
    let notes = body_json(app.with_cookie("GET", "/api/notifications", &me).await).await;
    assert_eq!(notes["rows"].as_array().map(Vec::len), Some(1), "paid once: {notes}");
    assert_eq!(notes["rows"][0]["message"], json!("notify.paid"));

    let (status, problem) = start_payment(&app, &me, &id).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["code"], json!("payment.already_paid"));
}

#[tokio::test]
async fn a_cancelled_or_declined_payment_leaves_the_application_unpaid() {
    let app = test_app().await;
    let me = app.register("ie", IE, "erlan@example.kz").await;
    let id = id_of(&app.complete_draft(&me, "passenger-transport", "issuance").await);
    let (_, checkout) = start_payment(&app, &me, &id).await;
    let amount = checkout["amount"].as_i64().expect("an amount");
    let payment = checkout["payment_id"].as_str().expect("a payment").to_owned();
    assert_eq!(
        notify(&app, &payment, "cancelled", amount, true).await,
        StatusCode::NO_CONTENT
    );
    // A late "paid" for the cancelled payment changes nothing.
    assert_eq!(
        notify(&app, &payment, "paid", amount, true).await,
        StatusCode::NO_CONTENT
    );
    let v = view(&app, &me, &id).await;
    assert_eq!(v["status"], json!({"status": "awaiting-payment"}));
    assert_eq!(v["payment"], json!("cancelled"));

    let (status, second) = start_payment(&app, &me, &id).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_ne!(second["payment_id"], json!(payment));
    let second = second["payment_id"].as_str().expect("a payment").to_owned();
    assert_eq!(
        notify(&app, &second, "failed", amount, true).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(view(&app, &me, &id).await["payment"], json!("failed"));

    // A notification for less than the fee does not pay.
    let (_, third) = start_payment(&app, &me, &id).await;
    let third = third["payment_id"].as_str().expect("a payment").to_owned();
    assert_eq!(
        notify(&app, &third, "paid", amount - 100, true).await,
        StatusCode::CONFLICT
    );
    assert_eq!(
        view(&app, &me, &id).await["status"],
        json!({"status": "awaiting-payment"})
    );
}

#[tokio::test]
async fn the_sandbox_checkout_page_pays_and_returns_to_the_application() {
    let app = test_app().await;
    let me = app.register("ie", IE, "erlan@example.kz").await;
    let id = id_of(&app.complete_draft(&me, "passenger-transport", "issuance").await);
    let (_, checkout) = start_payment(&app, &me, &id).await;
    let url = checkout["url"].as_str().expect("a url").to_owned();
    let page = body_text(app.get(&format!("{url}?lang=kk")).await).await;
    // 186 MRP × 4 325 ₸, with no-break spaces and a decimal comma.
    assert!(
        page.contains("804\u{a0}450,00\u{a0}₸"),
        "the amount in Kazakh formatting: {page}"
    );
    assert!(page.contains("Төлеу"), "{page}");
    // The beneficiary chosen in the application and its bank, the
    // Treasury (seed 000:698-699).
    assert!(
        page.contains("Алмалы ауданы бойынша Мемлекеттік кірістер басқармасы (Алматы қаласы)"),
        "{page}"
    );
    assert!(
        page.contains("ҚР Қаржы министрлігінің Қазынашылық комитеті — KKMFKZ2A"),
        "{page}"
    );
    let r = Request::post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from("outcome=paid&lang=kk&card=4400"))
        .expect("a request");
    let r = app.send(r).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers().get("location").and_then(|v| v.to_str().ok()),
        Some(format!("/applications/{id}/payment?lang=kk").as_str())
    );
    assert_eq!(view(&app, &me, &id).await["status"], json!({"status": "paid"}));
    // The page of an ended payment says so.
    assert!(body_text(app.get(&url).await).await.contains("завершён"));
}

#[tokio::test]
async fn an_incomplete_application_cannot_be_paid() {
    let app = test_app().await;
    let me = app.register("ie", IE, "erlan@example.kz").await;
    let id = id_of(&app.draft(&me, "passenger-transport", "issuance").await);
    let (status, problem) = start_payment(&app, &me, &id).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(problem["errors"].as_array().is_some_and(|e| !e.is_empty()));
    assert_eq!(view(&app, &me, &id).await["status"], json!({"status": "draft"}));
}

/// Paying online names the beneficiary (seed 000:698, "Наименование
/// бенефициара *"): without one, or with one not in the list, the gateway
/// is not opened, and the error says which field.
#[tokio::test]
async fn online_payment_needs_a_beneficiary_from_the_list() {
    let app = test_app().await;
    let me = app.register("ie", IE, "erlan@example.kz").await;
    let v = app.complete_draft(&me, "passenger-transport", "issuance").await;
    let id = id_of(&v);
    let mut version = v["version"].clone();
    for (given, message) in [
        ("", "field.choose_one"),
        ("ГУ Налоговое управление по г.Актобе", "field.choose_from_list"),
    ] {
        let mut form = v["form"].clone();
        form["payment"]["beneficiary"] = json!(given);
        let r = app
            .json(
                "PUT",
                &format!("/api/applications/{id}"),
                json!({"version": version, "form": form}),
                Some(&me),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        version = body_json(r).await["version"].clone();
        let (status, problem) = start_payment(&app, &me, &id).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
        assert_eq!(problem["errors"][0]["path"], json!("payment.beneficiary"));
        assert_eq!(problem["errors"][0]["message"], json!(message));
    }
}

#[tokio::test]
async fn a_payment_order_must_match_the_fee_and_carry_its_scan() {
    let app = test_app().await;
    let me = app.register("le", LE, "office@korgan.kz").await;
    let v = app.complete_draft(&me, "security", "issuance").await;
    let id = id_of(&v);
    let fee = v["fee"].as_i64().expect("a fee");
    let mut form = v["form"].clone();
    // The paying bank and the tax authority are chosen from the lists
    // (seed 000:657-658): a name typed instead is refused by the server.
    form["payment"] = json!({"method": "order", "order": {
        "amount": "1000", "document_number": "145", "document_date": "2026-11-20",
        "bank": "Halyk Bank", "tax_authority": "УГД по Бостандыкскому району", "scan": ""}});
    let r = app
        .json(
            "PUT",
            &format!("/api/applications/{id}"),
            json!({"version": v["version"], "form": form}),
            Some(&me),
        )
        .await;
    let saved = body_json(r).await;
    let r = app
        .json(
            "POST",
            &format!("/api/applications/{id}/payment-order"),
            json!({}),
            Some(&me),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let paths: Vec<Value> = body_json(r).await["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["path"].clone())
        .collect();
    assert_eq!(
        paths,
        [
            json!("payment.amount"),
            json!("payment.bank"),
            json!("payment.tax_authority"),
            json!("payment.scan")
        ]
    );

    form["payment"]["order"]["amount"] = json!(format!("{}", fee / 100));
    form["payment"]["order"]["bank"] = json!("HSBKKZKX");
    form["payment"]["order"]["tax_authority"] = json!("almaty-bostandyk");
    let r = app
        .json(
            "PUT",
            &format!("/api/applications/{id}"),
            json!({"version": saved["version"], "form": form}),
            Some(&me),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        app.upload_pdf(&me, &id, "payment-order", "order 145").await.status(),
        StatusCode::CREATED
    );
    let r = app
        .json(
            "POST",
            &format!("/api/applications/{id}/payment-order"),
            json!({}),
            Some(&me),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let v = body_json(r).await;
    assert_eq!(v["status"], json!({"status": "paid"}));
    assert_eq!(v["form"]["payment"]["order"]["scan"].as_str().map(str::len), Some(64));
}

#[tokio::test]
async fn certificates_are_issued_listed_renewed_and_revoked_by_their_holder_only() {
    let app = test_app().await;
    let me = app.register("ie", IE, "erlan@example.kz").await;
    let other = app.register("ie", IE2, "aigerim@example.kz").await;
    let (_, first) = certificate(&app, &me).await;
    assert_eq!(first["identifier"], json!(IE));
    assert_eq!(
        first["not_after"]
            .as_i64()
            .zip(first["not_before"].as_i64())
            .map(|(a, b)| a - b),
        Some(365 * 86_400)
    );
    let (_, second) = certificate(&app, &me).await;
    let list = body_json(app.with_cookie("GET", "/api/certificates", &me).await).await;
    assert_eq!(list[0]["serial"], second["serial"]);
    assert!(
        list[1]["revoked_at"].is_i64(),
        "a renewal revokes the earlier certificate: {list}"
    );
    assert!(list[0]["revoked_at"].is_null());

    let path = format!(
        "/api/certificates/{}/revocation",
        second["serial"].as_str().expect("a serial")
    );
    assert_eq!(
        app.with_cookie("POST", &path, &other).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.with_cookie("POST", &path, &me).await.status(),
        StatusCode::NO_CONTENT
    );
    let list = body_json(app.with_cookie("GET", "/api/certificates", &me).await).await;
    assert!(list[0]["revoked_at"].is_i64());
    assert_eq!(
        body_json(app.with_cookie("GET", "/api/certificates", &other).await).await,
        json!([])
    );

    let r = app
        .json(
            "POST",
            "/api/certificates",
            json!({"public_key": "bm90IGEga2V5", "password": "correct horse battery"}),
            Some(&me),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body_json(r).await["errors"][0]["message"], json!("eds.bad_key"));
}

#[tokio::test]
async fn a_certificate_is_issued_only_with_the_password_given_again() {
    let app = test_app().await;
    let me = app.register("ie", IE, "erlan@example.kz").await;
    let key = crate::common::new_key();
    for (password, message) in [
        ("", "cert.password_missing"),
        ("a wrong password", "cert.password_wrong"),
    ] {
        let r = crate::common::ask_certificate(&app, &me, &key, password).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = body_json(r).await;
        assert_eq!(body["errors"][0]["path"], json!("certificate.password"), "{body}");
        assert_eq!(body["errors"][0]["message"], json!(message), "{body}");
    }
    // A session left open cannot be used to guess the password: after five
    // wrong ones even the right one waits.
    for _ in 0..4 {
        let r = crate::common::ask_certificate(&app, &me, &key, "a wrong password").await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let r = crate::common::ask_certificate(&app, &me, &key, "correct horse battery").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));
    assert_eq!(
        body_json(app.with_cookie("GET", "/api/certificates", &me).await).await,
        json!([]),
        "nothing was issued"
    );
    // The same guesses against the password change share the count.
    let r = app
        .json(
            "POST",
            "/api/me/password",
            json!({"current": "correct horse battery", "new": "a new long password"}),
            Some(&me),
        )
        .await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another holder is not held back by them.
    let other = app.register("ie", IE2, "aigerim@example.kz").await;
    let r = crate::common::ask_certificate(&app, &other, &key, "correct horse battery").await;
    assert_eq!(r.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn signing_registers_once_with_a_number_and_a_due_date() {
    let app = test_app().await;
    let me = app.register("ie", IE, "erlan@example.kz").await;
    let v = paid(&app, &me, "passenger-transport").await;
    let (key, cert) = certificate(&app, &me).await;
    let signature = sign(&key, &v);
    let (status, sent) = submit(&app, &me, &v, &cert, &signature, "k-1").await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    assert_eq!(sent["status"], json!({"status": "registered"}));
    let number = sent["number"].as_str().expect("a number").to_owned();
    assert_eq!(number, "KZ-2026-01-000001");
    // Registered on Monday 23 November 2026 at 10:00, in the office hours
    // 09:00-18:30 with lunch 13:00-14:30: clerk 1 h (11:00), head 3 h over
    // lunch (15:30), department head 2 h (17:30), executor 13 working days
    // (Thursday 10 December, 17:30), head 3 h (Friday 11:00), dispatch
    // 20 min.
    let due = shared::calendar::Timestamp::from_unix(sent["due_at"].as_i64().expect("a due date"));
    assert_eq!(due.to_string(), "2026-12-11 11:20");

    // A retry with the same key answers the same registration.
    let (status, again) = submit(&app, &me, &v, &cert, &signature, "k-1").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["number"], json!(number));
    // Another key is another sending: refused.
    let (status, problem) = submit(&app, &me, &v, &cert, &signature, "k-2").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["code"], json!("submission.already_sent"));

    // The sent application can no longer change.
    let id = id_of(&v);
    let r = app
        .json(
            "PUT",
            &format!("/api/applications/{id}"),
            json!({"version": sent["version"], "form": sent["form"]}),
            Some(&me),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    // And the signed snapshot cannot be touched, even by SQL.
    let tamper = sqlx::query("UPDATE submissions SET signature = 'x'")
        .execute(&app.db.pool)
        .await;
    assert!(tamper.is_err(), "the snapshot is immutable");
    let notes = body_json(app.with_cookie("GET", "/api/notifications", &me).await).await;
    assert_eq!(notes["rows"][0]["message"], json!("notify.registered"));
    assert_eq!(notes["rows"][0]["args"]["number"], json!(number));
    // The notice gives the moment the result is due, date and time (seed 003:363).
    let due = view(&app, &me, &id).await["due_at"].as_i64().expect("a due moment");
    assert_eq!(notes["rows"][0]["args"]["date"], json!(due.to_string()));
    let list = body_json(app.with_cookie("GET", "/api/applications", &me).await).await;
    assert_eq!(list["rows"][0]["number"], json!(number));
}

#[tokio::test]
async fn an_unpaid_application_cannot_be_signed() {
    let app = test_app().await;
    let me = app.register("ie", IE, "erlan@example.kz").await;
    let v = app.complete_draft(&me, "passenger-transport", "issuance").await;
    let (key, cert) = certificate(&app, &me).await;
    let (status, problem) = submit(&app, &me, &v, &cert, &sign(&key, &v), "k").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["code"], json!("no-payment"));
    assert_eq!(problem["message"], json!("refusal.no_payment"));
}

#[tokio::test]
async fn each_signature_failure_has_its_own_refusal() {
    let app = test_app().await;
    let me = app.register("ie", IE, "erlan@example.kz").await;
    let other = app.register("ie", IE2, "aigerim@example.kz").await;
    let v = paid(&app, &me, "passenger-transport").await;
    let (key, cert) = certificate(&app, &me).await;

    // A signature over other content.
    let mut changed = v.clone();
    changed["form"]["applicant"]["ie"]["surname"] = json!("Someone else");
    let (status, p) = submit(&app, &me, &v, &cert, &sign(&key, &changed), "a").await;
    assert_eq!(
        (status, p["code"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("eds-invalid"))
    );

    // Another person's certificate and key.
    let (other_key, other_cert) = certificate(&app, &other).await;
    let (_, p) = submit(&app, &me, &v, &other_cert, &sign(&other_key, &v), "b").await;
    assert_eq!(p["code"], json!("eds-id-mismatch"));

    // A revoked certificate.
    let path = format!(
        "/api/certificates/{}/revocation",
        cert["serial"].as_str().expect("a serial")
    );
    assert_eq!(
        app.with_cookie("POST", &path, &me).await.status(),
        StatusCode::NO_CONTENT
    );
    let (_, p) = submit(&app, &me, &v, &cert, &sign(&key, &v), "c").await;
    assert_eq!(p["code"], json!("eds-revoked"));
    assert_eq!(p["message"], json!("refusal.eds_revoked"));

    // An expired one: a year and a day later.
    let (key, cert) = certificate(&app, &me).await;
    app.clock.advance(366 * 86_400);
    let again =
        crate::common::session_cookie(&app.sign_in(IE, "correct horse battery").await).expect("signed in again");
    let (_, p) = submit(&app, &again, &v, &cert, &sign(&key, &v), "d").await;
    assert_eq!(p["code"], json!("eds-expired"));

    assert_eq!(
        view(&app, &again, &id_of(&v)).await["status"],
        json!({"status": "paid"})
    );
}

#[tokio::test]
async fn a_stale_version_is_not_signed() {
    let app = test_app().await;
    let me = app.register("ie", IE, "erlan@example.kz").await;
    let v = paid(&app, &me, "passenger-transport").await;
    let (key, cert) = certificate(&app, &me).await;
    let mut stale = v.clone();
    stale["version"] = json!(v["version"].as_i64().expect("a version") - 1);
    let (status, p) = submit(&app, &me, &stale, &cert, &sign(&key, &v), "k").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(p["code"], json!("draft.changed"));
}

#[tokio::test]
async fn another_applicant_can_neither_pay_nor_sign() {
    let app = test_app().await;
    let me = app.register("ie", IE, "erlan@example.kz").await;
    let other = app.register("ie", IE2, "aigerim@example.kz").await;
    let v = paid(&app, &me, "passenger-transport").await;
    let id = id_of(&v);
    let (status, _) = start_payment(&app, &other, &id).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let r = app
        .json(
            "POST",
            &format!("/api/applications/{id}/payment-order"),
            json!({}),
            Some(&other),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let (key, cert) = certificate(&app, &other).await;
    let (status, _) = submit(&app, &other, &v, &cert, &sign(&key, &v), "k").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        body_json(app.with_cookie("GET", "/api/notifications", &other).await).await,
        json!({"rows": [], "next": null})
    );
}

#[tokio::test]
async fn fifty_pay_clicks_at_once_after_a_cancel_make_one_payable_payment() {
    let app = std::sync::Arc::new(test_app().await);
    let me = app.register("ie", IE, "erlan@example.kz").await;
    let v = app.complete_draft(&me, "passenger-transport", "issuance").await;
    let id = id_of(&v);
    let (_, first) = start_payment(&app, &me, &id).await;
    let amount = first["amount"].as_i64().expect("an amount");
    let first_id = first["payment_id"].as_str().expect("a payment");
    assert_eq!(
        notify(&app, first_id, "cancelled", amount, true).await,
        StatusCode::NO_CONTENT
    );
    let mut clicks = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let (app, me, id) = (app.clone(), me.clone(), id.clone());
        clicks.spawn(async move { start_payment(&app, &me, &id).await });
    }
    let mut ids = std::collections::BTreeSet::new();
    let mut created = 0;
    while let Some(done) = clicks.join_next().await {
        let (status, checkout) = done.expect("a click");
        assert!(
            status == StatusCode::OK || status == StatusCode::CREATED,
            "{status}: {checkout}"
        );
        created += usize::from(status == StatusCode::CREATED);
        ids.insert(checkout["payment_id"].as_str().expect("a payment").to_owned());
    }
    assert_eq!(ids.len(), 1, "every click got the same payment: {ids:?}");
    assert!(created <= 1);
    let pending: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM payments WHERE application_id = $1 AND status = 'pending'")
            .bind(&id)
            .fetch_one(&app.db.pool)
            .await
            .expect("a count");
    assert_eq!(pending, 1);
    // A payment order is refused while the online payment is under way.
    let r = app
        .json(
            "POST",
            &format!("/api/applications/{id}/payment-order"),
            json!({}),
            Some(&me),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(body_json(r).await["code"], json!("payment.online_pending"));
}

#[tokio::test]
async fn money_is_never_forgotten_a_paid_application_is_withdrawn_not_deleted() {
    let app = test_app().await;
    let me = app.register("ie", IE, "erlan@example.kz").await;
    let v = paid(&app, &me, "passenger-transport").await;
    let id = id_of(&v);
    let r = app.with_cookie("DELETE", &format!("/api/applications/{id}"), &me).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(view(&app, &me, &id).await["status"], json!({"status": "withdrawn"}));
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payments WHERE application_id = $1 AND status = 'paid'")
        .bind(&id)
        .fetch_one(&app.db.pool)
        .await
        .expect("a count");
    assert_eq!(kept, 1, "the payment stays");
    let r = sqlx::query("DELETE FROM applications WHERE id = $1")
        .bind(&id)
        .execute(&app.db.pool)
        .await;
    assert!(r.is_err(), "the database refuses too");
    // A draft without payments is still deleted outright.
    let draft = app.draft(&me, "passenger-transport", "issuance").await;
    let r = app
        .with_cookie("DELETE", &format!("/api/applications/{}", id_of(&draft)), &me)
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = app
        .with_cookie("GET", &format!("/api/applications/{}", id_of(&draft)), &me)
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_repeated_notification_repairs_an_application_left_behind_its_paid_payment() {
    let app = test_app().await;
    let me = app.register("ie", IE, "erlan@example.kz").await;
    let v = app.complete_draft(&me, "passenger-transport", "issuance").await;
    let id = id_of(&v);
    let (_, checkout) = start_payment(&app, &me, &id).await;
    let amount = checkout["amount"].as_i64().expect("an amount");
    let payment = checkout["payment_id"].as_str().expect("a payment");
    // As if the server had stopped between the payment and the application.
    sqlx::query("UPDATE payments SET status = 'paid' WHERE id = $1")
        .bind(payment)
        .execute(&app.db.pool)
        .await
        .expect("an update");
    assert_eq!(
        view(&app, &me, &id).await["status"],
        json!({"status": "awaiting-payment"})
    );
    assert_eq!(
        notify(&app, payment, "paid", amount, true).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(view(&app, &me, &id).await["status"], json!({"status": "paid"}));
}

#[tokio::test]
async fn without_the_sandboxes_nothing_of_theirs_is_served_or_stored_and_the_real_systems_are_used() {
    use hmac::Mac as _;
    let dir = tempfile::tempdir().expect("a directory");
    // The national authority's root, as a PEM file (one made here stands in).
    let national = ruqsat_backend::eds::SandboxCa::generate(0).expect("a root");
    let pem = format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            ruqsat_backend::eds::CertificationAuthority::root(&national)
        )
    );
    let root = dir.path().join("root.pem");
    std::fs::write(&root, pem).expect("a root file");
    let key = dir.path().join("gateway.key");
    std::fs::write(&key, "a key shared with the real gateway, 32+ bytes\n").expect("a key file");
    let too_short = dir.path().join("short.key");
    std::fs::write(&too_short, "short").expect("a key file");
    assert!(ruqsat_backend::payments::HostedGateway::new("https://pay.example.kz/", &too_short).is_err());
    assert!(
        ruqsat_backend::eds::NationalCa::from_file(&key).is_err(),
        "not a certificate"
    );
    let real = ruqsat_backend::state::Deployment {
        ca: ruqsat_backend::eds::NationalCa::from_file(&root).expect("the root"),
        gateway: ruqsat_backend::payments::HostedGateway::new("https://pay.example.kz/checkout/", &key)
            .expect("the gateway"),
    };
    let app = crate::common::deployment_app(real).await;
    let health = body_json(app.get("/api/health").await).await;
    assert_eq!(health["sandboxes"], json!(false));
    let stored = sqlx::query("SELECT COUNT(*) AS n FROM sandbox_keys")
        .fetch_one(&app.db.pool)
        .await
        .expect("a count");
    assert_eq!(
        sqlx::Row::try_get::<i64, _>(&stored, "n").expect("n"),
        0,
        "no sandbox key in the database"
    );
    // The authority's root is the national one; nothing is issued here.
    let r = app.get("/api/ca/root.cer").await;
    let served = axum::body::to_bytes(r.into_body(), 1 << 20).await.expect("a body");
    assert_eq!(
        served.as_ref(),
        ruqsat_backend::eds::CertificationAuthority::root(&national)
    );
    let me = app.register("ie", IE, "erlan@example.kz").await;
    let r = crate::common::ask_certificate(&app, &me, &crate::common::new_key(), "correct horse battery").await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(body_json(r).await["message"], json!("cert.national_authority"));
    // The applicant pays at the real gateway, which notifies with its key.
    let v = app.complete_draft(&me, "passenger-transport", "issuance").await;
    let id = id_of(&v);
    let (status, checkout) = start_payment(&app, &me, &id).await;
    assert_eq!(status, StatusCode::CREATED);
    let payment = checkout["payment_id"].as_str().expect("a payment").to_owned();
    assert_eq!(
        checkout["url"],
        json!(format!("https://pay.example.kz/checkout/{payment}"))
    );
    let r = app.get(&format!("/sandbox/gateway/{payment}")).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "no sandbox checkout page");
    let body = json!({"payment_id": payment, "outcome": "paid", "amount": 186 * 4325 * 100, "reference": "BANK-1"})
        .to_string();
    let mut mac = <hmac::Hmac<sha2::Sha256> as hmac::digest::KeyInit>::new_from_slice(
        b"a key shared with the real gateway, 32+ bytes",
    )
    .expect("a key");
    mac.update(body.as_bytes());
    let signature: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    let r = app
        .send(
            Request::post("/api/payments/notifications")
                .header("content-type", "application/json")
                .header("x-gateway-signature", signature)
                .body(Body::from(body))
                .expect("a request"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(view(&app, &me, &id).await["status"], json!({"status": "paid"}));
}
