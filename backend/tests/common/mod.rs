//! The harness of the backend integration tests: a fresh, migrated database
//! per test, on SQLite by default or on PostgreSQL when
//! `RUQSAT_TEST_DATABASE_URL` names a server (the test command sets it), and
//! the app driven without a socket.

#![allow(dead_code, reason = "each test binary uses a part of the harness")]

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response};
use http_body_util::BodyExt as _;
use ruqsat_backend::clock::FixedClock;
use ruqsat_backend::db::Db;
use ruqsat_backend::{AppState, app};
use shared::calendar::Timestamp;
use shared::date::Date;
use std::sync::Arc;
use tower::ServiceExt as _;

use axum::http::StatusCode;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};
use p256::pkcs8::EncodePublicKey as _;
use serde_json::{Value, json};

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A test's own database, and the app over it.
pub struct TestApp {
    /// The router.
    pub router: Router,
    /// The database.
    pub db: Db,
    /// The app's clock, to move forward.
    pub clock: Arc<FixedClock>,
    /// The sandbox payment gateway, to sign notifications as it does (none
    /// in a deployment without the sandboxes).
    pub gateway: Option<Arc<ruqsat_backend::payments::SandboxGateway>>,
    /// Where the attachments' files are stored: a directory, or (the third
    /// lane) a corner of the test S3 bucket.
    pub files: ruqsat_backend::storage::Store,
    /// The state the router was made with, for the builders.
    pub state: AppState,
    _dir: tempfile::TempDir,
}

/// The test's file store: a corner of the S3-compatible bucket the test
/// command started (`RUQSAT_TEST_S3_BUCKET`, `RUQSAT_TEST_S3_ENDPOINT`, the
/// credentials in `AWS_*`), or a directory of the test's own.
pub fn test_store(dir: &std::path::Path) -> ruqsat_backend::storage::Store {
    use ruqsat_backend::storage;
    match std::env::var("RUQSAT_TEST_S3_BUCKET") {
        Ok(bucket) if !bucket.is_empty() => {
            let endpoint = std::env::var("RUQSAT_TEST_S3_ENDPOINT").expect("RUQSAT_TEST_S3_ENDPOINT with the bucket");
            let s3 = storage::s3(&storage::S3 {
                endpoint,
                bucket,
                region: "us-east-1".to_owned(),
                path_style: true,
                keys: None,
            })
            .expect("the test S3 store");
            storage::under(s3, &unique_name())
        }
        _ => storage::local(&dir.join("files")).expect("a files directory"),
    }
}

fn unique_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!(
        "ruqsat_test_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// A fresh database: a new SQLite file, or a new PostgreSQL database on the
/// server named by `RUQSAT_TEST_DATABASE_URL`.
pub async fn fresh_db(dir: &std::path::Path) -> Db {
    match std::env::var("RUQSAT_TEST_DATABASE_URL") {
        Ok(admin_url) if !admin_url.is_empty() => {
            let name = unique_name();
            let admin = Db::connect(&admin_url, 5).await.expect("the test PostgreSQL server");
            // The name is made here from digits, never from input.
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&admin.pool)
                .await
                .expect("create a test database");
            admin.pool.close().await;
            let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin_url);
            Db::connect(&format!("{base}/{name}"), 5)
                .await
                .expect("the test database")
        }
        _ => {
            let path = dir.join("test.db");
            Db::connect(&format!("sqlite://{}", path.display()), 1)
                .await
                .expect("a SQLite database")
        }
    }
}

/// The app over a fresh database, serving `dist` for the single-page app.
pub async fn test_app_with_dist(dist: PathBuf) -> TestApp {
    test_app_configured(dist, |_| {}).await
}

/// The app over a fresh database, its state changed by `configure` (the
/// limits, say) before it starts.
pub async fn test_app_configured(dist: PathBuf, configure: impl FnOnce(&mut AppState)) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let db = fresh_db(dir.path()).await;
    let state = AppState::new(db.clone(), dist).await.expect("the sandboxes");
    started(dir, db, state, configure)
}

/// The app of a deployment without the sandboxes.
pub async fn deployment_app(real: ruqsat_backend::state::Deployment) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let db = fresh_db(dir.path()).await;
    let state = AppState::deployment(db.clone(), small_dist(), real);
    started(dir, db, state, |_| {})
}

