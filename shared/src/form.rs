//! The content of an application and its validation.
//!
//! The form keeps what the applicant typed, as text, so nothing entered is
//! ever lost to a failed parse; validation reads it through the typed parsers
//! of [`crate::ids`], [`crate::date`] and [`crate::money`] and answers every
//! error addressed to `step.field[row]` with a message key. The browser runs
//! it as the applicant types; the server runs it again on every save and
//! before signing.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::catalog::{ApplicantKind, Field, FieldKind, RequestType, Section, Service, Step};
use crate::date::Date;
use crate::i18n::{Lang, Msg};
use crate::ids::{Bin, Iban, IdError, IdKind, Iin, Phone, PostalIndex, Rnn};
use crate::money::Tenge;

/// One row of a section: field id → what was typed.
pub type Row = BTreeMap<String, String>;

/// The values of a service step: section id → rows.
pub type StepValues = BTreeMap<String, Vec<Row>>;

/// Which licence a re-registration or duplicate is for, and why.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RequestDetails {
    /// The number of the existing licence.
    #[serde(default)]
    pub existing_licence: String,
    /// Why (see [`reasons`]).
    #[serde(default)]
    pub reason: String,
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
    /// Paying bank.
    pub bank: String,
    /// Tax authority.
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

/// A field path without its row, and the row (0 when none): `a.b[2]` → (`a.b`, 2).
pub fn split_path(path: &str) -> (&str, usize) {
    match path.split_once('[') {
        Some((bare, rest)) => (bare, rest.trim_end_matches(']').parse().unwrap_or(0)),
        None => (path, 0),
    }
}

/// The frame's own fields by path, for reading (`&`) or writing (`&mut`).
macro_rules! frame_slot {
    ($form:expr, $bare:expr, $row:expr, $($r:tt)+) => {{
        let f = $form;
        match $bare {
            "request.existing_licence" => Some($($r)+ f.request.existing_licence),
            "request.reason" => Some($($r)+ f.request.reason),
            "applicant.iin" => Some($($r)+ f.applicant.ie.iin),
            "applicant.surname" => Some($($r)+ f.applicant.ie.surname),
            "applicant.given_name" => Some($($r)+ f.applicant.ie.given_name),
            "applicant.patronymic" => Some($($r)+ f.applicant.ie.patronymic),
            "applicant.ie_name" => Some($($r)+ f.applicant.ie.ie_name),
            "applicant.activity" => Some($($r)+ f.applicant.ie.activity),
            "applicant.rnn" if f.applicant.kind == ApplicantKind::Ie => Some($($r)+ f.applicant.ie.rnn),
            "applicant.rnn" => Some($($r)+ f.applicant.le.rnn),
            "applicant.certificate_series" if f.applicant.kind == ApplicantKind::Ie => {
                Some($($r)+ f.applicant.ie.certificate_series)
            }
            "applicant.certificate_series" => Some($($r)+ f.applicant.le.certificate_series),
            "applicant.certificate_number" if f.applicant.kind == ApplicantKind::Ie => {
                Some($($r)+ f.applicant.ie.certificate_number)
            }
            "applicant.certificate_number" => Some($($r)+ f.applicant.le.certificate_number),
            "applicant.bin" => Some($($r)+ f.applicant.le.bin),
            "applicant.org_form" => Some($($r)+ f.applicant.le.org_form),
            "applicant.representative_name" => Some($($r)+ f.applicant.le.representative_name),
            "applicant.representative_position" => Some($($r)+ f.applicant.le.representative_position),
            "applicant.full_name" => Some($($r)+ f.applicant.le.full_name),
            "applicant.okpo" => Some($($r)+ f.applicant.le.okpo),
            "applicant.status" => Some($($r)+ f.applicant.le.status),
            "applicant.legal_form" => Some($($r)+ f.applicant.le.legal_form),
            "applicant.registration_date" => Some($($r)+ f.applicant.le.registration_date),
            "applicant.last_change_date" => Some($($r)+ f.applicant.le.last_change_date),
            "applicant.postal_index" => Some($($r)+ f.applicant.address.postal_index),
            "applicant.locality" => Some($($r)+ f.applicant.address.locality),
            "applicant.street" => Some($($r)+ f.applicant.address.street),
            "applicant.house" => Some($($r)+ f.applicant.address.house),
            "applicant.flat" => Some($($r)+ f.applicant.address.flat),
            "applicant.phone" => Some($($r)+ f.applicant.address.phone),
            "bank-accounts.iban" => ($($r)+ f.bank_accounts).get_row($row).map(|a| $($r)+ a.iban),
            "bank-accounts.bank_name" => ($($r)+ f.bank_accounts).get_row($row).map(|a| $($r)+ a.bank_name),
            "bank-accounts.bank_location" => ($($r)+ f.bank_accounts).get_row($row).map(|a| $($r)+ a.bank_location),
            "payment.amount" => Some($($r)+ f.payment.order.amount),
            "payment.document_number" => Some($($r)+ f.payment.order.document_number),
            "payment.document_date" => Some($($r)+ f.payment.order.document_date),
            "payment.bank" => Some($($r)+ f.payment.order.bank),
            "payment.tax_authority" => Some($($r)+ f.payment.order.tax_authority),
            _ => None,
        }
    }};
}

/// `get` for shared and exclusive slices alike, so one macro serves both.
trait GetRow {
    type Item;
    fn get_row(self, i: usize) -> Option<Self::Item>;
}

impl<'a, T> GetRow for &'a Vec<T> {
    type Item = &'a T;
    fn get_row(self, i: usize) -> Option<&'a T> {
        self.get(i)
    }
}

