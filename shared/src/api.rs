//! Request and response bodies of the HTTP API, shared by both sides.

use serde::{Deserialize, Serialize};

use crate::catalog::{ApplicantKind, Channel, RequestType, Service};
use crate::i18n::Text;

/// `GET /api/health`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `ok` when the server and its database answer.
    pub status: String,
    /// The server's version.
    pub version: String,
    /// `sqlite` or `postgres`.
    pub database: String,
}

/// One entry of `GET /api/services`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
}
