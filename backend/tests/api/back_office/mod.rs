//! The provider's back office: staff sign-in and permissions, every
//! service's chain for every request type driven from the catalogue, the
//! inbox, conclusions, inspection, decisions signed with staff EDS, the
//! licence register and documents, and the hash-chained audit log.

mod access;
mod audit;
mod chains;
mod decisions;
mod inbox;
mod licences;
mod members;

use crate::common::{
    TestApp, body_json, case_at, id_of, new_key, registered, registered_by_store, session_cookie, test_app,
};
use axum::http::StatusCode;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};
use p256::pkcs8::EncodePublicKey as _;
use serde_json::{Value, json};
use shared::catalog::{RequestType, catalog};
use shared::workflow::StepKind;

pub(crate) const LE: &str = "990340001230";
pub(crate) const IE: &str = "860101300017";
pub(super) const PASSWORD: &str = "ruqsat-staff-demo";

/// The demo logins' prefix for a provider.
pub(super) fn prefix(provider: &str) -> &'static str {
    match provider {
        "transport-dept" => "transport",
        "police-dept" => "police",
        "city-economy-dept" => "economy",
        _ => "oblast",
    }
}

/// The app with the demo staff loaded.
pub(crate) async fn back_office() -> TestApp {
    let app = test_app().await;
    ruqsat_backend::staff::seed_demo(&app.db, 0)
        .await
        .expect("the demo staff");
    app
}

/// Signs a staff member in; returns the cookie.
pub(crate) async fn staff(app: &TestApp, login: &str) -> String {
    let r = app
        .json(
            "POST",
            "/api/staff/sessions",
            json!({"login": login, "password": PASSWORD}),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "staff sign-in of {login}");
    session_cookie(&r).expect("a staff cookie")
}

pub(super) async fn case(app: &TestApp, cookie: &str, id: &str) -> (StatusCode, Value) {
    let r = app.with_cookie("GET", &format!("/api/staff/cases/{id}"), cookie).await;
    let status = r.status();
    (status, body_json(r).await)
}

pub(super) async fn act(app: &TestApp, cookie: &str, id: &str, action: Value) -> (StatusCode, Value) {
    let r = app
        .json("POST", &format!("/api/staff/cases/{id}/actions"), action, Some(cookie))
        .await;
    let status = r.status();
    (status, body_json(r).await)
}

pub(super) async fn ok(app: &TestApp, cookie: &str, id: &str, action: Value) -> Value {
    let (status, body) = act(app, cookie, id, action.clone()).await;
    assert_eq!(status, StatusCode::OK, "{action} → {body}");
    body
}

