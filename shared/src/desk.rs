//! The counter: an application taken in person, at a public service centre
//! (ЦОН / ХҚКО) by its operator or at the provider's office by its clerk.
//!
//! Seed 001 gives the centre's procedure: the operator enters the
//! applicant's data and, for a representative, the notarised power of
//! attorney's (an otherwise certified one is not entered, 001:167), checked
//! against the notary register (001:171); the applicant's written consent to
//! the use of protected data comes first (001:141); a complete file is
//! registered within 20 minutes (001:137) and a receipt given (001:155); the
//! result is handed out against the receipt and an identity document, to a
//! representative only by a notarised power of attorney (001:145), within 20
//! minutes (001:191). At the provider the documents are taken by an
//! inventory list with the date of acceptance (003:361).
//!
//! Both sides check with these rules: the browser as the operator types,
//! the server again.

use serde::{Deserialize, Serialize};

use crate::api::ApplicationView;
use crate::catalog::{ApplicantKind, Channel, RequestType, Service};
use crate::date::Date;
use std::collections::BTreeMap;

use crate::form::{Attachment, FieldError};
use crate::i18n::Msg;
use crate::ids::{Bin, IdKind, Iin};

/// The centre's limit to register a complete file, and to hand a result
/// out, in minutes (seed 001:137, 001:153, 001:191).
pub const COUNTER_MINUTES: i64 = 20;

/// The document id of the scanned consent form.
pub const CONSENT: &str = "consent";

/// The document id of the scanned power of attorney.
pub const POWER_OF_ATTORNEY: &str = "power-of-attorney";

/// A new intake: the service, what is asked, and who applies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewIntake {
    /// The service's code.
    pub service: String,
    /// What is asked for.
    pub request_type: RequestType,
    /// An individual entrepreneur (IIN) or a legal entity (BIN).
    pub applicant_kind: ApplicantKind,
    /// The IIN or BIN from the identity document.
    pub applicant: String,
}

impl NewIntake {
    /// The errors of a new intake, by field (`service`, `request_type`,
    /// `applicant`).
    pub fn errors(&self, service: Option<&Service>, channel: Channel) -> Vec<FieldError> {
        let mut out = Vec::new();
        match service {
            Some(s) if s.channels.contains(&channel) => {
                if !s.request_types.contains(&self.request_type) {
                    out.push(FieldError::new("request_type", Msg::StaffDeskRequestType));
                }
                if !s.applicants.contains(&self.applicant_kind) {
                    out.push(FieldError::new("applicant", Msg::StaffDeskApplicantKind));
                }
            }
            _ => out.push(FieldError::new("service", Msg::StaffDeskService)),
        }
        if let Some(e) = id_error(self.applicant_kind, &self.applicant) {
            out.push(FieldError::new("applicant", e));
        }
        out
    }
}

fn id_error(kind: ApplicantKind, value: &str) -> Option<Msg> {
    let value = value.trim();
    match kind {
        ApplicantKind::Ie => value.parse::<Iin>().err().map(|e| e.message(IdKind::Iin)),
        ApplicantKind::Le => value.parse::<Bin>().err().map(|e| e.message(IdKind::Bin)),
    }
}

/// How a representative's power of attorney is certified.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum PowerOfAttorney {
    /// By a notary: its details are entered and checked against the notary
    /// register (seed 001:167, 001:171).
    Notarised {
        /// The register's number of the power.
        number: String,
        /// The day it was certified, `YYYY-MM-DD`.
        date: String,
        /// The notary's name.
        notary: String,
    },
    /// Otherwise certified: nothing is entered (seed 001:167); its scan is
    /// required.
    Certified,
}

/// Who applies for the applicant, and by what power.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Representative {
    /// The representative's IIN.
    pub iin: String,
    /// Their full name.
    pub name: String,
    /// The power of attorney.
    pub power: PowerOfAttorney,
}

