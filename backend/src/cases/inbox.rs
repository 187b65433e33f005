//! The inbox: a staff member's open cases, most urgent first, filtered and
//! searched, paged by keyset on (step deadline, id) so that a page costs the
//! same at row 20 and at row 1 000 000.

use axum::extract::State;
use shared::calendar::{Calendar, Timestamp, Urgency};
use shared::review::{INBOX_MAX_LIMIT, InboxPage, InboxQuery, InboxRow, InboxScope};
use shared::workflow::Role;
use sqlx::Row;

use crate::error::{ApiJson, ApiQuery};
use crate::staff::{CurrentStaff, Staff, role_str};
use crate::{AppError, AppState};

/// A value bound to the inbox query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Bind {
    /// Text.
    Text(String),
    /// A number.
    Int(i64),
}

/// The inbox's SQL and its parameters, for the handler and the benchmark.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InboxSql {
    /// The statement.
    pub sql: String,
    /// Its parameters, in order.
    pub binds: Vec<Bind>,
    /// The page size asked (one more row is fetched to know of a next page).
    pub limit: usize,
}

/// Roles whose cases a scope shows the member.
fn roles_for(staff: &Staff, scope: InboxScope, head_absent: bool) -> Option<Vec<Role>> {
    match scope {
        InboxScope::Mine => Some(match staff.role {
            Role::DeputyHead if head_absent => vec![Role::DeputyHead, Role::Head],
            r => vec![r],
        }),
        InboxScope::Department => Some(vec![Role::DepartmentHead, Role::Executor]),
        InboxScope::Provider => None,
    }
}

/// Builds the inbox query for a member.
pub fn inbox_sql(staff: &Staff, q: &InboxQuery, head_absent: bool, now: i64) -> Result<InboxSql, AppError> {
    let mut sql = String::from(
        "SELECT id, number, incoming_number, service, request_type, status, step_id, step_role, assignee, \
         step_due_at, due_at, registered_at, applicant_name, applicant_id FROM applications \
         WHERE provider = $1 AND step_due_at IS NOT NULL",
    );
    let mut binds = vec![Bind::Text(staff.provider.clone())];
    fn bind(sql: &mut String, binds: &mut Vec<Bind>, clause: &str, value: Bind) {
        binds.push(value);
        sql.push_str(&clause.replace('?', &format!("${}", binds.len())));
    }
    if staff.role == Role::ExternalBody {
        bind(
            &mut sql,
            &mut binds,
            " AND step_role = ?",
            Bind::Text(role_str(Role::ExternalBody)),
        );
    } else if let Some(roles) = roles_for(staff, q.scope, head_absent) {
        let mut parts = Vec::new();
        for r in roles {
            binds.push(Bind::Text(role_str(r)));
            parts.push(format!("${}", binds.len()));
        }
        let roles = parts.join(", ");
        if q.scope == InboxScope::Mine {
            binds.push(Bind::Text(staff.id.clone()));
            let me = binds.len();
            sql.push_str(&format!(
                " AND (assignee = ${me} OR (assignee IS NULL AND step_role IN ({roles})))"
            ));
        } else {
            sql.push_str(&format!(" AND step_role IN ({roles})"));
        }
    }
    if let Some(s) = q.service.as_deref().filter(|s| !s.is_empty()) {
        bind(&mut sql, &mut binds, " AND service = ?", Bind::Text(s.to_owned()));
    }
    if let Some(r) = q.request_type {
        let r = serde_json::to_string(&r).map_err(|e| AppError::Internal(e.to_string()))?;
        bind(
            &mut sql,
            &mut binds,
            " AND request_type = ?",
            Bind::Text(r.trim_matches('"').to_owned()),
        );
    }
    if let Some(s) = q.stage {
        bind(&mut sql, &mut binds, " AND stage = ?", Bind::Text(s.tag().to_owned()));
    }
    if let Some(s) = q.step.as_deref().filter(|s| !s.is_empty()) {
        bind(&mut sql, &mut binds, " AND step_id = ?", Bind::Text(s.to_owned()));
    }
    if q.overdue {
        bind(&mut sql, &mut binds, " AND step_due_at < ?", Bind::Int(now));
    }
    if let Some(text) = q.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        if digits.len() == 12 && digits.len() == text.len() {
            bind(&mut sql, &mut binds, " AND applicant_id = ?", Bind::Text(digits));
        } else if text.to_uppercase().starts_with("KZ-") {
            bind(&mut sql, &mut binds, " AND number = ?", Bind::Text(text.to_uppercase()));
        } else {
            let pattern = format!("%{}%", text.to_lowercase().replace(['%', '_'], ""));
            bind(
                &mut sql,
                &mut binds,
                " AND LOWER(applicant_name) LIKE ?",
                Bind::Text(pattern),
            );
        }
    }
    if let Some((due, id)) = q.after.as_deref().and_then(|a| a.split_once(':')) {
        let due: i64 = due
            .parse()
            .map_err(|_| AppError::Malformed("a bad page cursor".to_owned()))?;
        binds.push(Bind::Int(due));
        let d = binds.len();
        binds.push(Bind::Text(id.to_owned()));
        let i = binds.len();
        // A row-value comparison, so the index on (provider, step_due_at, id)
        // seeks straight to the cursor on both engines.
        sql.push_str(&format!(" AND (step_due_at, id) > (${d}, ${i})"));
    }
    let limit = q.limit.unwrap_or(25).clamp(1, INBOX_MAX_LIMIT) as usize;
    sql.push_str(&format!(" ORDER BY step_due_at, id LIMIT {}", limit + 1));
    Ok(InboxSql { sql, binds, limit })
}

/// Runs an inbox query; the raw rows.
pub async fn run(db: &crate::db::Db, q: &InboxSql) -> Result<Vec<sqlx::any::AnyRow>, sqlx::Error> {
    let mut query = sqlx::query(sqlx::AssertSqlSafe(q.sql.clone()));
    for b in &q.binds {
        query = match b {
            Bind::Text(t) => query.bind(t.clone()),
            Bind::Int(i) => query.bind(*i),
        };
    }
    query.fetch_all(&db.pool).await
}

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
    let query = inbox_sql(staff, &q, head_absent, now.unix())?;
    let rows = run(&state.db, &query).await?;
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
            request_type: decode(&format!("\"{request_type}\""))?,
            applicant_name: r.try_get::<Option<String>, _>("applicant_name")?.unwrap_or_default(),
            applicant_id: r.try_get::<Option<String>, _>("applicant_id")?.unwrap_or_default(),
            status: decode(&r.try_get::<String, _>("status")?)?,
            step_id: r.try_get("step_id")?,
            step_role: step_role.map(|s| decode(&format!("\"{s}\""))).transpose()?,
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
