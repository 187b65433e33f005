//! The small vocabularies every part of the domain speaks — who applies and
//! what they ask for — in a leaf module, so that the catalogue, the fees
//! and the workflow need not import each other for them.

use serde::{Deserialize, Serialize};

use crate::i18n::Msg;

/// Who applies: an individual entrepreneur (by IIN) or a legal entity (by BIN).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum ApplicantKind {
    /// Individual entrepreneur (ИП / ЖК), identified by IIN.
    Ie,
    /// Legal entity (ЮЛ / ЗТ), identified by BIN.
    Le,
}

impl ApplicantKind {
    /// The name to show.
    pub const fn label(self) -> Msg {
        match self {
            ApplicantKind::Ie => Msg::ApplicantIe,
            ApplicantKind::Le => Msg::ApplicantLe,
        }
    }
}

/// What the applicant asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum RequestType {
    /// A new licence (беру / выдача).
    Issuance,
    /// Re-registration of an existing licence (қайта ресімдеу / переоформление).
    Reregistration,
    /// A duplicate of an existing licence (телнұсқа / дубликат).
    Duplicate,
}

impl RequestType {
    /// All request types, in the order they are offered.
    pub const ALL: [RequestType; 3] = [
        RequestType::Issuance,
        RequestType::Reregistration,
        RequestType::Duplicate,
    ];

    /// The name to show.
    pub const fn label(self) -> Msg {
        match self {
            RequestType::Issuance => Msg::RequestTypeIssuance,
            RequestType::Reregistration => Msg::RequestTypeReregistration,
            RequestType::Duplicate => Msg::RequestTypeDuplicate,
        }
    }

    /// One sentence on when to choose it.
    pub const fn hint(self) -> Msg {
        match self {
            RequestType::Issuance => Msg::RequestTypeIssuanceHint,
            RequestType::Reregistration => Msg::RequestTypeReregistrationHint,
            RequestType::Duplicate => Msg::RequestTypeDuplicateHint,
        }
    }

    /// Its code, as serialised and stored.
    pub const fn code(self) -> &'static str {
        match self {
            RequestType::Issuance => "issuance",
            RequestType::Reregistration => "reregistration",
            RequestType::Duplicate => "duplicate",
        }
    }

    /// Whether the applicant must name the existing licence.
    pub const fn needs_existing_licence(self) -> bool {
        !matches!(self, RequestType::Issuance)
    }
}

/// The number of a licence's `n`-th annex: the licence's first number (a
/// re-registration keeps its annexes) and `-A{n}`.
///
/// ```
/// use shared::kinds::{annex_number, is_annex_number, licence_of_annex};
/// assert_eq!(annex_number("L-2026-04-000001-V2", 2), "L-2026-04-000001-A2");
/// assert!(is_annex_number("l-2026-04-000001-a1-D1"));
/// assert!(!is_annex_number("L-2026-04-000001-V2"));
/// assert_eq!(licence_of_annex("L-2026-04-000001-A1-D1"), Some("L-2026-04-000001"));
/// ```
pub fn annex_number(licence: &str, n: i64) -> String {
    format!("{}-A{n}", first_number(licence))
}

/// A licence's first number: without its version (`-V2`).
pub fn first_number(licence: &str) -> &str {
    licence.split("-V").next().unwrap_or(licence)
}

/// Whether a number is an annex's (or an annex duplicate's).
pub fn is_annex_number(number: &str) -> bool {
    licence_of_annex(&number.trim().to_uppercase()).is_some()
}

/// The licence (first number) an annex number belongs to.
pub fn licence_of_annex(number: &str) -> Option<&str> {
    let (licence, rest) = number.rsplit_once("-A").filter(|(l, _)| l.starts_with("L-"))?;
    let n = rest.split("-D").next().unwrap_or(rest);
    (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).then_some(licence)
}

/// What a service's result is, which the register keeps and the number
/// tells (`L-…` a licence, `C-…` a certificate).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ResultDocument {
    /// An electronic licence (seeds 000, 002, 003, 004).
    #[default]
    Licence,
    /// A certificate on paper (seed 001:59-65): through the portal the
    /// applicant gets a signed notice of where and when to collect it.
    Certificate,
}

impl ResultDocument {
    /// The first letter of its numbers.
    pub const fn prefix(self) -> &'static str {
        match self {
            ResultDocument::Licence => "L",
            ResultDocument::Certificate => "C",
        }
    }

    /// The kind a number in the register is of.
    ///
    /// ```
    /// use shared::kinds::ResultDocument;
    /// assert_eq!(ResultDocument::of_number("C-2026-02-000001-D1"), ResultDocument::Certificate);
    /// assert_eq!(ResultDocument::of_number("l-2026-01-000001"), ResultDocument::Licence);
    /// ```
    pub fn of_number(number: &str) -> ResultDocument {
        if number.trim_start().to_uppercase().starts_with("C-") {
            ResultDocument::Certificate
        } else {
            ResultDocument::Licence
        }
    }

    /// What it is, in a few words.
    pub const fn label(self) -> Msg {
        match self {
            ResultDocument::Licence => Msg::DocumentALicence,
            ResultDocument::Certificate => Msg::DocumentACertificate,
        }
    }

    /// The name of its kind, as a register's section is called.
    pub const fn plural(self) -> Msg {
        match self {
            ResultDocument::Licence => Msg::DocumentLicences,
            ResultDocument::Certificate => Msg::DocumentCertificates,
        }
    }
}
