//! Request and response bodies of the HTTP API, shared by both sides.

use serde::{Deserialize, Serialize};

use crate::catalog::{ApplicantKind, Channel, RequestType, Service};
use crate::i18n::Text;

/// `GET /api/health`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Health {
    /// `ok` when the server and its database answer.
    pub status: String,
    /// The server's version.
    pub version: String,
    /// `sqlite` or `postgres`.
    pub database: String,
    /// How far the calendar and the MRP index reach.
    pub data: crate::horizon::DataHorizon,
    /// A demonstration: demo accounts are loaded, and the pages say so.
    #[serde(default)]
    pub demo: bool,
    /// The sandboxes stand in for the gateway and the certification
    /// authority (false in a deployment with the real ones).
    #[serde(default)]
    pub sandboxes: bool,
}

/// `GET /api/ready`: whether this instance may take requests — what a load
/// balancer asks before it sends any (health says how the service is).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Readiness {
    /// All three below hold.
    pub ready: bool,
    /// The database answers: `ok`, or what failed.
    pub database: String,
    /// Every migration this server knows is applied: `ok`, or which not.
    pub migrations: String,
    /// The file store takes a write and gives it back: `ok`, or what failed.
    pub storage: String,
}

/// What a background job does (the jobs table's `kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    /// Deletes stored files no attachment refers to.
    CollectFiles,
    /// Recomputes open cases' deadlines when a year's calendar arrives or
    /// changes.
    ReconcileCalendar,
    /// Writes a signed checkpoint of the audit chain's head.
    AuditCheckpoint,
}

impl JobKind {
    /// Every kind.
    pub const ALL: [JobKind; 3] = [
        JobKind::CollectFiles,
        JobKind::ReconcileCalendar,
        JobKind::AuditCheckpoint,
    ];

    /// Its name in the table.
    pub const fn name(self) -> &'static str {
        match self {
            JobKind::CollectFiles => "collect-files",
            JobKind::ReconcileCalendar => "reconcile-calendar",
            JobKind::AuditCheckpoint => "audit-checkpoint",
        }
    }

    /// The kind with a name.
    pub fn of(name: &str) -> Option<JobKind> {
        JobKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// What it does, in words.
    pub const fn label(self) -> crate::i18n::Msg {
        match self {
            JobKind::CollectFiles => crate::i18n::Msg::AdminJobCollectFiles,
            JobKind::ReconcileCalendar => crate::i18n::Msg::AdminJobReconcileCalendar,
            JobKind::AuditCheckpoint => crate::i18n::Msg::AdminJobAuditCheckpoint,
        }
    }
}

/// A background job, as the administrators see it
/// (`GET /api/staff/admin/jobs`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct JobView {
    /// Its id: a recurring job's kind, a one-off's kind and key.
    pub id: String,
    /// What it does.
    pub kind: String,
    /// Recurring: seconds between runs; none: once.
    pub every_secs: Option<i64>,
    /// When it is due next, Unix seconds.
    pub run_at: i64,
    /// How many runs succeeded.
    pub runs: i64,
    /// Failures since it last succeeded.
    pub attempts: i64,
    /// The instance running it now.
    pub claimed_by: Option<String>,
    /// Until when that claim holds, Unix seconds.
    pub claimed_until: Option<i64>,
    /// The last failure's error.
    pub last_error: Option<String>,
    /// When it last ran, Unix seconds.
    pub last_run_at: Option<i64>,
    /// When a one-off finished, Unix seconds.
    pub done_at: Option<i64>,
}

/// One entry of `GET /api/services`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ServiceSummary {
    /// Stable code.
    pub code: String,
    /// Short name.
    pub short_title: Text,
    /// Official name.
    pub title: Text,
    /// Provider code.
    pub provider: String,
    /// Provider name.
    pub provider_name: Text,
    /// Who may apply.
    pub applicants: Vec<ApplicantKind>,
    /// What may be asked for.
    pub request_types: Vec<RequestType>,
    /// Where it may be asked.
    pub channels: Vec<Channel>,
}

