//! The application and licence status machines: who may do what, when, and
//! what comes of it.
//!
//! A provider's chain (from the catalogue) is a list of steps, each with the
//! role that acts and its time limit. [`transition`] takes the current status,
//! the actor and an action and returns the next status or a typed
//! [`Refusal`] whose code and message come from the seeds (SPEC §5).

use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, CalendarError, Limit, Timestamp};
use crate::i18n::Msg;
use crate::kinds::RequestType;

/// Who acts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The applicant (IE or LE) or their representative.
    Applicant,
    /// A public service centre operator filing for a walk-in applicant.
    Operator,
    /// The provider's office clerk (кеңсе).
    Clerk,
    /// The provider's head (басшы).
    Head,
    /// The deputy head, acting for the head while the head is absent.
    DeputyHead,
    /// The head of the licensing department.
    DepartmentHead,
    /// The responsible executor (жауапты орындаушы).
    Executor,
    /// An external body answering a conclusion request.
    ExternalBody,
    /// The platform (payment gateway notifications).
    System,
    /// A platform administrator.
    Admin,
}

impl Role {
    /// The role's name.
    pub const fn label(self) -> Msg {
        match self {
            Role::Clerk => Msg::RoleClerk,
            Role::Head => Msg::RoleHead,
            Role::DeputyHead => Msg::RoleDeputyHead,
            Role::DepartmentHead => Msg::RoleDepartmentHead,
            Role::Executor => Msg::RoleExecutor,
            Role::ExternalBody => Msg::RoleExternalBody,
            Role::Admin => Msg::RoleAdmin,
            Role::Operator => Msg::RoleOperator,
            Role::Applicant | Role::System => Msg::RoleSystem,
        }
    }

    /// Every role.
    pub const ALL: [Role; 10] = [
        Role::Applicant,
        Role::Operator,
        Role::Clerk,
        Role::Head,
        Role::DeputyHead,
        Role::DepartmentHead,
        Role::Executor,
        Role::ExternalBody,
        Role::System,
        Role::Admin,
    ];
}

/// A chain step's name from its id (`head-resolution`), or the id itself.
pub fn step_name(id: &str, lang: crate::i18n::Lang) -> String {
    Msg::from_key(&format!("step.{}", id.replace('-', "_")))
        .map(|m| m.text(lang).to_owned())
        .unwrap_or_else(|| id.to_owned())
}

/// What a step of the provider's chain is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    /// The clerk registers the application in the journal (incoming number).
    Intake,
    /// A resolution (бұрыштама) routing the case down.
    Resolution,
    /// The executor checks completeness and qualification requirements,
    /// requests conclusions, and drafts the decision.
    Review,
    /// The pre-licensing inspection with its information form.
    Inspection,
    /// The head (or deputy) signs the decision with EDS.
    Signing,
    /// The clerk sends the result to the applicant.
    Dispatch,
}

/// One step of a provider's chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChainStep {
    /// Stable id within the chain, such as `head-resolution`.
    pub id: String,
    /// What it is for.
    pub kind: StepKind,
    /// Who acts.
    pub role: Role,
    /// Its time limit per request type; a request type without a limit skips the step.
    pub limits: ChainLimits,
    /// Whether the external body's conclusion is asked at this step (a
    /// condition of the check where the seed makes it one).
    #[serde(default)]
    pub conclusion: bool,
    /// The external body asked (a provider of kind `external-body`).
    #[serde(default)]
    pub conclusion_from: Option<String>,
    /// How long the external body has to answer; none: [`CONCLUSION_LIMIT`].
    #[serde(default)]
    pub conclusion_limit: Option<Limit>,
    /// A dispatch's limit when the result goes by courier to a public
    /// service centre instead of to the cabinet through the portal.
    #[serde(default)]
    pub courier: Option<Limit>,
}

/// How long an external body has to answer a conclusion request where the
/// catalogue gives no limit: 10 working days. Inferred: the seeds give none;
/// the Law on Permits and Notifications has the bodies that approve a permit
/// answer the licensor within a part of its term, and ten working days keep
/// the conclusion inside the executor's step (13 working days for the
/// passenger-transport and veterinary issuance).
pub const CONCLUSION_LIMIT: Limit = Limit::WorkingDays(10);

impl ChainStep {
    /// The external body's limit to answer a conclusion asked at this step.
    pub fn conclusion_limit(&self) -> Limit {
        self.conclusion_limit.unwrap_or(CONCLUSION_LIMIT)
    }
}

/// A step's limit for each request type; `None` where the step does not apply.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChainLimits {
    /// For issuance.
    #[serde(default)]
    pub issuance: Option<Limit>,
    /// For re-registration.
    #[serde(default)]
    pub reregistration: Option<Limit>,
    /// For a duplicate.
    #[serde(default)]
    pub duplicate: Option<Limit>,
}

impl ChainLimits {
    /// The limit for a request type.
    pub fn get(&self, request: RequestType) -> Option<Limit> {
        match request {
            RequestType::Issuance => self.issuance,
            RequestType::Reregistration => self.reregistration,
            RequestType::Duplicate => self.duplicate,
        }
    }
}

/// A chain resolved for one request type: only the steps that apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chain {
    /// The steps, in order, with their limits.
    pub steps: Vec<(ChainStep, Limit)>,
    /// Whether the service takes no fee: the applicant signs and sends a
    /// complete draft with nothing to pay.
    pub free: bool,
}

