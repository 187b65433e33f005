//! The one place to see every route: the API under `/api`, and the single-page
//! app for every other path.

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::http::Uri;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use crate::clock::{Clock, SystemClock};
use crate::db::Db;
use crate::eds::{CertificationAuthority, EdsError, SandboxCa};
use crate::error::AppError;
use crate::operations::{Access, Api, Operation};
use crate::payments::{PaymentGateway, SandboxGateway};
use crate::registers::{SandboxRegisters, StateRegisters};
use crate::{
    applications, attachments, auth, cases, catalog, eds, health, licences, notifications, payments, reference, spa,
    staff, submission,
};

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// Where the built single-page app lives.
    pub dist: Arc<PathBuf>,
    /// The time.
    pub clock: Arc<dyn Clock>,
    /// The state registers of individuals and legal entities.
    pub registers: Arc<dyn StateRegisters>,
    /// Whether cookies carry `Secure` (behind TLS).
    pub secure_cookies: bool,
    /// Where attachments are stored, by content hash.
    pub files: Arc<PathBuf>,
    /// The largest attachment accepted, in bytes.
    pub max_upload_bytes: usize,
    /// What one account may keep unsent.
    pub quota: crate::config::Quota,
    /// The certification authority that issues applicants' certificates.
    pub ca: Arc<dyn CertificationAuthority>,
    /// The payment gateway.
    pub gateway: Arc<dyn PaymentGateway>,
    /// The sandboxes standing in for the state systems this server cannot
    /// reach (the gateway's checkout page, the certification authority);
    /// none in a deployment that has the real ones.
    pub sandbox: Option<Sandbox>,
    /// The address the public reaches the portal at (for QR codes).
    pub public_url: Arc<str>,
    /// The movable clock of end-to-end tests; none in production.
    pub test_clock: Option<Arc<crate::clock::ShiftedClock>>,
    /// A demonstration (demo accounts loaded; the pages say so).
    pub demo: bool,
    /// The reverse proxies whose `X-Forwarded-For` tells the client's address.
    pub trusted_proxies: Arc<[std::net::IpAddr]>,
    /// The Content-Security-Policy of the apps' pages (with the hashes of
    /// their inline loader scripts).
    pub page_policy: Arc<str>,
}

/// What only the sandboxes have.
#[derive(Clone, Debug)]
pub struct Sandbox {
    /// The sandbox gateway, which signs the notifications of its own
    /// checkout page.
    pub gateway: Arc<SandboxGateway>,
}

/// The real systems of a deployment without the sandboxes, their keys
/// outside the application's database.
#[derive(Clone, Debug)]
pub struct Deployment {
    /// The national certification authority's root certificate.
    pub ca: crate::eds::NationalCa,
    /// The payment gateway.
    pub gateway: crate::payments::HostedGateway,
}

impl AppState {
    /// The state with the system clock and the sandboxes of the state
    /// systems (registers, certification authority, payment gateway), whose
    /// keys are kept in the database.
    pub async fn new(db: Db, dist: PathBuf) -> Result<AppState, EdsError> {
        let now = SystemClock.now().unix();
        let ca = SandboxCa::open(&db, now).await?;
        let gateway = Arc::new(SandboxGateway::open(&db, now).await?);
        let mut state = AppState::with(db, dist, Arc::new(ca), gateway.clone());
        state.sandbox = Some(Sandbox { gateway });
        Ok(state)
    }

    /// The state of a deployment without the sandboxes: the real
    /// certification authority and gateway, nothing of theirs in the
    /// database, no sandbox pages.
    pub fn deployment(db: Db, dist: PathBuf, real: Deployment) -> AppState {
        AppState::with(db, dist, Arc::new(real.ca), Arc::new(real.gateway))
    }

    fn with(db: Db, dist: PathBuf, ca: Arc<dyn CertificationAuthority>, gateway: Arc<dyn PaymentGateway>) -> AppState {
        let page_policy = Arc::from(crate::security::page_policy(&dist));
        AppState {
            db,
            page_policy,
            dist: Arc::new(dist),
            clock: Arc::new(SystemClock),
            registers: Arc::new(SandboxRegisters::demo()),
            secure_cookies: false,
            files: Arc::new(PathBuf::from("data/files")),
            max_upload_bytes: 10 * 1024 * 1024,
            quota: crate::config::Quota::default(),
            ca,
            gateway,
            sandbox: None,
            public_url: Arc::from("http://127.0.0.1:8080"),
            test_clock: None,
            demo: false,
            trusted_proxies: Arc::from(Vec::new()),
        }
    }
}

/// The API's table: every operation with who may call it. `test_clock`
/// adds the end-to-end tests' clock.
pub fn api(max_upload_bytes: usize, test_clock: bool) -> Api {
    let api = Api::new()
        .merge(health::router())
        .merge(catalog::router())
        .merge(auth::router())
        .merge(applications::router())
        .merge(attachments::router(max_upload_bytes))
        .merge(payments::router())
        .merge(eds::router())
        .merge(submission::router())
        .merge(notifications::router())
        .merge(staff::router())
        .merge(staff::admin_router())
        .merge(reference::router())
        .merge(cases::router())
        .merge(licences::router())
        .get("/openapi.json", Access::Public, "this description", openapi_document);
    if test_clock {
        api.post(
            "/test/clock",
            Access::Public,
            "end-to-end tests only: move the clock forward",
            advance_clock,
        )
    } else {
        api
    }
}

/// Every operation of the API (as a deployment has it).
pub fn operations() -> Vec<Operation> {
    api(0, false).into_parts().1
}

/// `GET /api/openapi.json`: the OpenAPI 3.1 description, made once from
/// the table.
async fn openapi_document() -> axum::Json<serde_json::Value> {
    static DOCUMENT: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    axum::Json(
        DOCUMENT
            .get_or_init(|| crate::operations::openapi(&operations()))
            .clone(),
    )
}

/// The whole application.
pub fn app(state: AppState) -> Router {
    let (api, _) = api(state.max_upload_bytes, state.test_clock.is_some()).into_parts();
    let api = api
        .fallback(api_not_found)
        .method_not_allowed_fallback(method_not_allowed);
    let dist = state.dist.clone();
    let pages = Router::new().nest("/api", api);
    let pages = match &state.sandbox {
        Some(_) => pages.merge(payments::sandbox_router()),
        // Not even the app's page: the sandbox is not here at all.
        None => pages.route("/sandbox/{*rest}", axum::routing::any(api_not_found)),
    };
    pages
        .fallback_service(spa::service(&dist))
        .layer(axum::middleware::from_fn(crate::error::refuse_control_characters))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::security::defend,
        ))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Unknown API paths are a 404 problem, never the app's `index.html`.
async fn api_not_found(_uri: Uri) -> AppError {
    AppError::NotFound
}

/// A method the path does not take is a 405 problem.
async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}

/// Moves the end-to-end tests' clock forward (`{"secs": n}`).
async fn advance_clock(
    axum::extract::State(state): axum::extract::State<AppState>,
    crate::error::ApiJson(body): crate::error::ApiJson<serde_json::Value>,
) -> Result<axum::http::StatusCode, AppError> {
    let clock = state.test_clock.as_ref().ok_or(AppError::NotFound)?;
    let secs = body["secs"]
        .as_i64()
        .ok_or(AppError::Malformed("secs: a number".to_owned()))?;
    clock.advance(secs);
    Ok(axum::http::StatusCode::NO_CONTENT)
}
