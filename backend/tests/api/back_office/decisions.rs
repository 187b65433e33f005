//! Decisions: a reasoned refusal and its PDF, a refusal for missing
//! documents signed by the deputy, and a staff certificate that signs
//! decisions only.

use super::*;

#[tokio::test]
async fn a_refusal_needs_grounds_and_an_explanation_and_reaches_the_applicant_as_a_pdf() {
    let app = back_office().await;
    let cookie = app.register("le", LE, "le@example.kz").await;
    // Straight at the executor's review: the steps before it are the chain test's.
    let id = case_at(&app, &cookie, ("security", "issuance"), StepKind::Review, None).await;
    let head = staff(&app, "police.head").await;
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
    // Signed, the refusal is the applicant's only once the clerk sends it.
    let r = app
        .with_cookie("GET", &format!("/api/applications/{id}/result.pdf"), &cookie)
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "not sent yet");
    let clerk = staff(&app, "police.clerk").await;
    ok(&app, &clerk, &id, json!({"action": "dispatch"})).await;

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
        notes["rows"]
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

/// Seed 004:149, 153: an incomplete file gets a written reasoned refusal
/// within two working days of the finding, and the executor (not the head)
/// draws up and issues it with their own EDS; nothing is left to dispatch.
#[tokio::test]
async fn an_incomplete_grain_file_is_refused_by_the_executor_within_two_working_days() {
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
    let found = ruqsat_backend::clock::Clock::now(app.clock.as_ref());
    let after = ok(
        &app,
        &executor,
        &id,
        json!({"action": "check-completeness", "missing": [first]}),
    )
    .await;
    assert_eq!(after["status"]["status"], json!("decision-drafted"));
    assert_eq!(after["decision"]["outcome"]["grounds"], json!(["documents-incomplete"]));
    assert_eq!(after["step_id"], json!("decision"));
    // The refusal's own deadline: two working days of the finding, not the
    // thirty minutes of issuing a licence.
    let two_days = shared::calendar::Calendar::standard()
        .deadline(found, shared::calendar::Limit::WorkingDays(2))
        .expect("in the calendar");
    assert_eq!(after["step_due_at"], json!(two_days.unix()));
    assert!(
        after["actions"]
            .as_array()
            .expect("actions")
            .contains(&json!("sign-decision"))
    );
    // The head does not sign here: the executor issues.
    let head = staff(&app, "oblast.head").await;
    assert_eq!(sign_decision(&app, &head, &id).await.0, StatusCode::CONFLICT);
    let (status, body) = sign_decision(&app, &executor, &id).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["status"],
        json!({"status": "refused"}),
        "signed is sent: no dispatch step"
    );
    let timeline = body["timeline"].as_array().expect("timeline");
    assert_eq!(timeline.last().expect("an entry")["action"], json!("sign-decision"));
    let notes = body_json(app.with_cookie("GET", "/api/notifications", &cookie).await).await;
    assert!(
        notes["rows"]
            .as_array()
            .expect("notes")
            .iter()
            .any(|n| n["message"] == json!("notify.refused")),
        "the applicant is told at once"
    );
}

/// The head signs, or the deputy while the head is marked away; the signed
/// result then waits for the office's clerk, who alone sends it, and the
/// applicant hears of it only then.
#[tokio::test]
async fn the_deputy_signs_while_the_head_is_away_and_the_clerk_sends_the_result() {
    let app = back_office().await;
    let cookie = app.register("le", LE, "le@example.kz").await;
    let decision = serde_json::from_value(json!({"outcome": "refuse", "grounds": ["qualification-not-met"], "explanation": "Нет помещения для хранения оружия"})).expect("a decision");
    let id = case_at(
        &app,
        &cookie,
        ("security", "issuance"),
        StepKind::Signing,
        Some(decision),
    )
    .await;
    // The deputy cannot sign while the head is in.
    let deputy = staff(&app, "police.deputy-head").await;
    assert_eq!(sign_decision(&app, &deputy, &id).await.0, StatusCode::CONFLICT);
    let head = staff(&app, "police.head").await;
    let me = app
        .json("POST", "/api/staff/me/absence", json!({"absent": true}), Some(&head))
        .await;
    assert_eq!(body_json(me).await["head_absent"], json!(true));
    let inbox = body_json(app.with_cookie("GET", "/api/staff/inbox", &deputy).await).await;
    assert_eq!(inbox["rows"][0]["id"], json!(id), "the deputy's inbox has the signing");
    let (status, body) = sign_decision(&app, &deputy, &id).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["status"]["status"],
        json!("signed"),
        "nothing dispatches by itself"
    );
    assert_eq!(body["step_id"], json!("dispatch"));
    assert!(
        body["timeline"]
            .as_array()
            .expect("timeline")
            .iter()
            .any(|e| e["role"] == json!("deputy-head") && e["action"] == json!("sign-decision"))
    );
    // Nobody but the clerk sends it, and the applicant has not heard yet.
    let notes = |cookie: String| {
        let app = &app;
        async move {
            let n = body_json(app.with_cookie("GET", "/api/notifications", &cookie).await).await;
            n["rows"]
                .as_array()
                .expect("notes")
                .iter()
                .any(|n| n["message"] == json!("notify.refused"))
        }
    };
    assert!(!notes(cookie.clone()).await);
    assert_eq!(
        act(&app, &deputy, &id, json!({"action": "dispatch"})).await.0,
        StatusCode::CONFLICT
    );
    let executor = staff(&app, "police.executor").await;
    assert_eq!(
        act(&app, &executor, &id, json!({"action": "dispatch"})).await.0,
        StatusCode::CONFLICT
    );
    let clerk = staff(&app, "police.clerk").await;
    let (_, view) = case(&app, &clerk, &id).await;
    assert_eq!(view["actions"], json!(["dispatch"]));
    let sent = ok(&app, &clerk, &id, json!({"action": "dispatch"})).await;
    assert_eq!(sent["status"], json!({"status": "refused"}));
    let timeline = sent["timeline"].as_array().expect("timeline");
    let last = timeline.last().expect("an entry");
    assert_eq!((&last["action"], &last["role"]), (&json!("dispatch"), &json!("clerk")));
    assert!(notes(cookie).await, "told once the result is sent");
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
    let spki = new_key().verifying_key().to_public_key_der().expect("a public key");
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

