//! The provider's side of an application: what staff do to a case, what
//! they see in the inbox and the case view, the decision they sign, and the
//! licence register. Both the back-office pages and the server use these
//! types; [`DecisionOutcome::validate`] and [`decision_bytes`] run on both.

use serde::{Deserialize, Serialize};

use crate::calendar::Urgency;
use crate::catalog::RequestType;
use crate::date::Date;
use crate::form::{ApplicationForm, FieldError};
use crate::i18n::Msg;
use crate::workflow::{ApplicationStatus, LicenceStatus, Outcome, RefusalGround, Role, SignatureCheck};

/// A staff member's sign-in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StaffLogin {
    /// The staff login, such as `transport.clerk`.
    pub login: String,
    /// The password.
    pub password: String,
}

/// The signed-in staff member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StaffMe {
    /// Their id.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Their IIN (their certificate must name it).
    pub iin: String,
    /// Their role.
    pub role: Role,
    /// The provider's code in the catalogue.
    pub provider: String,
    /// Whether they are marked absent.
    pub absent: bool,
    /// Whether the provider's head is marked absent (the deputy then signs).
    pub head_absent: bool,
    /// The inbox filters they chose last, kept on the server so that they
    /// follow the member from device to device.
    #[serde(default)]
    pub inbox: InboxQuery,
    /// Must choose a new password before anything else (a first password,
    /// or one an administrator reset).
    #[serde(default)]
    pub must_change_password: bool,
    /// Waits for a second administrator's confirmation before acting on
    /// anything (see `StaffAccount::unconfirmed_by`).
    #[serde(default)]
    pub awaiting_confirmation: bool,
}

/// `POST /api/staff/me/password`: a member chooses a new password.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChangePassword {
    /// The password now.
    pub current: String,
    /// The new one.
    pub new: String,
}

impl ChangePassword {
    /// Field errors (`password.new`), the same in the browser and on the
    /// server; whether `current` is right is the server's to say.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.new.chars().count() < crate::api::MIN_PASSWORD {
            errors.push(FieldError::new("password.new", Msg::AccountPasswordShort));
        } else if self.new == self.current {
            errors.push(FieldError::new("password.new", Msg::StaffPasswordSame));
        }
        errors
    }
}

/// `POST /api/staff/admin/members/{id}/password`: an administrator sets a
/// member's password, which the member must change at their next sign-in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ResetPassword {
    /// The temporary password.
    pub password: String,
}

/// `POST /api/staff/admin/members/{id}/disabled`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Disabled {
    /// Disabled (cannot sign in) or enabled again.
    pub disabled: bool,
}

/// A colleague, for routing a resolution to a person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StaffMember {
    /// Their id.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Their role.
    pub role: Role,
    /// Whether they are marked absent.
    pub absent: bool,
}

/// Marking oneself (a head) absent or back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Absence {
    /// Away or back.
    pub absent: bool,
}

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

/// A page of the inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InboxPage {
    /// The rows, most urgent first.
    pub rows: Vec<InboxRow>,
    /// The cursor of the next page, when there is one.
    pub next: Option<String>,
}

/// What the pre-licensing inspection recorded (the information form).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InspectionReport {
    /// The date of the visit.
    pub date: String,
    /// Who inspected.
    pub inspectors: String,
    /// The premises and equipment found.
    pub findings: String,
    /// Whether the premises meet the qualification requirements.
    pub compliant: bool,
}

impl InspectionReport {
    /// Field errors of the information form.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        match self.date.trim().parse::<Date>() {
            Ok(_) => {}
            Err(e) => errors.push(FieldError::new("inspection.date", e.message())),
        }
        if self.inspectors.trim().is_empty() {
            errors.push(FieldError::new("inspection.inspectors", Msg::FieldRequired));
        }
        if self.findings.trim().is_empty() {
            errors.push(FieldError::new("inspection.findings", Msg::FieldRequired));
        }
        errors
    }
}

