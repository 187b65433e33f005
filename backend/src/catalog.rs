//! `GET /api/services` and `GET /api/services/{code}`: the service catalogue
//! from the shared crate, so API clients see exactly what the browser shows.

use axum::Json;
use shared::api::ServiceSummary;
use shared::catalog::{Service, catalog};

use crate::AppError;
use crate::error::ApiPath;
use crate::operations::{Access, Api};

/// The catalogue routes.
pub fn router() -> Api {
    Api::new()
        .get("/services", Access::Public, "the service catalogue", list_services)
        .get("/services/{code}", Access::Public, "one service", get_service)
}

fn summary(service: &Service) -> Option<ServiceSummary> {
    let provider = catalog().provider(&service.provider)?;
    Some(ServiceSummary::of(service, provider.name.clone()))
}

async fn list_services() -> Json<Vec<ServiceSummary>> {
    Json(catalog().services.iter().filter_map(summary).collect())
}

async fn get_service(ApiPath(code): ApiPath<String>) -> Result<Json<ServiceSummary>, AppError> {
    catalog()
        .service(&code)
        .and_then(summary)
        .map(Json)
        .ok_or(AppError::NotFound)
}