impl Chain {
    /// The steps of a catalogue chain that apply to a request type.
    pub fn resolve(steps: &[ChainStep], request: RequestType) -> Chain {
        Chain {
            steps: steps
                .iter()
                .filter_map(|s| s.limits.get(request).map(|l| (s.clone(), l)))
                .collect(),
            free: false,
        }
    }

    /// The same chain for a result that goes by courier to a public service
    /// centre: the dispatch takes the courier's limit where the step has one.
    pub fn by_courier(mut self) -> Chain {
        for (step, limit) in &mut self.steps {
            if let Some(courier) = step.courier {
                *limit = courier;
            }
        }
        self
    }

    /// Whether the office sends the result as a step of its own (otherwise
    /// the signer's signature issues it).
    pub fn has_dispatch(&self) -> bool {
        self.find(StepKind::Dispatch, 0).is_some()
    }

    /// A step by index.
    pub fn step(&self, i: usize) -> Option<&ChainStep> {
        self.steps.get(i).map(|(s, _)| s)
    }

    /// When the whole service is due if it starts at `start`: every step's
    /// limit in working time, one after the other.
    ///
    /// ```
    /// use shared::{calendar::{Calendar, Timestamp}, catalog::{catalog, RequestType}};
    /// let s = catalog().service("passenger-transport").expect("a service");
    /// let start = Timestamp::from_local("2026-11-23".parse().expect("a date"), 10, 0);
    /// let due = s.chain(RequestType::Issuance).deadline(Calendar::standard(), start).expect("in the calendar");
    /// assert!(due.local_date() > "2026-12-08".parse().expect("a date"));
    /// ```
    pub fn deadline(&self, calendar: &Calendar, start: Timestamp) -> Result<Timestamp, CalendarError> {
        self.steps
            .iter()
            .try_fold(start, |at, (_, limit)| calendar.deadline(at, *limit))
    }

    /// The index of the first step of a kind at or after `from`.
    fn find(&self, kind: StepKind, from: usize) -> Option<usize> {
        (from..self.steps.len()).find(|&i| self.steps[i].0.kind == kind)
    }

    /// The status of being at step `i`.
    fn at(&self, i: usize) -> Result<ApplicationStatus, Refusal> {
        let step = self.step(i).ok_or(Refusal::NotAllowed)?;
        let i = u8::try_from(i).map_err(|_| Refusal::NotAllowed)?;
        Ok(if step.kind == StepKind::Inspection {
            ApplicationStatus::Inspection { step: i }
        } else {
            ApplicationStatus::InReview { step: i }
        })
    }
}

/// The outcome of a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", tag = "outcome", content = "ground")]
pub enum Outcome {
    /// Issue the licence (or its re-registration, or duplicate).
    Issue,
    /// A reasoned refusal on a ground.
    Refuse(RefusalGround),
}

impl Outcome {
    /// The final status this outcome ends in.
    pub const fn result(self) -> ApplicationStatus {
        match self {
            Outcome::Issue => ApplicationStatus::Issued,
            Outcome::Refuse(_) => ApplicationStatus::Refused,
        }
    }
}

/// Grounds of a reasoned refusal (the provider chooses one and explains).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum RefusalGround {
    /// The documents are incomplete.
    DocumentsIncomplete,
    /// The qualification requirements are not met.
    QualificationNotMet,
    /// The documents contain false information.
    FalseInformation,
    /// A court has banned the activity.
    CourtBan,
    /// The external body's conclusion is negative.
    NegativeConclusion,
    /// The pre-licensing inspection found non-compliance.
    InspectionFailed,
}

impl RefusalGround {
    /// All grounds, for the decision form.
    pub const ALL: [RefusalGround; 6] = [
        RefusalGround::DocumentsIncomplete,
        RefusalGround::QualificationNotMet,
        RefusalGround::FalseInformation,
        RefusalGround::CourtBan,
        RefusalGround::NegativeConclusion,
        RefusalGround::InspectionFailed,
    ];

    /// The ground in plain words.
    pub const fn label(self) -> Msg {
        match self {
            RefusalGround::DocumentsIncomplete => Msg::GroundDocumentsIncomplete,
            RefusalGround::QualificationNotMet => Msg::GroundQualificationNotMet,
            RefusalGround::FalseInformation => Msg::GroundFalseInformation,
            RefusalGround::CourtBan => Msg::GroundCourtBan,
            RefusalGround::NegativeConclusion => Msg::GroundNegativeConclusion,
            RefusalGround::InspectionFailed => Msg::GroundInspectionFailed,
        }
    }
}

/// Where an application is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", tag = "status")]
pub enum ApplicationStatus {
    /// Being filled in.
    Draft,
    /// Complete; the fee is to be paid.
    AwaitingPayment,
    /// The fee is paid; to be signed and sent.
    Paid,
    /// Signed and sent; registered with a number, waiting for the provider.
    Registered,
    /// At a step of the provider's chain.
    InReview {
        /// The index of the step in the resolved chain.
        step: u8,
    },
    /// Waiting for an external body's conclusion, requested at a step.
    AwaitingConclusion {
        /// The step that asked.
        step: u8,
    },
    /// At the pre-licensing inspection step.
    Inspection {
        /// The index of the step.
        step: u8,
    },
    /// The executor has drafted a decision; waiting for the signature.
    DecisionDrafted {
        /// The signing step.
        step: u8,
        /// Issue or refuse.
        outcome: Outcome,
    },
    /// The decision is signed; waiting for dispatch.
    Signed {
        /// Issue or refuse.
        outcome: Outcome,
    },
    /// The licence is issued (final).
    Issued,
    /// Refused, with reasons (final).
    Refused,
    /// Withdrawn by the applicant (final).
    Withdrawn,
}

