//! The server's frame: health, catalogue, problem documents, the single-page
//! app with its cache policy, compression, and start-up failures.

use crate::common::{body_json, body_text, test_app};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};

/// Readiness, apart from health: what a load balancer asks before sending
/// an instance requests. 503 while the file store cannot be written or
/// the schema lacks a migration this server knows (an instance newer than
/// its database during a rolling upgrade).
#[tokio::test]
async fn readiness_needs_the_database_its_migrations_and_the_file_store() {
    let app = test_app().await;
    let r = app.get("/api/ready").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        body_json(r).await,
        serde_json::json!({"ready": true, "database": "ok", "migrations": "ok", "storage": "ok"})
    );
    // A file store that cannot be reached: nothing listens at its address.
    let mut state = app.state.clone();
    state.files = ruqsat_backend::storage::s3(&ruqsat_backend::storage::S3 {
        endpoint: "http://127.0.0.1:9".to_owned(),
        bucket: "nowhere".to_owned(),
        region: "us-east-1".to_owned(),
        path_style: true,
        keys: Some(("test".to_owned(), "test-secret".to_owned())),
    })
    .expect("a store");
    let other = ruqsat_backend::app(state);
    let r = tower::ServiceExt::oneshot(
        other,
        Request::get("/api/ready").body(Body::empty()).expect("a request"),
    )
    .await
    .expect("an answer");
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body = body_json(r).await;
    assert_eq!(body["ready"], serde_json::json!(false));
    assert!(
        body["storage"].as_str().is_some_and(|s| s.starts_with("unusable")),
        "{body}"
    );
    // The schema without its latest migration.
    let latest: i64 = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(&app.db.pool)
        .await
        .expect("a version");
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = $1")
        .bind(latest)
        .execute(&app.db.pool)
        .await
        .expect("forgotten");
    let r = app.get("/api/ready").await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        body_json(r).await["migrations"],
        serde_json::json!(format!("not applied: [{latest}]"))
    );
}

#[tokio::test]
async fn health_reports_version_and_engine() {
    let app = test_app().await;
    let r = app.get("/api/health").await;
    assert_eq!(r.status(), StatusCode::OK);
    let body = body_json(r).await;
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(body["database"], app.db.engine.name());
    // How far the yearly data reaches, seen from the test clock (23 November 2026).
    assert_eq!(body["data"]["calendar"]["until"], "2027-12-31");
    assert_eq!(body["data"]["calendar"]["provisional"], serde_json::json!([2027]));
    assert_eq!(body["data"]["mrp"]["until"], "2026-12-31");
    assert_eq!(body["data"]["mrp"]["days_ahead"], 38);
    assert_eq!(body["data"]["mrp"]["missing"], serde_json::json!([2027]));
    if std::env::var("RUQSAT_TEST_DATABASE_URL").is_ok_and(|u| !u.is_empty()) {
        assert_eq!(
            body["database"], "postgres",
            "the PostgreSQL run really uses PostgreSQL"
        );
    }
}

#[tokio::test]
async fn services_come_from_the_shared_catalogue() {
    let app = test_app().await;
    let r = app.get("/api/services").await;
    assert_eq!(r.status(), StatusCode::OK);
    let body: Vec<shared::api::ServiceSummary> = serde_json::from_value(body_json(r).await).expect("summaries");
    let codes: Vec<_> = body.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "passenger-transport",
            "tech-inspection-cert",
            "security",
            "veterinary",
            "grain-warehouse"
        ]
    );
    let security = body.iter().find(|s| s.code == "security").expect("security");
    assert_eq!(security.applicants, [shared::catalog::ApplicantKind::Le]);
    assert!(security.provider_name.is_complete());

    let one = body_json(app.get("/api/services/veterinary").await).await;
    assert_eq!(one["code"], "veterinary");
}

#[tokio::test]
async fn unknown_api_paths_are_404_problems_not_the_app() {
    let app = test_app().await;
    for path in [
        "/api/nothing-here",
        "/api/services/no-such-service",
        "/api",
        "/api/health/extra",
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(r.headers()[header::CONTENT_TYPE], "application/problem+json", "{path}");
        let body = body_json(r).await;
        assert_eq!(body["status"], 404);
        assert_eq!(body["code"], "not-found");
        assert!(body["type"].as_str().is_some_and(|t| t.ends_with("/not-found")));
    }
}