impl Representative {
    /// The errors of the representative's details, by field
    /// (`representative.iin`, `representative.power.number`, …).
    pub fn errors(&self, today: Date) -> Vec<FieldError> {
        let mut out = Vec::new();
        if let Some(e) = id_error(ApplicantKind::Ie, &self.iin) {
            out.push(FieldError::new("representative.iin", e));
        }
        if self.name.trim().is_empty() {
            out.push(FieldError::new("representative.name", Msg::FieldRequired));
        }
        if let PowerOfAttorney::Notarised { number, date, notary } = &self.power {
            if number.trim().is_empty() {
                out.push(FieldError::new("representative.power.number", Msg::FieldRequired));
            }
            match date.trim().parse::<Date>() {
                _ if date.trim().is_empty() => {
                    out.push(FieldError::new("representative.power.date", Msg::FieldRequired));
                }
                Ok(d) if d > today => out.push(FieldError::new("representative.power.date", Msg::FieldDateFuture)),
                Ok(_) => {}
                Err(e) => out.push(FieldError::new("representative.power.date", e.message())),
            }
            if notary.trim().is_empty() {
                out.push(FieldError::new("representative.power.notary", Msg::FieldRequired));
            }
        }
        out
    }
}

/// How a paper document was presented at the counter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Presented {
    /// The original, compared with its scan and given back.
    Original,
    /// A notarised copy, kept with the file.
    NotarisedCopy,
}

impl Presented {
    /// Both ways, for the checklist.
    pub const ALL: [Presented; 2] = [Presented::Original, Presented::NotarisedCopy];

    /// In plain words.
    pub const fn label(self) -> Msg {
        match self {
            Presented::Original => Msg::StaffDeskOriginal,
            Presented::NotarisedCopy => Msg::StaffDeskNotarisedCopy,
        }
    }
}

/// One line of the checklist of paper documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PresentedDocument {
    /// The catalogue's document id.
    pub document: String,
    /// How it was presented.
    pub presented: Presented,
}

/// The checklist's errors: every document the request needs is marked
/// original or notarised copy and scanned, at `documents.<id>`; a
/// representative's power of attorney is scanned.
pub fn checklist_errors(
    service: &Service,
    request: RequestType,
    documents: &[PresentedDocument],
    attachments: &BTreeMap<String, Vec<Attachment>>,
    representative: Option<&Representative>,
) -> Vec<FieldError> {
    let scanned = |id: &str| attachments.get(id).is_some_and(|files| !files.is_empty());
    let mut out = Vec::new();
    for d in service.documents_for(request) {
        let path = format!("documents.{}", d.id);
        if !documents.iter().any(|p| p.document == d.id) {
            out.push(FieldError::new(path, Msg::StaffDeskPresentedMissing));
        } else if !scanned(&d.id) {
            out.push(FieldError::new(path, Msg::StaffDeskScanMissing));
        }
    }
    if representative.is_some() && !scanned(POWER_OF_ATTORNEY) {
        out.push(FieldError::new(
            format!("documents.{POWER_OF_ATTORNEY}"),
            Msg::StaffDeskScanMissing,
        ));
    }
    out
}

/// Where an intake is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum IntakeStage {
    /// Being taken at the counter.
    Open,
    /// Signed by the operator and sent to the provider.
    Sent,
    /// The result has reached the counter, to be handed out.
    ResultHere,
    /// Handed out.
    HandedOut,
}

impl IntakeStage {
    /// In plain words.
    pub const fn label(self) -> Msg {
        match self {
            IntakeStage::Open => Msg::StaffDeskStageOpen,
            IntakeStage::Sent => Msg::StaffDeskStageSent,
            IntakeStage::ResultHere => Msg::StaffDeskStageResultHere,
            IntakeStage::HandedOut => Msg::StaffDeskStageHandedOut,
        }
    }
}

/// The applicant's written consent, as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Consent {
    /// When, Unix seconds.
    pub at: i64,
    /// Who recorded it.
    pub by: String,
}

/// A hand-out, as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HandedOut {
    /// When, Unix seconds.
    pub at: i64,
    /// Who handed it out.
    pub by: String,
    /// The IIN of the person who took it.
    pub to: String,
}

