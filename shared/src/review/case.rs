//! The case view: everything staff see of a case, its signatures checked
//! again, the chain's progress, the timeline, conclusions and the decision.

use super::decision::{DecisionOutcome, InspectionReport};
use super::register::LicenceRecord;
use crate::form::ApplicationForm;
use crate::workflow::{ApplicationStatus, Role, SignatureCheck};
use serde::{Deserialize, Serialize};

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

impl TimelineEntry {
    /// What was done, in words: the `timeline.<action>` translation; `None`
    /// for an action that has none (shown by its name).
    pub fn label(&self) -> Option<crate::i18n::Msg> {
        crate::i18n::Msg::from_key(&format!("timeline.{}", self.action.replace('-', "_")))
    }
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

/// Where a payment order stands: the applicant handed it in (seed 000 fig.
/// 10.1, seed 002:183-187), and "E-licensing checks the fact of payment"
/// (000:111): the office's clerk finds it in the treasury's statement, or
/// does not. No licence is drafted before it is found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum PaymentOrderCheck {
    /// Handed in, not yet checked.
    AwaitingConfirmation,
    /// Found in the treasury's statement.
    Confirmed,
    /// Not found: the fee is unpaid.
    NotFound,
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
    /// When the answer is due, in working time.
    #[serde(default)]
    pub due_at: Option<i64>,
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
    /// A payment order's check against the treasury's statement (none when
    /// paid online or free).
    #[serde(default)]
    pub payment_order: Option<PaymentOrderCheck>,
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
