//! The counter: a service centre's operator takes a walk-in applicant's
//! application with a representative, the applicant's consent, the form,
//! the checklist of paper documents and the operator's EDS; the provider
//! runs its chain and sends the result by courier; the centre marks it
//! received and hands it out against the receipt and the ID. Who may see
//! and do what, and every refusal with its field.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use p256::ecdsa::Signature;
use p256::ecdsa::signature::Signer as _;
use serde_json::{Value, json};
use shared::catalog::{RequestType, catalog};
use shared::date::Date;

use crate::back_office::{IE, LE, PASSWORD, back_office, case, issue, run_chain, staff, staff_certificate};
use crate::common::{TestApp, body_bytes, body_json, error_paths};

const REPRESENTATIVE: &str = "000101500011";

async fn call(app: &TestApp, method: &str, path: &str, body: Value, cookie: &str) -> (StatusCode, Value) {
    let r = app.json(method, path, body, Some(cookie)).await;
    let status = r.status();
    (status, body_json(r).await)
}

async fn scan(app: &TestApp, cookie: &str, intake: &str, document: &str) -> StatusCode {
    let upload = Request::post(format!(
        "/api/desk/intakes/{intake}/attachments/{document}?name={document}.pdf"
    ))
    .header("cookie", cookie)
    .body(Body::from(format!("%PDF-1.4 {document}")))
    .expect("a request");
    app.send(upload).await.status()
}

fn message(problem: &Value) -> &str {
    problem["errors"][0]["message"].as_str().unwrap_or_default()
}

fn power(number: &str) -> Value {
    json!({"iin": REPRESENTATIVE, "name": "Омарова Дана",
           "power": {"kind": "notarised", "number": number, "date": "2026-03-02", "notary": "Қасымова Б. Т."}})
}

/// An intake started at a counter; its view.
async fn start(app: &TestApp, cookie: &str, service: &str, kind: &str, applicant: &str) -> Value {
    let body = json!({"service": service, "request_type": "issuance", "applicant_kind": kind, "applicant": applicant});
    let (status, view) = call(app, "POST", "/api/desk/intakes", body, cookie).await;
    assert_eq!(status, StatusCode::CREATED, "{view}");
    view
}

/// Consent scanned and recorded, the form filled from the example, every
/// required document scanned and marked original; the intake's view.
async fn filled(app: &TestApp, cookie: &str, id: &str, service: &str) -> Value {
    filled_paying(app, cookie, id, service, true).await
}

