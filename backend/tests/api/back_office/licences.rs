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
