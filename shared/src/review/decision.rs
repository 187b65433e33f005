//! The decision rules: what staff do to a case ([`CaseAction`]), the
//! inspection's report, the decision they draft and sign, with their
//! validation, and the bytes a decision's signature covers. The server and
//! the back office run the same code.

use crate::date::Date;
use crate::form::FieldError;
use crate::i18n::Msg;
use crate::workflow::{Outcome, RefusalGround};
use serde::{Deserialize, Serialize};

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

/// Where and when the applicant collects a result on paper.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Collection {
    /// The address (and room) of the office that hands it out.
    pub place: String,
    /// The working day from which it can be collected, `YYYY-MM-DD`.
    pub date: String,
}

/// The longest place of collection.
const MAX_PLACE: usize = 300;

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
        /// Where and when to collect a result on paper (the certificate):
        /// what the signed notice in the cabinet says (seed 001:63).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        collection: Option<Collection>,
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
    /// a new annex needs what it lists; a validity date is in the
    /// future; a result on paper needs the place and the working day to
    /// collect it (in the provider's calendar), which no other result has.
    /// `annex` says whether this decision issues an annex (a new one: the
    /// licence with its annex, or an annex alone), which then lists what it
    /// covers.
    pub fn validate(&self, service: &str, annex: bool, today: Date) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let found = crate::catalog::catalog().service(service);
        let paper = found.is_some_and(|s| s.document == crate::kinds::ResultDocument::Certificate);
        match self {
            DecisionOutcome::Issue {
                valid_until,
                annex: activities,
                collection,
            } => {
                if annex && activities.trim().is_empty() {
                    errors.push(FieldError::new("decision.annex", Msg::DecisionAnnexRequired));
                }
                match (paper, collection) {
                    (true, None) => {
                        errors.push(FieldError::new(
                            "decision.collection.place",
                            Msg::DecisionCollectionPlace,
                        ));
                        errors.push(FieldError::new("decision.collection.date", Msg::FieldRequired));
                    }
                    (true, Some(c)) => {
                        let place = c.place.trim();
                        if place.is_empty() {
                            errors.push(FieldError::new(
                                "decision.collection.place",
                                Msg::DecisionCollectionPlace,
                            ));
                        } else if place.chars().count() > MAX_PLACE {
                            errors.push(FieldError::new("decision.collection.place", Msg::FieldTooLong));
                        }
                        match c.date.trim().parse::<Date>() {
                            Err(e) => errors.push(FieldError::new("decision.collection.date", e.message())),
                            Ok(d) if d < today => {
                                errors.push(FieldError::new("decision.collection.date", Msg::DecisionCollectionPast));
                            }
                            Ok(d) => {
                                let provider = found.map(|s| s.provider.as_str()).unwrap_or_default();
                                let calendar = crate::calendar::Calendar::of_provider(provider);
                                if calendar.is_working_day(d) == Ok(false) {
                                    errors.push(FieldError::new(
                                        "decision.collection.date",
                                        Msg::DecisionCollectionDayOff,
                                    ));
                                }
                            }
                        }
                    }
                    (false, Some(_)) => {
                        errors.push(FieldError::new(
                            "decision.collection.place",
                            Msg::DecisionCollectionNotPaper,
                        ));
                    }
                    (false, None) => {}
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
        /// Why the decision does not follow a negative conclusion of the
        /// external body (issuing anyway, or refusing on other grounds).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        conclusion_note: String,
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
    /// The office's clerk sends the signed result to the applicant.
    Dispatch,
    /// The office's clerk records whether a payment order was found in the
    /// treasury's statement.
    CheckPaymentOrder {
        /// Found (the fee is paid) or not.
        found: bool,
        /// What the statement says (its entry), or why not found.
        #[serde(default)]
        note: String,
    },
    /// The office's clerk asks the treasury's statement for a payment order
    /// not yet found; its answer is recorded as the check.
    AskTreasury,
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
            CaseAction::Dispatch => "dispatch",
            CaseAction::CheckPaymentOrder { .. } => "check-payment-order",
            CaseAction::AskTreasury => "ask-treasury",
        }
    }
}

/// The header of a signed decision.
pub const DECISION_HEADER: &str = "ruqsat-decision/1";

/// The bytes the head signs: the application, its number and the decision.
///
/// ```
/// use shared::review::{decision_bytes, DecisionOutcome};
/// let d = DecisionOutcome::Issue { valid_until: None, annex: String::new(), collection: None };
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