impl ServiceSummary {
    /// The summary of a catalogue service.
    pub fn of(service: &Service, provider_name: Text) -> ServiceSummary {
        ServiceSummary {
            code: service.code.clone(),
            short_title: service.short_title.clone(),
            title: service.title.clone(),
            provider: service.provider.clone(),
            provider_name,
            applicants: service.applicants.clone(),
            request_types: service.request_types.clone(),
            channels: service.channels.clone(),
        }
    }
}

/// An RFC 9457 problem document, as every API error is answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Problem {
    /// A URI naming the problem type.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short, human-readable summary.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// The stable machine-readable code.
    pub code: String,
    /// Details for this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The message key for the user's language, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<crate::i18n::Msg>,
    /// Values for the message's placeholders (such as `{year}`).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub args: std::collections::BTreeMap<String, String>,
    /// Field-addressed errors, for a form the server refused.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<crate::form::FieldError>,
}

impl Problem {
    /// The problem's message in a language, its placeholders filled in.
    pub fn text(&self, lang: crate::i18n::Lang) -> Option<String> {
        let text = self.message?.text(lang).to_owned();
        Some(
            self.args
                .iter()
                .fold(text, |t, (k, v)| t.replace(&format!("{{{k}}}"), v)),
        )
    }
}

/// One year's monthly calculation index, as the server applies it
/// (`GET /api/staff/admin/mrp`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MrpIndex {
    /// The year.
    pub year: i32,
    /// The index.
    pub index: crate::money::Tenge,
    /// The law that sets it.
    pub source: String,
    /// Who entered it, and when (Unix seconds); none for the product's own
    /// data file, which cannot be changed on the server.
    pub set_by: Option<String>,
    /// When.
    pub set_at: Option<i64>,
}

/// The indices in force and the years that lack one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MrpIndices {
    /// Every known year, newest first.
    pub years: Vec<MrpIndex>,
    /// This year and the next, when they have no index.
    pub missing: Vec<i32>,
}

/// `PUT /api/staff/admin/mrp/{year}`: an administrator sets a year's index.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SetMrp {
    /// The index in whole tenge, as typed.
    pub index: String,
    /// The law that sets it (name, date, article).
    pub source: String,
}

/// The years an administrator may set: from the calendar's first year, at
/// most two ahead of now.
pub const MRP_FIRST_YEAR: i32 = 2025;

impl SetMrp {
    /// The index, when it is a whole number of tenge from 1 to 1 000 000.
    pub fn tenge(&self) -> Option<crate::money::Tenge> {
        let digits: String = self.index.chars().filter(|c| !c.is_whitespace()).collect();
        let n: i64 = digits.parse().ok()?;
        (1..=1_000_000).contains(&n).then(|| crate::money::Tenge::from_tenge(n))
    }

    /// What is wrong with it, field by field (`mrp.year`, `mrp.index`,
    /// `mrp.source`), for a year seen from `this_year`: the same checks in
    /// the browser and on the server.
    ///
    /// ```
    /// use shared::api::SetMrp;
    /// let ok = SetMrp { index: "4 700".into(), source: "Law No. 1 of 8 December 2026, art. 10".into() };
    /// assert!(ok.validate(2027, 2026).is_empty());
    /// assert_eq!(ok.validate(2026, 2026)[0].path, "mrp.year"); // in the data file
    /// let bad = SetMrp { index: "4,7".into(), source: " ".into() };
    /// assert_eq!(bad.validate(2027, 2026).len(), 2);
    /// ```
    pub fn validate(&self, year: i32, this_year: i32) -> Vec<crate::form::FieldError> {
        use crate::form::FieldError;
        use crate::i18n::Msg;
        let mut errors = Vec::new();
        if crate::money::mrp_published().any(|(y, _)| y == year) {
            errors.push(FieldError::new("mrp.year", Msg::AdminMrpYearInData).arg("year", year));
        } else if !(MRP_FIRST_YEAR..=this_year + 2).contains(&year) {
            errors.push(
                FieldError::new("mrp.year", Msg::AdminMrpYearInvalid)
                    .arg("min", MRP_FIRST_YEAR)
                    .arg("max", this_year + 2),
            );
        }
        if self.tenge().is_none() {
            errors.push(FieldError::new("mrp.index", Msg::AdminMrpIndexInvalid));
        }
        let source = self.source.trim();
        if source.chars().count() < 10 {
            errors.push(FieldError::new("mrp.source", Msg::AdminMrpSourceMissing));
        } else if source.chars().count() > 300 || source.chars().any(char::is_control) {
            errors.push(FieldError::new("mrp.source", Msg::AdminMrpSourceInvalid));
        }
        errors
    }
}