#[tokio::test]
async fn client_routes_fall_back_to_index_html_uncached() {
    let app = test_app().await;
    for path in ["/", "/services/security", "/cabinet/applications/42"] {
        let r = app.get(path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(r.headers()[header::CACHE_CONTROL], "no-cache", "{path}");
        assert!(body_text(r).await.contains("<title>Ruqsat</title>"), "{path}");
    }
}

#[tokio::test]
async fn a_page_starts_drawn_in_the_visitors_language() {
    let dist = tempfile::tempdir().expect("a temporary directory").keep();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html>\n<html lang=\"kk\">\n<head><title>Ruqsat</title></head>\n<body>\n</body>\n</html>",
    )
    .expect("index.html");
    let app = crate::common::test_app_with_dist(dist).await;
    let page = |accept: &'static str, cookie: Option<&'static str>| {
        let mut r = Request::get("/").header(header::ACCEPT_LANGUAGE, accept);
        if let Some(c) = cookie {
            r = r.header(header::COOKIE, c);
        }
        r.body(Body::empty()).expect("a request")
    };
    let r = app.send(page("ru-RU,ru;q=0.9", None)).await;
    assert_eq!(r.headers()[header::VARY], "cookie, accept-language");
    assert!(r.headers().get(header::LAST_MODIFIED).is_none(), "no validator");
    let html = body_text(r).await;
    assert!(html.contains("<html lang=\"ru\">"), "{html}");
    assert!(
        html.contains(shared::i18n::Msg::CatalogHeading.text(shared::i18n::Lang::Ru)),
        "{html}"
    );
    // The choice on the switch, remembered in a cookie, wins over the browser.
    let html = body_text(app.send(page("ru", Some("ruqsat_lang=en"))).await).await;
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    assert!(html.contains(shared::i18n::Msg::CatalogHeading.text(shared::i18n::Lang::En)));
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_compressed() {
    let app = test_app().await;
    let request = Request::get("/app-0123456789abcdef_bg.wasm")
        .header(header::ACCEPT_ENCODING, "br, gzip")
        .body(Body::empty())
        .expect("a request");
    let r = app.send(request).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(r.headers()[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(r.headers()[header::CONTENT_ENCODING], "br");
    let compressed = body_text_len(r).await;
    assert!(compressed < 4096, "4 KB of zeros compress: {compressed} bytes");

    let json = Request::get("/api/services")
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .expect("a request");
    assert_eq!(app.send(json).await.headers()[header::CONTENT_ENCODING], "gzip");
}

async fn body_text_len(r: axum::http::Response<Body>) -> usize {
    use http_body_util::BodyExt as _;
    r.into_body().collect().await.expect("a body").to_bytes().len()
}

fn run_server(envs: &[(&str, &str)]) -> std::process::Output {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_ruqsat"));
    c.env_remove("DATABASE_URL").env("RUQSAT_ADDR", "127.0.0.1:0");
    for (k, v) in envs {
        c.env(k, v);
    }
    c.output().expect("the server binary runs")
}

#[test]
fn a_malformed_database_url_stops_the_server_with_one_line_naming_it() {
    let out = run_server(&[("DATABASE_URL", "mysql://root:hunter2@localhost/db")]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr.lines().last().unwrap_or_default();
    assert!(last.starts_with("ruqsat: DATABASE_URL"), "{stderr}");
    assert!(!stderr.contains("hunter2"), "the password is not shown: {stderr}");
}

#[test]
fn an_unreachable_postgres_is_retried_then_reported() {
    // Nothing listens on port 1 of loopback.
    let started = std::time::Instant::now();
    let out = run_server(&[
        ("DATABASE_URL", "postgres://ruqsat@127.0.0.1:1/ruqsat"),
        ("RUQSAT_DB_RETRY_SECS", "2"),
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr.lines().last().unwrap_or_default();
    assert!(last.starts_with("ruqsat: DATABASE_URL"), "{stderr}");
    assert!(last.contains("after 2 attempts"), "{last}");
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(1),
        "it waited before giving up"
    );
}

#[tokio::test]
async fn the_builds_precompressed_copies_are_sent_as_they_are() {
    let dist = tempfile::tempdir().expect("a temporary directory").keep();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>Ruqsat</title>").expect("index.html");
    std::fs::write(dist.join("app-0123456789abcdef_bg.wasm"), vec![0u8; 4096]).expect("wasm");
    // Not real brotli: the server must send the build's file, not compress again.
    std::fs::write(dist.join("app-0123456789abcdef_bg.wasm.br"), b"precompressed").expect("wasm.br");
    let app = crate::common::test_app_with_dist(dist).await;
    let request = Request::get("/app-0123456789abcdef_bg.wasm")
        .header(header::ACCEPT_ENCODING, "gzip, br")
        .body(Body::empty())
        .expect("a request");
    let r = app.send(request).await;
    assert_eq!(r.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(r.headers()[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(
        r.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(body_text(r).await, "precompressed");
    // A browser without brotli gets the wasm compressed on the fly.
    let request = Request::get("/app-0123456789abcdef_bg.wasm")
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .expect("a request");
    assert_eq!(app.send(request).await.headers()[header::CONTENT_ENCODING], "gzip");
}

#[tokio::test]
async fn each_app_answers_its_own_paths() {
    let dist = tempfile::tempdir().expect("a temporary directory").keep();
    for (folder, title) in [
        ("", "portal"),
        ("account", "account"),
        ("staff", "back office"),
        ("public", "register"),
    ] {
        std::fs::create_dir_all(dist.join(folder)).expect("a folder");
        std::fs::write(dist.join(folder).join("index.html"), format!("<title>{title}</title>")).expect("index.html");
    }
    std::fs::write(dist.join("public/app-0123456789abcdef_bg.wasm"), b"wasm").expect("wasm");
    let app = crate::common::test_app_with_dist(dist).await;
    for (path, title) in [
        ("/", "portal"),
        ("/services/security", "portal"),
        ("/cabinet", "account"),
        ("/cabinet/licences", "account"),
        ("/sign-in?next=/services/security", "account"),
        ("/register", "account"),
        ("/applications/1/applicant", "account"),
        ("/cabinetlike", "portal"),
        ("/registrylike", "portal"),
        ("/staff", "back office"),
        ("/staff/cases/1", "back office"),
        ("/registry", "register"),
        ("/verify?number=L-2026-01-000001", "register"),
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(body_text(r).await, format!("<title>{title}</title>"), "{path}");
    }
    let r = app.get("/public/app-0123456789abcdef_bg.wasm").await;
    assert_eq!(
        r.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(body_text(r).await, "wasm");
}

#[tokio::test]
async fn every_refusal_at_the_boundary_is_a_problem_and_control_characters_never_pass() {
    let app = test_app().await;
    let cookie = app.register("ie", "860101300017", "erlan@example.kz").await;
    let problem = |r: axum::http::Response<Body>| async move {
        let status = r.status();
        assert_eq!(
            r.headers()[header::CONTENT_TYPE],
            "application/problem+json",
            "{status}"
        );
        (status, body_json(r).await)
    };
    let send = |method: &str, path: &str, content_type: Option<&str>, body: Body| {
        let mut r = Request::builder()
            .method(method)
            .uri(path)
            .header("cookie", cookie.clone());
        if let Some(t) = content_type {
            r = r.header(header::CONTENT_TYPE, t);
        }
        app.send(r.body(body).expect("a request"))
    };
    // Control characters in the path, the query and a JSON body.
    for (method, path, body) in [
        ("GET", "/api/applications/ab%00cd", ""),
        ("GET", "/api/registry?q=%00", ""),
        ("GET", "/api/registry?q=a%1Bb", ""),
        (
            "POST",
            "/api/applications",
            r#"{"service": "passenger-transport\u0000", "request_type": "issuance"}"#,
        ),
        ("PUT", "/api/staff/me/inbox", r#"{"q": "a\u0007b"}"#),
    ] {
        let (status, p) = problem(send(method, path, Some("application/json"), Body::from(body)).await).await;
        assert!(
            status == StatusCode::BAD_REQUEST || status == StatusCode::UNAUTHORIZED,
            "{path}: {status}"
        );
        if status == StatusCode::BAD_REQUEST {
            assert_eq!(p["code"], "malformed", "{path}");
        }
    }
    // A line break in a long text is fine.
    let r = send(
        "POST",
        "/api/applications",
        Some("application/json"),
        Body::from(r#"{"service": "passenger-transport", "request_type": "issuance"}"#),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    // Wrong method, a path that does not parse, a query that does not, a
    // body too large, a sandbox form that does not parse.
    let (status, p) = problem(send("DELETE", "/api/services", None, Body::empty()).await).await;
    assert_eq!(
        (status, p["code"].as_str()),
        (StatusCode::METHOD_NOT_ALLOWED, Some("method-not-allowed"))
    );
    let (status, _) = problem(send("GET", "/api/staff/admin/mrp/not-a-year", None, Body::empty()).await).await;
    assert!(status.is_client_error());
    let (status, p) = problem(
        send(
            "PUT",
            "/api/staff/admin/mrp/not-a-year",
            Some("application/json"),
            Body::from("{}"),
        )
        .await,
    )
    .await;
    assert!(
        status == StatusCode::BAD_REQUEST || status == StatusCode::UNAUTHORIZED,
        "{status} {p}"
    );
    let (status, p) = problem(send("GET", "/api/staff/inbox?limit=lots", None, Body::empty()).await).await;
    assert!(
        status == StatusCode::BAD_REQUEST || status == StatusCode::UNAUTHORIZED,
        "{status} {p}"
    );
    let big = format!(r#"{{"service": "{}"}}"#, "x".repeat(3 * 1024 * 1024));
    let (status, p) = problem(send("POST", "/api/applications", Some("application/json"), Body::from(big)).await).await;
    assert_eq!(
        (status, p["code"].as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, Some("too-large"))
    );
    let (status, p) = problem(
        send(
            "POST",
            "/sandbox/gateway/nothing",
            Some("application/x-www-form-urlencoded"),
            Body::from("outcome=maybe"),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, p["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("malformed"))
    );
    let (status, _) = problem(send("PUT", "/api/applications/x", Some("text/plain"), Body::from("{}")).await).await;
    assert!(status.is_client_error());
}

#[tokio::test]
async fn pages_and_answers_carry_the_browser_defences_and_cross_site_writes_are_refused() {
    let dist = tempfile::tempdir().expect("a directory").keep();
    let loader = "import init from '/app-0123456789abcdef.js'; await init();";
    std::fs::write(
        dist.join("index.html"),
        format!("<!doctype html><title>Ruqsat</title><script type=\"module\">{loader}</script>"),
    )
    .expect("index.html");
    let app = crate::common::test_app_with_dist(dist).await;
    let page = app.get("/services/security").await;
    let policy = page.headers()["content-security-policy"]
        .to_str()
        .expect("a policy")
        .to_owned();
    use base64::Engine as _;
    let hash = base64::engine::general_purpose::STANDARD.encode(<sha2::Sha256 as sha2::Digest>::digest(loader));
    assert!(
        policy.contains(&format!("'sha256-{hash}'")),
        "the loader is allowed by its hash: {policy}"
    );
    for part in [
        "script-src 'self' 'wasm-unsafe-eval'",
        "frame-ancestors 'none'",
        "style-src 'self'",
        "base-uri 'none'",
    ] {
        assert!(policy.contains(part), "{part}: {policy}");
    }
    assert_eq!(page.headers()["x-content-type-options"], "nosniff");
    assert_eq!(page.headers()["referrer-policy"], "same-origin");
    // A page is drawn in its visitor's language: it carries no validator,
    // and a browser's old one gets the page again, with its policy.
    assert!(page.headers().get(header::ETAG).is_none() && page.headers().get(header::LAST_MODIFIED).is_none());
    let again = Request::get("/services/security")
        .header(header::IF_MODIFIED_SINCE, "Wed, 21 Oct 2099 07:28:00 GMT")
        .body(Body::empty())
        .expect("a request");
    let again = app.send(again).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(
        again.headers()["content-security-policy"].to_str().ok(),
        Some(policy.as_str())
    );

    let cookie = app.register("ie", "860101300017", "erlan@example.kz").await;
    let me = app.with_cookie("GET", "/api/me", &cookie).await;
    assert_eq!(
        me.headers()["cache-control"],
        "no-store",
        "personal data is never cached"
    );
    assert!(
        me.headers()["content-security-policy"]
            .to_str()
            .is_ok_and(|p| p.contains("frame-ancestors 'none'"))
    );
    let services = app.get("/api/services").await;
    assert_ne!(
        services.headers().get("cache-control").map(|v| v.to_str().ok()),
        Some(Some("no-store"))
    );

    // A cross-site form or script cannot act for the signed-in applicant.
    let write = |headers: &[(&str, &str)], content_type: &str, body: &str| {
        let mut r = Request::post("/api/applications")
            .header("cookie", cookie.clone())
            .header(header::CONTENT_TYPE, content_type);
        for (k, v) in headers {
            r = r.header(*k, *v);
        }
        app.send(r.body(Body::from(body.to_owned())).expect("a request"))
    };
    let json_body = r#"{"service": "passenger-transport", "request_type": "issuance"}"#;
    let r = write(
        &[("origin", "https://evil.example"), ("host", "127.0.0.1:8080")],
        "application/json",
        json_body,
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(body_json(r).await["code"], "cross-origin");
    let r = write(&[("sec-fetch-site", "cross-site")], "application/json", json_body).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = write(&[], "application/x-www-form-urlencoded", "service=passenger-transport").await;
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(r.headers()[header::CONTENT_TYPE], "application/problem+json");
    let r = write(
        &[
            ("origin", "http://127.0.0.1:8080"),
            ("host", "127.0.0.1:8080"),
            ("sec-fetch-site", "same-origin"),
        ],
        "application/json",
        json_body,
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED, "the app itself writes");
}

/// Both migration folders make the schema `backend/migrations/schema.txt`
/// describes: the SQLite leg of the test command checks SQLite's, the
/// PostgreSQL leg PostgreSQL's, so the two cannot drift apart unnoticed.
/// After a migration, `RUQSAT_WRITE_SCHEMA=1 cargo test -p ruqsat-backend
/// --test api skeleton` rewrites the file, whose diff is then reviewed.
#[tokio::test]
async fn both_migration_folders_make_the_schema_on_file() {
    let dir = tempfile::tempdir().expect("a directory");
    let db = crate::common::fresh_db(dir.path()).await;
    let lines = ruqsat_backend::db::schema::describe(&db).await.expect("the schema");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/schema.txt");
    let described = lines.join("\n") + "\n";
    if std::env::var("RUQSAT_WRITE_SCHEMA").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &described).expect("write the schema");
    }
    let on_file = std::fs::read_to_string(&path).expect("migrations/schema.txt");
    let on_file: Vec<&str> = on_file.lines().collect();
    let missing: Vec<_> = on_file.iter().filter(|l| !lines.iter().any(|m| m == *l)).collect();
    let extra: Vec<_> = lines.iter().filter(|l| !on_file.contains(&l.as_str())).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{} migrated differently from migrations/schema.txt:\n  missing: {missing:#?}\n  extra: {extra:#?}",
        db.engine.name()
    );
}

/// A SQLite database runs with the write-ahead log (readers do not wait for
/// a writer), and keeps it when opened again; foreign keys are enforced.
#[tokio::test]
async fn sqlite_runs_with_the_write_ahead_log_and_foreign_keys() {
    let dir = tempfile::tempdir().expect("a directory");
    let url = format!("sqlite://{}/ruqsat.db", dir.path().display());
    for _ in 0..2 {
        let db = ruqsat_backend::db::Db::connect(&url, 0).await.expect("a database");
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&db.pool)
            .await
            .expect("the journal mode");
        assert_eq!(mode, "wal");
        let keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&db.pool)
            .await
            .expect("foreign keys");
        assert_eq!(keys, 1);
        db.pool.close().await;
    }
}
