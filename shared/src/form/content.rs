//! What an application holds: the request, who applies, bank accounts,
//! attachments and payment, kept as typed text so nothing entered is lost.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalog::{ApplicantKind, RequestType};
use crate::i18n::Msg;

/// One row of a section: field id → what was typed.
pub type Row = BTreeMap<String, String>;

/// The values of a service step: section id → rows.
pub type StepValues = BTreeMap<String, Vec<Row>>;

/// Which licence a re-registration or duplicate is for, and why.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RequestDetails {
    /// For a service whose licence has an annex (seed 003:315-317): the
    /// licence with its annex, or an annex alone — a new one to the
    /// applicant's licence, or a duplicate of one.
    #[serde(default)]
    pub document: RequestedDocument,
    /// The number of the existing licence (or, for an annex's duplicate,
    /// of the annex).
    #[serde(default)]
    pub existing_licence: String,
    /// Why (see [`reasons`]).
    #[serde(default)]
    pub reason: String,
}

/// What a request is for, where the licence has an annex.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum RequestedDocument {
    /// The licence (with its annex where it has one).
    #[default]
    Licence,
    /// An annex alone: a new one to the licence named, or a duplicate of
    /// the annex named.
    Annex,
}

/// The reasons offered for a request type, as `(value, message)`.
pub fn reasons(request: RequestType) -> &'static [(&'static str, Msg)] {
    match request {
        RequestType::Issuance => &[],
        RequestType::Reregistration => &[
            ("name", Msg::ReasonName),
            ("address", Msg::ReasonAddress),
            ("reorganisation", Msg::ReasonReorganisation),
            ("other", Msg::ReasonOther),
        ],
        RequestType::Duplicate => &[("lost", Msg::ReasonLost), ("damaged", Msg::ReasonDamaged)],
    }
}

/// An individual entrepreneur's data (seed 000, figure 3).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct IeData {
    /// ИИН.
    pub iin: String,
    /// РНН (optional).
    pub rnn: String,
    /// Surname.
    pub surname: String,
    /// Given name.
    pub given_name: String,
    /// Patronymic (optional).
    pub patronymic: String,
    /// The entrepreneur's trading name.
    pub ie_name: String,
    /// State-registration certificate series (optional).
    pub certificate_series: String,
    /// State-registration certificate number.
    pub certificate_number: String,
    /// Type of activity.
    pub activity: String,
}

/// A legal entity's data (seed 000, figure 4).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct LeData {
    /// БИН.
    pub bin: String,
    /// РНН (optional).
    pub rnn: String,
    /// Organisation form.
    pub org_form: String,
    /// Representative's full name.
    pub representative_name: String,
    /// Representative's position.
    pub representative_position: String,
    /// Full name of the legal entity.
    pub full_name: String,
    /// ОКПО (optional, 8 digits).
    pub okpo: String,
    /// Registration certificate series (optional).
    pub certificate_series: String,
    /// Registration certificate number.
    pub certificate_number: String,
    /// Status of the legal entity (optional).
    pub status: String,
    /// Legal form.
    pub legal_form: String,
    /// Registration date.
    pub registration_date: String,
    /// Date of the last change of data (optional).
    pub last_change_date: String,
}

/// The applicant's address (legal address for an LE).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct Address {
    /// Postal index.
    pub postal_index: String,
    /// Region / district / settlement.
    pub locality: String,
    /// Street.
    pub street: String,
    /// House or building.
    pub house: String,
    /// Flat or office (optional).
    pub flat: String,
    /// Phone.
    pub phone: String,
}

/// Step 1: who applies. Both IE and LE data are kept, so switching loses nothing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ApplicantData {
    /// IE or LE.
    pub kind: ApplicantKind,
    /// Used when the kind is IE.
    #[serde(default)]
    pub ie: IeData,
    /// Used when the kind is LE.
    #[serde(default)]
    pub le: LeData,
    /// The address.
    #[serde(default)]
    pub address: Address,
}

/// A row of the bank-accounts table (seed 000, figure 5).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct BankAccount {
    /// Account number (IBAN).
    pub iban: String,
    /// Bank name.
    pub bank_name: String,
    /// Where the bank is.
    pub bank_location: String,
}

/// An attached file, stored by its content hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Attachment {
    /// SHA-256 of the content, hex.
    pub sha256: String,
    /// The file's name as uploaded.
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// `application/pdf`, `image/jpeg` or `image/png`, by content.
    pub content_type: String,
}

/// How the fee is paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum PaymentMethod {
    /// Through the payment gateway (figure 10.2).
    Online,
    /// By a bank payment order, its scan attached (figure 10.1).
    Order,
}

/// The payment order's details (seed 000, figure 10.1).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct PaymentOrder {
    /// Amount paid.
    pub amount: String,
    /// Document number.
    pub document_number: String,
    /// Document date.
    pub document_date: String,
    /// The paying bank's BIC (`shared::banks`).
    pub bank: String,
    /// The tax authority's id (`shared::banks`).
    pub tax_authority: String,
    /// SHA-256 of the attached scan.
    pub scan: String,
}

/// The payment step.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct PaymentData {
    /// Chosen method.
    pub method: Option<PaymentMethod>,
    /// Paying online: the beneficiary tax authority's id.
    pub beneficiary: String,
    /// Filled for a payment order.
    pub order: PaymentOrder,
}

/// Everything an applicant fills in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ApplicationForm {
    /// The service's code.
    pub service: String,
    /// What is asked for.
    pub request_type: RequestType,
    /// For re-registration and duplicate.
    #[serde(default)]
    pub request: RequestDetails,
    /// Who applies.
    pub applicant: ApplicantData,
    /// Bank accounts.
    #[serde(default)]
    pub bank_accounts: Vec<BankAccount>,
    /// The service's own steps: step id → values.
    #[serde(default)]
    pub steps: BTreeMap<String, StepValues>,
    /// Attached files: document id → files.
    #[serde(default)]
    pub attachments: BTreeMap<String, Vec<Attachment>>,
    /// The payment.
    #[serde(default)]
    pub payment: PaymentData,
}

impl ApplicationForm {
    /// An empty form for a service, request type and applicant kind.
    pub fn new(service: &str, request_type: RequestType, kind: ApplicantKind) -> ApplicationForm {
        ApplicationForm {
            service: service.to_owned(),
            request_type,
            request: RequestDetails::default(),
            applicant: ApplicantData {
                kind,
                ie: IeData::default(),
                le: LeData::default(),
                address: Address::default(),
            },
            bank_accounts: vec![BankAccount::default()],
            steps: BTreeMap::new(),
            attachments: BTreeMap::new(),
            payment: PaymentData::default(),
        }
    }

    /// The IIN or BIN the applicant entered (as typed).
    pub fn applicant_id(&self) -> &str {
        match self.applicant.kind {
            ApplicantKind::Ie => &self.applicant.ie.iin,
            ApplicantKind::Le => &self.applicant.le.bin,
        }
    }
}