/// What the executor decides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", tag = "outcome")]
pub enum DecisionOutcome {
    /// Issue the licence (its re-registration, or a duplicate).
    Issue {
        /// The last day of validity; none: indefinite.
        #[serde(default)]
        valid_until: Option<Date>,
        /// The annex (the kinds of activity), required for veterinary licences.
        #[serde(default)]
        annex: String,
    },
    /// A reasoned refusal.
    Refuse {
        /// The grounds, from the list.
        grounds: Vec<RefusalGround>,
        /// The explanation.
        explanation: String,
    },
}

impl DecisionOutcome {
    /// The status machine's outcome.
    pub fn outcome(&self) -> Outcome {
        match self {
            DecisionOutcome::Issue { .. } => Outcome::Issue,
            DecisionOutcome::Refuse { grounds, .. } => {
                Outcome::Refuse(grounds.first().copied().unwrap_or(RefusalGround::QualificationNotMet))
            }
        }
    }

    /// Field errors: a refusal needs at least one ground and an explanation;
    /// a veterinary licence needs its annex; a validity date is in the future.
    pub fn validate(&self, service: &str, today: Date) -> Vec<FieldError> {
        let mut errors = Vec::new();
        match self {
            DecisionOutcome::Issue { valid_until, annex } => {
                if service == "veterinary" && annex.trim().is_empty() {
                    errors.push(FieldError::new("decision.annex", Msg::DecisionAnnexRequired));
                }
                if valid_until.is_some_and(|d| d <= today) {
                    errors.push(FieldError::new("decision.valid_until", Msg::DecisionValidityPast));
                }
            }
            DecisionOutcome::Refuse { grounds, explanation } => {
                if grounds.is_empty() {
                    errors.push(FieldError::new("decision.grounds", Msg::DecisionGroundsRequired));
                }
                if explanation.trim().chars().count() < 10 {
                    errors.push(FieldError::new(
                        "decision.explanation",
                        Msg::DecisionExplanationRequired,
                    ));
                }
            }
        }
        errors
    }
}

/// What staff do to a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", tag = "action")]
pub enum CaseAction {
    /// The clerk registers the application in the journal.
    Register,
    /// A resolution (бұрыштама) routing the case to the next step, to a
    /// named person when `to` is given.
    Resolve {
        /// The colleague to act next.
        #[serde(default)]
        to: Option<String>,
        /// The resolution's text.
        note: String,
    },
    /// The executor checks the documents against the checklist; missing
    /// ones lead to a reasoned refusal.
    CheckCompleteness {
        /// The ids of the required documents found missing.
        missing: Vec<String>,
    },
    /// The executor confirms the review and moves on (to the inspection).
    ConfirmReview {
        /// A note.
        #[serde(default)]
        note: String,
    },
    /// The executor asks the external body for a conclusion.
    RequestConclusion {
        /// What is asked.
        question: String,
    },
    /// The external body answers.
    AnswerConclusion {
        /// Positive or negative.
        positive: bool,
        /// The conclusion's text.
        text: String,
    },
    /// The executor records the inspection.
    CompleteInspection {
        /// The information form.
        report: InspectionReport,
    },
    /// The executor drafts the decision.
    DraftDecision {
        /// Issue or refuse.
        decision: DecisionOutcome,
    },
    /// The head returns the draft to the executor.
    ReturnForRework {
        /// Why.
        note: String,
    },
    /// The head (or the deputy acting) signs the decision.
    SignDecision {
        /// The staff certificate, DER base64.
        certificate: String,
        /// The ECDSA P-256 signature over [`decision_bytes`], DER base64.
        signature: String,
    },
}

impl CaseAction {
    /// A short stable name, for the audit log.
    pub const fn name(&self) -> &'static str {
        match self {
            CaseAction::Register => "register",
            CaseAction::Resolve { .. } => "resolve",
            CaseAction::CheckCompleteness { .. } => "check-completeness",
            CaseAction::ConfirmReview { .. } => "confirm-review",
            CaseAction::RequestConclusion { .. } => "request-conclusion",
            CaseAction::AnswerConclusion { .. } => "answer-conclusion",
            CaseAction::CompleteInspection { .. } => "complete-inspection",
            CaseAction::DraftDecision { .. } => "draft-decision",
            CaseAction::ReturnForRework { .. } => "return-for-rework",
            CaseAction::SignDecision { .. } => "sign-decision",
        }
    }
}

