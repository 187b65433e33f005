//! The provider's back office: staff sign-in and permissions, every
//! service's chain for every request type driven from the catalogue, the
//! inbox, conclusions, inspection, decisions signed with staff EDS, the
//! licence register and documents, and the hash-chained audit log.

use crate::common::{TestApp, body_json, id_of, registered, session_cookie, test_app};
use axum::http::StatusCode;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};
use p256::pkcs8::EncodePublicKey as _;
use serde_json::{Value, json};
use shared::catalog::{RequestType, catalog};
use shared::workflow::StepKind;

const LE: &str = "990340001230";
const IE: &str = "860101300017";
const PASSWORD: &str = "ruqsat-staff-demo";

/// The demo logins' prefix for a provider.
fn prefix(provider: &str) -> &'static str {
    match provider {
        "transport-dept" => "transport",
        "police-dept" => "police",
        "city-economy-dept" => "economy",
        _ => "oblast",
    }
}

/// The app with the demo staff loaded.
async fn back_office() -> TestApp {
    let app = test_app().await;
    ruqsat_backend::staff::seed_demo(&app.db, 0)
        .await
        .expect("the demo staff");
    app
}

/// Signs a staff member in; returns the cookie.
async fn staff(app: &TestApp, login: &str) -> String {
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

async fn case(app: &TestApp, cookie: &str, id: &str) -> (StatusCode, Value) {
    let r = app.with_cookie("GET", &format!("/api/staff/cases/{id}"), cookie).await;
    let status = r.status();
    (status, body_json(r).await)
}

async fn act(app: &TestApp, cookie: &str, id: &str, action: Value) -> (StatusCode, Value) {
    let r = app
        .json("POST", &format!("/api/staff/cases/{id}/actions"), action, Some(cookie))
        .await;
    let status = r.status();
    (status, body_json(r).await)
}

async fn ok(app: &TestApp, cookie: &str, id: &str, action: Value) -> Value {
    let (status, body) = act(app, cookie, id, action.clone()).await;
    assert_eq!(status, StatusCode::OK, "{action} → {body}");
    body
}

fn key() -> SigningKey {
    loop {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).expect("randomness");
        if let Ok(k) = SigningKey::from_slice(&bytes) {
            break k;
        }
    }
}

