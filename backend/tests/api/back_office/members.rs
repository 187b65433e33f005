//! The provider's members: added and marked away by the administrator,
//! first passwords, resets, disabling, and the four-eyes confirmation.

use super::*;

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
    // The back office's page load asks the same without an error.
    let session = body_json(app.with_cookie("GET", "/api/staff/session", &deputy).await).await;
    assert_eq!(session, me);
    let r = app.get("/api/staff/session").await;
    assert_eq!(r.status(), StatusCode::OK, "signed out: null, not 401");
    assert_eq!(body_json(r).await, serde_json::Value::Null);
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
    let spki = new_key().verifying_key().to_public_key_der().expect("a public key");
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