/// A staff certificate for a new key, the member's password given again.
pub(super) async fn staff_certificate(app: &TestApp, cookie: &str, password: &str) -> (SigningKey, String) {
    let key = new_key();
    let spki = key.verifying_key().to_public_key_der().expect("a public key");
    let r = app
        .json(
            "POST",
            "/api/staff/certificates",
            json!({"public_key": B64.encode(spki.as_bytes()), "password": password}),
            Some(cookie),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let der = body_json(r).await["der"].as_str().expect("der").to_owned();
    (key, der)
}

/// Signs the drafted decision as the case view offers it, checking that
/// the bytes are the shared function's.
pub(super) async fn sign_decision(app: &TestApp, cookie: &str, id: &str) -> (StatusCode, Value) {
    let (_, view) = case(app, cookie, id).await;
    let to_sign = B64
        .decode(view["decision"]["to_sign"].as_str().expect("bytes to sign"))
        .expect("base64");
    let outcome = serde_json::from_value(view["decision"]["outcome"].clone()).expect("an outcome");
    let number = view["number"].as_str().expect("a number");
    assert_eq!(to_sign, shared::review::decision_bytes(id, number, &outcome));
    let (key, der) = staff_certificate(app, cookie, PASSWORD).await;
    let sig: Signature = key.sign(&to_sign);
    act(
        app,
        cookie,
        id,
        json!({"action": "sign-decision", "certificate": der, "signature": B64.encode(sig.to_bytes())}),
    )
    .await
}

/// Drives a registered application along its catalogue chain to a signed
/// decision; returns the final case view.
pub(super) async fn run_chain(app: &TestApp, id: &str, service: &str, rt: RequestType, decision: Value) -> Value {
    run_chain_timed(app, id, (service, rt), decision, &[]).await
}

/// [`run_chain`], the clock moved forward by `advances[i]` seconds before
/// the `i`th step is acted on (so each step takes a known time).
pub(crate) async fn run_chain_timed(
    app: &TestApp,
    id: &str,
    (service, rt): (&str, RequestType),
    decision: Value,
    advances: &[i64],
) -> Value {
    let s = catalog().service(service).expect("a service");
    let p = prefix(&s.provider);
    let chain = s.chain(rt);
    for (i, (step, _)) in chain.steps.iter().enumerate() {
        app.clock.advance(advances.get(i).copied().unwrap_or(0));
        let role = serde_json::to_value(step.role).expect("a role");
        let login = format!("{p}.{}", role.as_str().expect("a role"));
        let cookie = staff(app, &login).await;
        let (status, before) = case(app, &cookie, id).await;
        assert_eq!(status, StatusCode::OK, "{login} reads the case");
        match step.kind {
            // Taken at the provider's own counter, the file was registered
            // by the clerk who took it.
            StepKind::Intake if before["incoming_number"].is_string() => {}
            StepKind::Intake => {
                assert_eq!(before["actions"], json!(["register"]), "{service}: intake");
                let after = ok(app, &cookie, id, json!({"action": "register"})).await;
                assert!(after["incoming_number"].is_string());
            }
            StepKind::Resolution => {
                ok(app, &cookie, id, json!({"action": "resolve", "note": "На исполнение"})).await;
            }
            StepKind::Review => {
                if step.conclusion {
                    ok(
                        app,
                        &cookie,
                        id,
                        json!({"action": "request-conclusion", "question": "Согласуете?"}),
                    )
                    .await;
                    let body = staff(app, &format!("{p}.external-body")).await;
                    let (status, _) = case(app, &body, id).await;
                    assert_eq!(
                        status,
                        StatusCode::OK,
                        "the external body reads the case it is asked about"
                    );
                    ok(
                        app,
                        &body,
                        id,
                        json!({"action": "answer-conclusion", "positive": true, "text": "Согласовано"}),
                    )
                    .await;
                }
                let after = ok(app, &cookie, id, json!({"action": "check-completeness", "missing": []})).await;
                let next = chain.steps.get(i + 1).map(|(n, _)| n.kind);
                if next == Some(StepKind::Signing) {
                    assert!(
                        after["actions"]
                            .as_array()
                            .expect("actions")
                            .contains(&json!("draft-decision"))
                    );
                    ok(
                        app,
                        &cookie,
                        id,
                        json!({"action": "draft-decision", "decision": decision.clone()}),
                    )
                    .await;
                }
            }
            StepKind::Inspection => {
                let report = json!({"date": "2026-11-24", "inspectors": "Тимур Есенов", "findings": "Склад соответствует", "compliant": true});
                let after = ok(
                    app,
                    &cookie,
                    id,
                    json!({"action": "complete-inspection", "report": report}),
                )
                .await;
                if chain.steps.get(i + 1).map(|(n, _)| n.kind) == Some(StepKind::Signing) {
                    // The executor stays to draw up the decision (seed 004:153).
                    assert_eq!(
                        after["actions"],
                        json!(["draft-decision"]),
                        "{service}: the inspection is recorded once"
                    );
                    ok(
                        app,
                        &cookie,
                        id,
                        json!({"action": "draft-decision", "decision": decision.clone()}),
                    )
                    .await;
                }
            }
            StepKind::Signing => {
                let (status, body) = sign_decision(app, &cookie, id).await;
                assert_eq!(status, StatusCode::OK, "{service}: signed: {body}");
                if chain.has_dispatch() {
                    assert_eq!(
                        body["status"]["status"],
                        json!("signed"),
                        "{service}: nothing dispatches by itself"
                    );
                } else {
                    assert!(
                        body["status"] == json!({"status": "issued"}) || body["status"] == json!({"status": "refused"}),
                        "{service}: the signer issues: {}",
                        body["status"]
                    );
                }
            }
            StepKind::Dispatch => {
                let (_, before) = case(app, &cookie, id).await;
                assert_eq!(
                    before["actions"],
                    json!(["dispatch"]),
                    "{service}: the clerk sends the result"
                );
                let after = ok(app, &cookie, id, json!({"action": "dispatch"})).await;
                assert!(
                    after["status"] == json!({"status": "issued"}) || after["status"] == json!({"status": "refused"}),
                    "the clerk sent the result: {}",
                    after["status"]
                );
            }
        }
    }
    let head = staff(app, &format!("{p}.head")).await;
    case(app, &head, id).await.1
}

pub(super) fn issue(service: &str) -> Value {
    match service {
        "veterinary" => json!({"outcome": "issue", "annex": "Ветеринарная аптека"}),
        // A paper certificate: where and from which working day to collect it.
        "tech-inspection-cert" => {
            json!({"outcome": "issue", "collection": {"place": COLLECT_AT, "date": "2026-12-02"}})
        }
        _ => json!({"outcome": "issue", "annex": ""}),
    }
}

/// Where the demo's certificates are collected.
pub(super) const COLLECT_AT: &str = "Тараз, ул. Толе би 42, каб. 105";

/// An issuance put straight at its signing step with the licence drafted
/// (no payment, no applicant's EDS), then signed by the chain's signer with
/// their own and sent by the clerk where the chain has a dispatch: the
/// application's id and the licence's number.
pub(super) async fn signed_licence(app: &TestApp, cookie: &str, service: &str) -> (String, String) {
    let decision = serde_json::from_value(issue(service)).expect("a decision");
    let id = case_at(app, cookie, (service, "issuance"), StepKind::Signing, Some(decision)).await;
    let body = signed_and_sent(app, &id, service, RequestType::Issuance).await;
    let number = body["licence"]["number"].as_str().expect("a licence").to_owned();
    (id, number)
}

/// A registered case at its signing step, its decision drafted, signed by
/// the chain's signer with their own EDS and sent by the clerk where the
/// chain has a dispatch: the case as its head then sees it.
pub(super) async fn signed_and_sent(app: &TestApp, id: &str, service: &str, rt: RequestType) -> Value {
    let s = catalog().service(service).expect("a service");
    let chain = s.chain(rt);
    let signer = chain
        .steps
        .iter()
        .find(|(st, _)| st.kind == StepKind::Signing)
        .map(|(st, _)| serde_json::to_value(st.role).expect("a role"))
        .expect("a signing step");
    let p = prefix(&s.provider);
    let signer = staff(app, &format!("{p}.{}", signer.as_str().expect("a role"))).await;
    let (status, body) = sign_decision(app, &signer, id).await;
    assert_eq!(status, StatusCode::OK, "signed: {body}");
    if chain.has_dispatch() {
        let clerk = staff(app, &format!("{p}.clerk")).await;
        ok(app, &clerk, id, json!({"action": "dispatch"})).await
    } else {
        body
    }
}

/// The text of a PDF, as pdftotext extracts it.
pub(super) fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("a directory");
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).expect("write the PDF");
    let out = std::process::Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils; the test command installs it)");
    assert!(out.status.success(), "pdftotext reads the document");
    String::from_utf8(out.stdout).expect("UTF-8")
}