/// The header of a signed decision.
pub const DECISION_HEADER: &str = "ruqsat-decision/1";

/// The bytes the head signs: the application, its number and the decision.
///
/// ```
/// use shared::review::{decision_bytes, DecisionOutcome};
/// let d = DecisionOutcome::Issue { valid_until: None, annex: String::new() };
/// let a = decision_bytes("app", "KZ-2026-01-000001", &d);
/// assert!(a.starts_with(b"ruqsat-decision/1\napp\nKZ-2026-01-000001\n{"));
/// assert_ne!(a, decision_bytes("app", "KZ-2026-01-000002", &d));
/// ```
pub fn decision_bytes(application_id: &str, number: &str, decision: &DecisionOutcome) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    for part in [DECISION_HEADER, application_id, number] {
        out.extend_from_slice(part.as_bytes());
        out.push(b'\n');
    }
    out.extend_from_slice(serde_json::to_string(decision).unwrap_or_default().as_bytes());
    out
}

/// Who signed something, and what the server's check of it found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SignatureReport {
    /// The certificate's common name.
    pub subject: String,
    /// `IIN…` or `BIN…`.
    pub identifier: String,
    /// The certificate's serial.
    pub serial: String,
    /// Valid from, Unix seconds.
    pub not_before: i64,
    /// Valid until, Unix seconds.
    pub not_after: i64,
    /// When it was signed, Unix seconds.
    pub signed_at: i64,
    /// The check, run now.
    pub check: SignatureCheck,
}

/// One entry of a case's timeline (from the audit log).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TimelineEntry {
    /// When.
    pub at: i64,
    /// Who.
    pub actor: String,
    /// In which role.
    pub role: Role,
    /// What ([`CaseAction::name`], or `submit`, `dispatch`).
    pub action: String,
    /// The status before.
    pub before: ApplicationStatus,
    /// The status after.
    pub after: ApplicationStatus,
    /// The resolution, reason or answer.
    pub note: String,
    /// The step this action started, with its deadline.
    pub step_id: Option<String>,
    /// That step's deadline.
    pub step_due_at: Option<i64>,
}

/// A step of the case's chain as it went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StepProgress {
    /// The step's id.
    pub id: String,
    /// Who acts.
    pub role: Role,
    /// When it started.
    pub started_at: Option<i64>,
    /// Its deadline, computed in working time when it started.
    pub due_at: Option<i64>,
    /// When it ended.
    pub finished_at: Option<i64>,
    /// Whether it ended within its limit (none while open or not reached).
    pub met: Option<bool>,
}

/// A conclusion asked of an external body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Conclusion {
    /// Its id.
    pub id: String,
    /// What was asked.
    pub question: String,
    /// When.
    pub requested_at: i64,
    /// Positive or negative, once answered.
    pub positive: Option<bool>,
    /// The answer.
    pub answer: Option<String>,
    /// When answered.
    pub answered_at: Option<i64>,
}

/// The decision as drafted and, once signed, by whom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DecisionView {
    /// Issue or refuse.
    pub outcome: DecisionOutcome,
    /// The executor who drafted it.
    pub drafted_by: String,
    /// When.
    pub drafted_at: i64,
    /// The signature, once signed.
    pub signature: Option<SignatureReport>,
    /// The bytes to sign, base64 (for the head's signing page).
    pub to_sign: String,
}

/// A licence in the register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LicenceRecord {
    /// Its number (a re-registered version has `/2`, `/3`...; a duplicate `-D1`...).
    pub number: String,
    /// The holder's name.
    pub holder_name: String,
    /// The holder's IIN or BIN.
    pub holder_id: String,
    /// The service's code (the kind of activity).
    pub service: String,
    /// The provider's code.
    pub provider: String,
    /// Where it stands.
    pub status: LicenceStatus,
    /// When issued, Unix seconds.
    pub issued_at: i64,
    /// Last day of validity; none: indefinite.
    pub valid_until: Option<Date>,
    /// The annex (kinds of activity).
    pub annex: String,
    /// The version (1, then 2 after a re-registration...).
    pub version: i64,
    /// The number it replaces (re-registration).
    pub supersedes: Option<String>,
    /// The number this is a duplicate of.
    pub duplicate_of: Option<String>,
    /// The signer's name.
    pub signed_by: String,
    /// The signer's certificate serial.
    pub certificate_serial: String,
    /// The version that replaced it, if re-registered.
    #[serde(default)]
    pub superseded_by: Option<String>,
}