/// `POST /api/accounts`: register an applicant account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RegisterAccount {
    /// IE (by IIN) or LE (by BIN).
    pub kind: ApplicantKind,
    /// The IIN or BIN, as typed.
    pub identifier: String,
    /// Email for notifications.
    pub email: String,
    /// At least 10 characters.
    pub password: String,
}

/// The fewest characters of a password.
pub const MIN_PASSWORD: usize = 10;

/// Whether an email address is plausible: `local@domain.tld`, no spaces.
pub fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The normalised IIN or BIN of a kind of applicant, or the message why not.
pub fn applicant_identifier(kind: ApplicantKind, typed: &str) -> Result<String, crate::i18n::Msg> {
    use crate::ids::{Bin, IdKind, Iin};
    match kind {
        ApplicantKind::Ie => typed
            .parse::<Iin>()
            .map(|i| i.to_string())
            .map_err(|e| e.message(IdKind::Iin)),
        ApplicantKind::Le => typed
            .parse::<Bin>()
            .map(|b| b.to_string())
            .map_err(|e| e.message(IdKind::Bin)),
    }
}

impl RegisterAccount {
    /// What is wrong with the typed registration, at `account.identifier`,
    /// `account.email` and `account.password` (the register itself is the
    /// server's to ask).
    ///
    /// ```
    /// use shared::{api::RegisterAccount, catalog::ApplicantKind};
    /// let r = RegisterAccount { kind: ApplicantKind::Ie, identifier: "860101300018".into(), email: "a@b".into(), password: "short".into() };
    /// let paths: Vec<_> = r.validate().into_iter().map(|e| e.path).collect();
    /// assert_eq!(paths, ["account.identifier", "account.email", "account.password"]);
    /// ```
    pub fn validate(&self) -> Vec<crate::form::FieldError> {
        use crate::form::FieldError;
        use crate::i18n::Msg;
        let mut errors = Vec::new();
        if let Err(m) = applicant_identifier(self.kind, &self.identifier) {
            errors.push(FieldError::new("account.identifier", m));
        }
        if !valid_email(&self.email.trim().to_lowercase()) {
            errors.push(FieldError::new("account.email", Msg::AccountEmail));
        }
        if self.password.chars().count() < MIN_PASSWORD {
            errors.push(FieldError::new("account.password", Msg::AccountPasswordShort));
        }
        errors
    }
}

/// `POST /api/sessions`: log in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Login {
    /// The IIN or BIN.
    pub identifier: String,
    /// The password.
    pub password: String,
}

/// `POST /api/sessions/challenge`: what the device's EDS key signs to sign
/// in (single use, for a few minutes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SignInChallenge {
    /// Random, base64url.
    pub challenge: String,
    /// Until when it may be used, Unix seconds.
    pub expires_at: i64,
}

/// `POST /api/sessions/eds`: signing in as the seeds have it (000:99-105,
/// 002:167-175, 003:71-75, 004:161-167): the IIN/BIN, the password, and the
/// EDS — the device's key signs [`crate::signing::sign_in_bytes`] of a
/// fresh challenge, under the certificate of that serial.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EdsLogin {
    /// The IIN or BIN.
    #[serde(default)]
    pub identifier: String,
    /// The password.
    #[serde(default)]
    pub password: String,
    /// The challenge signed.
    #[serde(default)]
    pub challenge: String,
    /// The serial of the certificate whose key signed.
    #[serde(default)]
    pub serial: String,
    /// The signature (r‖s, base64).
    #[serde(default)]
    pub signature: String,
}

/// `POST /api/me/password`: change the password; ends every other session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChangePassword {
    /// The password in use.
    pub current: String,
    /// The new one, at least 10 characters.
    pub new: String,
}