impl ApplicationStatus {
    /// Whether nothing more can happen.
    pub const fn is_final(self) -> bool {
        matches!(
            self,
            ApplicationStatus::Issued | ApplicationStatus::Refused | ApplicationStatus::Withdrawn
        )
    }

    /// Whether the applicant may still change the content.
    pub const fn is_editable(self) -> bool {
        matches!(
            self,
            ApplicationStatus::Draft | ApplicationStatus::AwaitingPayment | ApplicationStatus::Paid
        )
    }

    /// The status in plain words, for the cabinet.
    pub const fn label(self) -> Msg {
        match self {
            ApplicationStatus::Draft => Msg::StatusDraft,
            ApplicationStatus::AwaitingPayment => Msg::StatusAwaitingPayment,
            ApplicationStatus::Paid => Msg::StatusPaid,
            ApplicationStatus::Registered => Msg::StatusRegistered,
            ApplicationStatus::InReview { .. } => Msg::StatusInReview,
            ApplicationStatus::AwaitingConclusion { .. } => Msg::StatusAwaitingConclusion,
            ApplicationStatus::Inspection { .. } => Msg::StatusInspection,
            ApplicationStatus::DecisionDrafted { .. } => Msg::StatusDecisionDrafted,
            ApplicationStatus::Signed { .. } => Msg::StatusSigned,
            ApplicationStatus::Issued => Msg::StatusIssued,
            ApplicationStatus::Refused => Msg::StatusRefused,
            ApplicationStatus::Withdrawn => Msg::StatusWithdrawn,
        }
    }
}

/// The result of checking an EDS signature and its certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum SignatureCheck {
    /// Valid, trusted, in force, not revoked, and the IIN/BIN matches.
    Valid,
    /// The certificate's validity period does not cover now.
    Expired,
    /// The certificate is revoked.
    Revoked,
    /// The certificate's IIN/BIN is not the applicant's.
    IdMismatch,
    /// The signature does not verify, or the certificate is not from a trusted authority.
    Invalid,
}

/// What an actor does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", tag = "action")]
pub enum Action {
    /// The applicant finishes the form and goes to payment.
    CompleteForm,
    /// The applicant changes the content (only before sending).
    Edit,
    /// The payment gateway or a checked payment order confirms the fee.
    ConfirmPayment,
    /// The applicant (or an operator) signs and sends.
    SignAndSend {
        /// The server's check of the signature.
        check: SignatureCheck,
    },
    /// The applicant withdraws the application.
    Withdraw,
    /// The clerk registers it in the journal.
    RegisterIncoming,
    /// A resolution routes the case to the next step.
    Resolve,
    /// The executor confirms completeness and compliance and moves on.
    ConfirmReview,
    /// The executor asks an external body for a conclusion.
    RequestConclusion,
    /// The external body answers.
    AnswerConclusion,
    /// The executor records the inspection's information form.
    CompleteInspection,
    /// The executor drafts the decision.
    DraftDecision {
        /// Issue or refuse.
        outcome: Outcome,
    },
    /// The head sends the draft back to the executor.
    ReturnForRework,
    /// The head (or deputy) signs the decision.
    SignDecision {
        /// The server's check of the signature.
        check: SignatureCheck,
    },
    /// The clerk sends the result.
    Dispatch,
}

/// Why an action is refused, each with its own code and message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Refusal {
    /// This actor may not do this now.
    #[error("not allowed")]
    NotAllowed,
    /// Authorisation refused (P1/C1).
    #[error("authorisation refused")]
    AuthorisationRefused,
    /// The fee is not paid (P4/C2).
    #[error("no payment")]
    NoPayment,
    /// EDS not confirmed: the certificate has expired (P6/C3).
    #[error("EDS expired")]
    EdsExpired,
    /// EDS not confirmed: the certificate is revoked (P6/C3).
    #[error("EDS revoked")]
    EdsRevoked,
    /// EDS not confirmed: the IIN/BIN differs from the applicant's (P6/C3).
    #[error("EDS IIN/BIN mismatch")]
    EdsIdMismatch,
    /// EDS not confirmed: the signature does not verify.
    #[error("EDS invalid")]
    EdsInvalid,
    /// The applicant is not in the state register ("data cannot be obtained").
    #[error("applicant not found in the register")]
    ApplicantNotInRegister,
    /// The documents are incomplete (C4).
    #[error("documents incomplete")]
    DocumentsIncomplete,
    /// The qualification requirements are not met (C4).
    #[error("qualification requirements not met")]
    QualificationNotMet,
    /// Authorisation refused (P1/C1): the sign-in certificate has expired.
    #[error("authorisation refused: EDS expired")]
    SignInEdsExpired,
    /// Authorisation refused: the sign-in certificate is revoked.
    #[error("authorisation refused: EDS revoked")]
    SignInEdsRevoked,
    /// Authorisation refused: the certificate is not this account's.
    #[error("authorisation refused: EDS of another")]
    SignInEdsMismatch,
    /// Authorisation refused: the signature does not verify.
    #[error("authorisation refused: EDS invalid")]
    SignInEdsInvalid,
}

