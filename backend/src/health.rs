//! `GET /api/health`: the version and the database engine, after checking
//! that the database answers.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use shared::api::Health;

use crate::{AppError, AppState};

/// The health routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(get_health))
}

async fn get_health(State(state): State<AppState>) -> Result<Json<Health>, AppError> {
    state.db.ping().await?;
    Ok(Json(Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        database: state.db.engine.name().to_owned(),
    }))
}