/// `GET /api/me`: the signed-in applicant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Me {
    /// IE or LE.
    pub kind: ApplicantKind,
    /// The IIN or BIN.
    pub identifier: String,
    /// Email.
    pub email: String,
}

/// `GET /api/me/register-profile`: what the state register knows, to pre-fill the applicant step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RegisterProfile {
    /// The applicant data as the register has it (IIN/BIN, names, address).
    pub applicant: crate::form::ApplicantData,
}

/// A field-addressed error in an API answer; the same shape the browser's own
/// validation gives.
pub type ApiFieldError = crate::form::FieldError;

/// `POST /api/applications`: start a draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewApplication {
    /// The service's code.
    pub service: String,
    /// What is asked for.
    pub request_type: RequestType,
}

/// `PUT /api/applications/{id}`: save the draft's content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SaveApplication {
    /// The version the browser edited; a newer one on the server is a conflict.
    pub version: i64,
    /// The whole content.
    pub form: crate::form::ApplicationForm,
}

/// An application as its owner sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ApplicationView {
    /// Its id.
    pub id: String,
    /// The registration number, once signed and sent.
    pub number: Option<String>,
    /// Where it is.
    pub status: crate::workflow::ApplicationStatus,
    /// Incremented on every save.
    pub version: i64,
    /// The content.
    pub form: crate::form::ApplicationForm,
    /// Last saved, Unix seconds.
    pub updated_at: i64,
    /// When the result is due, Unix seconds, once registered.
    pub due_at: Option<i64>,
    /// What the content still lacks, for every step (empty when complete).
    pub errors: Vec<crate::form::FieldError>,
    /// How the last online payment went, if one was started.
    #[serde(default)]
    pub payment: Option<PaymentState>,
    /// The fee due: at the index of the payment year (the payment order's
    /// date, or today), or what was paid online; none while that year's
    /// index is not yet published.
    #[serde(default)]
    pub fee: Option<crate::money::Tenge>,
    /// The payment year the fee is for.
    #[serde(default)]
    pub fee_year: i32,
    /// The largest file the server accepts, in bytes.
    #[serde(default)]
    pub max_upload_bytes: u64,
    /// A payment order handed in: whether the treasury's statement has it
    /// yet (seed 000:111), as the office's clerk sees it.
    #[serde(default)]
    pub payment_order: Option<crate::review::PaymentOrderCheck>,
}

/// One line of "My applications".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ApplicationSummary {
    /// Its id.
    pub id: String,
    /// The registration number, once signed and sent.
    pub number: Option<String>,
    /// The service's code.
    pub service: String,
    /// What is asked for.
    pub request_type: RequestType,
    /// Where it is.
    pub status: crate::workflow::ApplicationStatus,
    /// Last saved, Unix seconds.
    pub updated_at: i64,
    /// When the result is due, Unix seconds.
    pub due_at: Option<i64>,
}

/// Applications on one page of the cabinet.
pub const CABINET_PAGE: usize = 20;

/// Asking for a page of "My applications".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ApplicationsQuery {
    /// Part of a registration number, or an IIN/BIN (seed 003:437-439).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// The cursor of the page to show (from the previous page's `next`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

/// What "My applications" shows for a search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Search {
    /// Every application of the account.
    All,
    /// Those whose registration number contains this.
    Number(String),
    /// None: an IIN/BIN that is not the account's.
    Nothing,
}

impl ApplicationsQuery {
    /// The search, for an account whose IIN/BIN is `holder`: by part of a
    /// registration number, or by IIN/BIN as the seed's "My applications"
    /// has it (003:437-439). Every application of an account is its
    /// holder's, so the holder's IIN/BIN finds them all and another finds
    /// none.
    ///
    /// ```
    /// use shared::api::{ApplicationsQuery, Search};
    /// let q = |s: &str| ApplicationsQuery { q: Some(s.to_owned()), after: None }.search("860101300017");
    /// assert_eq!(q(" kz-2026-03 "), Search::Number("kz-2026-03".to_owned()));
    /// assert_eq!(q("860101 300017"), Search::All);
    /// assert_eq!(q("990340001230"), Search::Nothing);
    /// assert_eq!(q("  "), Search::All);
    /// ```
    pub fn search(&self, holder: &str) -> Search {
        let text = self.q.as_deref().map(str::trim).unwrap_or_default();
        if text.is_empty() {
            return Search::All;
        }
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.len() == 12 && compact.chars().all(|c| c.is_ascii_digit()) {
            return if compact == holder {
                Search::All
            } else {
                Search::Nothing
            };
        }
        Search::Number(text.to_owned())
    }
}