impl Refusal {
    /// The stable code.
    pub const fn code(self) -> &'static str {
        match self {
            Refusal::NotAllowed => "not-allowed",
            Refusal::AuthorisationRefused => "authorisation-refused",
            Refusal::NoPayment => "no-payment",
            Refusal::EdsExpired => "eds-expired",
            Refusal::EdsRevoked => "eds-revoked",
            Refusal::EdsIdMismatch => "eds-id-mismatch",
            Refusal::EdsInvalid => "eds-invalid",
            Refusal::ApplicantNotInRegister => "applicant-not-in-register",
            Refusal::DocumentsIncomplete => "documents-incomplete",
            Refusal::QualificationNotMet => "qualification-not-met",
            Refusal::SignInEdsExpired => "authorisation-refused-eds-expired",
            Refusal::SignInEdsRevoked => "authorisation-refused-eds-revoked",
            Refusal::SignInEdsMismatch => "authorisation-refused-eds-mismatch",
            Refusal::SignInEdsInvalid => "authorisation-refused-eds-invalid",
        }
    }

    /// The message to show.
    pub const fn message(self) -> Msg {
        match self {
            Refusal::NotAllowed => Msg::RefusalNotAllowed,
            Refusal::AuthorisationRefused => Msg::RefusalAuthorisation,
            Refusal::NoPayment => Msg::RefusalNoPayment,
            Refusal::EdsExpired => Msg::RefusalEdsExpired,
            Refusal::EdsRevoked => Msg::RefusalEdsRevoked,
            Refusal::EdsIdMismatch => Msg::RefusalEdsIdMismatch,
            Refusal::EdsInvalid => Msg::RefusalEdsInvalid,
            Refusal::ApplicantNotInRegister => Msg::RefusalNotInRegister,
            Refusal::DocumentsIncomplete => Msg::RefusalDocumentsIncomplete,
            Refusal::QualificationNotMet => Msg::RefusalQualification,
            Refusal::SignInEdsExpired => Msg::RefusalSignInEdsExpired,
            Refusal::SignInEdsRevoked => Msg::RefusalSignInEdsRevoked,
            Refusal::SignInEdsMismatch => Msg::RefusalSignInEdsMismatch,
            Refusal::SignInEdsInvalid => Msg::RefusalSignInEdsInvalid,
        }
    }

    /// The authorisation refusal for a sign-in certificate's check, with its
    /// reason (none when the check passed).
    pub const fn of_sign_in(check: SignatureCheck) -> Option<Refusal> {
        match check {
            SignatureCheck::Valid => None,
            SignatureCheck::Expired => Some(Refusal::SignInEdsExpired),
            SignatureCheck::Revoked => Some(Refusal::SignInEdsRevoked),
            SignatureCheck::IdMismatch => Some(Refusal::SignInEdsMismatch),
            SignatureCheck::Invalid => Some(Refusal::SignInEdsInvalid),
        }
    }
}

fn check_signature(check: SignatureCheck) -> Result<(), Refusal> {
    match check {
        SignatureCheck::Valid => Ok(()),
        SignatureCheck::Expired => Err(Refusal::EdsExpired),
        SignatureCheck::Revoked => Err(Refusal::EdsRevoked),
        SignatureCheck::IdMismatch => Err(Refusal::EdsIdMismatch),
        SignatureCheck::Invalid => Err(Refusal::EdsInvalid),
    }
}

/// Who acts, and in what circumstances.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Actor {
    /// The actor's role.
    pub role: Role,
    /// Whether the provider's head is marked absent (the deputy then acts for the head).
    pub head_absent: bool,
}

impl Actor {
    /// An actor with a role, the head present.
    pub const fn new(role: Role) -> Actor {
        Actor {
            role,
            head_absent: false,
        }
    }

    /// Whether this actor may act at a step that needs `role`.
    fn may_act_as(self, role: Role) -> bool {
        self.role == role || (role == Role::Head && self.role == Role::DeputyHead && self.head_absent)
    }
}

