//! The inbox: what a member asks of it (scope, filters, search, paging)
//! and the rows it answers.

use crate::calendar::Urgency;
use crate::catalog::RequestType;
use crate::form::FieldError;
use crate::i18n::Msg;
use crate::workflow::{ApplicationStatus, Role};
use serde::{Deserialize, Serialize};

/// Which cases an inbox shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum InboxScope {
    /// Waiting for me: named to me, or open to my role and named to nobody.
    #[default]
    Mine,
    /// Waiting for anyone in the licensing department (department head and executors).
    Department,
    /// Every open case of my provider.
    Provider,
}

/// The inbox's filters, search and page position.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InboxQuery {
    /// Which cases.
    #[serde(default)]
    pub scope: InboxScope,
    /// Only this service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Only this request type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_type: Option<RequestType>,
    /// Only cases in this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<InboxStage>,
    /// Only cases at this chain step (`review`, `signing`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// Only cases past their step's deadline.
    #[serde(default)]
    pub overdue: bool,
    /// A number, an IIN/BIN or part of the applicant's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// The cursor of the page to show (from the previous page's `next`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// Rows per page (at most [`INBOX_MAX_LIMIT`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// The longest search text the inbox takes.
pub const INBOX_MAX_SEARCH: usize = 100;

impl InboxQuery {
    /// The filters alone, as a member's remembered choice: no page cursor,
    /// no page size, the search text trimmed.
    pub fn filters(&self) -> InboxQuery {
        InboxQuery {
            after: None,
            limit: None,
            q: self
                .q
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned),
            service: self.service.clone().filter(|s| !s.is_empty()),
            step: self.step.clone().filter(|s| !s.is_empty()),
            ..self.clone()
        }
    }

    /// Field errors of the filters, the same in the browser and on the server:
    /// the service and step must be the catalogue's, the search short.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let catalog = crate::catalog::catalog();
        if let Some(s) = self.service.as_deref().filter(|s| !s.is_empty())
            && catalog.service(s).is_none()
        {
            errors.push(FieldError::new("inbox.service", Msg::StaffFilterUnknownService));
        }
        if let Some(step) = self.step.as_deref().filter(|s| !s.is_empty())
            && !inbox_steps(None).iter().any(|s| s == step)
        {
            errors.push(FieldError::new("inbox.step", Msg::StaffFilterUnknownStep));
        }
        if self
            .q
            .as_deref()
            .is_some_and(|q| q.trim().chars().count() > INBOX_MAX_SEARCH)
        {
            errors.push(FieldError::new("inbox.q", Msg::StaffFilterSearchLong).arg("max", INBOX_MAX_SEARCH));
        }
        errors
    }
}

/// The chain steps a filter can name, in chain order without repeats: those
/// of the services of one provider, or of the whole catalogue.
pub fn inbox_steps(provider: Option<&str>) -> Vec<String> {
    let mut steps: Vec<String> = Vec::new();
    for service in &crate::catalog::catalog().services {
        if provider.is_some_and(|p| p != service.provider) {
            continue;
        }
        for step in &service.chain {
            if !steps.contains(&step.id) {
                steps.push(step.id.clone());
            }
        }
    }
    steps
}

/// The statuses an open case can be in, as the inbox filters on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum InboxStage {
    /// Registered, waiting for the office.
    Registered,
    /// At a step of the chain.
    InReview,
    /// Waiting for an external body's conclusion.
    AwaitingConclusion,
    /// At the pre-licensing inspection.
    Inspection,
    /// A decision drafted, waiting for the signature.
    DecisionDrafted,
    /// Signed, waiting for dispatch.
    Signed,
}

impl InboxStage {
    /// Every stage, in the order a case passes them.
    pub const ALL: [InboxStage; 6] = [
        InboxStage::Registered,
        InboxStage::InReview,
        InboxStage::AwaitingConclusion,
        InboxStage::Inspection,
        InboxStage::DecisionDrafted,
        InboxStage::Signed,
    ];

    /// The stage of a status; none for a draft or a final status.
    pub const fn of(status: ApplicationStatus) -> Option<InboxStage> {
        Some(match status {
            ApplicationStatus::Registered => InboxStage::Registered,
            ApplicationStatus::InReview { .. } => InboxStage::InReview,
            ApplicationStatus::AwaitingConclusion { .. } => InboxStage::AwaitingConclusion,
            ApplicationStatus::Inspection { .. } => InboxStage::Inspection,
            ApplicationStatus::DecisionDrafted { .. } => InboxStage::DecisionDrafted,
            ApplicationStatus::Signed { .. } => InboxStage::Signed,
            _ => return None,
        })
    }

    /// The tag stored with the case and sent in the query (`in-review`, ...).
    pub const fn tag(self) -> &'static str {
        match self {
            InboxStage::Registered => "registered",
            InboxStage::InReview => "in-review",
            InboxStage::AwaitingConclusion => "awaiting-conclusion",
            InboxStage::Inspection => "inspection",
            InboxStage::DecisionDrafted => "decision-drafted",
            InboxStage::Signed => "signed",
        }
    }

    /// The stage in plain words.
    pub const fn label(self) -> Msg {
        match self {
            InboxStage::Registered => Msg::StatusRegistered,
            InboxStage::InReview => Msg::StatusInReview,
            InboxStage::AwaitingConclusion => Msg::StatusAwaitingConclusion,
            InboxStage::Inspection => Msg::StatusInspection,
            InboxStage::DecisionDrafted => Msg::StatusDecisionDrafted,
            InboxStage::Signed => Msg::StatusSigned,
        }
    }
}

/// The most rows an inbox page holds.
pub const INBOX_MAX_LIMIT: u32 = 100;

/// One line of the inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InboxRow {
    /// The application's id.
    pub id: String,
    /// Its registration number.
    pub number: String,
    /// The provider's incoming number, once the clerk registers it.
    pub incoming_number: Option<String>,
    /// The service's code.
    pub service: String,
    /// What is asked for.
    pub request_type: RequestType,
    /// The applicant's name.
    pub applicant_name: String,
    /// The applicant's IIN or BIN.
    pub applicant_id: String,
    /// Where it is.
    pub status: ApplicationStatus,
    /// The current chain step's id.
    pub step_id: Option<String>,
    /// Who acts at the current step.
    pub step_role: Option<Role>,
    /// The person a resolution named, if any.
    pub assignee: Option<String>,
    /// When the current step is due, Unix seconds.
    pub step_due_at: Option<i64>,
    /// When the whole service is due, Unix seconds.
    pub due_at: Option<i64>,
    /// When the application was registered, Unix seconds.
    pub registered_at: i64,
    /// Working minutes left at the current step (negative: overdue).
    pub step_minutes_left: Option<i64>,
    /// Working minutes left for the whole service (negative: overdue).
    pub service_minutes_left: Option<i64>,
    /// Overdue, due within a working day, or on time (current step).
    pub urgency: Urgency,
    /// Calendar days since registration.
    pub age_days: i64,
}