/// An intake as the counter sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IntakeView {
    /// Its id.
    pub id: String,
    /// At a service centre or at the provider.
    pub channel: Channel,
    /// The operator who took it.
    pub operator: String,
    /// When it was started, Unix seconds.
    pub created_at: i64,
    /// Who applies: their IIN or BIN.
    pub applicant_id: String,
    /// Their name, from the register once consent is given.
    pub applicant_name: String,
    /// The representative, if one applies.
    pub representative: Option<Representative>,
    /// The consent, once recorded.
    pub consent: Option<Consent>,
    /// The checklist of paper documents.
    pub documents: Vec<PresentedDocument>,
    /// Where it is.
    pub stage: IntakeStage,
    /// The receipt's number, once sent.
    pub receipt: Option<String>,
    /// When the result reached the counter.
    pub received_at: Option<i64>,
    /// When the applicant came back with the receipt.
    pub arrived_at: Option<i64>,
    /// The hand-out.
    pub handed_out: Option<HandedOut>,
    /// The application the operator fills in.
    pub application: ApplicationView,
}

/// An intake in the desk's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IntakeSummary {
    /// Its id.
    pub id: String,
    /// The service's code.
    pub service: String,
    /// What is asked for.
    pub request_type: RequestType,
    /// The applicant's IIN or BIN.
    pub applicant_id: String,
    /// Their name, once known.
    pub applicant_name: String,
    /// The operator.
    pub operator: String,
    /// Where it is.
    pub stage: IntakeStage,
    /// The receipt's number, once sent.
    pub receipt: Option<String>,
    /// When it was started.
    pub created_at: i64,
    /// When it last changed.
    pub updated_at: i64,
    /// When the applicant came back with the receipt for the result.
    pub arrived_at: Option<i64>,
}

impl IntakeSummary {
    /// Whether the counter has run over its 20 minutes at `now`: an open
    /// intake since it started (seed 001:137), a hand-out since the
    /// applicant came back with the receipt (001:191).
    pub fn overdue(&self, now: i64) -> bool {
        let limit = COUNTER_MINUTES * 60;
        match (self.stage, self.arrived_at) {
            (IntakeStage::Open, _) => now > self.created_at + limit,
            (IntakeStage::Sent | IntakeStage::ResultHere, Some(at)) => now > at + limit,
            _ => false,
        }
    }
}

/// The applicant back at the counter, with the receipt for their result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Arrival {
    /// The receipt's number.
    pub receipt: String,
}

/// How many intakes a page of the desk's list holds.
pub const DESK_PAGE: usize = 20;

/// The desk's list: a page after a cursor, or the intake of one receipt.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DeskQuery {
    /// The page's cursor, as the last page answered it.
    #[serde(default)]
    pub after: Option<String>,
    /// Only the intake with this receipt's number.
    #[serde(default)]
    pub receipt: Option<String>,
}

/// What a counter takes: its channel and services.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DeskInfo {
    /// A service centre's counter or the provider's own.
    pub channel: Channel,
    /// The services' codes.
    pub services: Vec<String>,
    /// Whether the member may take intakes (an operator or clerk), or
    /// only watch the queue (the centre's head).
    pub takes: bool,
}

/// A hand-out asked for: the receipt shown and the IIN of the identity
/// document presented.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HandOut {
    /// The receipt's number.
    pub receipt: String,
    /// The IIN on the identity document.
    pub iin: String,
}