fn started(dir: tempfile::TempDir, db: Db, mut state: AppState, configure: impl FnOnce(&mut AppState)) -> TestApp {
    let clock = FixedClock::new(Timestamp::from_local(
        Date::from_ymd(2026, 11, 23).expect("a date"),
        10,
        0,
    ));
    state.clock = clock.clone();
    state.files = test_store(dir.path());
    state.max_upload_bytes = 64 * 1024;
    configure(&mut state);
    let gateway = state.sandbox.as_ref().map(|s| s.gateway.clone());
    let files = state.files.clone();
    let router = app(state.clone());
    TestApp {
        router,
        db,
        clock,
        gateway,
        files,
        state,
        _dir: dir,
    }
}

fn small_dist() -> PathBuf {
    let dist = tempfile::tempdir().expect("a temporary directory").keep();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>Ruqsat</title>").expect("index.html");
    std::fs::create_dir_all(dist.join("account")).expect("a folder");
    std::fs::write(dist.join("account/index.html"), "<!doctype html><title>Ruqsat</title>").expect("index.html");
    std::fs::write(dist.join("app-0123456789abcdef_bg.wasm"), vec![0u8; 4096]).expect("wasm");
    dist
}

/// The app over a fresh database, with a small fake single-page app.
pub async fn test_app() -> TestApp {
    test_app_with_dist(small_dist()).await
}

/// As [`test_app`], its state changed by `configure` first.
pub async fn test_app_with(configure: impl FnOnce(&mut AppState)) -> TestApp {
    test_app_configured(small_dist(), configure).await
}

