//! The provider's cases: a sent application as it moves along its service's
//! chain from the catalogue. [`place`] says which step a status sits at and
//! who acts there; every change of status goes through [`act`]'s single
//! transaction, which also sets the new step's deadline in working time and
//! appends to the audit log.

mod act;
mod inbox;
mod view;

use shared::calendar::{Calendar, Timestamp};
use shared::catalog::RequestType;
use shared::workflow::{ApplicationStatus, Chain, Role, StepKind};
use sqlx::Row;

use crate::AppError;
use crate::applications::encode;
use crate::db::Db;
use crate::operations::{Access, Api};

pub(crate) use act::case_for;
pub use act::{act, start_case};
pub use inbox::{Bind, InboxSql, inbox_sql, run as inbox_rows};

/// The case routes (staff only).
pub fn router() -> Api {
    Api::new()
        .get(
            "/staff/inbox",
            Access::Staff,
            "the inbox, filtered and paged",
            inbox::inbox,
        )
        .query::<shared::review::InboxQuery>()
        .get("/staff/cases/{id}", Access::Staff, "a case", view::case)
        .post(
            "/staff/cases/{id}/actions",
            Access::Acting,
            "act on a case",
            act::post_action,
        )
        .body::<shared::review::CaseAction>()
        .post(
            "/staff/cases/{id}/signature-check",
            Access::Staff,
            "check the applicant's signature again",
            view::recheck_signature,
        )
        .get(
            "/staff/cases/{id}/files/{sha256}",
            Access::Staff,
            "a case's attached file",
            view::file,
        )
}

/// A case row: the columns the provider's side works with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    /// The application's id.
    pub id: String,
    /// The applicant's account.
    pub owner_id: String,
    /// The registration number.
    pub number: String,
    /// The service's code.
    pub service: String,
    /// What is asked for.
    pub request_type: RequestType,
    /// Where it is.
    pub status: ApplicationStatus,
    /// The provider.
    pub provider: String,
    /// The current step.
    pub step_id: Option<String>,
    /// When the current step started.
    pub step_started_at: Option<i64>,
    /// When it is due.
    pub step_due_at: Option<i64>,
    /// The person named.
    pub assignee: Option<String>,
    /// The journal's incoming number.
    pub incoming_number: Option<String>,
    /// When the whole service is due.
    pub due_at: Option<i64>,
    /// The applicant's name and IIN/BIN.
    pub applicant_name: String,
    /// IIN/BIN.
    pub applicant_id: String,
    /// When registered.
    pub registered_at: i64,
}

impl Case {
    /// The catalogue chain of this case.
    pub fn chain(&self) -> Result<Chain, AppError> {
        Ok(crate::applications::service_of(&self.service)?.chain(self.request_type))
    }
}

fn decode<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, sqlx::Error> {
    serde_json::from_str(s).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

const COLUMNS: &str = "id, owner_id, number, service, request_type, status, provider, step_id, step_started_at, \
                       step_due_at, assignee, incoming_number, due_at, applicant_name, applicant_id, registered_at";

fn case(r: &sqlx::any::AnyRow) -> Result<Case, sqlx::Error> {
    let request_type: String = r.try_get("request_type")?;
    Ok(Case {
        id: r.try_get("id")?,
        owner_id: r.try_get("owner_id")?,
        number: r.try_get::<Option<String>, _>("number")?.unwrap_or_default(),
        service: r.try_get("service")?,
        request_type: decode(&format!("\"{request_type}\""))?,
        status: decode(&r.try_get::<String, _>("status")?)?,
        provider: r.try_get::<Option<String>, _>("provider")?.unwrap_or_default(),
        step_id: r.try_get("step_id")?,
        step_started_at: r.try_get("step_started_at")?,
        step_due_at: r.try_get("step_due_at")?,
        assignee: r.try_get("assignee")?,
        incoming_number: r.try_get("incoming_number")?,
        due_at: r.try_get("due_at")?,
        applicant_name: r.try_get::<Option<String>, _>("applicant_name")?.unwrap_or_default(),
        applicant_id: r.try_get::<Option<String>, _>("applicant_id")?.unwrap_or_default(),
        registered_at: r.try_get::<Option<i64>, _>("registered_at")?.unwrap_or_default(),
    })
}

/// A sent application by id (none for drafts and unknown ids).
pub async fn load(db: &Db, id: &str) -> Result<Option<Case>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM applications WHERE id = $1 AND provider IS NOT NULL");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .as_ref()
        .map(case)
        .transpose()
}

/// Where a status sits in the chain: the step's index, id and the role that
/// acts (none once final).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// Index of the step in the resolved chain.
    pub index: usize,
    /// The step's id.
    pub step_id: String,
    /// Who acts now (the external body while a conclusion is awaited).
    pub role: Role,
}

/// The step a status sits at.
pub fn place(chain: &Chain, status: ApplicationStatus) -> Option<Place> {
    use ApplicationStatus as S;
    let kind_index = |kind: StepKind| chain.steps.iter().position(|(s, _)| s.kind == kind);
    let (index, role) = match status {
        S::Registered => (kind_index(StepKind::Intake)?, None),
        S::InReview { step } | S::Inspection { step } | S::DecisionDrafted { step, .. } => (usize::from(step), None),
        S::AwaitingConclusion { step } => (usize::from(step), Some(Role::ExternalBody)),
        S::Signed { .. } => (kind_index(StepKind::Dispatch)?, None),
        _ => return None,
    };
    let step = chain.step(index)?;
    Some(Place {
        index,
        step_id: step.id.clone(),
        role: role.unwrap_or(step.role),
    })
}

/// The status's tag, as the inbox filters on it (`in-review`, ...).
pub fn stage(status: ApplicationStatus) -> Result<String, sqlx::Error> {
    let v = serde_json::to_value(status).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    Ok(v.get("status").and_then(|s| s.as_str()).unwrap_or_default().to_owned())
}

/// A step's deadline when it starts at `now`.
pub fn step_deadline(chain: &Chain, index: usize, now: Timestamp) -> Result<i64, AppError> {
    let (_, limit) = chain
        .steps
        .get(index)
        .ok_or(AppError::Internal("no such step".to_owned()))?;
    Calendar::standard()
        .deadline(now, *limit)
        .map(Timestamp::unix)
        .map_err(|e| AppError::Internal(format!("the calendar: {e}")))
}

/// The columns of where a case now is, written with every move.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Position {
    /// The new status.
    pub status: ApplicationStatus,
    /// The step, if not final.
    pub place: Option<Place>,
    /// When that step started.
    pub started_at: Option<i64>,
    /// When it is due.
    pub due_at: Option<i64>,
    /// The person named.
    pub assignee: Option<String>,
}

/// Writes a move, guarded by the status it started from; false when the
/// case moved meanwhile.
pub async fn write_position(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: &str,
    from: ApplicationStatus,
    p: &Position,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE applications SET status = $1, stage = $2, step_id = $3, step_role = $4, step_started_at = $5, \
         step_due_at = $6, assignee = $7, updated_at = $8 WHERE id = $9 AND status = $10",
    )
    .bind(encode(&p.status)?)
    .bind(stage(p.status)?)
    .bind(p.place.as_ref().map(|x| x.step_id.clone()))
    .bind(p.place.as_ref().map(|x| crate::staff::role_str(x.role)))
    .bind(p.started_at)
    .bind(p.due_at)
    .bind(&p.assignee)
    .bind(now)
    .bind(id)
    .bind(encode(&from)?)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}
