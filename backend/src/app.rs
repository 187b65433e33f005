//! The one place to see every route: the API under `/api`, and the single-page
//! app for every other path.

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::http::Uri;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use crate::db::Db;
use crate::error::AppError;
use crate::{catalog, health, spa};

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// Where the built single-page app lives.
    pub dist: Arc<PathBuf>,
}

/// The whole application.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .merge(health::router())
        .merge(catalog::router())
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
