//! The quality survey (seed 000 appendix 4, seed 002 appendix 3): offered
//! once the result is delivered, answered once per application, optional;
//! the provider's staff see counts per service and period, never who
//! answered.

use axum::http::StatusCode;
use serde_json::json;

use crate::common::body_json;

const LE: &str = "990340001230";

#[tokio::test]
async fn the_survey_is_offered_once_the_result_is_delivered_and_answered_once_anonymously() {
    let app = crate::back_office::back_office().await;
    let cookie = app.register("le", LE, "le@example.kz").await;
    // Not before the result: a registered application has none yet.
    let pending = crate::common::registered_by_store(&app, &cookie, "security", "issuance", None).await;
    let state = |id: String| {
        let app = &app;
        let cookie = cookie.clone();
        async move {
            body_json(
                app.with_cookie("GET", &format!("/api/applications/{id}/survey"), &cookie)
                    .await,
            )
            .await
        }
    };
    assert_eq!(state(pending.clone()).await, json!("not-yet"));
    let answers = json!({"process": "partly", "information": "satisfied"});
    let post = |id: String, body: serde_json::Value| {
        let app = &app;
        let cookie = cookie.clone();
        async move {
            app.json("POST", &format!("/api/applications/{id}/survey"), body, Some(&cookie))
                .await
        }
    };
    let r = post(pending, answers.clone()).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(body_json(r).await["code"], json!("survey.not_yet"));

    // Delivered: offered, answered once, then thanked.
    let (id, _) = crate::back_office::signed_licence(&app, &cookie, "security").await;
    assert_eq!(state(id.clone()).await, json!("open"));
    let r = post(id.clone(), json!({"process": "partly"})).await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "both questions are answered"
    );
    let problem = body_json(r).await;
    assert_eq!(problem["errors"][0]["path"], json!("survey.information"));
    assert_eq!(problem["errors"][0]["message"], json!("survey.choose"));
    assert_eq!(post(id.clone(), answers.clone()).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(state(id.clone()).await, json!("answered"));
    let again = post(id.clone(), json!({"process": "satisfied", "information": "satisfied"})).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(body_json(again).await["code"], json!("survey.already"));

    // Another person's application is not theirs to answer.
    let other = app.register("ie", "860101300017", "ie@example.kz").await;
    let r = app
        .json(
            "POST",
            &format!("/api/applications/{id}/survey"),
            answers.clone(),
            Some(&other),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // The provider sees the counts per service; another provider nothing.
    let head = crate::back_office::staff(&app, "police.head").await;
    let results = body_json(app.with_cookie("GET", "/api/staff/survey", &head).await).await;
    assert_eq!(
        results,
        json!([{"service": "security", "answered": 1, "process": [0, 1, 0], "information": [0, 0, 1]}])
    );
    let month = {
        let (y, m, _) = ruqsat_backend::clock::Clock::now(app.clock.as_ref()).local_date().ymd();
        format!("{y:04}-{m:02}")
    };
    let within = body_json(
        app.with_cookie("GET", &format!("/api/staff/survey?from={month}&to={month}"), &head)
            .await,
    )
    .await;
    assert_eq!(within[0]["answered"], json!(1));
    let before = body_json(app.with_cookie("GET", "/api/staff/survey?to=2020-01", &head).await).await;
    assert_eq!(before, json!([]));
    let bad = app.with_cookie("GET", "/api/staff/survey?from=2026-13", &head).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let transport = crate::back_office::staff(&app, "transport.head").await;
    let theirs = body_json(app.with_cookie("GET", "/api/staff/survey", &transport).await).await;
    assert_eq!(theirs, json!([]));
    // Nothing in the answers leads back to the application or its applicant.
    let columns: Vec<(String,)> =
        sqlx::query_as("SELECT service || ' ' || provider || ' ' || month FROM survey_answers")
            .fetch_all(&app.db.pool)
            .await
            .expect("the answers");
    assert_eq!(columns.len(), 1);
    assert!(!columns[0].0.contains(&id) && !columns[0].0.contains(LE));
    // An applicant cannot read the results.
    let r = app.with_cookie("GET", "/api/staff/survey", &cookie).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}