impl<'a, T> GetRow for &'a mut Vec<T> {
    type Item = &'a mut T;
    fn get_row(self, i: usize) -> Option<&'a mut T> {
        self.get_mut(i)
    }
}

impl ApplicationForm {
    /// What was typed at a path (`applicant.iin`, `bank-accounts.iban[1]`,
    /// `base.tech_passport.area[0]`); empty when nothing was.
    ///
    /// ```
    /// use shared::{catalog::{ApplicantKind, RequestType}, form::ApplicationForm};
    /// let mut f = ApplicationForm::new("passenger-transport", RequestType::Issuance, ApplicantKind::Ie);
    /// f.set_value("bank-accounts.iban[2]", "KZ86125KZT5004100100");
    /// f.set_value("base.tech_passport.area[0]", "120");
    /// assert_eq!(f.value("bank-accounts.iban[2]"), "KZ86125KZT5004100100");
    /// assert_eq!(f.bank_accounts.len(), 3);
    /// assert_eq!(f.value("base.tech_passport.area"), "120");
    /// assert_eq!(f.value("applicant.iin"), "");
    /// ```
    pub fn value(&self, path: &str) -> String {
        let (bare, row) = split_path(path);
        if let Some(v) = frame_slot!(self, bare, row, &) {
            return v.clone();
        }
        let mut parts = bare.splitn(3, '.');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(step), Some(section), Some(field)) => self
                .steps
                .get(step)
                .and_then(|s| s.get(section))
                .and_then(|rows| rows.get(row))
                .and_then(|r| r.get(field))
                .cloned()
                .unwrap_or_default(),
            _ => String::new(),
        }
    }

    /// Sets what is typed at a path, adding rows as needed.
    pub fn set_value(&mut self, path: &str, value: &str) {
        let (bare, row) = split_path(path);
        if bare.starts_with("bank-accounts.") {
            while self.bank_accounts.len() <= row {
                self.bank_accounts.push(BankAccount::default());
            }
        }
        if let Some(slot) = frame_slot!(&mut *self, bare, row, &mut) {
            value.clone_into(slot);
            return;
        }
        let mut parts = bare.splitn(3, '.');
        if let (Some(step), Some(section), Some(field)) = (parts.next(), parts.next(), parts.next()) {
            let rows = self
                .steps
                .entry(step.to_owned())
                .or_default()
                .entry(section.to_owned())
                .or_default();
            while rows.len() <= row {
                rows.push(Row::new());
            }
            rows[row].insert(field.to_owned(), value.to_owned());
        }
    }

    /// The rows of a service section (at least one to show).
    pub fn rows(&self, step: &str, section: &str) -> usize {
        self.steps.get(step).and_then(|s| s.get(section)).map_or(0, Vec::len)
    }

    /// Removes a row of a service section, or of the bank accounts.
    pub fn remove_row(&mut self, step: &str, section: &str, row: usize) {
        if step == "bank-accounts" {
            if row < self.bank_accounts.len() {
                self.bank_accounts.remove(row);
            }
        } else if let Some(rows) = self.steps.get_mut(step).and_then(|s| s.get_mut(section))
            && row < rows.len()
        {
            rows.remove(row);
        }
    }
}

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
    if request.needs_existing_licence() {
        v.push(WizardStep::Request);
    }
    v.push(WizardStep::Applicant);
    if request != RequestType::Duplicate {
        v.push(WizardStep::BankAccounts);
    }
    v.extend(service.steps_for(request).map(|s| WizardStep::Service(s.id.clone())));
    v.extend([
        WizardStep::Documents,
        WizardStep::Check,
        WizardStep::Payment,
        WizardStep::Sign,
    ]);
    v
}

/// An error addressed to a field: `step.field[row]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FieldError {
    /// Where, such as `applicant.iin`, `bank-accounts.iban[1]` or
    /// `base.tech_passport.area[0]`.
    pub path: String,
    /// What to tell the applicant.
    pub message: Msg,
    /// Values for the message's placeholders (`{min}`, `{max}`, `{fee}`, `{other}`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, String>,
}

impl FieldError {
    /// An error at a path.
    pub fn new(path: impl Into<String>, message: Msg) -> FieldError {
        FieldError {
            path: path.into(),
            message,
            args: BTreeMap::new(),
        }
    }

    /// The error with a value for one of its message's placeholders.
    pub fn arg(mut self, key: &str, value: impl ToString) -> FieldError {
        self.args.insert(key.to_owned(), value.to_string());
        self
    }

    /// The message in a language with its values filled in as they are, for
    /// forms outside the catalogue (no `{label}` to look up).
    pub fn plain(&self, lang: Lang) -> String {
        self.args
            .iter()
            .fold(self.message.text(lang).to_owned(), |text, (k, v)| {
                text.replace(&format!("{{{k}}}"), v)
            })
    }

    /// The message in a language: `{label}` is the field's label and
    /// `{other}` the label of the field it is compared with.
    pub fn render(&self, lang: Lang, service: &Service) -> String {
        let label = field_label(service, &self.path, lang).unwrap_or_default();
        let mut text = self.message.text(lang).replace("{label}", &label);
        for (k, v) in &self.args {
            let v = match k.as_str() {
                "other" => field_label(service, v, lang).unwrap_or_else(|| v.clone()),
                "fee" => v.parse::<Tenge>().map(|t| t.format(lang)).unwrap_or_else(|_| v.clone()),
                _ => v.clone(),
            };
            text = text.replace(&format!("{{{k}}}"), &v);
        }
        text
    }

    /// The step this error belongs to.
    pub fn step(&self) -> &str {
        self.path.split('.').next().unwrap_or_default()
    }
}