/// Searching the public register.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RegistryQuery {
    /// A number, an IIN/BIN or part of the holder's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Only this service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Only this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<LicenceStatus>,
}

/// A sent application as the provider's staff see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CaseView {
    /// The application's id.
    pub id: String,
    /// Its registration number.
    pub number: String,
    /// The provider's incoming number.
    pub incoming_number: Option<String>,
    /// Where it is.
    pub status: ApplicationStatus,
    /// What the applicant sent (read-only).
    pub form: ApplicationForm,
    /// How the last online payment went (a payment order is in the form).
    pub payment: Option<crate::api::PaymentState>,
    /// The fee due, in tenge.
    pub fee: Option<crate::money::Tenge>,
    /// The applicant's signature, checked again now.
    pub signature: Option<SignatureReport>,
    /// The current step's id.
    pub step_id: Option<String>,
    /// The person a resolution named.
    pub assignee: Option<String>,
    /// When the current step is due.
    pub step_due_at: Option<i64>,
    /// When the whole service is due.
    pub due_at: Option<i64>,
    /// The chain, step by step, with each step's deadline and whether it was met.
    pub steps: Vec<StepProgress>,
    /// Everything done, in order.
    pub timeline: Vec<TimelineEntry>,
    /// Conclusions asked and answered.
    pub conclusions: Vec<Conclusion>,
    /// The inspection's information form.
    pub inspection: Option<InspectionReport>,
    /// The decision.
    pub decision: Option<DecisionView>,
    /// The licence issued.
    pub licence: Option<LicenceRecord>,
    /// The required documents, and whether each is attached.
    pub checklist: Vec<(String, bool)>,
    /// What the viewer may do now ([`CaseAction::name`]s).
    pub actions: Vec<String>,
}

/// A refusal, as the public sees it: no personal data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RefusalSummary {
    /// The application's number.
    pub application: String,
    /// The service.
    pub service: String,
    /// The provider.
    pub provider: String,
    /// When signed.
    pub signed_at: i64,
}

/// A verification: a licence, or a signed refusal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Verification {
    /// A licence in the register, with its status.
    Licence(Box<LicenceRecord>),
    /// A signed refusal.
    Refusal(RefusalSummary),
}

/// The head suspends, resumes or terminates a licence of the provider's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LicenceChange {
    /// The licence's number.
    pub number: String,
    /// What to do.
    pub action: crate::workflow::LicenceAction,
    /// Why (the court's or the provider's decision).
    pub reason: String,
}

/// A new staff member, as the provider's administrator enters them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewStaff {
    /// Sign-in name: lower-case letters, digits, dots and hyphens.
    pub login: String,
    /// Full name.
    pub name: String,
    /// IIN (their certificate must name it).
    pub iin: String,
    /// Role.
    pub role: Role,
    /// First password.
    pub password: String,
}

impl NewStaff {
    /// Field errors, the same in the browser and on the server.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let login = self.login.trim();
        if login.len() < 3
            || login.len() > 40
            || !login
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        {
            errors.push(FieldError::new("staff.login", Msg::AdminLoginInvalid));
        }
        if self.name.trim().chars().count() < 3 {
            errors.push(FieldError::new("staff.name", Msg::FieldRequired));
        }
        if let Err(e) = self.iin.trim().parse::<crate::ids::Iin>() {
            errors.push(FieldError::new("staff.iin", e.message(crate::ids::IdKind::Iin)));
        }
        if matches!(self.role, Role::Applicant | Role::Operator | Role::System) {
            errors.push(FieldError::new("staff.role", Msg::AdminRoleInvalid));
        }
        if self.password.chars().count() < crate::api::MIN_PASSWORD {
            errors.push(FieldError::new("staff.password", Msg::AccountPasswordShort));
        }
        errors
    }
}