/// Deadlines count in the provider's own office hours (data/office-hours.toml):
/// the internal-affairs office closes at 18:00 and opens at 08:30, so an
/// hour's intake begun at 17:30 on Monday is due at 09:00 on Tuesday, where
/// the common schedule (to 18:30) would have it the same evening.
#[tokio::test]
async fn deadlines_count_in_the_provider_s_own_office_hours() {
    let app = back_office().await;
    app.clock.advance(7 * 3600 + 1800);
    let cookie = app.register("le", LE, "le@example.kz").await;
    let id = case_at(&app, &cookie, ("security", "issuance"), StepKind::Intake, None).await;
    let clerk = staff(&app, "police.clerk").await;
    let (_, view) = case(&app, &clerk, &id).await;
    let tuesday_nine = shared::calendar::Timestamp::from_local("2026-11-24".parse().expect("a date"), 9, 0);
    assert_eq!(view["step_due_at"], json!(tuesday_nine.unix()));
    let monday_evening = shared::calendar::Timestamp::from_local("2026-11-23".parse().expect("a date"), 18, 30);
    let common = shared::calendar::Calendar::standard()
        .deadline(
            ruqsat_backend::clock::Clock::now(app.clock.as_ref()),
            shared::calendar::Limit::Hours(1),
        )
        .expect("in the calendar");
    assert_eq!(common, monday_evening, "the common schedule would differ");
}