/// What validation needs from outside the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Context {
    /// Today in Almaty, for "not in the future".
    pub today: Date,
    /// The fee due, for checking a payment order's amount.
    pub fee: Option<Tenge>,
}

/// Collects errors.
struct Errors(Vec<FieldError>);

impl Errors {
    fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }

    /// Free text: trimmed, no control characters, within limits.
    fn text(&mut self, path: &str, value: &str, required: bool, min_len: Option<u32>, max_len: u32) {
        let v = value.trim();
        if v.is_empty() {
            if required {
                self.push(FieldError::new(path, Msg::FieldRequired));
            }
            return;
        }
        if v.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
            self.push(FieldError::new(path, Msg::FieldControlCharacters));
            return;
        }
        let n = v.chars().count();
        if n > max_len as usize {
            self.push(FieldError::new(path, Msg::FieldTooLong).arg("max", max_len));
        } else if let Some(min) = min_len.filter(|m| n < *m as usize) {
            self.push(FieldError::new(path, Msg::FieldTooShort).arg("min", min));
        }
    }

    /// An identifier of some kind.
    fn id<T>(&mut self, path: &str, value: &str, required: bool, kind: IdKind, parse: fn(&str) -> Result<T, IdError>) {
        if value.trim().is_empty() && !required {
            return;
        }
        if let Err(e) = parse(value) {
            self.push(FieldError::new(path, e.message(kind)));
        }
    }

    /// A date; returns it when valid.
    fn date(&mut self, path: &str, value: &str, required: bool, not_future: bool, today: Date) -> Option<Date> {
        if value.trim().is_empty() {
            if required {
                self.push(FieldError::new(path, Msg::FieldRequired));
            }
            return None;
        }
        match value.parse::<Date>() {
            Ok(d) if not_future && d > today => {
                self.push(FieldError::new(path, Msg::FieldDateFuture));
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                self.push(FieldError::new(path, e.message()));
                None
            }
        }
    }
}

fn path(step: &str, field: &str) -> String {
    format!("{step}.{field}")
}

fn row_path(step: &str, field: &str, row: usize) -> String {
    format!("{step}.{field}[{row}]")
}

/// Validates one step of the wizard.
pub fn validate_step(form: &ApplicationForm, service: &Service, step: &WizardStep, ctx: &Context) -> Vec<FieldError> {
    let mut e = Errors(Vec::new());
    match step {
        WizardStep::Request => request_step(&mut e, form),
        WizardStep::Applicant => applicant_step(&mut e, form, ctx),
        WizardStep::BankAccounts => bank_step(&mut e, form),
        WizardStep::Service(id) => {
            if let Some(s) = service.step(id) {
                service_step(&mut e, s, form.steps.get(id), ctx);
            }
        }
        WizardStep::Documents => {
            for d in service.documents_for(form.request_type) {
                if form.attachments.get(&d.id).is_none_or(Vec::is_empty) {
                    e.push(FieldError::new(path("documents", &d.id), Msg::DocumentMissing));
                }
            }
        }
        WizardStep::Check | WizardStep::Sign => {}
        WizardStep::Payment => payment_step(&mut e, form, ctx),
    }
    e.0
}

/// Validates the whole application: every step it has, in order.
///
/// ```
/// use shared::{catalog::{catalog, ApplicantKind, RequestType}, form::*, date::Date};
/// let s = catalog().service("security").expect("a service");
/// let form = ApplicationForm::new("security", RequestType::Duplicate, ApplicantKind::Le);
/// let ctx = Context { today: Date::from_ymd(2026, 11, 22).expect("a date"), fee: None };
/// let errors = validate(&form, s, &ctx);
/// assert!(errors.iter().any(|e| e.path == "applicant.bin"));
/// assert!(errors.iter().any(|e| e.path == "request.existing_licence"));
/// ```
pub fn validate(form: &ApplicationForm, service: &Service, ctx: &Context) -> Vec<FieldError> {
    let mut all = Vec::new();
    if form.service != service.code {
        all.push(FieldError::new("request.service", Msg::FormWrongService));
        return all;
    }
    if !service.request_types.contains(&form.request_type) {
        all.push(FieldError::new("request.request_type", Msg::FormRequestTypeNotOffered));
    }
    if !service.applicants.contains(&form.applicant.kind) {
        all.push(FieldError::new("applicant.kind", Msg::FormApplicantKindNotAllowed));
    }
    for step in wizard_steps(service, form.request_type) {
        all.extend(validate_step(form, service, &step, ctx));
    }
    all
}

fn request_step(e: &mut Errors, form: &ApplicationForm) {
    let r = &form.request;
    e.text("request.existing_licence", &r.existing_licence, true, None, 30);
    let options = reasons(form.request_type);
    if !options.iter().any(|(v, _)| *v == r.reason) {
        e.push(FieldError::new("request.reason", Msg::FieldChooseOne));
    }
}