impl TestApp {
    /// Sends a request and returns the response.
    pub async fn send(&self, request: Request<Body>) -> Response<Body> {
        self.router
            .clone()
            .oneshot(request)
            .await
            .expect("the router never fails")
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> Response<Body> {
        self.send(Request::get(path).body(Body::empty()).expect("a request"))
            .await
    }

    /// A request with a JSON body and, when given, a session cookie.
    pub async fn json(
        &self,
        method: &str,
        path: &str,
        body: serde_json::Value,
        cookie: Option<&str>,
    ) -> Response<Body> {
        let mut r = Request::builder()
            .method(method)
            .uri(path)
            .header("content-type", "application/json");
        if let Some(c) = cookie {
            r = r.header("cookie", c);
        }
        self.send(r.body(Body::from(body.to_string())).expect("a request"))
            .await
    }

    /// A bodiless request with a session cookie.
    pub async fn with_cookie(&self, method: &str, path: &str, cookie: &str) -> Response<Body> {
        let r = Request::builder().method(method).uri(path).header("cookie", cookie);
        self.send(r.body(Body::empty()).expect("a request")).await
    }

    /// `POST /api/sessions` with an identifier and password.
    pub async fn sign_in(&self, identifier: &str, password: &str) -> Response<Body> {
        let body = serde_json::json!({"identifier": identifier, "password": password});
        self.json("POST", "/api/sessions", body, None).await
    }

    /// Starts a draft and returns its view.
    pub async fn draft(&self, cookie: &str, service: &str, request_type: &str) -> serde_json::Value {
        let body = serde_json::json!({"service": service, "request_type": request_type});
        let r = self.json("POST", "/api/applications", body, Some(cookie)).await;
        assert_eq!(r.status(), 201, "a draft of {service}");
        body_json(r).await
    }

    /// Uploads a small PDF as a document of an application.
    pub async fn upload_pdf(&self, cookie: &str, id: &str, document: &str, content: &str) -> Response<Body> {
        let upload = Request::post(format!("/api/applications/{id}/attachments/{document}?name=scan.pdf"))
            .header("cookie", cookie)
            .body(Body::from(format!("%PDF-1.4 {content}")))
            .expect("a request");
        self.send(upload).await
    }

    /// A draft with every step filled in and every required document
    /// uploaded; returns its view.
    pub async fn complete_draft(&self, cookie: &str, service: &str, request_type: &str) -> serde_json::Value {
        self.complete_draft_for(cookie, service, request_type, None).await
    }

    /// A complete draft naming an existing licence (re-registration, duplicate).
    pub async fn complete_draft_for(
        &self,
        cookie: &str,
        service: &str,
        request_type: &str,
        existing: Option<&str>,
    ) -> serde_json::Value {
        let draft = self.draft(cookie, service, request_type).await;
        let id = draft["id"].as_str().expect("an id").to_owned();
        let s = shared::catalog::catalog().service(service).expect("a service");
        let rt: shared::catalog::RequestType =
            serde_json::from_value(serde_json::json!(request_type)).expect("a request type");
        let kind = serde_json::from_value(draft["form"]["applicant"]["kind"].clone()).expect("a kind");
        let today = Date::from_ymd(2026, 11, 23).expect("a date");
        let mut form = shared::form::example(s, rt, kind, today);
        form.applicant = serde_json::from_value(draft["form"]["applicant"].clone()).expect("the applicant");
        if let Some(number) = existing {
            form.request.existing_licence = number.to_owned();
        }
        let body = serde_json::json!({"version": draft["version"], "form": form});
        let r = self
            .json("PUT", &format!("/api/applications/{id}"), body, Some(cookie))
            .await;
        assert_eq!(r.status(), 200, "the example form saves");
        for d in s.documents_for(rt) {
            let r = self.upload_pdf(cookie, &id, &d.id, &d.id).await;
            assert_eq!(r.status(), 201, "upload of {}", d.id);
        }
        let view = body_json(
            self.with_cookie("GET", &format!("/api/applications/{id}"), cookie)
                .await,
        )
        .await;
        assert_eq!(view["errors"], serde_json::json!([]), "complete: {view}");
        view
    }

    /// Registers an account and returns its session cookie (`name=value`).
    pub async fn register(&self, kind: &str, identifier: &str, email: &str) -> String {
        let body = serde_json::json!({
            "kind": kind, "identifier": identifier, "email": email, "password": "correct horse battery"
        });
        let r = self.json("POST", "/api/accounts", body, None).await;
        assert_eq!(r.status(), 201, "registration of {identifier}");
        session_cookie(&r).expect("a session cookie")
    }
}

/// The whole body of a response, as text.
pub async fn body_text(response: Response<Body>) -> String {
    let bytes = response.into_body().collect().await.expect("a body").to_bytes();
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

/// The whole body of a response, as bytes.
pub async fn body_bytes(response: Response<Body>) -> Vec<u8> {
    response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes()
        .to_vec()
}

/// The whole body of a response, as JSON.
pub async fn body_json(response: Response<Body>) -> serde_json::Value {
    serde_json::from_str(&body_text(response).await).expect("JSON")
}

/// The `name=value` of the session cookie a response sets.
pub fn session_cookie(r: &Response<Body>) -> Option<String> {
    let v = r.headers().get("set-cookie")?.to_str().ok()?;
    Some(v.split(';').next()?.to_owned())
}

/// An application's id.
pub fn id_of(view: &Value) -> String {
    view["id"].as_str().expect("an id").to_owned()
}

/// Posts a notification as the gateway would, signed with its key.
pub async fn notify(app: &TestApp, payment: &str, outcome: &str, tiyn: i64, sign: bool) -> StatusCode {
    let body = json!({"payment_id": payment, "outcome": outcome, "amount": tiyn, "reference": "REF-1"}).to_string();
    let signature = if sign {
        app.gateway.as_ref().expect("the sandbox gateway").sign(body.as_bytes())
    } else {
        "00".repeat(32)
    };
    let r = Request::post("/api/payments/notifications")
        .header("content-type", "application/json")
        .header("x-gateway-signature", signature)
        .body(Body::from(body))
        .expect("a request");
    app.send(r).await.status()
}

pub async fn view(app: &TestApp, cookie: &str, id: &str) -> Value {
    body_json(app.with_cookie("GET", &format!("/api/applications/{id}"), cookie).await).await
}

pub async fn start_payment(app: &TestApp, cookie: &str, id: &str) -> (StatusCode, Value) {
    let r = app
        .json(
            "POST",
            &format!("/api/applications/{id}/payments"),
            json!({}),
            Some(cookie),
        )
        .await;
    let status = r.status();
    (status, body_json(r).await)
}

/// A complete, paid application; returns its view.
pub async fn paid(app: &TestApp, cookie: &str, service: &str) -> Value {
    paid_request(app, cookie, service, "issuance", None).await
}

/// A complete, paid application of a request type (a free service's
/// complete draft, which has nothing to pay); returns its view.
pub async fn paid_request(
    app: &TestApp,
    cookie: &str,
    service: &str,
    request_type: &str,
    existing: Option<&str>,
) -> Value {
    let v = app.complete_draft_for(cookie, service, request_type, existing).await;
    let id = id_of(&v);
    if shared::catalog::catalog().service(service).is_some_and(|s| s.is_free()) {
        let (status, problem) = start_payment(app, cookie, &id).await;
        assert_eq!(status, StatusCode::CONFLICT, "{problem}");
        assert_eq!(problem["code"], json!("payment.not_required"));
        return v;
    }
    let (status, checkout) = start_payment(app, cookie, &id).await;
    assert_eq!(status, StatusCode::CREATED);
    let amount = checkout["amount"].as_i64().expect("an amount");
    let payment = checkout["payment_id"].as_str().expect("a payment");
    assert_eq!(notify(app, payment, "paid", amount, true).await, StatusCode::NO_CONTENT);
    let v = view(app, cookie, &id).await;
    assert_eq!(v["status"], json!({"status": "paid"}));
    v
}

/// A key pair as the browser makes it.
pub fn new_key() -> SigningKey {
    loop {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).expect("randomness");
        if let Ok(k) = SigningKey::from_slice(&bytes) {
            break k;
        }
    }
}

/// `POST /api/certificates` for a key, with the password given again.
pub async fn ask_certificate(app: &TestApp, cookie: &str, key: &SigningKey, password: &str) -> Response<Body> {
    let spki = key.verifying_key().to_public_key_der().expect("a public key");
    app.json(
        "POST",
        "/api/certificates",
        json!({"public_key": B64.encode(spki.as_bytes()), "password": password}),
        Some(cookie),
    )
    .await
}

/// A key pair as the browser makes it, and a certificate for it.
pub async fn certificate(app: &TestApp, cookie: &str) -> (SigningKey, Value) {
    let key = new_key();
    let r = ask_certificate(app, cookie, &key, "correct horse battery").await;
    assert_eq!(r.status(), StatusCode::CREATED);
    (key, body_json(r).await)
}

pub fn sign(key: &SigningKey, view: &Value) -> String {
    let form: shared::form::ApplicationForm = serde_json::from_value(view["form"].clone()).expect("a form");
    let bytes = shared::signing::canonical_bytes(view["id"].as_str().expect("an id"), &form);
    let sig: Signature = key.sign(&bytes);
    B64.encode(sig.to_bytes())
}

pub async fn submit(
    app: &TestApp,
    cookie: &str,
    view: &Value,
    cert: &Value,
    signature: &str,
    key: &str,
) -> (StatusCode, Value) {
    let id = id_of(view);
    let body =
        json!({"version": view["version"], "certificate": cert["der"], "signature": signature, "idempotency_key": key});
    let r = app
        .json(
            "POST",
            &format!("/api/applications/{id}/submission"),
            body,
            Some(cookie),
        )
        .await;
    let status = r.status();
    (status, body_json(r).await)
}

/// A paid, signed and sent application (registered with a number); returns its view.
pub async fn registered(
    app: &TestApp,
    cookie: &str,
    service: &str,
    request_type: &str,
    existing: Option<&str>,
) -> Value {
    let v = paid_request(app, cookie, service, request_type, existing).await;
    let (key, cert) = certificate(app, cookie).await;
    let signature = sign(&key, &v);
    let (status, sent) = submit(app, cookie, &v, &cert, &signature, &format!("key-{}", id_of(&v))).await;
    assert_eq!(status, StatusCode::OK, "sent: {sent}");
    sent
}

/// A complete application registered through the store, as if paid,
/// signed and sent, without the payment gateway or an EDS (the journey
/// itself is tested by [`registered`]); returns its id.
pub async fn registered_by_store(
    app: &TestApp,
    cookie: &str,
    service: &str,
    request_type: &str,
    existing: Option<&str>,
) -> String {
    let view = app.complete_draft_for(cookie, service, request_type, existing).await;
    let id = id_of(&view);
    ruqsat_backend::fixtures::register(&app.state, &id)
        .await
        .expect("registered through the store");
    id
}

/// A registered application put straight at the first step of `kind` in
/// its chain (a signing step with `decision` drafted); returns its id.
pub async fn case_at(
    app: &TestApp,
    cookie: &str,
    (service, request_type): (&str, &str),
    kind: shared::workflow::StepKind,
    decision: Option<shared::review::DecisionOutcome>,
) -> String {
    let id = registered_by_store(app, cookie, service, request_type, None).await;
    let rt = serde_json::from_value(json!(request_type)).expect("a request type");
    let chain = shared::catalog::catalog()
        .service(service)
        .expect("a service")
        .chain(rt);
    let index = chain
        .steps
        .iter()
        .position(|(s, _)| s.kind == kind)
        .expect("the chain has that step");
    ruqsat_backend::fixtures::put_at_step(&app.state, &id, index, decision.as_ref())
        .await
        .expect("put at the step");
    id
}

/// The paths of a refused form's field errors, in order.
pub fn error_paths(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["path"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}
