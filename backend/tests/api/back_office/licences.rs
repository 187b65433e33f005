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

/// A veterinary application asking for an annex alone (seed 003:315-317):
/// a new one to the licence `number`, or a duplicate of the annex `number`;
/// registered and put at signing with the decision drafted.
async fn annex_case(app: &TestApp, cookie: &str, rt: &str, number: &str, activities: &str) -> String {
    let view = app.complete_draft_for(cookie, "veterinary", rt, None).await;
    let id = id_of(&view);
    let mut form = view["form"].clone();
    form["request"]["document"] = json!("annex");
    form["request"]["existing_licence"] = json!(number);
    let r = app
        .json(
            "PUT",
            &format!("/api/applications/{id}"),
            json!({"version": view["version"], "form": form}),
            Some(cookie),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    ruqsat_backend::fixtures::register(&app.state, &id)
        .await
        .expect("registered");
    let rt: RequestType = serde_json::from_value(json!(rt)).expect("a request type");
    let chain = catalog().service("veterinary").expect("a service").chain(rt);
    let index = chain
        .steps
        .iter()
        .position(|(s, _)| s.kind == StepKind::Signing)
        .expect("a signing step");
    let decision = serde_json::from_value(json!({"outcome": "issue", "annex": activities})).expect("a decision");
    ruqsat_backend::fixtures::put_at_step(&app.state, &id, index, Some(&decision))
        .await
        .expect("at signing");
    id
}

/// Seed 003:315-317: the veterinary result is "the licence and (or) its
/// annex", its re-registration, and "a duplicate of the licence and (or)
/// the annex". The annex is a document of its own: issued with the
/// licence (a page of its own in the result, its own number and
/// verification), added later to the licence, duplicated on its own, listed
/// under the licence in the register and the cabinet, and kept by a
/// re-registered version.
#[tokio::test]
async fn a_veterinary_annex_is_a_document_of_its_own_issued_added_and_duplicated() {
    let app = back_office().await;
    let cookie = app.register("le", LE, "le@example.kz").await;
    let (id, number) = signed_licence(&app, &cookie, "veterinary").await;
    let first = format!("{number}-A1");
    let v = body_json(app.get(&format!("/api/registry/verify?number={number}")).await).await;
    assert_eq!(v["annex"], json!(""), "the licence does not carry the annex's text");
    assert_eq!(v["annexes"][0]["number"], json!(first));
    assert_eq!(v["annexes"][0]["activities"], json!("Ветеринарная аптека"));
    let r = app
        .with_cookie("GET", &format!("/api/applications/{id}/result.pdf"), &cookie)
        .await;
    let text = pdf_text(&crate::common::body_bytes(r).await);
    for expected in [
        "ГОСУДАРСТВЕННАЯ ЛИЦЕНЗИЯ",
        "ПРИЛОЖЕНИЕ К ЛИЦЕНЗИИ",
        first.as_str(),
        "Ветеринарная аптека",
    ] {
        assert!(text.contains(expected), "the result has {expected:?}: {text}");
    }
    assert!(
        text.contains(&format!("/verify?number={first}")),
        "the annex is verified on its own: {text}"
    );

    // A later annex, adding a sub-type to the licence.
    app.clock.advance(600);
    let later = annex_case(&app, &cookie, "issuance", &number, "Ветеринарная лаборатория").await;
    let done = signed_and_sent(&app, &later, "veterinary", RequestType::Issuance).await;
    assert_eq!(done["status"], json!({"status": "issued"}));
    let second = format!("{number}-A2");
    let v = body_json(app.get(&format!("/api/registry/verify?number={second}")).await).await;
    assert_eq!(v["kind"], json!("annex"));
    assert_eq!(v["annex"]["activities"], json!("Ветеринарная лаборатория"));
    assert_eq!(v["licence"]["number"], json!(number));
    assert_eq!(v["licence"]["status"], json!("issued"));
    let r = app
        .with_cookie("GET", &format!("/api/applications/{later}/result.pdf"), &cookie)
        .await;
    let text = pdf_text(&crate::common::body_bytes(r).await);
    assert!(
        text.contains(&second) && !text.contains("ГОСУДАРСТВЕННАЯ ЛИЦЕНЗИЯ"),
        "{text}"
    );
    // The portal's notice names the annex, its licence, and the date and time.
    let notes = body_json(app.with_cookie("GET", "/api/notifications", &cookie).await).await;
    let said = notes.to_string();
    assert!(said.contains(&second) && said.contains("2026 "), "{said}");

    // A duplicate of the first annex alone.
    app.clock.advance(600);
    let dup = annex_case(&app, &cookie, "duplicate", &first, "").await;
    signed_and_sent(&app, &dup, "veterinary", RequestType::Duplicate).await;
    let copy = format!("{first}-D1");
    let v = body_json(app.get(&format!("/api/registry/verify?number={copy}")).await).await;
    assert_eq!(v["annex"]["duplicate_of"], json!(first));
    assert_eq!(
        v["annex"]["activities"],
        json!("Ветеринарная аптека"),
        "a copy lists what the original did"
    );

    // The register and the cabinet list the annexes under the licence.
    let found = body_json(app.get(&format!("/api/registry?q={number}")).await).await;
    let listed: Vec<&str> = found["rows"][0]["annexes"]
        .as_array()
        .expect("annexes")
        .iter()
        .filter_map(|a| a["number"].as_str())
        .collect();
    assert_eq!(listed, [first.as_str(), second.as_str(), copy.as_str()]);
    let mine = body_json(app.with_cookie("GET", "/api/licences", &cookie).await).await;
    let row = mine["rows"]
        .as_array()
        .and_then(|r| r.iter().find(|l| l["number"] == json!(number)))
        .expect("the licence in the cabinet");
    assert_eq!(row["annexes"], json!([first, second, copy]));

    // A re-registered version keeps the annexes.
    let rereg = registered_by_store(&app, &cookie, "veterinary", "reregistration", Some(&number)).await;
    let index = catalog()
        .service("veterinary")
        .expect("a service")
        .chain(RequestType::Reregistration)
        .steps
        .iter()
        .position(|(s, _)| s.kind == StepKind::Signing)
        .expect("a signing step");
    let decision = serde_json::from_value(json!({"outcome": "issue", "annex": ""})).expect("a decision");
    ruqsat_backend::fixtures::put_at_step(&app.state, &rereg, index, Some(&decision))
        .await
        .expect("at signing");
    let done = signed_and_sent(&app, &rereg, "veterinary", RequestType::Reregistration).await;
    let v2 = done["licence"]["number"].as_str().expect("a new version").to_owned();
    assert_eq!(v2, format!("{number}-V2"));
    let v = body_json(app.get(&format!("/api/registry/verify?number={v2}")).await).await;
    assert_eq!(v["annexes"].as_array().map(Vec::len), Some(3));
    let v = body_json(app.get(&format!("/api/registry/verify?number={second}")).await).await;
    assert_eq!(
        v["licence"]["number"],
        json!(v2),
        "an annex belongs to the licence as it stands now"
    );
    // Both versions on one page of the register list the annexes.
    let found = body_json(app.get(&format!("/api/registry?q={number}")).await).await;
    let rows = found["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 2, "{found}");
    for row in rows {
        assert_eq!(row["annexes"].as_array().map(Vec::len), Some(3), "{}", row["number"]);
    }
}