/// The next status, or why not.
///
/// ```
/// use shared::workflow::*;
/// use shared::catalog::{catalog, RequestType};
/// let chain = catalog().service("security").expect("security").chain(RequestType::Issuance);
/// let paid = ApplicationStatus::Paid;
/// let sent = transition(&chain, paid, Actor::new(Role::Applicant), Action::SignAndSend { check: SignatureCheck::Valid });
/// assert_eq!(sent, Ok(ApplicationStatus::Registered));
/// let unpaid = transition(&chain, ApplicationStatus::AwaitingPayment, Actor::new(Role::Applicant),
///     Action::SignAndSend { check: SignatureCheck::Valid });
/// assert_eq!(unpaid, Err(Refusal::NoPayment));
/// ```
pub fn transition(
    chain: &Chain,
    status: ApplicationStatus,
    actor: Actor,
    action: Action,
) -> Result<ApplicationStatus, Refusal> {
    use Action as A;
    use ApplicationStatus as S;
    let applicant = matches!(actor.role, Role::Applicant | Role::Operator);
    let step_of = |i: u8| chain.step(usize::from(i)).ok_or(Refusal::NotAllowed);
    match (status, action) {
        (S::Draft, A::CompleteForm) if applicant => Ok(S::AwaitingPayment),
        (S::Draft | S::AwaitingPayment | S::Paid, A::Edit) if applicant => Ok(status),
        (S::AwaitingPayment, A::ConfirmPayment) if matches!(actor.role, Role::System | Role::Operator) => Ok(S::Paid),
        // A free service has nothing to pay: a complete draft is signed and sent.
        (S::Draft, A::SignAndSend { check }) if applicant && chain.free => {
            check_signature(check).map(|()| S::Registered)
        }
        (S::Draft | S::AwaitingPayment, A::SignAndSend { .. }) if applicant => Err(Refusal::NoPayment),
        (S::Paid, A::SignAndSend { check }) if applicant => check_signature(check).map(|()| S::Registered),
        (S::Draft | S::AwaitingPayment | S::Paid | S::Registered, A::Withdraw) if actor.role == Role::Applicant => {
            Ok(S::Withdrawn)
        }
        (S::Registered, A::RegisterIncoming) => {
            let i = chain.find(StepKind::Intake, 0).ok_or(Refusal::NotAllowed)?;
            let step = step_of(i as u8)?;
            if !actor.may_act_as(step.role) {
                return Err(Refusal::NotAllowed);
            }
            chain.at(i + 1)
        }
        (S::InReview { step } | S::Inspection { step }, action) => {
            let s = step_of(step)?;
            if !actor.may_act_as(s.role) {
                return Err(Refusal::NotAllowed);
            }
            let next = usize::from(step) + 1;
            match (s.kind, action) {
                (StepKind::Resolution, A::Resolve) => chain.at(next),
                (StepKind::Review, A::ConfirmReview) => {
                    // Straight on, unless the next step is signing: a decision must be drafted first.
                    match chain.step(next).map(|n| n.kind) {
                        Some(StepKind::Signing) | None => Err(Refusal::NotAllowed),
                        Some(_) => chain.at(next),
                    }
                }
                (StepKind::Review, A::RequestConclusion) if s.conclusion => Ok(S::AwaitingConclusion { step }),
                // Before a signing step the executor stays to draft the decision.
                (StepKind::Inspection, A::CompleteInspection) => match chain.step(next).map(|n| n.kind) {
                    Some(StepKind::Signing) => Ok(status),
                    Some(_) => chain.at(next),
                    None => Err(Refusal::NotAllowed),
                },
                (StepKind::Review | StepKind::Inspection, A::DraftDecision { outcome }) => {
                    let signing = chain
                        .find(StepKind::Signing, usize::from(step))
                        .ok_or(Refusal::NotAllowed)?;
                    let signing = u8::try_from(signing).map_err(|_| Refusal::NotAllowed)?;
                    Ok(S::DecisionDrafted { step: signing, outcome })
                }
                _ => Err(Refusal::NotAllowed),
            }
        }
        (S::AwaitingConclusion { step }, A::AnswerConclusion) if actor.role == Role::ExternalBody => {
            step_of(step)?;
            Ok(S::InReview { step })
        }
        (S::DecisionDrafted { step, outcome }, A::SignDecision { check }) => {
            let s = step_of(step)?;
            if !actor.may_act_as(s.role) {
                return Err(Refusal::NotAllowed);
            }
            check_signature(check)?;
            // Where the office sends the result, it waits for the clerk;
            // otherwise the signature issues it (seed 004: the executor
            // draws up and issues).
            Ok(if chain.has_dispatch() {
                S::Signed { outcome }
            } else {
                outcome.result()
            })
        }
        (S::DecisionDrafted { step, .. }, A::ReturnForRework) => {
            let s = step_of(step)?;
            if !actor.may_act_as(s.role) {
                return Err(Refusal::NotAllowed);
            }
            let review = (0..usize::from(step))
                .rev()
                .find(|&i| chain.steps[i].0.kind == StepKind::Review)
                .ok_or(Refusal::NotAllowed)?;
            chain.at(review)
        }
        (S::Signed { outcome }, A::Dispatch) => {
            // The office's clerk sends the result: nothing dispatches by itself.
            let i = chain.find(StepKind::Dispatch, 0).ok_or(Refusal::NotAllowed)?;
            if !actor.may_act_as(chain.steps[i].0.role) {
                return Err(Refusal::NotAllowed);
            }
            Ok(outcome.result())
        }
        _ => Err(Refusal::NotAllowed),
    }
}

/// Where a licence stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum LicenceStatus {
    /// In force.
    Issued,
    /// Replaced by a re-registered version.
    Reregistered,
    /// Suspended.
    Suspended,
    /// In force again after a suspension.
    Renewed,
    /// Ended.
    Terminated,
}

/// What happens to a licence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum LicenceAction {
    /// A re-registration was issued; this version is superseded.
    Supersede,
    /// Suspend.
    Suspend,
    /// Resume after a suspension.
    Resume,
    /// Terminate.
    Terminate,
}

impl LicenceStatus {
    /// Whether the licence is in force.
    pub const fn is_valid(self) -> bool {
        matches!(self, LicenceStatus::Issued | LicenceStatus::Renewed)
    }

    /// The status in plain words.
    pub const fn label(self) -> Msg {
        match self {
            LicenceStatus::Issued => Msg::LicenceIssued,
            LicenceStatus::Reregistered => Msg::LicenceReregistered,
            LicenceStatus::Suspended => Msg::LicenceSuspended,
            LicenceStatus::Renewed => Msg::LicenceRenewed,
            LicenceStatus::Terminated => Msg::LicenceTerminated,
        }
    }

