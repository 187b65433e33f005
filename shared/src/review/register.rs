//! The licence register: a licence as the register keeps it, the public
//! search, verification by number or document code, and status changes.

use crate::date::Date;
use crate::workflow::LicenceStatus;
use serde::{Deserialize, Serialize};

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
    /// Its annexes, documents of their own (seed 003:315-317), in the order
    /// issued; a re-registered version keeps them.
    #[serde(default)]
    pub annexes: Vec<AnnexRecord>,
}

/// An annex to a licence: the kinds of activity it lists, issued with the
/// licence or later to it, or a duplicate of one (seed 003:315-317). It is
/// valid while its licence is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AnnexRecord {
    /// Its number: the licence's first number and `-A1`, `-A2`...; a
    /// duplicate adds `-D1`...
    pub number: String,
    /// The licence's first number.
    pub licence: String,
    /// What it lists (the kinds of activity).
    pub activities: String,
    /// When issued, Unix seconds.
    pub issued_at: i64,
    /// The annex this is a duplicate of.
    pub duplicate_of: Option<String>,
    /// The signer's name.
    pub signed_by: String,
    /// The signer's certificate serial.
    pub certificate_serial: String,
}

impl LicenceRecord {
    /// A licence or a certificate, as its number says.
    pub fn document(&self) -> crate::kinds::ResultDocument {
        crate::kinds::ResultDocument::of_number(&self.number)
    }
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
    /// Licences (the default) or certificates, unless a service is named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<crate::kinds::ResultDocument>,
    /// The cursor of the page to show (from the previous page's `next`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

/// Licences on one page of the register.
pub const REGISTER_PAGE: usize = 20;

/// Licences on one page of the open data (JSON or CSV).
pub const OPEN_DATA_PAGE: usize = 1000;

/// A licence as open data: what the register publishes, with a legal
/// entity's BIN and never an individual's IIN.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OpenLicence {
    /// Its number.
    pub number: String,
    /// The holder's name.
    pub holder_name: String,
    /// The holder's BIN, for a legal entity; none for an individual.
    pub bin: Option<String>,
    /// The service's code.
    pub service: String,
    /// The provider's code.
    pub provider: String,
    /// Where it stands now.
    pub status: LicenceStatus,
    /// The day it was issued (local).
    pub issued_on: Date,
    /// Its last day of validity; none: indefinite.
    pub valid_until: Option<Date>,
    /// The number it replaced (a re-registration's new version).
    pub supersedes: Option<String>,
    /// When it last changed (issued, re-registered, suspended, resumed or
    /// terminated), Unix seconds.
    pub changed_at: i64,
}

/// Paging the open data: the cursor of the next page, and for the change
/// feed the instant to start from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OpenDataQuery {
    /// The cursor of the page to show (from the previous page's `next`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// The change feed: changes at or after this instant, Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<i64>,
}

/// A verification: a licence, or a signed refusal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Verification {
    /// A licence in the register, with its status.
    Licence(Box<LicenceRecord>),
    /// An annex, with the licence it belongs to (whose status it shares).
    Annex {
        /// The annex.
        annex: AnnexRecord,
        /// Its licence, as it stands now.
        licence: Box<LicenceRecord>,
    },
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
