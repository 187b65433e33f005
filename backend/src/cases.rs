//! The provider's cases: a sent application as it moves along its service's
//! chain from the catalogue. [`place`] says which step a status sits at and
//! who acts there; every change of status goes through one executor's single
//! transaction ([`actions`]), which also sets the new step's deadline in working time and
//! appends to the audit log.

mod actions;
mod inbox;
mod read;
mod store;
mod view;

use shared::calendar::{Calendar, Timestamp};
use shared::catalog::RequestType;
use shared::workflow::{ApplicationStatus, Chain, Role, StepKind};

use crate::AppError;
use crate::operations::{Access, Api};

#[cfg(feature = "fixtures")]
pub(crate) use actions::put;
pub use actions::{act, applicant_name, start_case};
pub(crate) use read::case_for;
pub use store::{Bind, InboxSql, inbox_rows, inbox_sql, load, write_position};
#[cfg(feature = "fixtures")]
pub(crate) use store::{replace_decision, set_incoming_number};

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
            actions::post_action,
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
    /// Where it was filed: a result filed at a service centre goes back
    /// there by courier.
    pub channel: shared::catalog::Channel,
}

impl Case {
    /// What the licence register keeps of this case.
    pub fn holder(&self) -> crate::licences::Holder<'_> {
        crate::licences::Holder {
            application: &self.id,
            owner: &self.owner_id,
            service: &self.service,
            provider: &self.provider,
            request_type: self.request_type,
            applicant_name: &self.applicant_name,
            applicant_id: &self.applicant_id,
        }
    }

    /// The provider's working-time calendar, which every deadline of the
    /// case counts in.
    pub fn calendar(&self) -> &'static Calendar {
        Calendar::of_provider(&self.provider)
    }

    /// The catalogue chain of this case; its dispatch takes the courier's
    /// limit when the result goes to a service centre (seed 001:85, 346).
    pub fn chain(&self) -> Result<Chain, AppError> {
        let chain = crate::applications::service_of(&self.service)?.chain(self.request_type);
        Ok(match self.channel {
            shared::catalog::Channel::ServiceCentre => chain.by_courier(),
            _ => chain,
        })
    }
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

/// A step's deadline when it starts at `now`, in the provider's working time.
pub fn step_deadline(calendar: &Calendar, chain: &Chain, index: usize, now: Timestamp) -> Result<i64, AppError> {
    let (_, limit) = chain
        .steps
        .get(index)
        .ok_or(AppError::Internal("no such step".to_owned()))?;
    calendar
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