/// Seed 003:355 (2-шарт): the agriculture department's conclusion is a
/// condition of the veterinary check. No licence is drafted before it
/// answers; a negative answer leads to the refusal on that ground, unless
/// the executor records why not (kept on the timeline).
#[tokio::test]
async fn a_required_conclusion_comes_before_the_licence_and_a_negative_one_leads_the_decision() {
    let app = back_office().await;
    let cookie = app.register("le", LE, "le@example.kz").await;
    let id = case_at(&app, &cookie, ("veterinary", "issuance"), StepKind::Review, None).await;
    let executor = staff(&app, "economy.executor").await;
    let draft = |decision: serde_json::Value, note: &str| json!({"action": "draft-decision", "decision": decision, "conclusion_note": note});
    let issue = json!({"outcome": "issue", "annex": "Ветеринарная аптека"});
    let (status, problem) = act(&app, &executor, &id, draft(issue.clone(), "")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["path"], json!("decision.outcome"));
    assert_eq!(problem["errors"][0]["message"], json!("decision.conclusion_required"));
    let (_, before) = case(&app, &executor, &id).await;
    let asked = ok(
        &app,
        &executor,
        &id,
        json!({"action": "request-conclusion", "question": "Соответствует ли заявитель требованиям?"}),
    )
    .await;
    // The request's own deadline, 10 working days (inferred), is the case's
    // while the body has it; the executor's comes back with the answer.
    let ten_days = shared::calendar::Calendar::of_provider("city-economy-dept")
        .deadline(
            ruqsat_backend::clock::Clock::now(app.clock.as_ref()),
            shared::calendar::Limit::WorkingDays(10),
        )
        .expect("in the calendar")
        .unix();
    assert_eq!(asked["conclusions"][0]["due_at"], json!(ten_days));
    assert_eq!(asked["step_due_at"], json!(ten_days));
    let body = staff(&app, "economy.external-body").await;
    ok(
        &app,
        &body,
        &id,
        json!({"action": "answer-conclusion", "positive": false, "text": "Нет ветеринарного специалиста"}),
    )
    .await;
    let (_, after) = case(&app, &executor, &id).await;
    assert_eq!(
        after["step_due_at"], before["step_due_at"],
        "the executor's deadline again"
    );
    // Negative: issuing, or refusing on another ground, needs a reason.
    let (status, problem) = act(&app, &executor, &id, draft(issue.clone(), "")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["path"], json!("decision.conclusion_note"));
    let other =
        json!({"outcome": "refuse", "grounds": ["qualification-not-met"], "explanation": "Нет помещения для аптеки"});
    let (status, _) = act(&app, &executor, &id, draft(other, "")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // Refusing on the conclusion is what it leads to.
    let on_it = json!({"outcome": "refuse", "grounds": ["negative-conclusion"], "explanation": "Отрицательное заключение управления сельского хозяйства"});
    let drafted = ok(&app, &executor, &id, draft(on_it, "")).await;
    assert_eq!(drafted["status"]["status"], json!("decision-drafted"));
    // Another case: the executor issues anyway and says why; it is on the timeline.
    let id = case_at(&app, &cookie, ("veterinary", "issuance"), StepKind::Review, None).await;
    ok(
        &app,
        &executor,
        &id,
        json!({"action": "request-conclusion", "question": "Согласуете?"}),
    )
    .await;
    ok(
        &app,
        &body,
        &id,
        json!({"action": "answer-conclusion", "positive": false, "text": "Нет специалиста"}),
    )
    .await;
    let why = "Специалист принят на работу после запроса: приказ № 12 от 01.12.2026";
    let drafted = ok(&app, &executor, &id, draft(issue, why)).await;
    assert!(
        drafted["timeline"]
            .as_array()
            .expect("timeline")
            .iter()
            .any(|e| e["action"] == json!("draft-decision") && e["note"] == json!(why)),
        "{drafted}"
    );
}

/// A legal entity's security application paid by a payment order with
/// this number, signed and sent, and taken to the executor; its id.
async fn sent_with_order(app: &TestApp, cookie: &str, number: &str) -> String {
    let cookie = cookie.to_owned();
    let v = app.complete_draft(&cookie, "security", "issuance").await;
    let id = id_of(&v);
    let mut form = v["form"].clone();
    let fee = v["fee"].as_i64().expect("a fee");
    form["payment"] = json!({"method": "order", "order": {
        "amount": format!("{}", fee / 100), "document_number": number, "document_date": "2026-11-20",
        "bank": "HSBKKZKX", "tax_authority": "almaty-almaly", "scan": ""}});
    let r = app
        .json(
            "PUT",
            &format!("/api/applications/{id}"),
            json!({"version": v["version"], "form": form}),
            Some(&cookie),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        body_json(r).await["payment_order"],
        serde_json::Value::Null,
        "an order not handed in yet stands nowhere"
    );
    assert_eq!(
        app.upload_pdf(&cookie, &id, "payment-order", &format!("order {number}"))
            .await
            .status(),
        StatusCode::CREATED
    );
    let r = app
        .json(
            "POST",
            &format!("/api/applications/{id}/payment-order"),
            json!({}),
            Some(&cookie),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let paid = body_json(r).await;
    assert!(
        paid["payment_order"].is_string(),
        "handed in: {}",
        paid["payment_order"]
    );
    let (key, cert) = crate::common::certificate(app, &cookie).await;
    let signature = crate::common::sign(&key, &paid);
    let (status, sent) =
        crate::common::submit(app, &cookie, &paid, &cert, &signature, &format!("order-{number}")).await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    for (login, action) in [
        ("police.clerk", json!({"action": "register"})),
        ("police.head", json!({"action": "resolve", "note": "В отдел"})),
        (
            "police.department-head",
            json!({"action": "resolve", "note": "Исполнить"}),
        ),
    ] {
        let c = staff(app, login).await;
        ok(app, &c, &id, action).await;
    }
    id
}

/// Seed 000:111 ("E-licensing checks the fact of payment"): a payment order
/// handed in that the treasury's statement does not have awaits the
/// office's check; the clerk asks the treasury again or records its answer
/// (found, or not found with why) whoever holds the case, and no licence is
/// drawn up before the order is found.
#[tokio::test]
async fn a_payment_order_is_found_by_the_clerk_before_a_licence_is_drawn_up() {
    let app = back_office().await;
    let cookie = app.register("le", LE, "le@example.kz").await;
    let id = sent_with_order(&app, &cookie, "145").await;
    let executor = staff(&app, "police.executor").await;
    let (_, view) = case(&app, &executor, &id).await;
    assert_eq!(view["payment_order"], json!("awaiting-confirmation"));
    // The applicant sees the same as the office, in their application.
    let mine = || async {
        let r = app
            .with_cookie("GET", &format!("/api/applications/{id}"), &cookie)
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        body_json(r).await["payment_order"].clone()
    };
    assert_eq!(mine().await, json!("awaiting-confirmation"));
    let issue = json!({"action": "draft-decision", "decision": {"outcome": "issue", "annex": ""}});
    let (status, problem) = act(&app, &executor, &id, issue.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["message"], json!("decision.payment_unconfirmed"));
    // Only the office's clerk checks it, though the executor holds the case.
    let check = |found: bool, note: &str| json!({"action": "check-payment-order", "found": found, "note": note});
    assert_eq!(act(&app, &executor, &id, check(true, "")).await.0, StatusCode::CONFLICT);
    assert_eq!(
        act(&app, &executor, &id, json!({"action": "ask-treasury"})).await.0,
        StatusCode::CONFLICT
    );
    let clerk = staff(&app, "police.clerk").await;
    let (_, seen) = case(&app, &clerk, &id).await;
    assert_eq!(seen["actions"], json!(["ask-treasury", "check-payment-order"]));
    // The statement has no order 145 of this payer: its answer is recorded.
    let asked = ok(&app, &clerk, &id, json!({"action": "ask-treasury"})).await;
    assert_eq!(asked["payment_order"], json!("not-found"));
    let last = asked["timeline"].as_array().and_then(|t| t.last()).expect("an entry");
    assert_eq!(last["action"], json!("ask-treasury"));
    assert_eq!(
        last["note"],
        json!("Казначейство: платёжного поручения этого плательщика с таким номером и датой нет в выписке")
    );
    let (status, problem) = act(&app, &clerk, &id, check(false, "")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "not found says why");
    assert_eq!(problem["errors"][0]["path"], json!("payment_order.note"));
    let not_found = ok(&app, &clerk, &id, check(false, "Нет в выписке за 20.11.2026")).await;
    assert_eq!(not_found["payment_order"], json!("not-found"));
    assert_eq!(mine().await, json!("not-found"));
    assert_eq!(
        act(&app, &executor, &id, issue.clone()).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let found = ok(&app, &clerk, &id, check(true, "Выписка казначейства № 77, 21.11.2026")).await;
    assert_eq!(found["payment_order"], json!("confirmed"));
    assert_eq!(mine().await, json!("confirmed"));
    assert_eq!(
        found["status"]["status"],
        json!("in-review"),
        "the case stays where it is"
    );
    let drafted = ok(&app, &executor, &id, issue).await;
    assert_eq!(drafted["status"]["status"], json!("decision-drafted"));
}

/// An order the treasury's statement has (the sandbox treasury's demo line
/// 118: this payer, number, date, amount, bank and tax authority) is
/// confirmed when it is handed in: no clerk's check, and the licence may be
/// drawn up. An order whose line was credited with another amount (119) is
/// not, and the treasury's answer says what it credited.
#[tokio::test]
async fn the_treasury_s_statement_confirms_an_order_it_has_and_says_why_not_otherwise() {
    let app = back_office().await;
    let cookie = app.register("le", LE, "le@example.kz").await;
    let id = sent_with_order(&app, &cookie, "118").await;
    let clerk = staff(&app, "police.clerk").await;
    let (_, seen) = case(&app, &clerk, &id).await;
    assert_eq!(seen["payment_order"], json!("confirmed"));
    assert_eq!(seen["actions"], json!([]), "nothing left for the clerk");
    let r = app
        .with_cookie("GET", &format!("/api/applications/{id}"), &cookie)
        .await;
    assert_eq!(body_json(r).await["payment_order"], json!("confirmed"));
    let executor = staff(&app, "police.executor").await;
    let issue = json!({"action": "draft-decision", "decision": {"outcome": "issue", "annex": ""}});
    let drafted = ok(&app, &executor, &id, issue).await;
    assert_eq!(drafted["status"]["status"], json!("decision-drafted"));

    let other = sent_with_order(&app, &cookie, "119").await;
    let (_, seen) = case(&app, &clerk, &other).await;
    assert_eq!(seen["payment_order"], json!("awaiting-confirmation"));
    let asked = ok(&app, &clerk, &other, json!({"action": "ask-treasury"})).await;
    assert_eq!(asked["payment_order"], json!("not-found"));
    let note = asked["timeline"]
        .as_array()
        .and_then(|t| t.last())
        .map(|e| e["note"].clone());
    assert_eq!(
        note,
        Some(json!(
            "Казначейство: по выписке TR-2026-0000119 зачислена другая сумма: 4\u{a0}325,00\u{a0}₸"
        ))
    );
}