fn applicant_step(e: &mut Errors, form: &ApplicationForm, ctx: &Context) {
    let p = |f: &str| path("applicant", f);
    match form.applicant.kind {
        ApplicantKind::Ie => {
            let ie = &form.applicant.ie;
            e.id(&p("iin"), &ie.iin, true, IdKind::Iin, |s| s.parse::<Iin>());
            e.id(&p("rnn"), &ie.rnn, false, IdKind::Rnn, |s| s.parse::<Rnn>());
            e.text(&p("surname"), &ie.surname, true, None, 100);
            e.text(&p("given_name"), &ie.given_name, true, None, 100);
            e.text(&p("patronymic"), &ie.patronymic, false, None, 100);
            e.text(&p("ie_name"), &ie.ie_name, true, None, 250);
            e.text(&p("certificate_series"), &ie.certificate_series, false, None, 10);
            e.text(&p("certificate_number"), &ie.certificate_number, true, None, 30);
            e.text(&p("activity"), &ie.activity, true, None, 250);
        }
        ApplicantKind::Le => {
            let le = &form.applicant.le;
            e.id(&p("bin"), &le.bin, true, IdKind::Bin, |s| s.parse::<Bin>());
            e.id(&p("rnn"), &le.rnn, false, IdKind::Rnn, |s| s.parse::<Rnn>());
            e.text(&p("org_form"), &le.org_form, true, None, 100);
            e.text(&p("representative_name"), &le.representative_name, true, None, 150);
            e.text(
                &p("representative_position"),
                &le.representative_position,
                true,
                None,
                150,
            );
            e.text(&p("full_name"), &le.full_name, true, None, 250);
            let okpo = le.okpo.trim();
            if !okpo.is_empty() && (okpo.len() != 8 || !okpo.bytes().all(|b| b.is_ascii_digit())) {
                e.push(FieldError::new(p("okpo"), Msg::FieldOkpo));
            }
            e.text(&p("certificate_series"), &le.certificate_series, false, None, 10);
            e.text(&p("certificate_number"), &le.certificate_number, true, None, 30);
            e.text(&p("status"), &le.status, false, None, 100);
            e.text(&p("legal_form"), &le.legal_form, true, None, 100);
            let registered = e.date(&p("registration_date"), &le.registration_date, true, true, ctx.today);
            let changed = e.date(&p("last_change_date"), &le.last_change_date, false, true, ctx.today);
            if let (Some(r), Some(c)) = (registered, changed)
                && c < r
            {
                e.push(
                    FieldError::new(p("last_change_date"), Msg::FieldDateAfter).arg("other", p("registration_date")),
                );
            }
        }
    }
    let a = &form.applicant.address;
    e.id(&p("postal_index"), &a.postal_index, true, IdKind::PostalIndex, |s| {
        s.parse::<PostalIndex>()
    });
    e.text(&p("locality"), &a.locality, true, None, 250);
    e.text(&p("street"), &a.street, true, None, 150);
    e.text(&p("house"), &a.house, true, None, 20);
    e.text(&p("flat"), &a.flat, false, None, 20);
    e.id(&p("phone"), &a.phone, true, IdKind::Phone, |s| s.parse::<Phone>());
}

fn bank_step(e: &mut Errors, form: &ApplicationForm) {
    let rows: Vec<_> = form
        .bank_accounts
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            !(r.iban.trim().is_empty() && r.bank_name.trim().is_empty() && r.bank_location.trim().is_empty())
        })
        .collect();
    if rows.is_empty() {
        e.push(FieldError::new("bank-accounts.iban[0]", Msg::BankAccountsMin));
        return;
    }
    let mut seen = BTreeMap::new();
    for (i, r) in rows {
        e.id(
            &row_path("bank-accounts", "iban", i),
            &r.iban,
            true,
            IdKind::Iban,
            |s| s.parse::<Iban>(),
        );
        if let Ok(iban) = r.iban.parse::<Iban>()
            && let Some(first) = seen.insert(iban, i)
        {
            e.push(
                FieldError::new(row_path("bank-accounts", "iban", i), Msg::BankAccountDuplicate).arg("row", first + 1),
            );
        }
        e.text(
            &row_path("bank-accounts", "bank_name", i),
            &r.bank_name,
            true,
            None,
            150,
        );
        e.text(
            &row_path("bank-accounts", "bank_location", i),
            &r.bank_location,
            true,
            None,
            150,
        );
    }
}

fn row_is_empty(row: &Row) -> bool {
    row.values().all(|v| v.trim().is_empty())
}

fn section_started(values: Option<&Vec<Row>>) -> bool {
    values.is_some_and(|rows| rows.iter().any(|r| !row_is_empty(r)))
}

fn service_step(e: &mut Errors, step: &Step, values: Option<&StepValues>, ctx: &Context) {
    let get = |section: &str| values.and_then(|v| v.get(section));
    for section in &step.sections {
        let rows = get(&section.id);
        let alternative = step.is_alternative(&section.id);
        if alternative && !section_started(rows) {
            continue;
        }
        section_rows(e, &step.id, section, rows.map(Vec::as_slice).unwrap_or_default(), ctx);
    }
    if !step.alternatives.is_empty() {
        let complete = step
            .alternatives
            .iter()
            .any(|group| group.iter().all(|s| section_started(get(s))));
        if !complete {
            let first = step.alternatives.iter().flatten().next().cloned().unwrap_or_default();
            let first_field = step
                .section(&first)
                .and_then(|s| s.fields.first())
                .map(|f| f.id.clone())
                .unwrap_or_default();
            e.push(FieldError::new(
                row_path(&step.id, &format!("{first}.{first_field}"), 0),
                Msg::FieldAlternatives,
            ));
        }
    }
}

fn section_rows(e: &mut Errors, step: &str, section: &Section, rows: &[Row], ctx: &Context) {
    let non_empty: Vec<(usize, &Row)> = rows.iter().enumerate().filter(|(_, r)| !row_is_empty(r)).collect();
    let (min, max) = match section.repeatable {
        Some(r) => (r.min as usize, r.max as usize),
        None => (1, 1),
    };
    let first_field = section.fields.first().map(|f| f.id.as_str()).unwrap_or_default();
    if non_empty.len() > max {
        e.push(
            FieldError::new(
                row_path(step, &format!("{}.{first_field}", section.id), max),
                Msg::RowsTooMany,
            )
            .arg("max", max),
        );
    }
    if section.repeatable.is_some() && non_empty.len() < min {
        let at = row_path(step, &format!("{}.{first_field}", section.id), non_empty.len());
        e.push(FieldError::new(at, Msg::RowsTooFew).arg("min", min));
        if non_empty.is_empty() {
            return;
        }
    }
    let empty = Row::new();
    let checked: Vec<(usize, &Row)> = if non_empty.is_empty() {
        vec![(0, &empty)]
    } else {
        non_empty
    };
    for (i, row) in checked {
        for f in &section.fields {
            let value = row.get(&f.id).map(String::as_str).unwrap_or_default();
            let p = row_path(step, &format!("{}.{}", section.id, f.id), i);
            field(e, &p, f, value, row, ctx);
        }
    }
}

