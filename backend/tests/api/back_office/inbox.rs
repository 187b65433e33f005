//! The inbox: urgency, filters, paging and the filters each member keeps.

use super::*;

#[tokio::test]
async fn the_inbox_sorts_by_urgency_filters_pages_and_turns_red_when_the_clock_moves_on() {
    let app = back_office().await;
    // By IIN: the certificate is for applicants the individuals' register knows.
    let cookie = app.register("ie", IE, "ie@example.kz").await;
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
    let by_iin = body_json(
        app.with_cookie("GET", &format!("/api/staff/inbox?q={IE}"), &clerk)
            .await,
    )
    .await;
    assert_eq!(by_iin["rows"].as_array().expect("rows").len(), 3);
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
