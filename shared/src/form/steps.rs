//! The wizard's steps for a service and request type.

use serde::{Deserialize, Serialize};

use crate::catalog::{RequestType, Service};

/// A step of the wizard.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", tag = "step", content = "id")]
pub enum WizardStep {
    /// The existing licence (re-registration, duplicate).
    Request,
    /// Applicant data.
    Applicant,
    /// Bank accounts.
    BankAccounts,
    /// A service step from the catalogue.
    Service(String),
    /// Attachments.
    Documents,
    /// Check your answers.
    Check,
    /// Payment.
    Payment,
    /// Sign and send.
    Sign,
}

impl WizardStep {
    /// The step's name in paths and error addresses.
    pub fn slug(&self) -> &str {
        match self {
            WizardStep::Request => "request",
            WizardStep::Applicant => "applicant",
            WizardStep::BankAccounts => "bank-accounts",
            WizardStep::Service(id) => id,
            WizardStep::Documents => "documents",
            WizardStep::Check => "check",
            WizardStep::Payment => "payment",
            WizardStep::Sign => "sign",
        }
    }
}

/// The wizard's steps for a service and request type, in order.
///
/// ```
/// use shared::{catalog::{catalog, RequestType}, form::wizard_steps};
/// let s = catalog().service("passenger-transport").expect("a service");
/// let slugs: Vec<_> = wizard_steps(s, RequestType::Duplicate).iter().map(|w| w.slug().to_owned()).collect();
/// assert_eq!(slugs, ["request", "applicant", "documents", "check", "payment", "sign"]);
/// ```
pub fn wizard_steps(service: &Service, request: RequestType) -> Vec<WizardStep> {
    let mut v = Vec::new();
    // Where the licence has an annex, even an issuance says what it is for:
    // the licence with its annex, or an annex to the applicant's licence.
    if request.needs_existing_licence() || service.annex {
        v.push(WizardStep::Request);
    }
    v.push(WizardStep::Applicant);
    if request != RequestType::Duplicate {
        v.push(WizardStep::BankAccounts);
    }
    v.extend(service.steps_for(request).map(|s| WizardStep::Service(s.id.clone())));
    v.extend([WizardStep::Documents, WizardStep::Check]);
    // A free service has no payment (seed 001, the certificate).
    if !service.is_free() {
        v.push(WizardStep::Payment);
    }
    v.push(WizardStep::Sign);
    v
}
