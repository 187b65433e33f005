//! The licence register: the licence PDF, status changes by the head, and
//! what the public register shows.

use super::*;

#[tokio::test]
async fn the_licence_pdf_has_real_kazakh_text_and_a_link_to_its_verification() {
    let app = back_office().await;
    let cookie = app.register("le", LE, "le@example.kz").await;
    let (id, number) = signed_licence(&app, &cookie, "veterinary").await;
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
    assert_eq!(found["rows"][0]["number"], json!(number));
    assert_eq!(found["rows"][0]["holder_id"], json!(LE), "a BIN is public");
    let unknown = app.get("/api/registry/verify?number=L-2026-99-999999").await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_head_suspends_resumes_and_terminates_a_licence_and_the_register_shows_it() {
    let app = back_office().await;
    let cookie = app.register("le", LE, "le@example.kz").await;
    let (_, number) = signed_licence(&app, &cookie, "security").await;
    let entries = ruqsat_backend::audit::verify(&app.db).await.expect("intact");
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
        assert_eq!(
            found["rows"][0]["number"],
            json!(number),
            "the register finds it by status"
        );
    }
    let r = app
        .json("POST", "/api/staff/licences/status", change("resume", "x"), Some(&head))
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CONFLICT,
        "a terminated licence stays terminated"
    );
    let after = ruqsat_backend::audit::verify(&app.db).await.expect("intact");
    assert!(
        after >= entries + 3,
        "each change is in the audit chain: {entries} → {after}"
    );
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
    assert_eq!(found["rows"][0]["number"], json!(number));
    assert_eq!(found["rows"][0]["holder_id"], json!("********0017"));
    let v = body_json(app.get(&format!("/api/registry/verify?number={number}")).await).await;
    assert_eq!(v["holder_id"], json!("********0017"));
    // The staff's case view shows the applicant whole.
    let clerk = staff(&app, "transport.clerk").await;
    let (_, case) = case(&app, &clerk, &id).await;
    assert_eq!(case["licence"]["holder_id"], json!(IE), "{case}");
}

/// Seed 001:59-65: the technical-inspection certificate is free and on
/// paper. Issuing it names where and when to collect it; the applicant gets
/// a signed notice saying so, not a licence; the certificate is a kind of
/// its own in the register, out of the licences' list but verifiable by
/// its number; a refusal is the seed's written reasoned refusal of the
/// result.
#[tokio::test]
async fn the_free_certificate_ends_in_a_signed_notice_of_where_and_when_to_collect_it() {
    let app = back_office().await;
    let cookie = app.register("ie", IE, "ie@example.kz").await;
    let id = case_at(
        &app,
        &cookie,
        ("tech-inspection-cert", "issuance"),
        StepKind::Review,
        None,
    )
    .await;
    let executor = staff(&app, "transport.executor").await;
    // Without the place and the day, or on a day off, it cannot be drafted.
    let (status, problem) = act(
        &app,
        &executor,
        &id,
        json!({"action": "draft-decision", "decision": {"outcome": "issue"}}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let paths: Vec<&str> = problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["path"].as_str())
        .collect();
    assert_eq!(paths, ["decision.collection.place", "decision.collection.date"]);
    let sunday = json!({"outcome": "issue", "collection": {"place": COLLECT_AT, "date": "2026-11-29"}});
    let (status, problem) = act(
        &app,
        &executor,
        &id,
        json!({"action": "draft-decision", "decision": sunday}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["message"], json!("decision.collection_day_off"));
    ok(
        &app,
        &executor,
        &id,
        json!({"action": "draft-decision", "decision": issue("tech-inspection-cert")}),
    )
    .await;
    let head = staff(&app, "transport.head").await;
    let (status, body) = sign_decision(&app, &head, &id).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let clerk = staff(&app, "transport.clerk").await;
    let done = ok(&app, &clerk, &id, json!({"action": "dispatch"})).await;
    let number = done["licence"]["number"].as_str().expect("a number").to_owned();
    assert!(number.starts_with("C-2026-02-"), "a certificate's number: {number}");

    // The result is the notice, in Kazakh and Russian, signed, with the QR link.
    let r = app
        .with_cookie("GET", &format!("/api/applications/{id}/result.pdf"), &cookie)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let text = pdf_text(&crate::common::body_bytes(r).await);
    for expected in [
        "Сертификатты алу орны мен күні туралы хабарлама",
        "Уведомление о месте и дате получения сертификата",
        number.as_str(),
        "Тараз, ул. Толе би 42, каб. 105",
        "02.12.2026",
        "удостоверяющий личность",
        "/verify?number=",
    ] {
        assert!(text.contains(expected), "the notice says {expected:?}: {text}");
    }
    assert!(!text.contains("ЛИЦЕНЗИЯ"), "not a licence: {text}");
    let notes = body_json(app.with_cookie("GET", "/api/notifications", &cookie).await).await;
    let note = &notes["rows"][0];
    assert_eq!(note["message"], json!("notify.certificate_ready"));
    assert_eq!(note["args"]["place"], json!(COLLECT_AT));
    assert_eq!(note["args"]["date"], json!("2026-12-02"));

    // Not in the licence register; among the certificates, and verified by number.
    let licences = body_json(app.get("/api/registry").await).await;
    assert!(
        !licences["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .any(|l| l["number"] == json!(number))
    );
    let certificates = body_json(app.get("/api/registry?document=certificate").await).await;
    assert_eq!(certificates["rows"][0]["number"], json!(number));
    let by_number = body_json(app.get(&format!("/api/registry?q={number}")).await).await;
    assert_eq!(by_number["rows"][0]["number"], json!(number), "found by its number");
    let v = body_json(app.get(&format!("/api/registry/verify?number={number}")).await).await;
    assert_eq!(v["number"], json!(number));
    assert_eq!(v["status"], json!("issued"));

    // A refusal of the certificate is the seed's written reasoned refusal of the result.
    let refused = case_at(
        &app,
        &cookie,
        ("tech-inspection-cert", "issuance"),
        StepKind::Signing,
        Some(
            serde_json::from_value(json!({"outcome": "refuse", "grounds": ["documents-incomplete"], "explanation": "Не представлен акт технического осмотра"}))
                .expect("a decision"),
        ),
    )
    .await;
    assert_eq!(sign_decision(&app, &head, &refused).await.0, StatusCode::OK);
    ok(&app, &clerk, &refused, json!({"action": "dispatch"})).await;
    let r = app
        .with_cookie("GET", &format!("/api/applications/{refused}/result.pdf"), &cookie)
        .await;
    let text = pdf_text(&crate::common::body_bytes(r).await);
    assert!(text.contains("Письменный мотивированный ответ об отказе"), "{text}");
    assert!(!text.contains("отказ в выдаче лицензии"), "{text}");
}
