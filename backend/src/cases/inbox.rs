//! The inbox: a staff member's open cases, most urgent first, filtered and
//! searched, paged by keyset on (step deadline, id) so that a page costs the
//! same at row 20 and at row 1 000 000.

use axum::extract::State;
use shared::calendar::{Calendar, Timestamp, Urgency};
use shared::page::{Cursor, Page};
use shared::review::{InboxQuery, InboxRow};

use super::store::InboxEntry;
use crate::error::{ApiJson, ApiQuery};
use crate::staff::CurrentStaff;
use crate::{AppError, AppState};

pub(super) async fn inbox(
    State(state): State<AppState>,
    current: CurrentStaff,
    ApiQuery(q): ApiQuery<InboxQuery>,
) -> Result<ApiJson<Page<InboxRow>>, AppError> {
    let staff = &current.staff;
    let now = state.clock.now();
    let head_absent = crate::staff::head_absent(&state.db, &staff.provider).await?;
    let query = super::store::inbox_sql(staff, &q, head_absent, now.unix())?;
    let rows = super::store::inbox_rows(&state.db, &query).await?;
    let calendar = Calendar::of_provider(&staff.provider);
    let rows: Vec<InboxRow> = rows.into_iter().map(|r| row(r, now, calendar)).collect();
    Ok(ApiJson(Page::cut(rows, query.limit, |r| {
        Cursor::new(r.step_due_at.unwrap_or_default(), &r.id)
    })))
}

/// An inbox row with what the clock says of it: the working time left to
/// the step's and the service's deadlines, the urgency, the age.
fn row(r: InboxEntry, now: Timestamp, calendar: &Calendar) -> InboxRow {
    let left = |due: Option<i64>| due.and_then(|d| calendar.remaining(now, Timestamp::from_unix(d)).ok());
    let registered_at = r.registered_at.unwrap_or_default();
    InboxRow {
        id: r.id,
        number: r.number.unwrap_or_default(),
        incoming_number: r.incoming_number,
        service: r.service,
        request_type: r.request_type.0,
        applicant_name: r.applicant_name.unwrap_or_default(),
        applicant_id: r.applicant_id.unwrap_or_default(),
        status: r.status.0,
        step_id: r.step_id,
        step_role: r.step_role.map(|t| t.0),
        assignee: r.assignee,
        step_due_at: r.step_due_at,
        due_at: r.due_at,
        registered_at,
        step_minutes_left: left(r.step_due_at),
        service_minutes_left: left(r.due_at),
        urgency: r
            .step_due_at
            .and_then(|d| calendar.urgency(now, Timestamp::from_unix(d)).ok())
            .unwrap_or(Urgency::OnTime),
        age_days: (now.unix() - registered_at).max(0) / 86_400,
    }
}