/// A staff member as the administrator sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StaffAccount {
    /// Id.
    pub id: String,
    /// Sign-in name.
    pub login: String,
    /// Full name.
    pub name: String,
    /// IIN.
    pub iin: String,
    /// Role.
    pub role: Role,
    /// Marked absent.
    pub absent: bool,
    /// Disabled: cannot sign in.
    #[serde(default)]
    pub disabled: bool,
    /// The administrator who set their credentials (added them, reset
    /// their password) while no second administrator has confirmed them:
    /// until then they act on nothing.
    #[serde(default)]
    pub unconfirmed_by: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::Outcome;

    #[test]
    fn a_stage_tag_is_the_status_tag_the_server_stores() {
        let statuses = [
            ApplicationStatus::Registered,
            ApplicationStatus::InReview { step: 1 },
            ApplicationStatus::AwaitingConclusion { step: 3 },
            ApplicationStatus::Inspection { step: 4 },
            ApplicationStatus::DecisionDrafted {
                step: 5,
                outcome: Outcome::Issue,
            },
            ApplicationStatus::Signed {
                outcome: Outcome::Refuse(crate::workflow::RefusalGround::DocumentsIncomplete),
            },
        ];
        for status in statuses {
            let stage = InboxStage::of(status).expect("an open status has a stage");
            let json = serde_json::to_value(status).expect("serialises");
            assert_eq!(json["status"], stage.tag(), "{status:?}");
            assert_eq!(serde_json::to_value(stage).expect("serialises"), stage.tag());
            assert_eq!(stage.label(), status.label());
        }
        assert_eq!(InboxStage::of(ApplicationStatus::Issued), None);
        assert_eq!(InboxStage::of(ApplicationStatus::Draft), None);
        assert_eq!(InboxStage::ALL.len(), statuses.len());
    }

    #[test]
    fn remembered_filters_drop_the_page_and_blank_text() {
        let q = InboxQuery {
            scope: InboxScope::Provider,
            service: Some(String::new()),
            step: Some("review".to_owned()),
            stage: Some(InboxStage::InReview),
            q: Some("  ".to_owned()),
            after: Some("100:abc".to_owned()),
            limit: Some(10),
            overdue: true,
            request_type: None,
        };
        let f = q.filters();
        assert_eq!((f.after, f.limit, f.q, f.service), (None, None, None, None));
        assert_eq!(
            (f.scope, f.step.as_deref(), f.stage, f.overdue),
            (InboxScope::Provider, Some("review"), Some(InboxStage::InReview), true)
        );
    }

    #[test]
    fn filters_must_name_the_catalogue_s_services_and_steps() {
        let good = InboxQuery {
            service: Some("passenger-transport".to_owned()),
            step: Some("review".to_owned()),
            ..InboxQuery::default()
        };
        assert_eq!(good.validate(), vec![]);
        let bad = InboxQuery {
            service: Some("no-such".to_owned()),
            step: Some("lunch".to_owned()),
            q: Some("x".repeat(INBOX_MAX_SEARCH + 1)),
            ..InboxQuery::default()
        };
        let paths: Vec<_> = bad.validate().into_iter().map(|e| e.path).collect();
        assert_eq!(paths, ["inbox.service", "inbox.step", "inbox.q"]);
    }

    #[test]
    fn a_provider_s_steps_are_its_chains_in_order() {
        let all = inbox_steps(None);
        assert_eq!(all.first().map(String::as_str), Some("intake"));
        assert!(all.iter().any(|s| s == "inspection"), "{all:?}");
        let mut seen = all.clone();
        seen.dedup();
        assert_eq!(seen.len(), all.len());
        let transport = crate::catalog::catalog()
            .service("passenger-transport")
            .expect("in the catalogue");
        let theirs = inbox_steps(Some(&transport.provider));
        assert!(!theirs.iter().any(|s| s == "inspection"), "{theirs:?}");
        assert!(theirs.iter().any(|s| s == "review"));
    }
}
