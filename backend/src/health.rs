//! `GET /api/health`: the version and the database engine, after checking
//! that the database answers, and how far the calendar and the MRP index
//! reach (with warnings when either is near its end).

use axum::Json;
use axum::extract::State;
use shared::api::Health;

use crate::operations::{Access, Api};
use crate::{AppError, AppState};

/// The health routes.
pub fn router() -> Api {
    Api::new().get(
        "/health",
        Access::Public,
        "the server, its database and its yearly data",
        get_health,
    )
}

async fn get_health(State(state): State<AppState>) -> Result<Json<Health>, AppError> {
    state.db.ping().await?;
    let data = crate::reference::horizon(&state.db, state.clock.now().local_date()).await?;
    Ok(Json(Health {
        // Payments of this year are refused while it has no index.
        status: if data.mrp.days_ahead < 0 { "degraded" } else { "ok" }.to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        database: state.db.engine.name().to_owned(),
        data,
        demo: state.demo,
        sandboxes: state.sandbox.is_some(),
    }))
}
