//! `GET /api/health`: the version and the database engine, after checking
//! that the database answers, and how far the calendar and the MRP index
//! reach (with warnings when either is near its end).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::{Health, Readiness};

use crate::operations::{Access, Api};
use crate::{AppError, AppState};

/// The health routes.
pub fn router() -> Api {
    Api::new()
        .get(
            "/health",
            Access::Public,
            "the server, its database and its yearly data",
            get_health,
        )
        .get(
            "/ready",
            Access::Public,
            "whether this instance may take requests: its database, migrations and file store (503 when not)",
            get_ready,
        )
}

/// Readiness: the database answers, the schema has every migration this
/// server knows, and the file store takes a write and gives it back. 503
/// until all hold, so a load balancer sends nothing to an instance that
/// cannot serve.
async fn get_ready(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    let ok = || "ok".to_owned();
    let database = match state.db.ping().await {
        Ok(()) => ok(),
        Err(e) => format!("unreachable: {e}"),
    };
    let migrations = match state.db.missing_migrations().await {
        Ok(missing) if missing.is_empty() => ok(),
        Ok(missing) => format!("not applied: {missing:?}"),
        Err(e) => format!("unknown: {e}"),
    };
    let storage = match crate::storage::probe(&state.files, &crate::jobs::instance_name()).await {
        Ok(()) => ok(),
        Err(e) => format!("unusable: {e}"),
    };
    let ready = [&database, &migrations, &storage].iter().all(|s| *s == "ok");
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        Json(Readiness {
            ready,
            database,
            migrations,
            storage,
        }),
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