/// A staff certificate for a new key, the member's password given again.
async fn staff_certificate(app: &TestApp, cookie: &str, password: &str) -> (SigningKey, String) {
    let key = key();
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
async fn sign_decision(app: &TestApp, cookie: &str, id: &str) -> (StatusCode, Value) {
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
async fn run_chain(app: &TestApp, id: &str, service: &str, rt: RequestType, decision: Value) -> Value {
    let s = catalog().service(service).expect("a service");
    let p = prefix(&s.provider);
    let chain = s.chain(rt);
    for (i, (step, _)) in chain.steps.iter().enumerate() {
        let role = serde_json::to_value(step.role).expect("a role");
        let login = format!("{p}.{}", role.as_str().expect("a role"));
        let cookie = staff(app, &login).await;
        let (status, before) = case(app, &cookie, id).await;
        assert_eq!(status, StatusCode::OK, "{login} reads the case");
        match step.kind {
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
                ok(
                    app,
                    &cookie,
                    id,
                    json!({"action": "complete-inspection", "report": report}),
                )
                .await;
            }
            StepKind::Signing => {
                let (status, body) = sign_decision(app, &cookie, id).await;
                assert_eq!(status, StatusCode::OK, "{service}: signed: {body}");
            }
            StepKind::Dispatch => {
                let (_, after) = case(app, &cookie, id).await;
                assert!(
                    after["status"] == json!({"status": "issued"}) || after["status"] == json!({"status": "refused"}),
                    "the portal delivers the result: {}",
                    after["status"]
                );
            }
        }
    }
    let head = staff(app, &format!("{p}.head")).await;
    case(app, &head, id).await.1
}

fn issue(service: &str) -> Value {
    let annex = if service == "veterinary" {
        "Ветеринарная аптека"
    } else {
        ""
    };
    json!({"outcome": "issue", "annex": annex})
}

#[tokio::test]
async fn every_service_and_request_type_runs_its_chain_from_the_catalogue() {
    let app = back_office().await;
    let cookie = app.register("le", LE, "le@example.kz").await;
    for s in &catalog().services {
        // Issuance first: the later request types name its licence.
        let sent = registered(&app, &cookie, &s.code, "issuance", None).await;
        let id = id_of(&sent);
        let done = run_chain(&app, &id, &s.code, RequestType::Issuance, issue(&s.code)).await;
        assert_eq!(done["status"], json!({"status": "issued"}), "{}", s.code);
        let licence = done["licence"]["number"].as_str().expect("a licence").to_owned();
        assert!(licence.starts_with("L-2026-"), "{licence}");
        // Every step has its deadline and was done within it.
        for step in done["steps"].as_array().expect("steps") {
            assert!(step["due_at"].is_i64(), "{}: {step}", s.code);
            assert_eq!(step["met"], json!(true), "{}: {step}", s.code);
        }
        for rt in &s.request_types {
            match rt {
                RequestType::Issuance => {}
                RequestType::Reregistration => {
                    let sent = registered(&app, &cookie, &s.code, "reregistration", Some(&licence)).await;
                    let done = run_chain(&app, &id_of(&sent), &s.code, *rt, issue(&s.code)).await;
                    assert_eq!(done["licence"]["number"], json!(format!("{licence}-V2")));
                    assert_eq!(done["licence"]["supersedes"], json!(licence));
                    let old = app.get(&format!("/api/registry/verify?number={licence}")).await;
                    let old = body_json(old).await;
                    assert_eq!(old["status"], json!("reregistered"), "{}", s.code);
                    assert_eq!(old["superseded_by"], json!(format!("{licence}-V2")));
                }
                RequestType::Duplicate => {
                    // The licence in force: the re-registered version when there is one.
                    let current = if s.request_types.contains(&RequestType::Reregistration) {
                        format!("{licence}-V2")
                    } else {
                        licence.clone()
                    };
                    let sent = registered(&app, &cookie, &s.code, "duplicate", Some(&current)).await;
                    let done = run_chain(&app, &id_of(&sent), &s.code, *rt, issue(&s.code)).await;
                    assert_eq!(done["licence"]["number"], json!(format!("{current}-D1")));
                    assert_eq!(done["licence"]["duplicate_of"], json!(current));
                }
            }
        }
    }
    // The applicant sees their licences and a notification for each.
    let licences = body_json(app.with_cookie("GET", "/api/licences", &cookie).await).await;
    assert!(licences.as_array().expect("licences").len() >= 5 + 4 + 5);
    let notes = body_json(app.with_cookie("GET", "/api/notifications", &cookie).await).await;
    assert!(
        notes
            .as_array()
            .expect("notes")
            .iter()
            .any(|n| n["message"] == json!("notify.issued"))
    );
    // Every action was recorded and the chain of hashes holds.
    let entries = ruqsat_backend::audit::verify(&app.db)
        .await
        .expect("an intact audit log");
    assert!(entries > 50, "{entries} entries");
}

#[tokio::test]
async fn a_refusal_needs_grounds_and_an_explanation_and_reaches_the_applicant_as_a_pdf() {
    let app = back_office().await;
    let cookie = app.register("le", LE, "le@example.kz").await;
    let sent = registered(&app, &cookie, "security", "issuance", None).await;
    let id = id_of(&sent);
    let clerk = staff(&app, "police.clerk").await;
    ok(&app, &clerk, &id, json!({"action": "register"})).await;
    let head = staff(&app, "police.head").await;
    ok(&app, &head, &id, json!({"action": "resolve", "note": "В отдел"})).await;
    let dept = staff(&app, "police.department-head").await;
    ok(&app, &dept, &id, json!({"action": "resolve", "note": "Исполнить"})).await;
    let executor = staff(&app, "police.executor").await;
    let (status, body) = act(
        &app,
        &executor,
        &id,
        json!({"action": "draft-decision", "decision": {"outcome": "refuse", "grounds": [], "explanation": ""}}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let paths: Vec<_> = body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["path"].clone())
        .collect();
    assert_eq!(paths, [json!("decision.grounds"), json!("decision.explanation")]);
    let refusal = json!({"outcome": "refuse", "grounds": ["qualification-not-met"],
        "explanation": "Сотрудники не прошли специальную подготовку."});
    ok(
        &app,
        &executor,
        &id,
        json!({"action": "draft-decision", "decision": refusal}),
    )
    .await;
    // The head sends it back once, with a reason; the executor keeps the case.
    let (status, _) = act(&app, &head, &id, json!({"action": "return-for-rework", "note": ""})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a return needs its reason");
    let back = ok(
        &app,
        &head,
        &id,
        json!({"action": "return-for-rework", "note": "Уточните основание"}),
    )
    .await;
    assert_eq!(back["status"]["status"], json!("in-review"));
    let refusal = json!({"outcome": "refuse", "grounds": ["qualification-not-met", "false-information"],
        "explanation": "Сотрудники не прошли специальную подготовку; сведения о них недостоверны."});
    ok(
        &app,
        &executor,
        &id,
        json!({"action": "draft-decision", "decision": refusal}),
    )
    .await;
    let (status, _) = sign_decision(&app, &head, &id).await;
    assert_eq!(status, StatusCode::OK);

    let view = crate::common::view(&app, &cookie, &id).await;
    assert_eq!(view["status"], json!({"status": "refused"}));
    let r = app
        .with_cookie("GET", &format!("/api/applications/{id}/result.pdf"), &cookie)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let text = pdf_text(&crate::common::body_bytes(r).await);
    for expected in [
        "Лицензия беруден дәлелді бас тарту",
        "Мотивированный отказ",
        "Біліктілік талаптарына сәйкес келмейді",
        "Документы содержат",
        "недостоверны",
        "Серік",
    ] {
        assert!(text.contains(expected), "the refusal says {expected:?}: {text}");
    }
    // It is verified by the random code printed on it, never by the
    // sequential application number.
    let code: String = text
        .split("/verify?code=")
        .nth(1)
        .map(|rest| rest.chars().take_while(char::is_ascii_hexdigit).collect())
        .unwrap_or_default();
    assert_eq!(code.len(), 20, "{text}");
    let v = body_json(app.get(&format!("/api/registry/verify?code={code}")).await).await;
    assert_eq!(v["kind"], json!("refusal"), "{v}");
    assert_eq!(v["application"], view["number"]);
    let by_number = app
        .get(&format!(
            "/api/registry/verify?number={}",
            view["number"].as_str().expect("a number")
        ))
        .await;
    assert_eq!(by_number.status(), StatusCode::NOT_FOUND);
    let guessed = app.get("/api/registry/verify?code=00000000000000000000").await;
    assert_eq!(guessed.status(), StatusCode::NOT_FOUND);
    let notes = body_json(app.with_cookie("GET", "/api/notifications", &cookie).await).await;
    assert!(
        notes
            .as_array()
            .expect("notes")
            .iter()
            .any(|n| n["message"] == json!("notify.refused"))
    );
    // Another applicant gets nothing.
    let other = app.register("ie", "860101300017", "ie@example.kz").await;
    let r = app
        .with_cookie("GET", &format!("/api/applications/{id}/result.pdf"), &other)
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

/// The text of a PDF, as pdftotext extracts it.
fn pdf_text(pdf: &[u8]) -> String {
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

#[tokio::test]
async fn the_licence_pdf_has_real_kazakh_text_and_a_link_to_its_verification() {
    let app = back_office().await;
    let cookie = app.register("le", LE, "le@example.kz").await;
    let sent = registered(&app, &cookie, "veterinary", "issuance", None).await;
    let id = id_of(&sent);
    let done = run_chain(&app, &id, "veterinary", RequestType::Issuance, issue("veterinary")).await;
    let number = done["licence"]["number"].as_str().expect("a number").to_owned();
    let r = app
        .with_cookie("GET", &format!("/api/applications/{id}/result.pdf"), &cookie)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let text = pdf_text(&crate::common::body_bytes(r).await);
    for expected in [
        "ЛИЦЕНЗИЯ",
        number.as_str(),
        "Лицензиат",
        "Қызмет түрі / Вид деятельности",
        "Алматы қаласы Экономика және бюджеттік жоспарлау басқармасы",
        "Ветеринарная аптека",
        "мерзімсіз",
        "Марат",
        "/verify?number=",
    ] {
        assert!(text.contains(expected), "the licence says {expected:?}: {text}");
    }
    // The register shows it in force; the search finds it by BIN and name.
    let v = body_json(app.get(&format!("/api/registry/verify?number={number}")).await).await;
    assert_eq!(v["kind"], json!("licence"));
    assert_eq!(v["status"], json!("issued"));
    let found = body_json(app.get(&format!("/api/registry?q={LE}")).await).await;
    assert_eq!(found[0]["number"], json!(number));
    assert_eq!(found[0]["holder_id"], json!(LE), "a BIN is public");
    let unknown = app.get("/api/registry/verify?number=L-2026-99-999999").await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn staff_of_another_provider_applicants_and_wrong_roles_can_neither_read_nor_act() {
    let app = back_office().await;
    let cookie = app.register("le", LE, "le@example.kz").await;
    let sent = registered(&app, &cookie, "passenger-transport", "issuance", None).await;
    let id = id_of(&sent);
    // Another provider's clerk: the case does not exist for them.
    let police = staff(&app, "police.clerk").await;
    assert_eq!(case(&app, &police, &id).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        act(&app, &police, &id, json!({"action": "register"})).await.0,
        StatusCode::NOT_FOUND
    );
    let inbox = body_json(app.with_cookie("GET", "/api/staff/inbox?scope=provider", &police).await).await;
    assert_eq!(inbox["rows"], json!([]));
    // An applicant's session is not a staff session, and the other way round.
    assert_eq!(
        app.with_cookie("GET", "/api/staff/inbox", &cookie).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.with_cookie("GET", &format!("/api/staff/cases/{id}"), &cookie)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let clerk = staff(&app, "transport.clerk").await;
    assert_eq!(
        app.with_cookie("GET", "/api/applications", &clerk).await.status(),
        StatusCode::UNAUTHORIZED
    );
    // The wrong role at a step is refused with its code.
    let executor = staff(&app, "transport.executor").await;
    let (status, body) = act(&app, &executor, &id, json!({"action": "register"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["code"], json!("not-allowed"));
    // An external body not asked anything cannot read it, nor its result.
    let body_user = staff(&app, "transport.external-body").await;
    assert_eq!(case(&app, &body_user, &id).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        app.with_cookie("GET", &format!("/api/staff/cases/{id}/result.pdf"), &body_user)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    // A resolution naming one executor keeps the other out.
    ok(&app, &clerk, &id, json!({"action": "register"})).await;
    let head = staff(&app, "transport.head").await;
    ok(&app, &head, &id, json!({"action": "resolve", "note": "В отдел"})).await;
    let dept = staff(&app, "transport.department-head").await;
    let members = body_json(app.with_cookie("GET", "/api/staff/members", &dept).await).await;
    let second = members
        .as_array()
        .expect("members")
        .iter()
        .find(|m| m["name"] == json!("Мадина Жақсылықова"))
        .expect("the second executor");
    let (status, body) = act(
        &app,
        &dept,
        &id,
        json!({"action": "resolve", "note": "x", "to": members[0]["id"]}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"][0]["path"], json!("resolution.to"));
    ok(
        &app,
        &dept,
        &id,
        json!({"action": "resolve", "note": "Исполнить", "to": second["id"]}),
    )
    .await;
    let (status, view) = case(&app, &executor, &id).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(view["actions"], json!([]), "the first executor may read, not act");
    assert_eq!(
        act(
            &app,
            &executor,
            &id,
            json!({"action": "check-completeness", "missing": []})
        )
        .await
        .0,
        StatusCode::CONFLICT
    );
    let second_cookie = staff(&app, "transport.executor-2").await;
    ok(
        &app,
        &second_cookie,
        &id,
        json!({"action": "check-completeness", "missing": []}),
    )
    .await;
    // Wrong password: refused, and repeated failures are limited.
    let r = app
        .json(
            "POST",
            "/api/staff/sessions",
            json!({"login": "transport.head", "password": "nope"}),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn incomplete_documents_lead_to_a_reasoned_refusal_and_the_deputy_signs_while_the_head_is_away() {
    let app = back_office().await;
    let cookie = app.register("le", LE, "le@example.kz").await;
    let sent = registered(&app, &cookie, "grain-warehouse", "issuance", None).await;
    let id = id_of(&sent);
    for (login, action) in [
        ("oblast.clerk", json!({"action": "register"})),
        ("oblast.head", json!({"action": "resolve", "note": "Заместителю"})),
        ("oblast.deputy-head", json!({"action": "resolve", "note": "В отдел"})),
        (
            "oblast.department-head",
            json!({"action": "resolve", "note": "Исполнить"}),
        ),
    ] {
        let c = staff(&app, login).await;
        ok(&app, &c, &id, action).await;
    }
    let executor = staff(&app, "oblast.executor").await;
    let (status, body) = act(
        &app,
        &executor,
        &id,
        json!({"action": "check-completeness", "missing": ["no-such"]}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let first = catalog()
        .service("grain-warehouse")
        .expect("grain")
        .documents_for(RequestType::Issuance)
        .next()
        .expect("a document")
        .id
        .clone();
    let after = ok(
        &app,
        &executor,
        &id,
        json!({"action": "check-completeness", "missing": [first]}),
    )
    .await;
    assert_eq!(after["status"]["status"], json!("decision-drafted"));
    assert_eq!(after["decision"]["outcome"]["grounds"], json!(["documents-incomplete"]));
    // The deputy cannot sign while the head is in.
    let deputy = staff(&app, "oblast.deputy-head").await;
    assert_eq!(sign_decision(&app, &deputy, &id).await.0, StatusCode::CONFLICT);
    let head = staff(&app, "oblast.head").await;
    let me = app
        .json("POST", "/api/staff/me/absence", json!({"absent": true}), Some(&head))
        .await;
    assert_eq!(body_json(me).await["head_absent"], json!(true));
    let inbox = body_json(app.with_cookie("GET", "/api/staff/inbox", &deputy).await).await;
    assert_eq!(inbox["rows"][0]["id"], json!(id), "the deputy's inbox has the signing");
    let (status, body) = sign_decision(&app, &deputy, &id).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], json!({"status": "refused"}));
    // A certificate naming someone else is refused.
    let timeline = body["timeline"].as_array().expect("timeline");
    assert_eq!(timeline.last().expect("an entry")["action"], json!("dispatch"));
    assert!(
        timeline
            .iter()
            .any(|e| e["actor"] == json!("Нұрлан Серікбаев") && e["action"] == json!("sign-decision"))
    );
}

#[tokio::test]
async fn the_inbox_sorts_by_urgency_filters_pages_and_turns_red_when_the_clock_moves_on() {
    let app = back_office().await;
    let cookie = app.register("le", LE, "le@example.kz").await;
    let mut ids = Vec::new();
    for service in ["passenger-transport", "tech-inspection-cert", "passenger-transport"] {
        ids.push(id_of(&registered(&app, &cookie, service, "issuance", None).await));
        app.clock.advance(60);
    }
    let clerk = staff(&app, "transport.clerk").await;
    let page = body_json(app.with_cookie("GET", "/api/staff/inbox", &clerk).await).await;
    let rows = page["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 3);
    // Tech-inspection intake is 15 minutes, passenger transport's an hour: the
    // shorter deadline comes first.
    assert_eq!(rows[0]["id"], json!(ids[1]));
    assert_eq!(rows[0]["urgency"], json!("due-soon"));
    let dues: Vec<i64> = rows.iter().map(|r| r["step_due_at"].as_i64().expect("a due")).collect();
    assert!(dues.windows(2).all(|w| w[0] <= w[1]), "{dues:?}");
    // Keyset pages: two, then the rest.
    let first = body_json(app.with_cookie("GET", "/api/staff/inbox?limit=2", &clerk).await).await;
    assert_eq!(first["rows"].as_array().expect("rows").len(), 2);
    let next = first["next"].as_str().expect("a next page");
    let second = body_json(
        app.with_cookie("GET", &format!("/api/staff/inbox?limit=2&after={next}"), &clerk)
            .await,
    )
    .await;
    assert_eq!(second["rows"].as_array().expect("rows").len(), 1);
    assert_eq!(second["next"], Value::Null);
    assert_eq!(second["rows"][0]["id"], rows[2]["id"]);
    // Filters and search.
    let only = body_json(
        app.with_cookie("GET", "/api/staff/inbox?service=tech-inspection-cert", &clerk)
            .await,
    )
    .await;
    assert_eq!(only["rows"].as_array().expect("rows").len(), 1);
    let number = rows[2]["number"].as_str().expect("a number");
    let found = body_json(
        app.with_cookie("GET", &format!("/api/staff/inbox?q={number}"), &clerk)
            .await,
    )
    .await;
    assert_eq!(found["rows"][0]["number"], json!(number));
    let by_bin = body_json(
        app.with_cookie("GET", &format!("/api/staff/inbox?q={LE}"), &clerk)
            .await,
    )
    .await;
    assert_eq!(by_bin["rows"].as_array().expect("rows").len(), 3);
    let none = body_json(app.with_cookie("GET", "/api/staff/inbox?overdue=true", &clerk).await).await;
    assert_eq!(none["rows"], json!([]));
    // The head's own inbox is empty until the clerk registers.
    let head = staff(&app, "transport.head").await;
    let mine = body_json(app.with_cookie("GET", "/api/staff/inbox", &head).await).await;
    assert_eq!(mine["rows"], json!([]));
    let all = body_json(app.with_cookie("GET", "/api/staff/inbox?scope=provider", &head).await).await;
    assert_eq!(all["rows"].as_array().expect("rows").len(), 3);
    // Two working hours later every intake is overdue. The clerk's session
    // was idle for longer than 30 minutes: it has ended.
    app.clock.advance(2 * 3600);
    assert_eq!(
        app.with_cookie("GET", "/api/staff/inbox", &clerk).await.status(),
        StatusCode::UNAUTHORIZED,
        "an idle session ends"
    );
    let clerk = staff(&app, "transport.clerk").await;
    let late = body_json(app.with_cookie("GET", "/api/staff/inbox?overdue=true", &clerk).await).await;
    let late = late["rows"].as_array().expect("rows");
    assert_eq!(late.len(), 3);
    assert!(
        late.iter()
            .all(|r| r["urgency"] == json!("overdue") && r["step_minutes_left"].as_i64() < Some(0))
    );
    // The step done late is recorded as not met.
    ok(&app, &clerk, &ids[0], json!({"action": "register"})).await;
    let (_, view) = case(&app, &clerk, &ids[0]).await;
    assert_eq!(view["steps"][0]["met"], json!(false));
    assert_eq!(view["steps"][1]["met"], Value::Null);
    assert!(view["steps"][1]["due_at"].is_i64());
}

#[tokio::test]
async fn the_inbox_filters_by_status_and_step_and_remembers_each_member_s_filters_on_the_server() {
    let app = back_office().await;
    let cookie = app.register("le", LE, "le@example.kz").await;
    let waiting = id_of(&registered(&app, &cookie, "passenger-transport", "issuance", None).await);
    let moved = id_of(&registered(&app, &cookie, "passenger-transport", "issuance", None).await);
    let clerk = staff(&app, "transport.clerk").await;
    ok(&app, &clerk, &moved, json!({"action": "register"})).await;
    let head = staff(&app, "transport.head").await;
    let ids = |page: Value| -> Vec<String> {
        page["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .map(|r| r["id"].as_str().expect("an id").to_owned())
            .collect()
    };
    let get = |q: &'static str| {
        let (app, head) = (&app, &head);
        async move {
            body_json(
                app.with_cookie("GET", &format!("/api/staff/inbox?scope=provider&{q}"), head)
                    .await,
            )
            .await
        }
    };
    assert_eq!(ids(get("stage=registered").await), [waiting.as_str()]);
    assert_eq!(ids(get("stage=in-review").await), [moved.as_str()]);
    assert_eq!(ids(get("step=intake").await), [waiting.as_str()]);
    let at_head = get("step=head-resolution&stage=in-review").await;
    assert_eq!(ids(at_head.clone()), [moved.as_str()]);
    assert_eq!(at_head["rows"][0]["step_id"], json!("head-resolution"));
    assert_eq!(ids(get("stage=signed").await), Vec::<&str>::new());
    let bad = app.with_cookie("GET", "/api/staff/inbox?stage=lunch", &head).await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);

    // The head's choice is kept on the server, without the page cursor, and
    // comes back in a new session (another device).
    let chosen = json!({"scope": "provider", "stage": "in-review", "step": "head-resolution",
        "overdue": true, "q": "  KZ-2026  ", "after": "1:x", "limit": 5});
    let r = app.json("PUT", "/api/staff/me/inbox", chosen, Some(&head)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let expected = json!({"scope": "provider", "stage": "in-review", "step": "head-resolution",
        "overdue": true, "q": "KZ-2026"});
    assert_eq!(body_json(r).await["inbox"], expected);
    let elsewhere = staff(&app, "transport.head").await;
    let me = body_json(app.with_cookie("GET", "/api/staff/me", &elsewhere).await).await;
    assert_eq!(me["inbox"], expected);
    // Another member's filters are their own.
    let me = body_json(app.with_cookie("GET", "/api/staff/me", &clerk).await).await;
    assert_eq!(me["inbox"], json!({"scope": "mine", "overdue": false}));

    // Filters the catalogue does not know are refused field by field, and the
    // remembered ones stay.
    let r = app
        .json(
            "PUT",
            "/api/staff/me/inbox",
            json!({"service": "no-such", "step": "lunch", "q": "x".repeat(101)}),
            Some(&head),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = body_json(r).await;
    let paths: Vec<&str> = body["errors"]
        .as_array()
        .expect("field errors")
        .iter()
        .map(|e| e["path"].as_str().expect("a path"))
        .collect();
    assert_eq!(paths, ["inbox.service", "inbox.step", "inbox.q"]);
    let me = body_json(app.with_cookie("GET", "/api/staff/me", &head).await).await;
    assert_eq!(me["inbox"], expected);
    // An applicant's session cannot keep staff filters.
    let r = app
        .json(
            "PUT",
            "/api/staff/me/inbox",
            json!({"scope": "provider"}),
            Some(&cookie),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_audit_chain_names_the_first_entry_changed_behind_its_back() {
    let app = back_office().await;
    let cookie = app.register("le", LE, "le@example.kz").await;
    let id = id_of(&registered(&app, &cookie, "security", "issuance", None).await);
    let clerk = staff(&app, "police.clerk").await;
    ok(&app, &clerk, &id, json!({"action": "register"})).await;
    let head = staff(&app, "police.head").await;
    ok(&app, &head, &id, json!({"action": "resolve", "note": "В отдел"})).await;
    assert_eq!(ruqsat_backend::audit::verify(&app.db).await.expect("intact"), 3);
    // The log refuses changes...
    let update = sqlx::query("UPDATE audit_log SET note = 'x' WHERE seq = 2")
        .execute(&app.db.pool)
        .await;
    assert!(update.is_err(), "the audit log is append-only");
    // ...so a tamperer must first remove the guard, and is still caught.
    let drop = match app.db.engine {
        ruqsat_backend::db::Engine::Sqlite => "DROP TRIGGER audit_no_update",
        ruqsat_backend::db::Engine::Postgres => "DROP TRIGGER audit_no_change ON audit_log",
    };
    sqlx::query(drop).execute(&app.db.pool).await.expect("drop the guard");
    sqlx::query("UPDATE audit_log SET note = 'В архив' WHERE seq = 2")
        .execute(&app.db.pool)
        .await
        .expect("tamper");
    let broken = ruqsat_backend::audit::verify(&app.db).await.expect_err("broken");
    assert_eq!(
        broken.to_string(),
        ruqsat_backend::audit::Broken::Content(2).to_string()
    );
}

#[tokio::test]
async fn a_consistent_rewrite_of_the_whole_chain_is_caught_by_its_signed_checkpoints() {
    use ruqsat_backend::audit::anchor::{Anchor, AnchorError};
    let app = back_office().await;
    let cookie = app.register("le", LE, "le@example.kz").await;
    let id = id_of(&registered(&app, &cookie, "security", "issuance", None).await);
    let clerk = staff(&app, "police.clerk").await;
    ok(&app, &clerk, &id, json!({"action": "register"})).await;
    let head = staff(&app, "police.head").await;
    ok(&app, &head, &id, json!({"action": "resolve", "note": "В отдел"})).await;
    // Staff administration is in the same chain.
    let admin = staff(&app, "police.admin").await;
    let members = body_json(app.with_cookie("GET", "/api/staff/admin/members", &admin).await).await;
    let clerk_id = members[0]["id"].as_str().expect("an id").to_owned();
    let r = app
        .json(
            "POST",
            &format!("/api/staff/admin/members/{clerk_id}/absence"),
            json!({"absent": true}),
            Some(&admin),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let entries = ruqsat_backend::audit::of_application(&app.db, &format!("staff/{clerk_id}"))
        .await
        .expect("entries");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].action, "staff-absence");
    assert_eq!(ruqsat_backend::audit::verify(&app.db).await.expect("intact"), 4);

    let dir = tempfile::tempdir().expect("a directory");
    let anchor = Anchor::open(dir.path()).expect("an anchor");
    let c = anchor.checkpoint(&app.db, 100).await.expect("a checkpoint");
    assert_eq!(c.seq, 4);
    assert_eq!(
        anchor.checkpoint(&app.db, 200).await.expect("the same"),
        c,
        "once per head"
    );
    assert_eq!(anchor.verify(&app.db).await.expect("holds"), 1);

    // A tamperer who can write the database rewrites entry 2 and every hash
    // after it, and the head: the chain alone is consistent again...
    let drop = match app.db.engine {
        ruqsat_backend::db::Engine::Sqlite => "DROP TRIGGER audit_no_update",
        ruqsat_backend::db::Engine::Postgres => "DROP TRIGGER audit_no_change ON audit_log",
    };
    sqlx::query(drop).execute(&app.db.pool).await.expect("drop the guard");
    let mut entries = ruqsat_backend::audit::of_application(&app.db, &id)
        .await
        .expect("entries");
    entries.extend(
        ruqsat_backend::audit::of_application(&app.db, &format!("staff/{clerk_id}"))
            .await
            .expect("entries"),
    );
    entries.sort_by_key(|e| e.seq);
    let mut previous = ruqsat_backend::audit::GENESIS.to_owned();
    for mut e in entries {
        if e.seq == 2 {
            e.note = "В архив".to_owned();
        }
        e.prev_hash = previous.clone();
        e.hash = e.expected_hash();
        sqlx::query("UPDATE audit_log SET note = $1, prev_hash = $2, hash = $3 WHERE seq = $4")
            .bind(&e.note)
            .bind(&e.prev_hash)
            .bind(&e.hash)
            .bind(e.seq)
            .execute(&app.db.pool)
            .await
            .expect("rewrite");
        previous = e.hash;
    }
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&previous)
        .execute(&app.db.pool)
        .await
        .expect("rewrite the head");
    assert_eq!(ruqsat_backend::audit::verify(&app.db).await.expect("consistent"), 4);
    // ...but not against the checkpoint signed outside it.
    let e = anchor.verify(&app.db).await.expect_err("caught");
    assert!(matches!(e, AnchorError::Rewritten(4)), "{e}");

    // A forged checkpoint line is refused too.
    let path = dir.path().join("checkpoints.jsonl");
    let text = std::fs::read_to_string(&path).expect("checkpoints");
    std::fs::write(&path, text.replace("\"seq\":4", "\"seq\":3")).expect("forge");
    let e = Anchor::open(dir.path())
        .expect("an anchor")
        .verify(&app.db)
        .await
        .expect_err("forged");
    assert!(matches!(e, AnchorError::Forged { line: 1 }), "{e}");
}

#[tokio::test]
async fn the_head_suspends_resumes_and_terminates_a_licence_and_the_register_shows_it() {
    let app = back_office().await;
    let cookie = app.register("le", LE, "le@example.kz").await;
    let sent = registered(&app, &cookie, "security", "issuance", None).await;
    let done = run_chain(
        &app,
        &id_of(&sent),
        "security",
        RequestType::Issuance,
        issue("security"),
    )
    .await;
    let number = done["licence"]["number"].as_str().expect("a licence").to_owned();
    let change = |action: &str, reason: &str| json!({"number": number, "action": action, "reason": reason});
    let executor = staff(&app, "police.executor").await;
    let r = app
        .json(
            "POST",
            "/api/staff/licences/status",
            change("suspend", "Решение суда"),
            Some(&executor),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "only the head");
    let other = staff(&app, "transport.head").await;
    let r = app
        .json(
            "POST",
            "/api/staff/licences/status",
            change("suspend", "Решение суда"),
            Some(&other),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::NOT_FOUND,
        "another provider's licence does not exist for them"
    );
    let head = staff(&app, "police.head").await;
    let r = app
        .json("POST", "/api/staff/licences/status", change("suspend", ""), Some(&head))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "a reason is required");
    for (action, status) in [
        ("suspend", "suspended"),
        ("resume", "renewed"),
        ("terminate", "terminated"),
    ] {
        let r = app
            .json(
                "POST",
                "/api/staff/licences/status",
                change(action, "Решение суда"),
                Some(&head),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{action}");
        let v = body_json(app.get(&format!("/api/registry/verify?number={number}")).await).await;
        assert_eq!(v["status"], json!(status));
        let found = body_json(app.get(&format!("/api/registry?status={status}")).await).await;
        assert_eq!(found[0]["number"], json!(number), "the register finds it by status");
    }
    let r = app
        .json("POST", "/api/staff/licences/status", change("resume", "x"), Some(&head))
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CONFLICT,
        "a terminated licence stays terminated"
    );
    assert!(ruqsat_backend::audit::verify(&app.db).await.expect("intact") > 10);
}

#[tokio::test]
async fn the_administrator_adds_staff_and_marks_them_away() {
    let app = back_office().await;
    let admin = staff(&app, "police.admin").await;
    let clerk = staff(&app, "police.clerk").await;
    let new = json!({"login": "police.executor-3", "name": "Жанна Сейдахметова", "iin": "860101300017",
        "role": "executor", "password": "a long enough password"});
    let r = app
        .json("POST", "/api/staff/admin/members", new.clone(), Some(&clerk))
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "only the administrator");
    let bad = json!({"login": "X", "name": "", "iin": "123", "role": "applicant", "password": "short"});
    let r = app.json("POST", "/api/staff/admin/members", bad, Some(&admin)).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let paths: Vec<_> = body_json(r).await["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["path"].clone())
        .collect();
    assert_eq!(
        paths,
        [
            json!("staff.login"),
            json!("staff.name"),
            json!("staff.iin"),
            json!("staff.role"),
            json!("staff.password")
        ]
    );
    // A person of the individuals' register, once.
    let mut stranger = new.clone();
    stranger["iin"] = json!("900101300017");
    let r = app
        .json("POST", "/api/staff/admin/members", stranger, Some(&admin))
        .await;
    assert_eq!(
        body_json(r).await["errors"][0]["message"],
        json!("refusal.not_in_register")
    );
    let r = app
        .json("POST", "/api/staff/admin/members", new.clone(), Some(&admin))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let mut again = new.clone();
    again["login"] = json!("police.executor-4");
    let r = app.json("POST", "/api/staff/admin/members", again, Some(&admin)).await;
    assert_eq!(body_json(r).await["errors"][0]["message"], json!("admin.iin_taken"));
    let r = app.json("POST", "/api/staff/admin/members", new, Some(&admin)).await;
    assert_eq!(
        body_json(r).await["errors"][0]["path"],
        json!("staff.login"),
        "a login once"
    );
    // The new member signs in with their role.
    let r = app
        .json(
            "POST",
            "/api/staff/sessions",
            json!({"login": "police.executor-3", "password": "a long enough password"}),
            None,
        )
        .await;
    assert_eq!(body_json(r).await["role"], json!("executor"));
    // The head marked away: the deputy acts.
    let members = body_json(app.with_cookie("GET", "/api/staff/admin/members", &admin).await).await;
    let head = members
        .as_array()
        .expect("members")
        .iter()
        .find(|m| m["role"] == json!("head"))
        .expect("a head");
    let r = app
        .json(
            "POST",
            &format!("/api/staff/admin/members/{}/absence", head["id"].as_str().expect("id")),
            json!({"absent": true}),
            Some(&admin),
        )
        .await;
    assert_eq!(body_json(r).await["absent"], json!(true));
    let deputy = staff(&app, "police.deputy-head").await;
    let me = body_json(app.with_cookie("GET", "/api/staff/me", &deputy).await).await;
    assert_eq!(me["head_absent"], json!(true));
    // Another provider's member is not theirs to mark.
    let transport = body_json(
        app.with_cookie("GET", "/api/staff/members", &staff(&app, "transport.clerk").await)
            .await,
    )
    .await;
    let r = app
        .json(
            "POST",
            &format!(
                "/api/staff/admin/members/{}/absence",
                transport[0]["id"].as_str().expect("id")
            ),
            json!({"absent": true}),
            Some(&admin),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_staff_certificate_never_signs_an_application_even_with_the_applicant_s_iin() {
    let app = back_office().await;
    let me = app.register("ie", IE, "erlan@example.kz").await;
    let v = crate::common::paid(&app, &me, "passenger-transport").await;
    // An administrator makes a member with the citizen's IIN, who gets a
    // staff certificate naming it.
    let admin = staff(&app, "police.admin").await;
    let member = json!({"login": "police.executor-9", "name": "Ерлан Сатпаев", "iin": IE,
        "role": "executor", "password": "a long enough password"});
    let r = app.json("POST", "/api/staff/admin/members", member, Some(&admin)).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = app
        .json(
            "POST",
            "/api/staff/sessions",
            json!({"login": "police.executor-9", "password": "a long enough password"}),
            None,
        )
        .await;
    let impostor = session_cookie(&r).expect("a staff cookie");
    let r = app
        .json(
            "POST",
            "/api/staff/me/password",
            json!({"current": "a long enough password", "new": "another long password"}),
            Some(&impostor),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    // (Past the four eyes: the operator confirms the member.)
    ruqsat_backend::staff::confirm_by_operator(&app.db, "police.executor-9", 0)
        .await
        .expect("confirmed");
    // A certificate is issued only with the password given again.
    let spki = key().verifying_key().to_public_key_der().expect("a public key");
    let r = app
        .json(
            "POST",
            "/api/staff/certificates",
            json!({"public_key": B64.encode(spki.as_bytes()), "password": "a long enough password"}),
            Some(&impostor),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body_json(r).await["errors"][0]["message"], json!("cert.password_wrong"));
    let (key, der) = staff_certificate(&app, &impostor, "another long password").await;
    let signature = crate::common::sign(&key, &v);
    let (status, body) = crate::common::submit(&app, &me, &v, &json!({"der": der}), &signature, "key-staff").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        body["code"],
        json!("eds-invalid"),
        "a staff policy never signs an application"
    );
    // The applicant's own certificate does.
    let (own_key, own) = crate::common::certificate(&app, &me).await;
    let (status, _) = crate::common::submit(&app, &me, &v, &own, &crate::common::sign(&own_key, &v), "key-own").await;
    assert_eq!(status, StatusCode::OK);
}

async fn member_sign_in(app: &TestApp, login: &str, password: &str) -> (StatusCode, Option<String>, Value) {
    let r = app
        .json(
            "POST",
            "/api/staff/sessions",
            json!({"login": login, "password": password}),
            None,
        )
        .await;
    let status = r.status();
    let cookie = session_cookie(&r);
    (status, cookie, body_json(r).await)
}

#[tokio::test]
async fn a_new_member_chooses_their_own_password_and_the_administrator_resets_and_disables() {
    let app = back_office().await;
    let admin = staff(&app, "police.admin").await;
    let member = json!({"login": "police.clerk-7", "name": "Динара Оспанова", "iin": "860101300017",
        "role": "clerk", "password": "first password 123"});
    let r = app.json("POST", "/api/staff/admin/members", member, Some(&admin)).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let id = body_json(r).await["id"].as_str().expect("an id").to_owned();

    // The first password only opens the way to choosing a new one.
    let (status, cookie, me) = member_sign_in(&app, "police.clerk-7", "first password 123").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["must_change_password"], json!(true));
    let cookie = cookie.expect("a cookie");
    let r = app.with_cookie("GET", "/api/staff/inbox", &cookie).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(body_json(r).await["code"], json!("password-change-required"));
    let change = |current: &str, new: &str| json!({"current": current, "new": new});
    let r = app
        .json(
            "POST",
            "/api/staff/me/password",
            change("wrong password!", "a new password 1"),
            Some(&cookie),
        )
        .await;
    assert_eq!(body_json(r).await["errors"][0]["path"], json!("password.current"));
    let r = app
        .json(
            "POST",
            "/api/staff/me/password",
            change("first password 123", "first password 123"),
            Some(&cookie),
        )
        .await;
    assert_eq!(body_json(r).await["errors"][0]["message"], json!("staff.password_same"));
    let (_, other_device, _) = member_sign_in(&app, "police.clerk-7", "first password 123").await;
    let other_device = other_device.expect("a cookie");
    let r = app
        .json(
            "POST",
            "/api/staff/me/password",
            change("first password 123", "a new password 1"),
            Some(&cookie),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(body_json(r).await["must_change_password"], json!(false));
    assert_eq!(
        app.with_cookie("GET", "/api/staff/inbox", &cookie).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.with_cookie("GET", "/api/staff/me", &other_device).await.status(),
        StatusCode::UNAUTHORIZED,
        "the other sessions end"
    );

    // The administrator resets it: sessions end, a change is due again.
    let r = app
        .json(
            "POST",
            &format!("/api/staff/admin/members/{id}/password"),
            json!({"password": "short"}),
            Some(&admin),
        )
        .await;
    assert_eq!(body_json(r).await["errors"][0]["path"], json!("reset.password"));
    let r = app
        .json(
            "POST",
            &format!("/api/staff/admin/members/{id}/password"),
            json!({"password": "temporary password 9"}),
            Some(&admin),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        app.with_cookie("GET", "/api/staff/me", &cookie).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let (status, _, me) = member_sign_in(&app, "police.clerk-7", "temporary password 9").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["must_change_password"], json!(true));

    // Disabled: no sign-in, no session; enabled again: signs in.
    let (_, live, _) = member_sign_in(&app, "police.clerk-7", "temporary password 9").await;
    let r = app
        .json(
            "POST",
            &format!("/api/staff/admin/members/{id}/disabled"),
            json!({"disabled": true}),
            Some(&admin),
        )
        .await;
    assert_eq!(body_json(r).await["disabled"], json!(true));
    let (status, _, _) = member_sign_in(&app, "police.clerk-7", "temporary password 9").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let live = live.expect("a cookie");
    assert_eq!(
        app.with_cookie("GET", "/api/staff/me", &live).await.status(),
        StatusCode::UNAUTHORIZED
    );
    app.json(
        "POST",
        &format!("/api/staff/admin/members/{id}/disabled"),
        json!({"disabled": false}),
        Some(&admin),
    )
    .await;
    let (status, _, _) = member_sign_in(&app, "police.clerk-7", "temporary password 9").await;
    assert_eq!(status, StatusCode::OK);

    // Not oneself, not another provider's member, not by a clerk.
    let me = body_json(app.with_cookie("GET", "/api/staff/me", &admin).await).await;
    let r = app
        .json(
            "POST",
            &format!(
                "/api/staff/admin/members/{}/disabled",
                me["id"].as_str().expect("an id")
            ),
            json!({"disabled": true}),
            Some(&admin),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let transport_admin = staff(&app, "transport.admin").await;
    let r = app
        .json(
            "POST",
            &format!("/api/staff/admin/members/{id}/disabled"),
            json!({"disabled": true}),
            Some(&transport_admin),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let clerk = staff(&app, "police.clerk").await;
    let r = app
        .json(
            "POST",
            &format!("/api/staff/admin/members/{id}/password"),
            json!({"password": "temporary password 9"}),
            Some(&clerk),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_member_an_administrator_set_up_acts_only_once_a_second_administrator_confirms_them() {
    let app = back_office().await;
    let first = staff(&app, "police.admin").await;
    let member = json!({"login": "police.head-2", "name": "Динара Оспанова", "iin": "860101300017",
        "role": "head", "password": "first password 123"});
    let r = app.json("POST", "/api/staff/admin/members", member, Some(&first)).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let added = body_json(r).await;
    let id = added["id"].as_str().expect("an id").to_owned();
    assert!(added["unconfirmed_by"].is_string(), "{added}");
    let ready = |login: &'static str, first_password: &'static str, new: &'static str| {
        let app = &app;
        async move {
            let (_, cookie, _) = member_sign_in(app, login, first_password).await;
            let cookie = cookie.expect("a cookie");
            let r = app
                .json(
                    "POST",
                    "/api/staff/me/password",
                    json!({"current": first_password, "new": new}),
                    Some(&cookie),
                )
                .await;
            assert_eq!(r.status(), StatusCode::OK);
            assert_eq!(body_json(r).await["awaiting_confirmation"], json!(true));
            cookie
        }
    };
    let head = ready("police.head-2", "first password 123", "the head's own password").await;
    // Until confirmed: the inbox can be read, nothing can be done.
    assert_eq!(
        app.with_cookie("GET", "/api/staff/inbox", &head).await.status(),
        StatusCode::OK
    );
    let refused = |r: axum::http::Response<axum::body::Body>| async move {
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        assert_eq!(body_json(r).await["code"], json!("confirmation-required"));
    };
    refused(
        app.json("POST", "/api/staff/cases/any/actions", json!({}), Some(&head))
            .await,
    )
    .await;
    let spki = key().verifying_key().to_public_key_der().expect("a public key");
    let certificate = json!({"public_key": B64.encode(spki.as_bytes()), "password": "the head's own password"});
    refused(
        app.json("POST", "/api/staff/certificates", certificate.clone(), Some(&head))
            .await,
    )
    .await;
    // The administrator who added them cannot confirm them.
    let confirm = |cookie: String| {
        let app = &app;
        let path = format!("/api/staff/admin/members/{id}/confirmation");
        async move { app.with_cookie("POST", &path, &cookie).await }
    };
    let r = confirm(first.clone()).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(body_json(r).await["message"], json!("admin.second_person"));
    // Nor a second administrator they made: unconfirmed, it acts on nothing.
    let second = json!({"login": "police.admin-2", "name": "Айгерім Садықова", "iin": "000101500011",
        "role": "admin", "password": "first password 456"});
    let r = app.json("POST", "/api/staff/admin/members", second, Some(&first)).await;
    let second_id = body_json(r).await["id"].as_str().expect("an id").to_owned();
    let second = ready("police.admin-2", "first password 456", "the second's own password").await;
    refused(confirm(second.clone()).await).await;
    // Confirmed by the operator, the second administrator confirms the head.
    ruqsat_backend::staff::confirm_by_operator(&app.db, "police.admin-2", 0)
        .await
        .expect("a member")
        .expect("confirmed");
    let r = confirm(second.clone()).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(body_json(r).await["unconfirmed_by"].is_null());
    let r = confirm(second.clone()).await;
    assert_eq!(body_json(r).await["message"], json!("admin.already_confirmed"));
    let r = app
        .json("POST", "/api/staff/certificates", certificate, Some(&head))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    // A reset password puts the head back behind the second person: the
    // first administrator now knows it.
    let r = app
        .json(
            "POST",
            &format!("/api/staff/admin/members/{id}/password"),
            json!({"password": "temporary password 9"}),
            Some(&first),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let head = ready("police.head-2", "temporary password 9", "the head's next password").await;
    refused(
        app.json("POST", "/api/staff/cases/any/actions", json!({}), Some(&head))
            .await,
    )
    .await;
    assert_eq!(confirm(second).await.status(), StatusCode::OK);
    let r = app
        .json("POST", "/api/staff/cases/any/actions", json!({}), Some(&head))
        .await;
    assert_ne!(r.status(), StatusCode::FORBIDDEN, "past the four eyes");
    // The members' list says who waits, and for whom.
    let members = body_json(app.with_cookie("GET", "/api/staff/admin/members", &first).await).await;
    let waiting: Vec<_> = members
        .as_array()
        .expect("members")
        .iter()
        .filter(|m| m["unconfirmed_by"].is_string())
        .map(|m| m["id"].clone())
        .collect();
    assert!(waiting.is_empty(), "{waiting:?} (second: {second_id})");
}

#[tokio::test]
async fn no_staff_without_a_demonstration_and_the_first_administrator_is_the_operator_s_to_make() {
    let app = test_app().await;
    assert_eq!(ruqsat_backend::staff::count(&app.db).await.expect("a count"), 0);
    let health = body_json(app.get("/api/health").await).await;
    assert_eq!(health["demo"], json!(false));
    let (status, _, _) = member_sign_in(&app, "police.admin", PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "no demo accounts");
    let body = |login: &str| shared::review::NewStaff {
        login: login.to_owned(),
        name: "Асқар Нұрланов".to_owned(),
        iin: "860101300017".to_owned(),
        role: shared::workflow::Role::Clerk,
        password: "first password 123".to_owned(),
    };
    let r = ruqsat_backend::staff::create_admin(&app.db, "no-such-provider", body("first.admin"), 0).await;
    assert!(r.is_err());
    let admin = ruqsat_backend::staff::create_admin(&app.db, "police-dept", body("first.admin"), 0)
        .await
        .expect("an administrator");
    assert_eq!(admin.role, shared::workflow::Role::Admin, "whatever role was asked");
    assert!(admin.must_change_password);
    let r = ruqsat_backend::staff::create_admin(&app.db, "police-dept", body("first.admin"), 0).await;
    assert!(r.is_err(), "a login once");
    let (status, _, me) = member_sign_in(&app, "first.admin", "first password 123").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["must_change_password"], json!(true));
}

#[tokio::test]
async fn the_public_register_masks_an_individual_s_iin() {
    let app = back_office().await;
    let cookie = app.register("ie", IE, "ie@example.kz").await;
    let sent = registered(&app, &cookie, "passenger-transport", "issuance", None).await;
    let id = id_of(&sent);
    let done = run_chain(
        &app,
        &id,
        "passenger-transport",
        RequestType::Issuance,
        issue("passenger-transport"),
    )
    .await;
    let number = done["licence"]["number"].as_str().expect("a number").to_owned();
    // Found by the IIN, shown without it.
    let found = body_json(app.get(&format!("/api/registry?q={IE}")).await).await;
    assert_eq!(found[0]["number"], json!(number));
    assert_eq!(found[0]["holder_id"], json!("********0017"));
    let v = body_json(app.get(&format!("/api/registry/verify?number={number}")).await).await;
    assert_eq!(v["holder_id"], json!("********0017"));
    // The staff's case view shows the applicant whole.
    let clerk = staff(&app, "transport.clerk").await;
    let (_, case) = case(&app, &clerk, &id).await;
    assert_eq!(case["licence"]["holder_id"], json!(IE), "{case}");
}
