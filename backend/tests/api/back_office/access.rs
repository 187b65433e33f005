//! Who may read and act on a case: its provider's members in the role of
//! the step, nobody else.

use super::*;

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

/// External bodies are organisations of their own (seed 003:99, 355): the
/// passenger-transport department answers the transport provider's
/// requests, the agriculture department the veterinary ones; each sees, in
/// its inbox and by address, only the cases that ask it, once asked.
#[tokio::test]
async fn an_external_body_answers_from_its_own_organisation_only_what_asks_it() {
    let app = back_office().await;
    let cookie = app.register("le", LE, "le@example.kz").await;
    let transport = case_at(
        &app,
        &cookie,
        ("passenger-transport", "issuance"),
        StepKind::Review,
        None,
    )
    .await;
    let vet = case_at(&app, &cookie, ("veterinary", "issuance"), StepKind::Review, None).await;
    let ptd = staff(&app, "transport.external-body").await;
    let agri = staff(&app, "economy.external-body").await;
    let me = body_json(app.with_cookie("GET", "/api/staff/me", &ptd).await).await;
    assert_eq!(me["provider"], json!("passenger-transport-body"));
    // Not asked yet: nothing to see.
    assert_eq!(case(&app, &ptd, &transport).await.0, StatusCode::NOT_FOUND);
    for (executor, id) in [("transport.executor", &transport), ("economy.executor", &vet)] {
        let e = staff(&app, executor).await;
        ok(
            &app,
            &e,
            id,
            json!({"action": "request-conclusion", "question": "Согласуете?"}),
        )
        .await;
    }
    // Each body sees its own request, in its inbox and by address, and no other.
    let inbox = |cookie: String| {
        let app = &app;
        async move {
            let page = body_json(app.with_cookie("GET", "/api/staff/inbox", &cookie).await).await;
            page["rows"]
                .as_array()
                .expect("rows")
                .iter()
                .map(|r| r["id"].as_str().unwrap_or_default().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(inbox(ptd.clone()).await, vec![transport.clone()]);
    assert_eq!(inbox(agri.clone()).await, vec![vet.clone()]);
    assert_eq!(case(&app, &ptd, &vet).await.0, StatusCode::NOT_FOUND);
    assert_eq!(case(&app, &agri, &transport).await.0, StatusCode::NOT_FOUND);
    let (status, _) = act(
        &app,
        &ptd,
        &vet,
        json!({"action": "answer-conclusion", "positive": true, "text": "Да"}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let answered = ok(
        &app,
        &agri,
        &vet,
        json!({"action": "answer-conclusion", "positive": true, "text": "Согласовано"}),
    )
    .await;
    assert_eq!(answered["status"]["status"], json!("in-review"));
    // The provider's own staff do not answer for the body.
    let head = staff(&app, "transport.head").await;
    let (status, _) = act(
        &app,
        &head,
        &transport,
        json!({"action": "answer-conclusion", "positive": true, "text": "Да"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
}