/// How the last online payment of an application went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum PaymentState {
    /// Started at the gateway, not yet confirmed.
    Pending,
    /// Confirmed by the gateway's signed notification.
    Paid,
    /// The applicant cancelled at the gateway.
    Cancelled,
    /// The gateway declined it.
    Failed,
}

impl PaymentState {
    /// What to tell the applicant.
    pub const fn label(self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
        match self {
            PaymentState::Pending => Msg::PaymentPending,
            PaymentState::Paid => Msg::PaymentPaid,
            PaymentState::Cancelled => Msg::PaymentCancelled,
            PaymentState::Failed => Msg::PaymentFailed,
        }
    }
}

/// `POST /api/applications/{id}/payments`: where to pay.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Checkout {
    /// The payment's id at the gateway.
    pub payment_id: String,
    /// The gateway's checkout page.
    pub url: String,
    /// The amount, in tiyn.
    pub amount: crate::money::Tenge,
}

/// A payment notification, as the gateway posts it (signed; see the
/// `X-Gateway-Signature` header).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PaymentNotification {
    /// The payment's id.
    pub payment_id: String,
    /// `paid`, `cancelled` or `failed`.
    pub outcome: PaymentState,
    /// The amount the gateway took.
    pub amount: crate::money::Tenge,
    /// The gateway's own reference.
    pub reference: String,
}

/// `POST /api/certificates`: ask the sandbox authority for a certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CertificateRequest {
    /// The public key, SubjectPublicKeyInfo DER in base64 (ECDSA P-256).
    pub public_key: String,
    /// The holder's password, asked for again: a certificate signs in their
    /// name, so an open session alone must not be enough to get one.
    #[serde(default)]
    pub password: String,
}

/// A certificate as its holder sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CertificateView {
    /// Serial number, hex.
    pub serial: String,
    /// Whom it names (the subject's common name).
    pub subject: String,
    /// The IIN or BIN it binds.
    pub identifier: String,
    /// Valid from, Unix seconds.
    pub not_before: i64,
    /// Valid until, Unix seconds.
    pub not_after: i64,
    /// When revoked, Unix seconds.
    pub revoked_at: Option<i64>,
    /// The certificate, DER in base64.
    pub der: String,
}

/// `POST /api/applications/{id}/submission`: sign and send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Submission {
    /// The version that was signed.
    pub version: i64,
    /// The signer's certificate, DER in base64.
    pub certificate: String,
    /// ECDSA P-256 / SHA-256 over [`crate::signing::canonical_bytes`], r‖s in base64.
    pub signature: String,
    /// The same key for every retry of one sending.
    pub idempotency_key: String,
}

/// A notice in "My notifications".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Notification {
    /// Its id.
    pub id: i64,
    /// When, Unix seconds.
    pub at: i64,
    /// What happened.
    pub message: crate::i18n::Msg,
    /// Values for the message's placeholders (`{number}`, `{date}`).
    #[serde(default)]
    pub args: std::collections::BTreeMap<String, String>,
    /// The application it is about.
    pub application_id: Option<String>,
}

/// One line of "My licences".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LicenceSummary {
    /// The licence number.
    pub number: String,
    /// The service's code.
    pub service: String,
    /// Where it stands.
    pub status: crate::workflow::LicenceStatus,
    /// Issued, Unix seconds.
    pub issued_at: i64,
    /// The application it was issued on.
    pub application_id: String,
    /// Its annexes' numbers, in the order issued.
    #[serde(default)]
    pub annexes: Vec<String>,
}

/// One of the account's live sessions (`GET /api/me/sessions`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SessionView {
    /// The session of this request.
    pub current: bool,
    /// Started, Unix seconds.
    pub created_at: i64,
    /// Last used (to the minute).
    pub last_seen_at: i64,
    /// Ends at the latest.
    pub expires_at: i64,
}
