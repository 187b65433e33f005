//! Drafts: start pre-filled, save with a version check, validate on the
//! server, list, delete; and no applicant ever reaches another's.

use crate::common::{body_json, id_of, test_app, view};
use axum::http::StatusCode;
use serde_json::json;

const IE: &str = "860101300017";
const LE: &str = "990340001230";

#[tokio::test]
async fn a_draft_starts_prefilled_and_saves_with_versions() {
    let app = test_app().await;
    let me = app.register("ie", IE, "erlan@example.kz").await;
    let draft = app.draft(&me, "passenger-transport", "issuance").await;
    let id = draft["id"].as_str().expect("an id").to_owned();
    assert_eq!(draft["status"]["status"], "draft");
    assert_eq!(draft["version"], 1);
    assert_eq!(
        draft["form"]["applicant"]["ie"]["surname"], "Сейітов",
        "pre-filled from the register"
    );
    assert!(
        draft["errors"].as_array().is_some_and(|e| !e.is_empty()),
        "the steps still lack content"
    );

    // Save a change: a wrong RNN is kept as typed and reported at its
    // field; the IIN and the names are the account's and the register's,
    // whatever the browser sends.
    let mut form = draft["form"].clone();
    form["applicant"]["ie"]["rnn"] = json!("12345");
    form["applicant"]["ie"]["iin"] = json!("000101500011");
    form["applicant"]["ie"]["surname"] = json!("Someone Else");
    let r = app
        .json(
            "PUT",
            &format!("/api/applications/{id}"),
            json!({"version": 1, "form": form}),
            Some(&me),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let saved = body_json(r).await;
    assert_eq!(saved["version"], 2);
    assert_eq!(saved["form"]["applicant"]["ie"]["rnn"], "12345");
    assert_eq!(saved["form"]["applicant"]["ie"]["iin"], IE, "the account's IIN");
    assert_eq!(
        saved["form"]["applicant"]["ie"]["surname"], "Сейітов",
        "the register's name"
    );
    let errors = saved["errors"].as_array().expect("errors");
    assert!(
        errors
            .iter()
            .any(|e| e["path"] == "applicant.rnn" && e["message"] == "id.rnn.format"),
        "{errors:?}"
    );

    // A second tab still at version 1 is told, not silently overwritten.
    let r = app
        .json(
            "PUT",
            &format!("/api/applications/{id}"),
            json!({"version": 1, "form": draft["form"]}),
            Some(&me),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(body_json(r).await["message"], "draft.changed");
    let now = body_json(app.with_cookie("GET", &format!("/api/applications/{id}"), &me).await).await;
    assert_eq!(now["form"]["applicant"]["ie"]["rnn"], "12345", "the newer save stands");

    let list = body_json(app.with_cookie("GET", "/api/applications", &me).await).await;
    assert_eq!(list["rows"].as_array().map(Vec::len), Some(1));
    assert_eq!(list["rows"][0]["service"], "passenger-transport");
    assert_eq!(list["next"], json!(null), "one page");

    assert_eq!(
        app.with_cookie("DELETE", &format!("/api/applications/{id}"), &me)
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.with_cookie("GET", &format!("/api/applications/{id}"), &me)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_complete_form_has_no_errors_on_the_server() {
    let app = test_app().await;
    let me = app.register("le", LE, "office@korgan.kz").await;
    let draft = app.draft(&me, "security", "issuance").await;
    let id = draft["id"].as_str().expect("an id").to_owned();
    let service = shared::catalog::catalog().service("security").expect("security");
    let today = shared::date::Date::from_ymd(2026, 11, 23).expect("a date");
    let form = shared::form::example(
        service,
        shared::catalog::RequestType::Issuance,
        shared::catalog::ApplicantKind::Le,
        today,
    );
    let r = app
        .json(
            "PUT",
            &format!("/api/applications/{id}"),
            json!({"version": 1, "form": form}),
            Some(&me),
        )
        .await;
    let saved = body_json(r).await;
    // The example lists attachments, but only uploaded files count.
    let missing: Vec<_> = saved["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["path"].clone())
        .collect();
    assert_eq!(
        missing,
        [
            json!("documents.premises-documents"),
            json!("documents.training-certificates")
        ]
    );
    for document in ["premises-documents", "training-certificates"] {
        let upload = axum::http::Request::post(format!("/api/applications/{id}/attachments/{document}?name=scan.pdf"))
            .header("cookie", &me)
            .body(axum::body::Body::from(&b"%PDF-1.4 scan"[..]))
            .expect("a request");
        assert_eq!(app.send(upload).await.status(), StatusCode::CREATED);
    }
    let view = body_json(app.with_cookie("GET", &format!("/api/applications/{id}"), &me).await).await;
    assert_eq!(view["errors"], json!([]), "{view}");
}

#[tokio::test]
async fn an_applicant_never_reaches_another_applicants_draft() {
    let app = test_app().await;
    let owner = app.register("ie", IE, "erlan@example.kz").await;
    let stranger = app.register("le", LE, "office@korgan.kz").await;
    let draft = app.draft(&owner, "veterinary", "issuance").await;
    let id = draft["id"].as_str().expect("an id").to_owned();
    let path = format!("/api/applications/{id}");
    assert_eq!(
        app.with_cookie("GET", &path, &stranger).await.status(),
        StatusCode::NOT_FOUND
    );
    let put = json!({"version": 1, "form": draft["form"]});
    assert_eq!(
        app.json("PUT", &path, put, Some(&stranger)).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.with_cookie("DELETE", &path, &stranger).await.status(),
        StatusCode::NOT_FOUND
    );
    let list = body_json(app.with_cookie("GET", "/api/applications", &stranger).await).await;
    assert_eq!(list, json!({"rows": [], "next": null}));
    // And without a session, nothing at all.
    assert_eq!(app.get(&path).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.with_cookie("GET", &path, &owner).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn drafts_only_for_what_the_service_offers() {
    let app = test_app().await;
    let ie = app.register("ie", IE, "erlan@example.kz").await;
    let security = json!({"service": "security", "request_type": "issuance"});
    let r = app.json("POST", "/api/applications", security, Some(&ie)).await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "security is for legal entities only");
    let cert_rereg = json!({"service": "tech-inspection-cert", "request_type": "reregistration"});
    assert_eq!(
        app.json("POST", "/api/applications", cert_rereg, Some(&ie))
            .await
            .status(),
        StatusCode::CONFLICT
    );
    let unknown = json!({"service": "casino", "request_type": "issuance"});
    assert_eq!(
        app.json("POST", "/api/applications", unknown, Some(&ie)).await.status(),
        StatusCode::NOT_FOUND
    );

    // The service of a draft cannot be switched by a save.
    let draft = app.draft(&ie, "veterinary", "issuance").await;
    let mut form = draft["form"].clone();
    form["service"] = json!("grain-warehouse");
    let path = format!("/api/applications/{}", draft["id"].as_str().unwrap_or_default());
    assert_eq!(
        app.json("PUT", &path, json!({"version": 1, "form": form}), Some(&ie))
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
}

/// "My applications" comes a page at a time, the latest changed first: a
/// walk by the pages' cursors sees each application once, a search by
/// part of a number, in any case, finds just that application, and one by
/// IIN/BIN the holder's.
#[tokio::test]
async fn my_applications_come_in_pages_and_a_number_finds_its_application() {
    let app = test_app().await;
    let me = app.register("ie", IE, "pages@example.kz").await;
    let mut made = Vec::new();
    for _ in 0..24 {
        made.push(id_of(&app.draft(&me, "veterinary", "issuance").await));
    }
    let sent = crate::common::registered_by_store(&app, &me, "passenger-transport", "issuance", None).await;
    made.push(sent.clone());
    let mut seen: Vec<(i64, String)> = Vec::new();
    let mut path = "/api/applications".to_owned();
    loop {
        let page = body_json(app.with_cookie("GET", &path, &me).await).await;
        let rows = page["rows"].as_array().expect("rows");
        assert!(rows.len() <= shared::api::CABINET_PAGE);
        seen.extend(rows.iter().map(|r| {
            (
                r["updated_at"].as_i64().expect("a time"),
                r["id"].as_str().expect("an id").to_owned(),
            )
        }));
        match page["next"].as_str() {
            Some(n) => path = format!("/api/applications?after={n}"),
            None => break,
        }
    }
    assert!(seen.windows(2).all(|w| w[0] > w[1]), "the latest first, each once");
    let mut ids: Vec<String> = seen.into_iter().map(|(_, id)| id).collect();
    ids.sort();
    made.sort();
    assert_eq!(ids, made);
    let number = view(&app, &me, &sent).await["number"]
        .as_str()
        .expect("a number")
        .to_owned();
    let part = number[number.len() - 6..].to_lowercase();
    let found = body_json(
        app.with_cookie("GET", &format!("/api/applications?q={part}"), &me)
            .await,
    )
    .await;
    assert_eq!(found["rows"].as_array().map(Vec::len), Some(1), "{found}");
    assert_eq!(found["rows"][0]["id"], json!(sent));
    // By IIN/BIN (seed 003:437-439): the account's own finds every
    // application, spaces and all; another person's finds none.
    let by_id = |q: String| {
        let app = &app;
        let me = me.clone();
        async move {
            let page = body_json(app.with_cookie("GET", &format!("/api/applications?q={q}"), &me).await).await;
            (page["rows"].as_array().map(Vec::len), page["next"].is_string())
        }
    };
    assert_eq!(
        by_id(format!("{}%20{}", &IE[..6], &IE[6..])).await,
        (Some(shared::api::CABINET_PAGE), true)
    );
    assert_eq!(by_id("990340001230".to_owned()).await, (Some(0), false));
    let r = app.with_cookie("GET", "/api/applications?after=soon", &me).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}