fn field(e: &mut Errors, p: &str, f: &Field, value: &str, row: &Row, ctx: &Context) {
    match f.kind {
        FieldKind::Text => e.text(p, value, f.required, f.min_len, f.max_len.unwrap_or(250)),
        FieldKind::Iin => e.id(p, value, f.required, IdKind::Iin, |s| s.parse::<Iin>()),
        FieldKind::Bin => e.id(p, value, f.required, IdKind::Bin, |s| s.parse::<Bin>()),
        FieldKind::Iban => e.id(p, value, f.required, IdKind::Iban, |s| s.parse::<Iban>()),
        FieldKind::Phone => e.id(p, value, f.required, IdKind::Phone, |s| s.parse::<Phone>()),
        FieldKind::File => {
            let ok = value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit());
            if value.is_empty() && f.required {
                e.push(FieldError::new(p, Msg::FieldRequired));
            } else if !value.is_empty() && !ok {
                e.push(FieldError::new(p, Msg::DocumentMissing));
            }
        }
        FieldKind::Choice => {
            if value.trim().is_empty() {
                if f.required {
                    e.push(FieldError::new(p, Msg::FieldChooseOne));
                }
            } else if !f.options.iter().any(|o| o.value == value) {
                e.push(FieldError::new(p, Msg::FieldChooseOne));
            }
        }
        FieldKind::Number => {
            let v = value.trim();
            if v.is_empty() {
                if f.required {
                    e.push(FieldError::new(p, Msg::FieldRequired));
                }
                return;
            }
            match v.parse::<i64>() {
                Ok(n) if f.min.is_some_and(|m| n < m) || f.max.is_some_and(|m| n > m) => {
                    e.push(
                        FieldError::new(p, Msg::FieldNumberRange)
                            .arg("min", f.min.unwrap_or(0))
                            .arg("max", f.max.unwrap_or(i64::MAX)),
                    );
                }
                Ok(_) => {}
                Err(_) => e.push(FieldError::new(p, Msg::FieldNumber)),
            }
        }
        FieldKind::Date => {
            let Some(d) = e.date(p, value, f.required, f.not_future, ctx.today) else {
                return;
            };
            if let Some(other) = &f.after
                && let Some(o) = row.get(other).and_then(|s| s.parse::<Date>().ok())
                && d <= o
            {
                let other_path = p.replacen(&format!(".{}[", f.id), &format!(".{other}["), 1);
                e.push(FieldError::new(p, Msg::FieldDateAfter).arg("other", other_path));
            }
        }
    }
}

fn payment_step(e: &mut Errors, form: &ApplicationForm, ctx: &Context) {
    match form.payment.method {
        None => e.push(FieldError::new("payment.method", Msg::PaymentMethodMissing)),
        Some(PaymentMethod::Online) => {}
        Some(PaymentMethod::Order) => {
            let o = &form.payment.order;
            let p = |f: &str| path("payment", f);
            match o.amount.parse::<Tenge>() {
                Err(err) => e.push(FieldError::new(p("amount"), err.message())),
                Ok(paid) => {
                    if let Some(fee) = ctx.fee
                        && paid != fee
                    {
                        e.push(FieldError::new(p("amount"), Msg::PaymentAmountMismatch).arg("fee", fee));
                    }
                }
            }
            e.text(&p("document_number"), &o.document_number, true, None, 30);
            e.date(&p("document_date"), &o.document_date, true, true, ctx.today);
            e.text(&p("bank"), &o.bank, true, None, 150);
            e.text(&p("tax_authority"), &o.tax_authority, true, None, 150);
            if o.scan.trim().is_empty() {
                e.push(FieldError::new(p("scan"), Msg::PaymentScanMissing));
            }
        }
    }
}

/// The label of the field at a path, in a language: frame fields from the
/// translations, service fields from the catalogue.
///
/// ```
/// use shared::{catalog::catalog, form::field_label, i18n::Lang};
/// let s = catalog().service("passenger-transport").expect("a service");
/// assert_eq!(field_label(s, "applicant.iin", Lang::Ru).as_deref(), Some("ИИН"));
/// assert_eq!(field_label(s, "base.tech_passport.area[0]", Lang::En).as_deref(), Some("Area of the base, m²"));
/// ```
pub fn field_label(service: &Service, path: &str, lang: Lang) -> Option<String> {
    let bare = path.split('[').next().unwrap_or(path);
    if let Some(msg) = frame_label(bare) {
        return Some(msg.text(lang).to_owned());
    }
    if let Some(doc) = bare.strip_prefix("documents.") {
        return service
            .documents
            .iter()
            .find(|d| d.id == doc)
            .map(|d| d.title.get(lang).to_owned());
    }
    let mut parts = bare.splitn(3, '.');
    let (step, section, field) = (parts.next()?, parts.next()?, parts.next()?);
    let f = service
        .step(step)?
        .section(section)?
        .fields
        .iter()
        .find(|f| f.id == field)?;
    Some(f.label.get(lang).to_owned())
}

