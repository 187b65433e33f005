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
use crate::error::AppError;
use crate::registers::{SandboxRegisters, StateRegisters};
use crate::{applications, attachments, auth, catalog, health, spa};

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
}

impl AppState {
    /// The state with the system clock and the sandbox registers.
    pub fn new(db: Db, dist: PathBuf) -> AppState {
        AppState {
            db,
            dist: Arc::new(dist),
            clock: Arc::new(SystemClock),
            registers: Arc::new(SandboxRegisters::demo()),
            secure_cookies: false,
            files: Arc::new(PathBuf::from("data/files")),
            max_upload_bytes: 10 * 1024 * 1024,
        }
    }
}

/// The whole application.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .merge(health::router())
        .merge(catalog::router())
        .merge(auth::router())
        .merge(applications::router())
        .merge(attachments::router(state.max_upload_bytes))
        .fallback(api_not_found);
    let dist = state.dist.clone();
    Router::new()
        .nest("/api", api)
        .fallback_service(spa::service(&dist))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Unknown API paths are a 404 problem, never the app's `index.html`.
async fn api_not_found(_uri: Uri) -> AppError {
    AppError::NotFound
}
