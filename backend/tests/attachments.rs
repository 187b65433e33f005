//! Attachments: type by content, size limit, content addressing, owner-only
//! access, and the server's list standing over the browser's.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{TestApp, body_json, test_app};
use serde_json::json;

const IE: &str = "860101300017";
const LE: &str = "990340001230";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

async fn upload(
    app: &TestApp,
    cookie: &str,
    id: &str,
    document: &str,
    name: &str,
    bytes: Vec<u8>,
) -> axum::http::Response<Body> {
    let r = Request::post(format!("/api/applications/{id}/attachments/{document}?name={name}"))
        .header("cookie", cookie)
        .header("content-type", "application/octet-stream")
        .body(Body::from(bytes))
        .expect("a request");
    app.send(r).await
}

#[tokio::test]
async fn upload_list_download_and_remove() {
    let app = test_app().await;
    let me = app.register("ie", IE, "erlan@example.kz").await;
    let id = app.draft(&me, "passenger-transport", "issuance").await["id"]
        .as_str()
        .expect("an id")
        .to_owned();

    let r = upload(&app, &me, &id, "vehicle-certificates", "bus.pdf", PDF.to_vec()).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let a = body_json(r).await;
    let sha = a["sha256"].as_str().expect("a hash").to_owned();
    assert_eq!(a["content_type"], "application/pdf");
    assert_eq!(a["size"], PDF.len());

    // The same content again is stored once and listed once.
    assert_eq!(
        upload(&app, &me, &id, "vehicle-certificates", "bus.pdf", PDF.to_vec())
            .await
            .status(),
        StatusCode::CREATED
    );
    let view = body_json(app.with_cookie("GET", &format!("/api/applications/{id}"), &me).await).await;
    let listed = &view["form"]["attachments"]["vehicle-certificates"];
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    assert_eq!(listed[0]["name"], "bus.pdf");

    let r = app.with_cookie("GET", &format!("/api/attachments/{sha}"), &me).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");

    // A save cannot smuggle in a file that was never uploaded.
    let mut form = view["form"].clone();
    form["attachments"]["base-documents"] =
        json!([{"sha256": "f".repeat(64), "name": "x.pdf", "size": 1, "content_type": "application/pdf"}]);
    let saved = body_json(
        app.json(
            "PUT",
            &format!("/api/applications/{id}"),
            json!({"version": view["version"], "form": form}),
            Some(&me),
        )
        .await,
    )
    .await;
    assert!(
        saved["form"]["attachments"].get("base-documents").is_none(),
        "{}",
        saved["form"]["attachments"]
    );

    let del = format!("/api/applications/{id}/attachments/vehicle-certificates/{sha}");
    assert_eq!(
        app.with_cookie("DELETE", &del, &me).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.with_cookie("GET", &format!("/api/attachments/{sha}"), &me)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn types_are_told_by_content_and_sizes_are_limited() {
    let app = test_app().await;
    let me = app.register("ie", IE, "erlan@example.kz").await;
    let id = app.draft(&me, "passenger-transport", "issuance").await["id"]
        .as_str()
        .expect("an id")
        .to_owned();

    let r = upload(
        &app,
        &me,
        &id,
        "base-documents",
        "scan.pdf",
        b"MZ\x90\x00 not a pdf".to_vec(),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e = body_json(r).await;
    assert_eq!(e["errors"][0]["path"], "documents.base-documents");
    assert_eq!(e["errors"][0]["message"], "attachment.type");

    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(vec![0u8; 100]);
    assert_eq!(
        upload(&app, &me, &id, "base-documents", "photo.txt", png)
            .await
            .status(),
        StatusCode::CREATED
    );

    // The test server takes 64 KB at most.
    let mut big = PDF.to_vec();
    big.extend(vec![b' '; 64 * 1024]);
    let r = upload(&app, &me, &id, "base-documents", "big.pdf", big).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e = body_json(r).await;
    assert_eq!(e["errors"][0]["message"], "attachment.too_large");
    assert_eq!(e["errors"][0]["args"]["max"], "1");

    let r = upload(&app, &me, &id, "base-documents", "empty.pdf", vec![]).await;
    assert_eq!(body_json(r).await["errors"][0]["message"], "attachment.empty");

    assert_eq!(
        upload(&app, &me, &id, "no-such-document", "a.pdf", PDF.to_vec())
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn files_are_reachable_by_their_owner_only() {
    let app = test_app().await;
    let owner = app.register("ie", IE, "erlan@example.kz").await;
    let stranger = app.register("le", LE, "office@korgan.kz").await;
    let id = app.draft(&owner, "veterinary", "issuance").await["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let r = upload(&app, &owner, &id, "vet-diplomas", "diploma.pdf", PDF.to_vec()).await;
    let sha = body_json(r).await["sha256"].as_str().expect("a hash").to_owned();

    assert_eq!(
        app.with_cookie("GET", &format!("/api/attachments/{sha}"), &stranger)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/api/attachments/{sha}")).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        upload(&app, &stranger, &id, "vet-diplomas", "x.pdf", PDF.to_vec())
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let del = format!("/api/applications/{id}/attachments/vet-diplomas/{sha}");
    assert_eq!(
        app.with_cookie("DELETE", &del, &stranger).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.with_cookie("GET", &format!("/api/attachments/{sha}"), &owner)
            .await
            .status(),
        StatusCode::OK
    );
}