/// The label of a frame field (request, applicant, bank accounts, payment).
pub fn frame_label(path: &str) -> Option<Msg> {
    Some(match path {
        "request.existing_licence" => Msg::LabelExistingLicence,
        "request.reason" => Msg::LabelReason,
        "applicant.iin" => Msg::LabelIin,
        "applicant.bin" => Msg::LabelBin,
        "applicant.rnn" => Msg::LabelRnn,
        "applicant.surname" => Msg::LabelSurname,
        "applicant.given_name" => Msg::LabelGivenName,
        "applicant.patronymic" => Msg::LabelPatronymic,
        "applicant.ie_name" => Msg::LabelIeName,
        "applicant.certificate_series" => Msg::LabelCertificateSeries,
        "applicant.certificate_number" => Msg::LabelCertificateNumber,
        "applicant.activity" => Msg::LabelActivity,
        "applicant.org_form" => Msg::LabelOrgForm,
        "applicant.representative_name" => Msg::LabelRepresentativeName,
        "applicant.representative_position" => Msg::LabelRepresentativePosition,
        "applicant.full_name" => Msg::LabelLeFullName,
        "applicant.okpo" => Msg::LabelOkpo,
        "applicant.status" => Msg::LabelLeStatus,
        "applicant.legal_form" => Msg::LabelLegalForm,
        "applicant.registration_date" => Msg::LabelRegistrationDate,
        "applicant.last_change_date" => Msg::LabelLastChangeDate,
        "applicant.postal_index" => Msg::LabelPostalIndex,
        "applicant.locality" => Msg::LabelLocality,
        "applicant.street" => Msg::LabelStreet,
        "applicant.house" => Msg::LabelHouse,
        "applicant.flat" => Msg::LabelFlat,
        "applicant.phone" => Msg::LabelPhone,
        "applicant.kind" => Msg::LabelApplicantKind,
        "bank-accounts.iban" => Msg::LabelIban,
        "bank-accounts.bank_name" => Msg::LabelBankName,
        "bank-accounts.bank_location" => Msg::LabelBankLocation,
        "payment.method" => Msg::LabelPaymentMethod,
        "payment.amount" => Msg::LabelPaidAmount,
        "payment.document_number" => Msg::LabelPaymentDocumentNumber,
        "payment.document_date" => Msg::LabelPaymentDocumentDate,
        "payment.bank" => Msg::LabelPaymentBank,
        "payment.tax_authority" => Msg::LabelTaxAuthority,
        "payment.scan" => Msg::LabelPaymentScan,
        _ => return None,
    })
}

/// A complete, valid application for any service and request type: the
/// demo data of the sandbox and the base of many tests.
pub fn example(service: &Service, request: RequestType, kind: ApplicantKind, today: Date) -> ApplicationForm {
    let mut form = ApplicationForm::new(&service.code, request, kind);
    if request.needs_existing_licence() {
        form.request.existing_licence = "KZ-2024-000123".to_owned();
        form.request.reason = reasons(request)
            .first()
            .map(|(v, _)| (*v).to_owned())
            .unwrap_or_default();
    }
    form.applicant.ie = IeData {
        iin: "860101300017".to_owned(),
        surname: "Сейітов".to_owned(),
        given_name: "Ерлан".to_owned(),
        ie_name: "ЖК «Сейітов»".to_owned(),
        certificate_number: "0012345".to_owned(),
        activity: "Жолаушылар тасымалы".to_owned(),
        ..IeData::default()
    };
    form.applicant.le = LeData {
        bin: "990340001230".to_owned(),
        org_form: "ЖШС".to_owned(),
        representative_name: "Ахметова Айгүл".to_owned(),
        representative_position: "Директор".to_owned(),
        full_name: "«Қорған» ЖШС".to_owned(),
        certificate_number: "12345-1910-ТОО".to_owned(),
        legal_form: "Жауапкершілігі шектеулі серіктестік".to_owned(),
        registration_date: "1999-03-15".to_owned(),
        ..LeData::default()
    };
    form.applicant.address = Address {
        postal_index: "050000".to_owned(),
        locality: "Алматы қ.".to_owned(),
        street: "Абай даңғылы".to_owned(),
        house: "10".to_owned(),
        flat: String::new(),
        phone: "+7 701 123 45 67".to_owned(),
    };
    form.bank_accounts = vec![BankAccount {
        iban: "KZ86125KZT5004100100".to_owned(),
        bank_name: "Halyk Bank".to_owned(),
        bank_location: "Алматы".to_owned(),
    }];
    let yesterday = today.add_days(-1).to_string();
    let next_year = today.add_days(365).to_string();
    for step in service.steps_for(request) {
        let mut values = StepValues::new();
        let chosen: Vec<&String> = step
            .alternatives
            .first()
            .map(|g| g.iter().collect())
            .unwrap_or_default();
        for section in &step.sections {
            if step.is_alternative(&section.id) && !chosen.contains(&&section.id) {
                continue;
            }
            let row: Row = section
                .fields
                .iter()
                .map(|f| {
                    let v = match f.kind {
                        FieldKind::Text => "a"
                            .repeat(f.min_len.unwrap_or(1).max(3) as usize)
                            .chars()
                            .take(f.max_len.unwrap_or(250) as usize)
                            .collect(),
                        FieldKind::Date if f.after.is_some() => next_year.clone(),
                        FieldKind::Date => yesterday.clone(),
                        FieldKind::Number => f
                            .min
                            .unwrap_or(1)
                            .max(f.max.unwrap_or(i64::MAX).min(f.min.unwrap_or(1)))
                            .to_string(),
                        FieldKind::Iin => "860101300017".to_owned(),
                        FieldKind::Bin => "990340001230".to_owned(),
                        FieldKind::Iban => "KZ86125KZT5004100100".to_owned(),
                        FieldKind::Phone => "+77011234567".to_owned(),
                        FieldKind::Choice => f.options.first().map(|o| o.value.clone()).unwrap_or_default(),
                        FieldKind::File => "0".repeat(64),
                    };
                    (f.id.clone(), v)
                })
                .collect();
            let rows = section.repeatable.map_or(1, |r| r.min.max(1) as usize);
            values.insert(section.id.clone(), vec![row; rows]);
        }
        form.steps.insert(step.id.clone(), values);
    }
    for d in service.documents_for(request) {
        form.attachments.insert(
            d.id.clone(),
            vec![Attachment {
                sha256: "0".repeat(64),
                name: format!("{}.pdf", d.id),
                size: 1024,
                content_type: "application/pdf".to_owned(),
            }],
        );
    }
    form.payment.method = Some(PaymentMethod::Online);
    form
}

