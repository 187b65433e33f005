//! The one place to see every route: the API under `/api` (its table in
//! [`api`]), the sandbox pages, and the single-page app for every other
//! path.

use axum::Router;
use axum::http::Uri;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use crate::error::AppError;
use crate::operations::{Access, Api, Operation};
use crate::state::AppState;
use crate::{
    applications, attachments, auth, cases, catalog, desk, eds, health, licences, notifications, payments, reference,
    reports, results, spa, staff, submission, survey,
};

/// The API's table: every operation with who may call it. `test_clock`
/// adds the end-to-end tests' clock.
pub fn api(max_upload_bytes: usize, test_clock: bool) -> Api {
    let api = Api::new()
        .merge(health::router())
        .merge(crate::jobs::router())
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
        .merge(results::router())
        .merge(survey::router())
        .merge(reports::router())
        .merge(desk::router(max_upload_bytes))
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
    let page = spa::Pages {
        demo: state.demo,
        session_cookie: crate::auth::applicant_cookie_name(state.secure_cookies),
    };
    let pages = Router::new().nest("/api", api);
    let pages = match &state.sandbox {
        Some(_) => pages.merge(payments::sandbox_router()),
        // Not even the app's page: the sandbox is not here at all.
        None => pages.route("/sandbox/{*rest}", axum::routing::any(api_not_found)),
    };
    pages
        .fallback_service(spa::service(&dist, page))
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
