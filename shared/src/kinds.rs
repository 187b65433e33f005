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

    /// Whether the applicant must name the existing licence.
    pub const fn needs_existing_licence(self) -> bool {
        !matches!(self, RequestType::Issuance)
    }
}
