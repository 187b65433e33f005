//! The inbox: a staff member's open cases, most urgent first, filtered and
//! searched, paged by keyset on (step deadline, id) so that a page costs the
//! same at row 20 and at row 1 000 000.

use axum::extract::State;
use shared::calendar::{Calendar, Timestamp, Urgency};
use shared::review::{InboxPage, InboxQuery, InboxRow};
use sqlx::Row;

use crate::error::{ApiJson, ApiQuery};
use crate::staff::CurrentStaff;
use crate::{AppError, AppState};

fn decode<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, AppError> {
    serde_json::from_str(s).map_err(|e| AppError::Internal(e.to_string()))
}

pub(super) async fn inbox(
    State(state): State<AppState>,
    current: CurrentStaff,
    ApiQuery(q): ApiQuery<InboxQuery>,
) -> Result<ApiJson<InboxPage>, AppError> {
    let staff = &current.staff;
    let now = state.clock.now();
    let head_absent = crate::staff::head_absent(&state.db, &staff.provider).await?;
    let query = super::store::inbox_sql(staff, &q, head_absent, now.unix())?;
    let rows = super::store::inbox_rows(&state.db, &query).await?;
    let calendar = Calendar::standard();
    let left = |due: Option<i64>| due.and_then(|d| calendar.remaining(now, Timestamp::from_unix(d)).ok());
    let mut out = Vec::with_capacity(rows.len());
    for r in rows.iter().take(query.limit) {
        let step_due_at: Option<i64> = r.try_get("step_due_at")?;
        let due_at: Option<i64> = r.try_get("due_at")?;
        let registered_at: i64 = r.try_get::<Option<i64>, _>("registered_at")?.unwrap_or_default();
        let step_role: Option<String> = r.try_get("step_role")?;
        let request_type: String = r.try_get("request_type")?;
        out.push(InboxRow {
            id: r.try_get("id")?,
            number: r.try_get::<Option<String>, _>("number")?.unwrap_or_default(),
            incoming_number: r.try_get("incoming_number")?,
            service: r.try_get("service")?,
            request_type: crate::db::codec::from_text(&request_type)?,
            applicant_name: r.try_get::<Option<String>, _>("applicant_name")?.unwrap_or_default(),
            applicant_id: r.try_get::<Option<String>, _>("applicant_id")?.unwrap_or_default(),
            status: decode(&r.try_get::<String, _>("status")?)?,
            step_id: r.try_get("step_id")?,
            step_role: step_role.map(|s| crate::db::codec::from_text(&s)).transpose()?,
            assignee: r.try_get("assignee")?,
            step_due_at,
            due_at,
            registered_at,
            step_minutes_left: left(step_due_at),
            service_minutes_left: left(due_at),
            urgency: step_due_at
                .and_then(|d| calendar.urgency(now, Timestamp::from_unix(d)).ok())
                .unwrap_or(Urgency::OnTime),
            age_days: (now.unix() - registered_at).max(0) / 86_400,
        });
    }
    let next = (rows.len() > query.limit)
        .then(|| {
            out.last()
                .map(|r| format!("{}:{}", r.step_due_at.unwrap_or_default(), r.id))
        })
        .flatten();
    Ok(ApiJson(InboxPage { rows: out, next }))
}