#[cfg(test)]
mod tests {

    #[test]
    fn every_path_validation_names_can_be_read_and_written() {
        let today = Date::from_ymd(2026, 11, 23).expect("a date");
        let ctx = Context { today, fee: None };
        for service in &crate::catalog::catalog().services {
            for &rt in &service.request_types {
                for &kind in &service.applicants {
                    let mut form = ApplicationForm::new(&service.code, rt, kind);
                    form.payment.method = Some(PaymentMethod::Order);
                    for e in validate(&form, service, &ctx) {
                        let (bare, _) = split_path(&e.path);
                        if bare.starts_with("documents.") || ["payment.scan", "payment.method"].contains(&bare) {
                            continue;
                        }
                        let mut f = form.clone();
                        f.set_value(&e.path, "x1");
                        assert_eq!(f.value(&e.path), "x1", "{} {}", service.code, e.path);
                    }
                }
            }
        }
    }
    use super::*;
    use crate::catalog::catalog;
    use proptest::prelude::*;

    fn today() -> Date {
        Date::from_ymd(2026, 11, 22).expect("a date")
    }

    fn ctx() -> Context {
        Context {
            today: today(),
            fee: None,
        }
    }

    fn service(code: &str) -> &'static Service {
        catalog().service(code).expect("a service")
    }

    fn paths(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.path.as_str()).collect()
    }

    #[test]
    fn the_example_of_every_service_request_and_applicant_is_valid() {
        for s in &catalog().services {
            for r in s.request_types.iter().copied() {
                for k in s.applicants.iter().copied() {
                    let form = example(s, r, k, today());
                    let errors = validate(&form, s, &ctx());
                    assert!(errors.is_empty(), "{} {r:?} {k:?}: {errors:?}", s.code);
                }
            }
        }
    }

    #[test]
    fn a_wrong_iin_is_reported_at_its_field_and_nothing_else_is_lost() {
        let s = service("passenger-transport");
        let mut form = example(s, RequestType::Issuance, ApplicantKind::Ie, today());
        form.applicant.ie.iin = "860101300018".to_owned();
        let errors = validate_step(&form, s, &WizardStep::Applicant, &ctx());
        assert_eq!(paths(&errors), ["applicant.iin"]);
        assert_eq!(errors[0].message, Msg::IdIinChecksum);
        assert_eq!(form.applicant.ie.surname, "Сейітов", "the other input is kept");
        assert!(errors[0].render(Lang::En, s).contains("check digit"));
    }

    #[test]
    fn specialists_iins_are_checked_per_row() {
        let s = service("security");
        let mut form = example(s, RequestType::Issuance, ApplicantKind::Le, today());
        let guards = form
            .steps
            .get_mut("guards")
            .and_then(|v| v.get_mut("guard"))
            .expect("guards");
        let mut second = guards[0].clone();
        second.insert("iin".to_owned(), "12345".to_owned());
        guards.push(second);
        let errors = validate_step(&form, s, &WizardStep::Service("guards".to_owned()), &ctx());
        assert_eq!(paths(&errors), ["guards.guard.iin[1]"]);
        assert_eq!(errors[0].message, Msg::IdIinFormat);
    }

    #[test]
    fn dates_in_the_future_and_contracts_that_end_before_they_start() {
        let s = service("passenger-transport");
        let mut form = example(s, RequestType::Issuance, ApplicantKind::Ie, today());
        let medical = form.steps.get_mut("medical").expect("medical");
        medical.get_mut("medical_diploma").expect("diploma")[0]
            .insert("issue_date".to_owned(), "2027-01-01".to_owned());
        let mut contract = Row::new();
        for (k, v) in [
            ("bin", "990340001230"),
            ("name", "Emhana"),
            ("contract_number", "7"),
            ("valid_from", "2026-01-10"),
            ("valid_until", "2026-01-01"),
        ] {
            contract.insert(k.to_owned(), v.to_owned());
        }
        medical.insert("medical_contract".to_owned(), vec![contract]);
        let errors = validate_step(&form, s, &WizardStep::Service("medical".to_owned()), &ctx());
        let p = paths(&errors);
        assert!(p.contains(&"medical.medical_diploma.issue_date[0]"), "{p:?}");
        assert!(p.contains(&"medical.medical_contract.valid_until[0]"), "{p:?}");
        let after = errors
            .iter()
            .find(|e| e.message == Msg::FieldDateAfter)
            .expect("an end-before-start error");
        assert_eq!(
            after.render(Lang::En, s),
            "“Contract end date” must be later than “Contract start date”"
        );
    }

    #[test]
    fn one_of_the_alternatives_must_be_filled() {
        let s = service("passenger-transport");
        let mut form = example(s, RequestType::Issuance, ApplicantKind::Ie, today());
        form.steps.insert("medical".to_owned(), StepValues::new());
        let errors = validate_step(&form, s, &WizardStep::Service("medical".to_owned()), &ctx());
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].message, Msg::FieldAlternatives);
        assert_eq!(errors[0].step(), "medical");
    }

    #[test]
    fn bank_accounts_at_least_one_and_no_duplicates() {
        let s = service("veterinary");
        let mut form = example(s, RequestType::Issuance, ApplicantKind::Ie, today());
        form.bank_accounts = vec![BankAccount::default()];
        let errors = validate_step(&form, s, &WizardStep::BankAccounts, &ctx());
        assert_eq!(
            errors.iter().map(|e| e.message).collect::<Vec<_>>(),
            [Msg::BankAccountsMin]
        );
        let row = BankAccount {
            iban: "KZ86 125K ZT50 0410 0100".to_owned(),
            bank_name: "Halyk".to_owned(),
            bank_location: "Алматы".to_owned(),
        };
        form.bank_accounts = vec![row.clone(), BankAccount::default(), row];
        let errors = validate_step(&form, s, &WizardStep::BankAccounts, &ctx());
        assert_eq!(paths(&errors), ["bank-accounts.iban[2]"]);
        assert_eq!(errors[0].render(Lang::En, s), "This account is already in row 1");
    }

    #[test]
    fn the_paid_amount_must_equal_the_fee() {
        let s = service("security");
        let mut form = example(s, RequestType::Issuance, ApplicantKind::Le, today());
        form.payment = PaymentData {
            method: Some(PaymentMethod::Order),
            order: PaymentOrder {
                amount: "43 000".to_owned(),
                document_number: "118".to_owned(),
                document_date: "2026-11-20".to_owned(),
                bank: "Kaspi Bank".to_owned(),
                tax_authority: "УГД по Медеускому району".to_owned(),
                scan: "0".repeat(64),
            },
        };
        let fee = s.fee.fee_in_tenge(RequestType::Issuance, 2026).expect("2026");
        let ctx = Context {
            today: today(),
            fee: Some(fee),
        };
        let errors = validate_step(&form, s, &WizardStep::Payment, &ctx);
        assert_eq!(paths(&errors), ["payment.amount"]);
        assert_eq!(
            errors[0].render(Lang::Ru, s),
            "Оплаченная сумма должна быть равна сбору: 43\u{a0}250,00\u{a0}₸"
        );
        form.payment.order.amount = "43250,00".to_owned();
        assert!(validate_step(&form, s, &WizardStep::Payment, &ctx).is_empty());
        form.payment.method = None;
        assert_eq!(
            paths(&validate_step(&form, s, &WizardStep::Payment, &ctx)),
            ["payment.method"]
        );
    }

    #[test]
    fn documents_required_per_request_type() {
        let s = service("passenger-transport");
        let mut form = example(s, RequestType::Issuance, ApplicantKind::Ie, today());
        form.attachments.remove("vehicle-certificates");
        let errors = validate_step(&form, s, &WizardStep::Documents, &ctx());
        assert_eq!(paths(&errors), ["documents.vehicle-certificates"]);
        assert_eq!(
            errors[0].render(Lang::En, s),
            "Attach the document: “Vehicle registration certificates”"
        );
    }

    #[test]
    fn a_security_licence_is_refused_to_an_individual_entrepreneur() {
        let s = service("security");
        let form = example(s, RequestType::Issuance, ApplicantKind::Ie, today());
        assert!(paths(&validate(&form, s, &ctx())).contains(&"applicant.kind"));
    }

    #[test]
    fn every_error_path_has_a_label_in_every_language() {
        for s in &catalog().services {
            for r in s.request_types.iter().copied() {
                for k in s.applicants.iter().copied() {
                    let mut form = ApplicationForm::new(&s.code, r, k);
                    form.payment.method = Some(PaymentMethod::Order);
                    for e in validate(&form, s, &ctx()) {
                        for lang in Lang::ALL {
                            let label = field_label(s, &e.path, lang);
                            assert!(label.is_some(), "{}: no label for {}", s.code, e.path);
                            let text = e.render(lang, s);
                            assert!(!text.contains('{'), "{}: unfilled placeholder in {text}", e.path);
                        }
                    }
                }
            }
        }
    }

    proptest! {
        #[test]
        fn any_text_in_any_field_gives_errors_not_panics(value in "\\PC{0,300}|\\p{Cc}{1,3}|[0-9]{0,20}", which in 0usize..8) {
            let s = service("passenger-transport");
            let mut form = example(s, RequestType::Issuance, ApplicantKind::Ie, today());
            match which {
                0 => form.applicant.ie.iin = value.clone(),
                1 => form.applicant.address.phone = value.clone(),
                2 => form.bank_accounts[0].iban = value.clone(),
                3 => form.applicant.ie.surname = value.clone(),
                4 => { form.steps.get_mut("base").and_then(|b| b.get_mut("tech_passport")).expect("base")[0].insert("area".to_owned(), value.clone()); }
                5 => { form.steps.get_mut("medical").and_then(|b| b.get_mut("medical_diploma")).expect("diploma")[0].insert("issue_date".to_owned(), value.clone()); }
                6 => { form.payment.method = Some(PaymentMethod::Order); form.payment.order.amount = value.clone(); }
                _ => { form.steps.get_mut("vehicles").and_then(|b| b.get_mut("vehicle")).expect("vehicles")[0].insert("ownership".to_owned(), value.clone()); }
            }
            let errors = validate(&form, s, &ctx());
            for e in &errors {
                for lang in Lang::ALL {
                    prop_assert!(!e.render(lang, s).is_empty());
                }
            }
        }
    }
}