    /// The next status of a licence, or why not. Only the provider's head (or
    /// the deputy acting for the head) changes a licence; a supersession comes
    /// from the system when a re-registration is issued.
    pub fn apply(self, actor: Actor, action: LicenceAction) -> Result<LicenceStatus, Refusal> {
        use LicenceAction as A;
        use LicenceStatus as L;
        let authorised = match action {
            A::Supersede => actor.role == Role::System,
            _ => actor.may_act_as(Role::Head),
        };
        if !authorised {
            return Err(Refusal::NotAllowed);
        }
        match (self, action) {
            (L::Issued | L::Renewed, A::Supersede) => Ok(L::Reregistered),
            (L::Issued | L::Renewed, A::Suspend) => Ok(L::Suspended),
            (L::Suspended, A::Resume) => Ok(L::Renewed),
            (L::Issued | L::Renewed | L::Suspended, A::Terminate) => Ok(L::Terminated),
            _ => Err(Refusal::NotAllowed),
        }
    }
}

/// The steps of a request type's chain with their limits, in order, as
/// `(step id, role, limit)`; for documentation and the review view.
pub fn describe(chain: &Chain) -> Vec<(&str, Role, Limit)> {
    chain.steps.iter().map(|(s, l)| (s.id.as_str(), s.role, *l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{RequestType, catalog};
    use ApplicationStatus as S;

    const ISSUE: Outcome = Outcome::Issue;
    const REFUSE: Outcome = Outcome::Refuse(RefusalGround::DocumentsIncomplete);

    fn chain(code: &str, r: RequestType) -> Chain {
        catalog().service(code).expect("a service").chain(r)
    }

    fn all_actions() -> Vec<Action> {
        use SignatureCheck as C;
        let checks = [C::Valid, C::Expired, C::Revoked, C::IdMismatch, C::Invalid];
        let mut v = vec![
            Action::CompleteForm,
            Action::Edit,
            Action::ConfirmPayment,
            Action::Withdraw,
            Action::RegisterIncoming,
            Action::Resolve,
            Action::ConfirmReview,
            Action::RequestConclusion,
            Action::AnswerConclusion,
            Action::CompleteInspection,
            Action::DraftDecision { outcome: ISSUE },
            Action::DraftDecision { outcome: REFUSE },
            Action::ReturnForRework,
            Action::Dispatch,
        ];
        v.extend(checks.map(|check| Action::SignAndSend { check }));
        v.extend(checks.map(|check| Action::SignDecision { check }));
        v
    }

    fn all_actors() -> Vec<Actor> {
        Role::ALL
            .into_iter()
            .flat_map(|role| [false, true].map(|head_absent| Actor { role, head_absent }))
            .collect()
    }

    fn eds_refusal(check: SignatureCheck) -> Refusal {
        match check {
            SignatureCheck::Valid => unreachable!("valid is no refusal"),
            SignatureCheck::Expired => Refusal::EdsExpired,
            SignatureCheck::Revoked => Refusal::EdsRevoked,
            SignatureCheck::IdMismatch => Refusal::EdsIdMismatch,
            SignatureCheck::Invalid => Refusal::EdsInvalid,
        }
    }

    /// The passenger-transport issuance chain, written out as a table:
    /// intake (clerk), head, department head, review (executor, conclusion),
    /// signing (head), dispatch (the clerk, never by itself). Anything not here
    /// is refused.
    fn expected(status: S, actor: Actor, action: Action) -> Option<Result<S, Refusal>> {
        use Action as A;
        use Role as R;
        let role = actor.role;
        let applicant = matches!(role, R::Applicant | R::Operator);
        let head = role == R::Head || (role == R::DeputyHead && actor.head_absent);
        Some(match (status, action) {
            (S::Draft, A::CompleteForm) if applicant => Ok(S::AwaitingPayment),
            (S::Draft | S::AwaitingPayment | S::Paid, A::Edit) if applicant => Ok(status),
            (S::Draft | S::AwaitingPayment, A::SignAndSend { .. }) if applicant => Err(Refusal::NoPayment),
            (S::Draft | S::AwaitingPayment | S::Paid | S::Registered, A::Withdraw) if role == R::Applicant => {
                Ok(S::Withdrawn)
            }
            (S::AwaitingPayment, A::ConfirmPayment) if matches!(role, R::System | R::Operator) => Ok(S::Paid),
            (
                S::Paid,
                A::SignAndSend {
                    check: SignatureCheck::Valid,
                },
            ) if applicant => Ok(S::Registered),
            (S::Paid, A::SignAndSend { check }) if applicant => Err(eds_refusal(check)),
            (S::Registered, A::RegisterIncoming) if role == R::Clerk => Ok(S::InReview { step: 1 }),
            (S::InReview { step: 1 }, A::Resolve) if head => Ok(S::InReview { step: 2 }),
            (S::InReview { step: 2 }, A::Resolve) if role == R::DepartmentHead => Ok(S::InReview { step: 3 }),
            (S::InReview { step: 3 }, A::RequestConclusion) if role == R::Executor => {
                Ok(S::AwaitingConclusion { step: 3 })
            }
            (S::InReview { step: 3 }, A::DraftDecision { outcome }) if role == R::Executor => {
                Ok(S::DecisionDrafted { step: 4, outcome })
            }
            (S::AwaitingConclusion { step: 3 }, A::AnswerConclusion) if role == R::ExternalBody => {
                Ok(S::InReview { step: 3 })
            }
            (
                S::DecisionDrafted { step: 4, outcome },
                A::SignDecision {
                    check: SignatureCheck::Valid,
                },
            ) if head => Ok(S::Signed { outcome }),
            (S::DecisionDrafted { step: 4, .. }, A::SignDecision { check }) if head => Err(eds_refusal(check)),
            (S::DecisionDrafted { step: 4, .. }, A::ReturnForRework) if head => Ok(S::InReview { step: 3 }),
            (
                S::Signed {
                    outcome: Outcome::Issue,
                },
                A::Dispatch,
            ) if role == R::Clerk => Ok(S::Issued),
            (
                S::Signed {
                    outcome: Outcome::Refuse(_),
                },
                A::Dispatch,
            ) if role == R::Clerk => Ok(S::Refused),
            _ => return None,
        })
    }

    #[test]
    fn every_transition_of_every_role_matches_the_table() {
        let chain = chain("passenger-transport", RequestType::Issuance);
        let statuses = [
            S::Draft,
            S::AwaitingPayment,
            S::Paid,
            S::Registered,
            S::InReview { step: 1 },
            S::InReview { step: 2 },
            S::InReview { step: 3 },
            S::AwaitingConclusion { step: 3 },
            S::DecisionDrafted {
                step: 4,
                outcome: ISSUE,
            },
            S::DecisionDrafted {
                step: 4,
                outcome: REFUSE,
            },
            S::Signed { outcome: ISSUE },
            S::Signed { outcome: REFUSE },
            S::Issued,
            S::Refused,
            S::Withdrawn,
        ];
        let mut allowed = 0;
        for status in statuses {
            for actor in all_actors() {
                for action in all_actions() {
                    let got = transition(&chain, status, actor, action);
                    match expected(status, actor, action) {
                        Some(want) => {
                            assert_eq!(got, want, "{status:?} {actor:?} {action:?}");
                            allowed += usize::from(got.is_ok());
                        }
                        None => assert_eq!(got, Err(Refusal::NotAllowed), "{status:?} {actor:?} {action:?}"),
                    }
                }
            }
        }
        assert!(allowed > 40, "the table allows the journey: {allowed}");
        for s in [S::Issued, S::Refused, S::Withdrawn] {
            assert!(s.is_final());
        }
    }

    /// Drives a chain from payment to a final status with the role each step needs.
    fn run(chain: &Chain, outcome: Outcome, conclusion: bool) -> Vec<S> {
        let mut trail = vec![];
        let mut status = S::Paid;
        let step = |status: S, role: Role, action: Action| {
            transition(chain, status, Actor::new(role), action)
                .unwrap_or_else(|e| panic!("{status:?} {role:?} {action:?}: {e:?}"))
        };
        status = step(
            status,
            Role::Applicant,
            Action::SignAndSend {
                check: SignatureCheck::Valid,
            },
        );
        status = step(status, Role::Clerk, Action::RegisterIncoming);
        while let S::InReview { step: i } | S::Inspection { step: i } = status {
            trail.push(status);
            let s = chain.step(usize::from(i)).expect("a step");
            let next_is_signing = chain.step(usize::from(i) + 1).map(|n| n.kind) == Some(StepKind::Signing);
            let action = match s.kind {
                StepKind::Resolution => Action::Resolve,
                StepKind::Inspection if next_is_signing => {
                    let recorded = step(status, s.role, Action::CompleteInspection);
                    assert_eq!(recorded, status, "the executor stays to draft the decision");
                    Action::DraftDecision { outcome }
                }
                StepKind::Inspection => Action::CompleteInspection,
                StepKind::Review if s.conclusion && conclusion => {
                    let asked = step(status, s.role, Action::RequestConclusion);
                    assert_eq!(asked, S::AwaitingConclusion { step: i });
                    status = step(asked, Role::ExternalBody, Action::AnswerConclusion);
                    Action::DraftDecision { outcome }
                }
                StepKind::Review if next_is_signing => Action::DraftDecision { outcome },
                StepKind::Review => Action::ConfirmReview,
                other => panic!("unexpected {other:?} in review"),
            };
            status = step(status, s.role, action);
        }
        trail.push(status);
        let S::DecisionDrafted { step: signing, .. } = status else {
            panic!("no decision drafted: {status:?}");
        };
        let signer = chain.step(usize::from(signing)).expect("the signing step").role;
        status = step(
            status,
            signer,
            Action::SignDecision {
                check: SignatureCheck::Valid,
            },
        );
        if chain.has_dispatch() {
            trail.push(status);
            assert_eq!(
                transition(chain, status, Actor::new(Role::System), Action::Dispatch),
                Err(Refusal::NotAllowed),
                "nothing dispatches by itself"
            );
            status = step(status, Role::Clerk, Action::Dispatch);
        }
        trail.push(status);
        trail
    }

    #[test]
    fn every_service_and_request_type_reaches_issue_and_refusal() {
        for s in &catalog().services {
            for r in s.request_types.iter().copied() {
                let chain = s.chain(r);
                let issued = run(&chain, ISSUE, true);
                assert_eq!(issued.last(), Some(&S::Issued), "{} {r:?}", s.code);
                let refused = run(&chain, REFUSE, false);
                assert_eq!(refused.last(), Some(&S::Refused), "{} {r:?}", s.code);
                let inspected = issued.iter().any(|st| matches!(st, S::Inspection { .. }));
                assert_eq!(
                    inspected,
                    s.code == "grain-warehouse" && r == RequestType::Issuance,
                    "{} {r:?}",
                    s.code
                );
            }
        }
    }

    #[test]
    fn grain_warehouse_deputy_names_the_department_head() {
        let chain = chain("grain-warehouse", RequestType::Duplicate);
        let at_deputy = S::InReview { step: 2 };
        assert_eq!(chain.step(2).map(|s| s.role), Some(Role::DeputyHead));
        assert_eq!(
            transition(&chain, at_deputy, Actor::new(Role::Head), Action::Resolve),
            Err(Refusal::NotAllowed)
        );
        assert_eq!(
            transition(&chain, at_deputy, Actor::new(Role::DeputyHead), Action::Resolve),
            Ok(S::InReview { step: 3 })
        );
        // An incomplete file: the executor drafts a reasoned refusal at once.
        let at_check = S::InReview { step: 4 };
        assert_eq!(
            transition(
                &chain,
                at_check,
                Actor::new(Role::Executor),
                Action::DraftDecision { outcome: REFUSE }
            ),
            Ok(S::DecisionDrafted {
                step: 5,
                outcome: REFUSE
            })
        );
        // Seed 004:153: the executor draws up and issues; no head, no dispatch.
        assert_eq!(
            chain.step(5).map(|s| (s.kind, s.role)),
            Some((StepKind::Signing, Role::Executor))
        );
        assert!(!chain.has_dispatch());
        let drafted = S::DecisionDrafted {
            step: 5,
            outcome: ISSUE,
        };
        let sign = Action::SignDecision {
            check: SignatureCheck::Valid,
        };
        assert_eq!(
            transition(&chain, drafted, Actor::new(Role::Head), sign),
            Err(Refusal::NotAllowed)
        );
        assert_eq!(
            transition(&chain, drafted, Actor::new(Role::Executor), sign),
            Ok(S::Issued)
        );
    }

    /// Seed 001:193-219: the certificate's portal process has no payment: a
    /// complete draft is signed and sent; a paid service's draft is refused
    /// with the seed's "no payment".
    #[test]
    fn a_free_service_is_sent_without_payment() {
        let sign = Action::SignAndSend {
            check: SignatureCheck::Valid,
        };
        let applicant = Actor::new(Role::Applicant);
        let free = chain("tech-inspection-cert", RequestType::Issuance);
        assert!(free.free);
        assert_eq!(transition(&free, S::Draft, applicant, sign), Ok(S::Registered));
        let revoked = Action::SignAndSend {
            check: SignatureCheck::Revoked,
        };
        assert_eq!(
            transition(&free, S::Draft, applicant, revoked),
            Err(Refusal::EdsRevoked)
        );
        let paid = chain("passenger-transport", RequestType::Issuance);
        assert!(!paid.free);
        assert_eq!(transition(&paid, S::Draft, applicant, sign), Err(Refusal::NoPayment));
    }

    #[test]
    fn conclusions_only_where_the_seed_has_one() {
        let security = chain("security", RequestType::Issuance);
        let review = S::InReview { step: 3 };
        assert_eq!(
            transition(&security, review, Actor::new(Role::Executor), Action::RequestConclusion),
            Err(Refusal::NotAllowed)
        );
        // Seed 003:355, 367-377: office → licensing department (which asks
        // the agriculture department) → head; no resolutions in between.
        let vet = chain("veterinary", RequestType::Issuance);
        let review = S::InReview { step: 1 };
        assert_eq!(
            transition(&vet, review, Actor::new(Role::Executor), Action::RequestConclusion),
            Ok(S::AwaitingConclusion { step: 1 })
        );
    }

    #[test]
    fn licence_statuses() {
        use LicenceAction as A;
        use LicenceStatus as L;
        let head = Actor::new(Role::Head);
        let system = Actor::new(Role::System);
        let all = [L::Issued, L::Reregistered, L::Suspended, L::Renewed, L::Terminated];
        let actions = [A::Supersede, A::Suspend, A::Resume, A::Terminate];
        let table = |s: L, a: A| -> Option<L> {
            match (s, a) {
                (L::Issued | L::Renewed, A::Supersede) => Some(L::Reregistered),
                (L::Issued | L::Renewed, A::Suspend) => Some(L::Suspended),
                (L::Suspended, A::Resume) => Some(L::Renewed),
                (L::Issued | L::Renewed | L::Suspended, A::Terminate) => Some(L::Terminated),
                _ => None,
            }
        };
        for s in all {
            for a in actions {
                let actor = if a == A::Supersede { system } else { head };
                assert_eq!(s.apply(actor, a).ok(), table(s, a), "{s:?} {a:?}");
                for role in Role::ALL {
                    let other = Actor::new(role);
                    if other != actor {
                        assert_eq!(s.apply(other, a), Err(Refusal::NotAllowed), "{s:?} {a:?} {role:?}");
                    }
                }
            }
        }
        assert!(L::Renewed.is_valid() && !L::Suspended.is_valid() && !L::Terminated.is_valid());
    }

    #[test]
    fn refusal_codes_are_distinct() {
        let all = [
            Refusal::NotAllowed,
            Refusal::AuthorisationRefused,
            Refusal::NoPayment,
            Refusal::EdsExpired,
            Refusal::EdsRevoked,
            Refusal::EdsIdMismatch,
            Refusal::EdsInvalid,
            Refusal::ApplicantNotInRegister,
            Refusal::DocumentsIncomplete,
            Refusal::QualificationNotMet,
            Refusal::SignInEdsExpired,
            Refusal::SignInEdsRevoked,
            Refusal::SignInEdsMismatch,
            Refusal::SignInEdsInvalid,
        ];
        let codes: std::collections::BTreeSet<_> = all.iter().map(|r| r.code()).collect();
        let messages: std::collections::BTreeSet<_> = all.iter().map(|r| r.message()).collect();
        assert_eq!(codes.len(), all.len());
        assert_eq!(messages.len(), all.len());
    }
}
