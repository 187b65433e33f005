//! Attachments: type by content, size limit, content addressing, owner-only
//! access, and the server's list standing over the browser's.

use crate::common::{TestApp, body_json, test_app};
use axum::body::Body;
use axum::http::{Request, StatusCode};
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

#[tokio::test]
async fn one_account_keeps_only_so_many_unsent_drafts_and_files() {
    let app = crate::common::test_app_with(|s| {
        s.quota = ruqsat_backend::config::Quota {
            drafts: 2,
            files: 3,
            bytes: 300,
        };
    })
    .await;
    let me = app.register("ie", IE, "erlan@example.kz").await;
    let first = app.draft(&me, "passenger-transport", "issuance").await;
    let id = first["id"].as_str().expect("an id").to_owned();
    app.draft(&me, "passenger-transport", "issuance").await;
    let r = app
        .json(
            "POST",
            "/api/applications",
            json!({"service": "passenger-transport", "request_type": "issuance"}),
            Some(&me),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(body_json(r).await["message"], json!("draft.too_many"));

    // Bytes: two small files fit, a third that would pass 300 bytes does not.
    let file = |n: usize, fill: u8| {
        let mut v = PDF.to_vec();
        v.resize(n, fill);
        v
    };
    for fill in [b'a', b'b'] {
        let r = upload(&app, &me, &id, "vehicle-certificates", "a.pdf", file(120, fill)).await;
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    let r = upload(&app, &me, &id, "vehicle-certificates", "c.pdf", file(120, b'c')).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = body_json(r).await;
    assert_eq!(body["errors"][0]["message"], json!("attachment.quota"), "{body}");
    assert_eq!(body["errors"][0]["path"], json!("documents.vehicle-certificates"));
    // Files: the third small one fits the bytes, a fourth passes the count.
    let r = upload(&app, &me, &id, "vehicle-certificates", "d.pdf", file(50, b'd')).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = upload(&app, &me, &id, "vehicle-certificates", "e.pdf", file(50, b'e')).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body_json(r).await["errors"][0]["message"], json!("attachment.too_many"));

    // Another account has its own allowance.
    let other = app.register("le", LE, "office@example.kz").await;
    let theirs = app.draft(&other, "security", "issuance").await;
    assert_eq!(theirs["status"]["status"], json!("draft"));

    // Deleting a draft gives its place and its files' back.
    let r = app.with_cookie("DELETE", &format!("/api/applications/{id}"), &me).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let again = app.draft(&me, "passenger-transport", "issuance").await;
    let again = again["id"].as_str().expect("an id");
    let r = upload(&app, &me, again, "vehicle-certificates", "c.pdf", file(120, b'c')).await;
    assert_eq!(r.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn files_no_application_refers_to_are_collected_and_the_others_kept() {
    use ruqsat_backend::attachments::collect::{Collected, collect};
    use std::time::Duration;
    let app = test_app().await;
    let me = app.register("ie", IE, "erlan@example.kz").await;
    let other = app.register("le", LE, "office@example.kz").await;
    let id = app.draft(&me, "passenger-transport", "issuance").await["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let theirs = app.draft(&other, "security", "issuance").await["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let sha_of = |r: serde_json::Value| r["sha256"].as_str().expect("a hash").to_owned();
    let shared_file = PDF.to_vec();
    let mut own = PDF.to_vec();
    own.extend_from_slice(b"only mine");
    let r = upload(&app, &me, &id, "vehicle-certificates", "a.pdf", shared_file.clone()).await;
    let shared_sha = sha_of(body_json(r).await);
    let r = upload(&app, &me, &id, "vehicle-certificates", "b.pdf", own.clone()).await;
    let own_sha = sha_of(body_json(r).await);
    let r = upload(&app, &other, &theirs, "premises-documents", "a.pdf", shared_file).await;
    assert_eq!(r.status(), StatusCode::CREATED, "{}", body_json(r).await);
    use ruqsat_backend::storage;
    let kept = |sha: String| {
        let files = app.files.clone();
        async move { storage::exists(&files, &sha).await.expect("asked the store") }
    };
    // A temporary file an interrupted write left behind.
    let stray = object_store::path::Path::from(format!("{}/.{own_sha}.1.tmp", &own_sha[..2]));
    object_store::ObjectStoreExt::put(&*app.files, &stray, object_store::PutPayload::from_static(b"half"))
        .await
        .expect("a stray file");
    let listed = |key: String| {
        let files = app.files.clone();
        async move {
            storage::list(&files)
                .await
                .expect("listed")
                .iter()
                .any(|s| s.key == key)
        }
    };
    let stray_kept = listed(stray.to_string()).await;

    // Nothing referred to goes; within the grace period nothing goes at all.
    let r = app.with_cookie("DELETE", &format!("/api/applications/{id}"), &me).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let none = collect(&app.db, &app.files, Duration::from_secs(3600))
        .await
        .expect("collect");
    assert_eq!(none, Collected::default());
    assert!(kept(own_sha.clone()).await);

    let done = collect(&app.db, &app.files, Duration::ZERO).await.expect("collect");
    // The stray temporary file counts where the store lists it (a bucket;
    // the directory's listing leaves hidden files out).
    let expected = if stray_kept { 2 } else { 1 };
    assert_eq!(done.files, expected, "the deleted draft's own file (and the stray one)");
    assert!(!kept(own_sha.clone()).await);
    assert!(!listed(stray.to_string()).await);
    assert!(
        kept(shared_sha.clone()).await,
        "another application still refers to the same content"
    );
    let r = app
        .with_cookie("GET", &format!("/api/attachments/{shared_sha}"), &other)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    // Collected content uploaded again is stored again.
    let again = app.draft(&me, "passenger-transport", "issuance").await["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let r = upload(&app, &me, &again, "vehicle-certificates", "b.pdf", own).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert!(kept(own_sha).await);
}

/// Moving to an object store: `ruqsat-admin copy-files-to-s3` copies a
/// local directory into the bucket and verifies each copy by its SHA-256;
/// a file whose content is not its name is refused, naming it. (In the
/// test command's third lane the destination is the S3-compatible server;
/// otherwise another directory.)
#[tokio::test]
async fn a_local_store_copies_into_another_and_every_hash_is_verified() {
    use ruqsat_backend::storage;
    use sha2::Digest as _;
    let dir = tempfile::tempdir().expect("a directory");
    let from = storage::local(&dir.path().join("from")).expect("a local store");
    let mut hashes = Vec::new();
    for n in 0..3 {
        let mut bytes = PDF.to_vec();
        bytes.extend_from_slice(format!("file {n}").as_bytes());
        let sha: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        storage::put_once(&from, &sha, &bytes).await.expect("stored");
        // Written once: a second write changes nothing.
        storage::put_once(&from, &sha, b"other bytes").await.expect("kept");
        assert_eq!(storage::read(&from, &sha).await.expect("read"), bytes);
        hashes.push(sha);
    }
    let corrupt = "0".repeat(64);
    storage::put_once(&from, &corrupt, b"not what its name says")
        .await
        .expect("stored");
    let to = crate::common::test_store(&dir.path().join("to"));
    let refused = storage::copy_all(&from, &to).await;
    assert!(
        matches!(refused, Err(storage::StorageError::Corrupt(ref key)) if key.contains(&corrupt)),
        "{refused:?}"
    );
    storage::delete(&from, &format!("00/{corrupt}")).await.expect("removed");
    assert_eq!(storage::copy_all(&from, &to).await.expect("copied"), 3);
    for sha in &hashes {
        assert!(storage::exists(&to, sha).await.expect("asked"), "{sha}");
    }
}

/// The provider's staff read a case's file from the store, streamed with
/// its recorded type and length; another provider's staff find nothing.
#[tokio::test]
async fn the_provider_s_staff_read_a_case_s_file_from_the_store() {
    use crate::back_office::{back_office, staff};
    let app = back_office().await;
    let me = app.register("ie", IE, "erlan@example.kz").await;
    let sent = crate::common::registered(&app, &me, "passenger-transport", "issuance", None).await;
    let id = crate::common::id_of(&sent);
    let view = body_json(app.with_cookie("GET", &format!("/api/applications/{id}"), &me).await).await;
    let sha = view["form"]["attachments"]["vehicle-certificates"][0]["sha256"]
        .as_str()
        .expect("a file")
        .to_owned();
    let clerk = staff(&app, "transport.clerk").await;
    let r = app
        .with_cookie("GET", &format!("/api/staff/cases/{id}/files/{sha}"), &clerk)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let expected = "%PDF-1.4 vehicle-certificates";
    assert_eq!(r.headers()["content-length"], expected.len().to_string().as_str());
    assert_eq!(crate::common::body_bytes(r).await, expected.as_bytes());
    let other = staff(&app, "police.clerk").await;
    let r = app
        .with_cookie("GET", &format!("/api/staff/cases/{id}/files/{sha}"), &other)
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}
