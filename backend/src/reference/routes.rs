//! The administrator's MRP setting: `GET /api/staff/admin/mrp` lists every
//! year's index with its source and who set it; `PUT
//! /api/staff/admin/mrp/{year}` sets a year the data file does not have.

use axum::extract::State;
use shared::api::{MrpIndex, MrpIndices, SetMrp};
use shared::money::mrp_published;

use super::store::{self, Setter};
use crate::error::{ApiJson, ApiPath};
use crate::operations::{Access, Api};
use crate::staff::{ActingAdmin, AdminStaff};
use crate::{AppError, AppState};

/// The routes.
pub fn router() -> Api {
    Api::new()
        .get("/staff/admin/mrp", Access::Admin, "the MRP index of each year", list)
        .put("/staff/admin/mrp/{year}", Access::Admin, "set a year's MRP index", set)
        .body::<SetMrp>()
}

async fn indices(state: &AppState) -> Result<MrpIndices, AppError> {
    let mut years: Vec<MrpIndex> = store::all(&state.db)
        .await?
        .into_iter()
        .map(|m| MrpIndex {
            year: m.year,
            index: shared::money::Tenge::from_tiyn(m.tiyn),
            source: m.source,
            set_by: Some(m.set_by_name),
            set_at: Some(m.set_at),
        })
        .collect();
    years.extend(mrp_published().map(|(year, index)| MrpIndex {
        year,
        index,
        source: "shared/data/mrp.toml".to_owned(),
        set_by: None,
        set_at: None,
    }));
    years.sort_by_key(|m| std::cmp::Reverse(m.year));
    let this_year = state.clock.now().local_date().year();
    let missing = (this_year..=this_year + 1)
        .filter(|y| !years.iter().any(|m| m.year == *y))
        .collect();
    Ok(MrpIndices { years, missing })
}

async fn list(State(state): State<AppState>, _admin: AdminStaff) -> Result<ApiJson<MrpIndices>, AppError> {
    Ok(ApiJson(indices(&state).await?))
}

async fn set(
    State(state): State<AppState>,
    current: ActingAdmin,
    ApiPath(year): ApiPath<i32>,
    ApiJson(body): ApiJson<SetMrp>,
) -> Result<ApiJson<MrpIndices>, AppError> {
    let now = state.clock.now();
    let errors = body.validate(year, now.local_date().year());
    let Some(index) = body.tenge().filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let by = Setter {
        id: &current.staff.id,
        name: &current.staff.name,
        at: now.unix(),
    };
    let source = body.source.trim();
    if !store::append(&state.db, year, index.tiyn(), source, by).await? {
        return Err(AppError::Conflict(shared::i18n::Msg::DraftChanged));
    }
    tracing::info!(
        year,
        index = %index,
        source,
        staff = %current.staff.id,
        provider = %current.staff.provider,
        "MRP index set"
    );
    Ok(ApiJson(indices(&state).await?))
}