impl HandOut {
    /// The errors of the form, by field (`receipt`, `iin`).
    pub fn errors(&self) -> Vec<FieldError> {
        let mut out = Vec::new();
        if self.receipt.trim().is_empty() {
            out.push(FieldError::new("receipt", Msg::FieldRequired));
        }
        if let Some(e) = id_error(ApplicantKind::Ie, &self.iin) {
            out.push(FieldError::new("iin", e));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::catalog;

    fn today() -> Date {
        "2026-12-07".parse().expect("a date")
    }

    #[test]
    fn a_new_intake_names_a_service_of_the_channel_and_a_valid_identifier() {
        let pt = catalog().service("passenger-transport");
        let mut n = NewIntake {
            service: "passenger-transport".to_owned(),
            request_type: RequestType::Issuance,
            applicant_kind: ApplicantKind::Ie,
            applicant: "860101300017".to_owned(),
        };
        assert!(n.errors(pt, Channel::ServiceCentre).is_empty());
        // Passenger transport is not taken at the provider's counter.
        assert_eq!(n.errors(pt, Channel::Provider)[0].path, "service");
        n.applicant = "860101300018".to_owned();
        assert_eq!(n.errors(pt, Channel::ServiceCentre)[0].message, Msg::IdIinChecksum);
    }

    #[test]
    fn a_notarised_power_needs_its_details_and_a_certified_one_none() {
        let mut r = Representative {
            iin: "000101500011".to_owned(),
            name: "Омарова Дана".to_owned(),
            power: PowerOfAttorney::Notarised {
                number: String::new(),
                date: "2027-01-01".to_owned(),
                notary: "Нотариус".to_owned(),
            },
        };
        let paths: Vec<_> = r.errors(today()).into_iter().map(|e| (e.path, e.message)).collect();
        assert_eq!(
            paths,
            [
                ("representative.power.number".to_owned(), Msg::FieldRequired),
                ("representative.power.date".to_owned(), Msg::FieldDateFuture),
            ]
        );
        r.power = PowerOfAttorney::Certified;
        assert!(r.errors(today()).is_empty());
    }

    #[test]
    fn every_required_document_is_marked_and_scanned() {
        let s = catalog().service("passenger-transport").expect("in the catalogue");
        let required: Vec<_> = s.documents_for(RequestType::Issuance).map(|d| d.id.clone()).collect();
        assert!(!required.is_empty());
        let none = checklist_errors(s, RequestType::Issuance, &[], &BTreeMap::new(), None);
        assert_eq!(none.len(), required.len());
        assert!(none.iter().all(|e| e.message == Msg::StaffDeskPresentedMissing));
        let marked: Vec<_> = required
            .iter()
            .map(|d| PresentedDocument {
                document: d.clone(),
                presented: Presented::Original,
            })
            .collect();
        let unscanned = checklist_errors(s, RequestType::Issuance, &marked, &BTreeMap::new(), None);
        assert!(unscanned.iter().all(|e| e.message == Msg::StaffDeskScanMissing));
    }

    #[test]
    fn each_counter_takes_the_services_its_channel_names() {
        let c = catalog();
        let codes = |org: &str| c.desk_services(org).iter().map(|s| s.code.as_str()).collect::<Vec<_>>();
        assert_eq!(c.desk_channel("almaty-centre"), Some(Channel::ServiceCentre));
        assert_eq!(codes("almaty-centre"), ["passenger-transport", "tech-inspection-cert"]);
        assert_eq!(c.desk_channel("police-dept"), Some(Channel::Provider));
        assert_eq!(codes("police-dept"), ["security"]);
        // The transport department takes nothing in person (seed 001: the centre and the portal).
        assert_eq!(c.desk_channel("transport-dept"), None);
        assert_eq!(c.desk_channel("agriculture-dept"), None);
    }

    #[test]
    fn the_counter_s_twenty_minutes_run_from_the_start_and_from_the_return() {
        let s = IntakeSummary {
            id: "x".to_owned(),
            service: "passenger-transport".to_owned(),
            request_type: RequestType::Issuance,
            applicant_id: "860101300017".to_owned(),
            applicant_name: String::new(),
            operator: String::new(),
            stage: IntakeStage::Open,
            receipt: None,
            created_at: 1_000,
            updated_at: 1_000,
            arrived_at: None,
        };
        assert!(!s.overdue(1_000 + 20 * 60));
        assert!(s.overdue(1_000 + 20 * 60 + 1));
        // A hand-out's 20 minutes run from the applicant's return.
        let waiting = IntakeSummary {
            stage: IntakeStage::ResultHere,
            arrived_at: Some(9_000),
            ..s.clone()
        };
        assert!(!waiting.overdue(9_000 + 20 * 60));
        assert!(waiting.overdue(9_000 + 20 * 60 + 1));
        let handed = IntakeSummary {
            stage: IntakeStage::HandedOut,
            ..waiting
        };
        assert!(!handed.overdue(99_999));
    }
}