/// As [`filled`]; `by_order`: a fee is paid by the order the applicant
/// shows (else it is left to pay).
async fn filled_paying(app: &TestApp, cookie: &str, id: &str, service: &str, by_order: bool) -> Value {
    assert_eq!(scan(app, cookie, id, "consent").await, StatusCode::CREATED);
    let (status, view) = call(
        app,
        "POST",
        &format!("/api/desk/intakes/{id}/consent"),
        json!(null),
        cookie,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    let s = catalog().service(service).expect("a service");
    let app_view = &view["application"];
    let kind = serde_json::from_value(app_view["form"]["applicant"]["kind"].clone()).expect("a kind");
    let mut form = shared::form::example(
        s,
        RequestType::Issuance,
        kind,
        Date::from_ymd(2026, 11, 23).expect("a day"),
    );
    form.applicant = serde_json::from_value(app_view["form"]["applicant"].clone()).expect("the applicant");
    if let Some(fee) = app_view["fee"].as_i64().filter(|_| by_order) {
        // The applicant shows a payment order at the counter.
        form.payment.method = Some(shared::form::PaymentMethod::Order);
        let o = &mut form.payment.order;
        o.amount = (fee / 100).to_string();
        o.document_number = "145".to_owned();
        o.document_date = "2026-11-20".to_owned();
        o.bank = "HSBKKZKX".to_owned();
        o.tax_authority = "almaty-almaly".to_owned();
    }
    let body = json!({"version": app_view["version"], "form": form});
    let (status, saved) = call(app, "PUT", &format!("/api/desk/intakes/{id}/application"), body, cookie).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let mut checklist = Vec::new();
    for d in s.documents_for(RequestType::Issuance) {
        assert_eq!(scan(app, cookie, id, &d.id).await, StatusCode::CREATED);
        checklist.push(json!({"document": d.id, "presented": "original"}));
    }
    let (status, view) = call(
        app,
        "PUT",
        &format!("/api/desk/intakes/{id}/documents"),
        json!(checklist),
        cookie,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    if s.fee.is_none() || !by_order {
        return view;
    }
    assert_eq!(scan(app, cookie, id, "payment-order").await, StatusCode::CREATED);
    let path = format!("/api/desk/intakes/{id}/payment-order");
    let (status, view) = call(app, "POST", &path, json!(null), cookie).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["application"]["status"], json!({"status": "paid"}));
    view
}

/// The operator signs the application with their staff certificate.
async fn sign_and_send(app: &TestApp, cookie: &str, id: &str) -> (StatusCode, Value) {
    let r = app
        .with_cookie("GET", &format!("/api/desk/intakes/{id}/application"), cookie)
        .await;
    let view = body_json(r).await;
    let form: shared::form::ApplicationForm = serde_json::from_value(view["form"].clone()).expect("a form");
    let bytes = shared::signing::canonical_bytes(view["id"].as_str().expect("an id"), &form);
    let (key, der) = staff_certificate(app, cookie, PASSWORD).await;
    let sig: Signature = key.sign(&bytes);
    let body = json!({"version": view["version"], "certificate": der, "signature": B64.encode(sig.to_bytes()),
                      "idempotency_key": format!("desk-{id}")});
    call(app, "POST", &format!("/api/desk/intakes/{id}/submission"), body, cookie).await
}

#[tokio::test]
async fn a_centre_takes_an_application_and_hands_the_result_out() {
    let app = back_office().await;
    let operator = staff(&app, "almaty-centre.operator").await;
    let r = app.with_cookie("GET", "/api/desk", &operator).await;
    let info = body_json(r).await;
    assert_eq!(info["channel"], json!("service-centre"));
    assert_eq!(info["services"], json!(["passenger-transport", "tech-inspection-cert"]));

    let intake = start(&app, &operator, "tech-inspection-cert", "ie", IE).await;
    let id = intake["id"].as_str().expect("an id").to_owned();
    assert_eq!(intake["stage"], json!("open"));
    assert_eq!(
        intake["application"]["form"]["applicant"]["ie"]["surname"],
        json!(""),
        "no register data before consent"
    );

    // The notary register refuses a revoked power; nothing is kept.
    let path = format!("/api/desk/intakes/{id}/representative");
    let (status, problem) = call(&app, "PUT", &path, power("NP-2026-000102"), &operator).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_paths(&problem), ["representative.power.number"]);
    assert_eq!(message(&problem), "staff.desk_poa_revoked");
    let (_, problem) = call(&app, "PUT", &path, power("NP-0000"), &operator).await;
    assert_eq!(message(&problem), "staff.desk_poa_not_found");
    let (status, view) = call(&app, "PUT", &path, power("NP-2026-000101"), &operator).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["representative"]["iin"], json!(REPRESENTATIVE));

    // Consent first: the form is not filled without it, nor consent recorded without its scan.
    let save = json!({"version": intake["application"]["version"], "form": intake["application"]["form"]});
    let (status, problem) = call(
        &app,
        "PUT",
        &format!("/api/desk/intakes/{id}/application"),
        save,
        &operator,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["code"], json!("staff.desk_consent_missing"), "{problem}");
    let (status, problem) = call(
        &app,
        "POST",
        &format!("/api/desk/intakes/{id}/consent"),
        json!(null),
        &operator,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_paths(&problem), ["documents.consent"]);

    // Without the checklist, the operator cannot sign.
    assert_eq!(scan(&app, &operator, &id, "consent").await, StatusCode::CREATED);
    let (_, view) = call(
        &app,
        "POST",
        &format!("/api/desk/intakes/{id}/consent"),
        json!(null),
        &operator,
    )
    .await;
    assert_eq!(
        view["application"]["form"]["applicant"]["ie"]["surname"],
        json!("Сейітов")
    );
    assert!(view["consent"]["at"].is_i64());
    let view = filled(&app, &operator, &id, "tech-inspection-cert").await;
    assert_eq!(view["application"]["errors"], json!([]), "{view}");
    let (status, problem) = sign_and_send(&app, &operator, &id).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(error_paths(&problem), ["documents.power-of-attorney"]);
    assert_eq!(
        scan(&app, &operator, &id, "power-of-attorney").await,
        StatusCode::CREATED
    );

    let (status, sent) = sign_and_send(&app, &operator, &id).await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    assert_eq!(sent["stage"], json!("sent"));
    let receipt = sent["receipt"].as_str().expect("a receipt").to_owned();
    assert!(receipt.starts_with("Q-"), "{receipt}");
    assert!(sent["application"]["number"].is_string());
    let (status, _) = call(
        &app,
        "PUT",
        &format!("/api/desk/intakes/{id}/documents"),
        json!([]),
        &operator,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "a sent intake is closed");
    let pdf = app
        .with_cookie("GET", &format!("/api/desk/intakes/{id}/receipt.pdf"), &operator)
        .await;
    assert_eq!(pdf.status(), StatusCode::OK);
    assert!(body_bytes(pdf).await.starts_with(b"%PDF"));

    // Another centre's operator does not see it; the centre's head does.
    let other = staff(&app, "astana-centre.operator").await;
    assert_eq!(
        app.with_cookie("GET", &format!("/api/desk/intakes/{id}"), &other)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let list = body_json(app.with_cookie("GET", "/api/desk/intakes", &other).await).await;
    assert_eq!(list["rows"], json!([]));
    let head = staff(&app, "almaty-centre.head").await;
    let list = body_json(app.with_cookie("GET", "/api/desk/intakes", &head).await).await;
    assert_eq!(list["rows"][0]["receipt"], json!(receipt));

    // The provider's chain; the office sends the certificate by courier.
    let application = sent["application"]["id"].as_str().expect("an id").to_owned();
    // The operator who filed it acts in no step of the provider's chain.
    let (status, _) = crate::back_office::act(&app, &operator, &application, json!({"action": "register"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not the operator's case");
    let clerk = staff(&app, "transport.clerk").await;
    let (status, case_view) = case(&app, &clerk, &application).await;
    assert_eq!(status, StatusCode::OK);
    // The provider sees the operator's signature, valid, in their name.
    let signature = &case_view["signature"];
    assert_eq!(signature["check"], json!("valid"), "{signature}");
    assert_eq!(signature["identifier"], json!("IIN850612410007"), "{signature}");
    // Nothing to hand out before the result is back.
    let hand = json!({"receipt": receipt, "iin": IE});
    let (status, _) = call(
        &app,
        "POST",
        &format!("/api/desk/intakes/{id}/hand-out"),
        hand.clone(),
        &operator,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, problem) = call(
        &app,
        "POST",
        &format!("/api/desk/intakes/{id}/received"),
        json!(null),
        &operator,
    )
    .await;
    assert_eq!(
        (status, problem["code"].clone()),
        (StatusCode::CONFLICT, json!("staff.desk_not_dispatched"))
    );
    let last = run_chain(
        &app,
        &application,
        "tech-inspection-cert",
        RequestType::Issuance,
        issue("tech-inspection-cert"),
    )
    .await;
    assert_eq!(last["status"], json!({"status": "issued"}));
    let log = last["timeline"].as_array().expect("a timeline");
    assert_eq!(log[0]["role"], json!("operator"), "the operator filed it: {}", log[0]);

    let (status, view) = call(
        &app,
        "POST",
        &format!("/api/desk/intakes/{id}/received"),
        json!(null),
        &operator,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["stage"], json!("result-here"));
    // The applicant is back with the receipt: the hand-out's 20 minutes start.
    let (_, problem) = call(&app, "POST", "/api/desk/arrivals", json!({"receipt": "Q-1"}), &operator).await;
    assert_eq!(error_paths(&problem), ["receipt"]);
    let (status, view) = call(
        &app,
        "POST",
        "/api/desk/arrivals",
        json!({"receipt": receipt}),
        &operator,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["id"], json!(id));
    assert!(view["arrived_at"].is_i64());
    let (_, other) = call(
        &app,
        "POST",
        "/api/desk/arrivals",
        json!({"receipt": receipt}),
        &staff(&app, "astana-centre.operator").await,
    )
    .await;
    assert_eq!(
        error_paths(&other),
        ["receipt"],
        "another centre's receipt is unknown here"
    );
    let wrong = json!({"receipt": "Q-2026-999999", "iin": IE});
    let (_, problem) = call(
        &app,
        "POST",
        &format!("/api/desk/intakes/{id}/hand-out"),
        wrong,
        &operator,
    )
    .await;
    assert_eq!(error_paths(&problem), ["receipt"]);
    let stranger = json!({"receipt": receipt, "iin": "850612410007"});
    let (_, problem) = call(
        &app,
        "POST",
        &format!("/api/desk/intakes/{id}/hand-out"),
        stranger,
        &operator,
    )
    .await;
    assert_eq!(
        (error_paths(&problem), message(&problem)),
        (vec!["iin".to_owned()], "staff.desk_not_entitled")
    );
    let to_representative = json!({"receipt": receipt, "iin": REPRESENTATIVE});
    let (status, view) = call(
        &app,
        "POST",
        &format!("/api/desk/intakes/{id}/hand-out"),
        to_representative,
        &operator,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["stage"], json!("handed-out"));
    assert_eq!(view["handed_out"]["to"], json!(REPRESENTATIVE));
    let result = app
        .with_cookie("GET", &format!("/api/desk/intakes/{id}/result.pdf"), &operator)
        .await;
    assert_eq!(result.status(), StatusCode::OK, "the counter prints the result");
}

#[tokio::test]
async fn only_a_counter_reaches_the_desk_and_a_head_only_watches() {
    let app = back_office().await;
    // A provider whose services are not taken in person has no counter.
    let clerk = staff(&app, "transport.clerk").await;
    let r = app.with_cookie("GET", "/api/desk", &clerk).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(body_json(r).await["code"], json!("not-allowed"));
    // An applicant's session is no staff session.
    let applicant = app.register("ie", IE, "walkin@example.kz").await;
    assert_eq!(
        app.with_cookie("GET", "/api/desk", &applicant).await.status(),
        StatusCode::UNAUTHORIZED
    );
    // The centre's head watches the queue but takes nothing.
    let head = staff(&app, "almaty-centre.head").await;
    let body =
        json!({"service": "tech-inspection-cert", "request_type": "issuance", "applicant_kind": "ie", "applicant": IE});
    let (status, _) = call(&app, "POST", "/api/desk/intakes", body.clone(), &head).await;
    assert_eq!(status, StatusCode::CONFLICT);
    // The operator's intake lands in the applicant's own cabinet.
    let operator = staff(&app, "almaty-centre.operator").await;
    let intake = start(&app, &operator, "tech-inspection-cert", "ie", IE).await;
    let mine = body_json(app.with_cookie("GET", "/api/applications", &applicant).await).await;
    assert_eq!(mine["rows"][0]["id"], intake["application"]["id"]);
    // They see it there, but cannot delete it from under the counter.
    let path = format!(
        "/api/applications/{}",
        intake["application"]["id"].as_str().expect("an id")
    );
    let r = app.with_cookie("DELETE", &path, &applicant).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(body_json(r).await["code"], json!("draft.at_counter"));
}

#[tokio::test]
async fn a_counter_refuses_what_it_does_not_take() {
    let app = back_office().await;
    let operator = staff(&app, "almaty-centre.operator").await;
    let start_with = |service: &str, kind: &str, applicant: &str| json!({"service": service, "request_type": "issuance", "applicant_kind": kind, "applicant": applicant});
    // A walk-in without a portal account gets one the counter holds, which
    // nobody can sign into.
    start(&app, &operator, "tech-inspection-cert", "ie", REPRESENTATIVE).await;
    let r = app.sign_in(REPRESENTATIVE, "correct horse battery").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // Security is not taken at a centre; a bad checksum; not in the register.
    let (_, problem) = call(
        &app,
        "POST",
        "/api/desk/intakes",
        start_with("security", "le", LE),
        &operator,
    )
    .await;
    assert_eq!(error_paths(&problem), ["service"]);
    let (_, problem) = call(
        &app,
        "POST",
        "/api/desk/intakes",
        start_with("tech-inspection-cert", "ie", "860101300018"),
        &operator,
    )
    .await;
    assert_eq!(message(&problem), "id.iin.checksum");
    let (_, problem) = call(
        &app,
        "POST",
        "/api/desk/intakes",
        start_with("tech-inspection-cert", "ie", "850612410007"),
        &operator,
    )
    .await;
    assert_eq!(message(&problem), "refusal.not_in_register");

    // The provider's clerk takes security in person; its paper is the inventory list.
    let police = staff(&app, "police.clerk").await;
    let info = body_json(app.with_cookie("GET", "/api/desk", &police).await).await;
    assert_eq!(info["channel"], json!("provider"));
    let intake = start(&app, &police, "security", "le", LE).await;
    assert_eq!(intake["channel"], json!("provider"));
    // A power that does not cover receiving is refused at the hand-out, and
    // a checked power is offered at the principal's next intake.
    let id = intake["id"].as_str().expect("an id");
    let path = format!("/api/desk/intakes/{id}/representative");
    let (status, _) = call(&app, "PUT", &path, power("NP-2026-000201"), &police).await;
    assert_eq!(status, StatusCode::OK);
    let again = start(&app, &police, "security", "le", LE).await;
    assert_eq!(again["representative"]["power"]["number"], json!("NP-2026-000201"));
}

#[tokio::test]
async fn the_provider_hands_a_veterinary_licence_out_at_its_own_counter() {
    let app = back_office().await;
    let clerk = staff(&app, "economy.clerk").await;
    let intake = start(&app, &clerk, "veterinary", "ie", REPRESENTATIVE).await;
    assert_eq!(intake["channel"], json!("provider"));
    let id = intake["id"].as_str().expect("an id").to_owned();
    filled(&app, &clerk, &id, "veterinary").await;
    let (status, sent) = sign_and_send(&app, &clerk, &id).await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    let text = pdf_text(
        body_bytes(
            app.with_cookie("GET", &format!("/api/desk/intakes/{id}/receipt.pdf"), &clerk)
                .await,
        )
        .await,
    );
    assert!(text.contains("Опись принятых документов"), "{text}");
    let application = sent["application"]["id"].as_str().expect("an id").to_owned();
    // The clerk who took it registered it in the journal at once.
    let (_, case_view) = case(&app, &clerk, &application).await;
    let incoming = case_view["incoming_number"].as_str().expect("an incoming number");
    assert!(text.contains(incoming), "the inventory list names {incoming}: {text}");
    // Nothing is handed out before the decision; nothing is "received" at a provider.
    let hand = json!({"receipt": sent["receipt"], "iin": REPRESENTATIVE});
    let (status, _) = call(
        &app,
        "POST",
        &format!("/api/desk/intakes/{id}/hand-out"),
        hand.clone(),
        &clerk,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = call(
        &app,
        "POST",
        &format!("/api/desk/intakes/{id}/received"),
        json!(null),
        &clerk,
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    // The office's clerk finds the order in the treasury's statement first.
    let check = json!({"action": "check-payment-order", "found": true, "note": "Выписка казначейства"});
    let (status, body) = crate::back_office::act(&app, &clerk, &application, check).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    run_chain(
        &app,
        &application,
        "veterinary",
        RequestType::Issuance,
        issue("veterinary"),
    )
    .await;
    let licence = pdf_text(
        body_bytes(
            app.with_cookie("GET", &format!("/api/desk/intakes/{id}/result.pdf"), &clerk)
                .await,
        )
        .await,
    );
    assert!(licence.contains("Место печати и подпись руководителя"), "{licence}");
    let (status, view) = call(&app, "POST", &format!("/api/desk/intakes/{id}/hand-out"), hand, &clerk).await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["stage"], json!("handed-out"));
}

/// The text of a PDF, as pdftotext extracts it.
fn pdf_text(bytes: Vec<u8>) -> String {
    assert!(bytes.starts_with(b"%PDF"), "a PDF");
    // Tests run side by side: a file of each call's own.
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!("ruqsat-desk-{}-{n}.pdf", std::process::id()));
    std::fs::write(&path, bytes).expect("write");
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext");
    let _ = std::fs::remove_file(&path);
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[tokio::test]
async fn a_walk_in_signs_on_their_own_phone_and_the_counter_follows() {
    let app = back_office().await;
    let operator = staff(&app, "almaty-centre.operator").await;
    // A walk-in without a portal account: the counter opens one they can claim.
    let intake = start(&app, &operator, "tech-inspection-cert", "ie", REPRESENTATIVE).await;
    let id = intake["id"].as_str().expect("an id").to_owned();
    let qr = format!("/api/desk/intakes/{id}/handover.svg");
    let r = app.with_cookie("GET", &qr, &operator).await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "not before the counter has the file");
    filled(&app, &operator, &id, "tech-inspection-cert").await;
    let r = app.with_cookie("GET", &qr, &operator).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "image/svg+xml");
    assert!(String::from_utf8(body_bytes(r).await).expect("text").contains("<svg"));

    // On the phone: registering with the IIN claims the counter's account.
    let phone = app.register("ie", REPRESENTATIVE, "dana@example.kz").await;
    let application = intake["application"]["id"].as_str().expect("an id");
    let view = crate::common::view(&app, &phone, application).await;
    assert_eq!(view["errors"], json!([]), "{view}");
    let (key, cert) = crate::common::certificate(&app, &phone).await;
    let signature = crate::common::sign(&key, &view);
    let (status, sent) = crate::common::submit(&app, &phone, &view, &cert, &signature, "phone").await;
    assert_eq!(status, StatusCode::OK, "{sent}");

    // The counter's page follows: sent, with its receipt.
    let r = app
        .with_cookie("GET", &format!("/api/desk/intakes/{id}"), &operator)
        .await;
    let after = body_json(r).await;
    assert_eq!(after["stage"], json!("sent"), "{after}");
    assert!(after["receipt"].as_str().is_some_and(|r| r.starts_with("Q-")));
    let clerk = staff(&app, "transport.clerk").await;
    let (_, case) = case(&app, &clerk, application).await;
    assert_eq!(
        case["timeline"][0]["role"],
        json!("applicant"),
        "signed by the applicant: {case}"
    );
}

#[tokio::test]
async fn the_fee_is_paid_by_card_at_the_counter_s_terminal() {
    let app = back_office().await;
    let operator = staff(&app, "almaty-centre.operator").await;
    let intake = start(&app, &operator, "passenger-transport", "ie", IE).await;
    let id = intake["id"].as_str().expect("an id").to_owned();
    filled_paying(&app, &operator, &id, "passenger-transport", false).await;
    let (status, checkout) = call(
        &app,
        "POST",
        &format!("/api/desk/intakes/{id}/payments"),
        json!(null),
        &operator,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{checkout}");
    let url = checkout["url"].as_str().expect("the gateway's page");
    let page = crate::common::body_text(app.get(&format!("{url}?lang=ru&return=/staff/desk/{id}")).await).await;
    assert!(
        page.contains(&format!("value=\"/staff/desk/{id}\"")),
        "the terminal goes back to the desk"
    );
    // The terminal takes the card and goes back to the intake, never elsewhere.
    let pay = |back: &str| {
        Request::post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(format!("outcome=paid&lang=ru&return={back}")))
            .expect("a request")
    };
    let r = app.send(pay("https%3A%2F%2Fevil.example")).await;
    let location = r.headers()["location"].to_str().expect("a location").to_owned();
    assert!(location.starts_with("/applications/"), "{location}");
    let r = app.send(pay(&format!("%2Fstaff%2Fdesk%2F{id}"))).await;
    assert_eq!(r.headers()["location"], format!("/staff/desk/{id}").as_str());
    let view = body_json(
        app.with_cookie("GET", &format!("/api/desk/intakes/{id}"), &operator)
            .await,
    )
    .await;
    assert_eq!(view["application"]["status"], json!({"status": "paid"}));
    let (status, sent) = sign_and_send(&app, &operator, &id).await;
    assert_eq!(status, StatusCode::OK, "{sent}");

    // Passenger transport through its chain; signed, the licence goes back
    // by courier, whose 4 working hours (seed 001:346) the dispatch counts.
    let application = sent["application"]["id"].as_str().expect("an id").to_owned();
    let last = run_chain(
        &app,
        &application,
        "passenger-transport",
        RequestType::Issuance,
        issue("passenger-transport"),
    )
    .await;
    let signed = last["timeline"]
        .as_array()
        .expect("a timeline")
        .iter()
        .find(|e| e["action"] == json!("sign-decision"))
        .expect("the signature")
        .clone();
    let at = shared::calendar::Timestamp::from_unix(signed["at"].as_i64().expect("when"));
    let courier = shared::calendar::Calendar::of_provider("transport-dept")
        .deadline(at, shared::calendar::Limit::Hours(4))
        .expect("a deadline");
    assert_eq!(signed["step_due_at"].as_i64(), Some(courier.unix()), "{signed}");
    let path = format!("/api/desk/intakes/{id}/received");
    let (status, _) = call(&app, "POST", &path, json!(null), &operator).await;
    assert_eq!(status, StatusCode::OK);
    let receipt = sent["receipt"].clone();
    let (status, _) = call(
        &app,
        "POST",
        "/api/desk/arrivals",
        json!({"receipt": receipt}),
        &operator,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let hand = json!({"receipt": receipt, "iin": IE});
    let (status, view) = call(
        &app,
        "POST",
        &format!("/api/desk/intakes/{id}/hand-out"),
        hand,
        &operator,
    )
    .await;
    assert_eq!(
        (status, view["stage"].clone()),
        (StatusCode::OK, json!("handed-out")),
        "{view}"
    );
}

#[tokio::test]
async fn a_grain_warehouse_taken_in_person_gets_the_registered_application_s_copy() {
    let app = back_office().await;
    let clerk = staff(&app, "oblast.clerk").await;
    let intake = start(&app, &clerk, "grain-warehouse", "le", LE).await;
    let id = intake["id"].as_str().expect("an id").to_owned();
    filled(&app, &clerk, &id, "grain-warehouse").await;
    let (status, sent) = sign_and_send(&app, &clerk, &id).await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    let application = sent["application"]["id"].as_str().expect("an id");
    let (_, case_view) = case(&app, &clerk, application).await;
    let incoming = case_view["incoming_number"].as_str().expect("registered at once");
    let path = format!("/api/desk/intakes/{id}/receipt.pdf");
    let text = pdf_text(body_bytes(app.with_cookie("GET", &path, &clerk).await).await);
    assert!(text.contains("Копия зарегистрированного заявления"), "{text}");
    assert!(text.contains(incoming), "{text}");
}
