//! The service catalogue: the five licensing services, their providers,
//! applicants, request types and channels.
//!
//! The catalogue is data (`data/catalog/`), checked and embedded at compile
//! time and parsed once on first use. Adding a service is adding a file.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::calendar::Limit;
use crate::i18n::{Msg, Text};
use crate::money::FeeRule;
use crate::workflow::{Chain, ChainLimits, ChainStep};

pub use crate::kinds::{ApplicantKind, RequestType, ResultDocument};

/// Where an application can be filed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    /// Online, by the applicant.
    Portal,
    /// At a public service centre (ЦОН / ХҚКО), by an operator.
    ServiceCentre,
    /// In person at the provider.
    Provider,
}

impl Channel {
    /// The name to show.
    pub const fn label(self) -> Msg {
        match self {
            Channel::Portal => Msg::ChannelPortal,
            Channel::ServiceCentre => Msg::ChannelServiceCentre,
            Channel::Provider => Msg::ChannelProvider,
        }
    }
}

/// A licensing provider (a state body).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Provider {
    /// Stable code, such as `police-dept`.
    #[serde(default)]
    pub code: String,
    /// The kind of body.
    pub kind: String,
    /// Its name.
    pub name: Text,
    /// The seeds that name it.
    pub seeds: Vec<String>,
}

/// One licensing service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Service {
    /// Stable code, such as `passenger-transport`.
    pub code: String,
    /// The seeds (source regulations) it comes from.
    pub seeds: Vec<String>,
    /// The provider's code.
    pub provider: String,
    /// Who may apply.
    pub applicants: Vec<ApplicantKind>,
    /// What may be asked for.
    pub request_types: Vec<RequestType>,
    /// Where it may be asked.
    pub channels: Vec<Channel>,
    /// The name on cards and in lists.
    pub short_title: Text,
    /// The official name.
    pub title: Text,
    /// What it is for and what the applicant will need.
    pub summary: Text,
    /// What the applicant receives.
    pub result: Text,
    /// The kind of document the register keeps of it.
    #[serde(default)]
    pub document: ResultDocument,
    /// Whether its licence has an annex of its own (seed 003:315-317): the
    /// kinds of activity, issued with the licence or later, duplicated on
    /// its own.
    #[serde(default)]
    pub annex: bool,
    /// What happens once the application is sent, as this service's chain
    /// has it (the confirmation's "What happens next").
    pub next: Text,
    /// Which parts the seeds are silent on and the catalogue infers
    /// (`fee`, `chain`, `chain.signing`, `steps`, ...).
    #[serde(default)]
    pub inferred: Vec<String>,
    /// The totals the seed sets, which the chain must keep.
    #[serde(default)]
    pub totals: Totals,
    /// The licence fee; none for a free service (seed 001 has no payment
    /// step for the technical-inspection certificate).
    #[serde(default)]
    pub fee: Option<FeeRule>,
    /// The provider's chain, each step with its limit per request type.
    pub chain: Vec<ChainStep>,
    /// The service's own wizard steps, between the bank accounts and the documents.
    #[serde(default)]
    pub steps: Vec<Step>,
    /// The documents to attach.
    #[serde(default)]
    pub documents: Vec<Document>,
}

/// The limits a seed sets for a whole service rather than per step. The
/// chain's steps (some of them inferred) must add up to at most these, and a
/// refusal is due within its own limit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Totals {
    /// The whole service, per request type.
    #[serde(flatten)]
    pub service: ChainLimits,
    /// A reasoned refusal, counted from the registration.
    #[serde(default)]
    pub refusal: Option<Limit>,
    /// A reasoned refusal of an incomplete file, counted from the finding.
    #[serde(default)]
    pub incomplete_refusal: Option<Limit>,
}

impl Totals {
    /// The seed's total for a request type.
    pub fn get(&self, request: RequestType) -> Option<Limit> {
        self.service.get(request)
    }
}

/// The kind of a form field, which decides how it is entered and checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    /// Free text.
    Text,
    /// A calendar date.
    Date,
    /// A whole number.
    Number,
    /// An individual identification number.
    Iin,
    /// A business identification number.
    Bin,
    /// A bank account number.
    Iban,
    /// A phone number.
    Phone,
    /// One of a list of options.
    Choice,
    /// An attached file.
    File,
}

/// One option of a choice field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChoiceOption {
    /// The stored value.
    pub value: String,
    /// What the applicant reads.
    pub label: Text,
}

/// A field of a wizard step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Field {
    /// Stable id within its section.
    pub id: String,
    /// What it holds.
    pub kind: FieldKind,
    /// Whether it must be filled in.
    pub required: bool,
    /// The question.
    pub label: Text,
    /// Help under the label.
    #[serde(default)]
    pub hint: Option<Text>,
    /// Text: fewest characters.
    #[serde(default)]
    pub min_len: Option<u32>,
    /// Text: most characters.
    #[serde(default)]
    pub max_len: Option<u32>,
    /// Number: smallest value.
    #[serde(default)]
    pub min: Option<i64>,
    /// Number: largest value.
    #[serde(default)]
    pub max: Option<i64>,
    /// Date: not later than today.
    #[serde(default)]
    pub not_future: bool,
    /// Date: later than the field with this id in the same section.
    #[serde(default)]
    pub after: Option<String>,
    /// Text: several lines.
    #[serde(default)]
    pub multiline: bool,
    /// Choice: the options.
    #[serde(default)]
    pub options: Vec<ChoiceOption>,
}

/// How many rows a repeatable section takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Repeat {
    /// Fewest rows.
    pub min: u32,
    /// Most rows.
    pub max: u32,
}

/// A group of fields, once or as rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Section {
    /// Stable id within its step.
    pub id: String,
    /// Its heading.
    pub title: Text,
    /// A shared template whose fields come first.
    #[serde(default)]
    pub template: Option<String>,
    /// Rows, when it repeats.
    #[serde(default)]
    pub repeatable: Option<Repeat>,
    /// Its fields (after expansion: the template's, then its own).
    #[serde(default)]
    pub fields: Vec<Field>,
}

/// A service-specific wizard step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Step {
    /// Stable id within the service.
    pub id: String,
    /// Its heading.
    pub title: Text,
    /// One paragraph under the heading.
    #[serde(default)]
    pub hint: Option<Text>,
    /// The request types that have this step.
    pub applies_to: Vec<RequestType>,
    /// Whether the seeds are silent on it.
    #[serde(default)]
    pub inferred: bool,
    /// Groups of sections of which the applicant fills at least one group
    /// (such as "own medical worker" or "contract with a medical
    /// organisation"); sections outside every group are always required.
    #[serde(default)]
    pub alternatives: Vec<Vec<String>>,
    /// Its sections.
    pub sections: Vec<Section>,
}

impl Step {
    /// A section by id.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// Whether a section belongs to an alternative group.
    pub fn is_alternative(&self, section: &str) -> bool {
        self.alternatives.iter().flatten().any(|s| s == section)
    }
}

/// A document type to attach.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Document {
    /// Stable id within the service.
    pub id: String,
    /// What it is.
    pub title: Text,
    /// The request types that need it.
    pub required_for: Vec<RequestType>,
}

impl Service {
    /// The chain's steps that apply to a request type, with their limits.
    pub fn chain(&self, request: RequestType) -> Chain {
        let mut chain = Chain::resolve(&self.chain, request);
        chain.free = self.is_free();
        chain
    }

    /// Whether the service takes no fee: no payment step, signed and sent
    /// straight from the check of the answers.
    pub fn is_free(&self) -> bool {
        self.fee.is_none()
    }

    /// The service steps a request type has, in order.
    pub fn steps_for(&self, request: RequestType) -> impl Iterator<Item = &Step> {
        self.steps.iter().filter(move |s| s.applies_to.contains(&request))
    }

    /// A service step by id.
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }

    /// The documents a request type needs.
    pub fn documents_for(&self, request: RequestType) -> impl Iterator<Item = &Document> {
        self.documents.iter().filter(move |d| d.required_for.contains(&request))
    }
}

/// Fields shared by several sections.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Template {
    /// The fields.
    pub fields: Vec<Field>,
}

/// The whole catalogue.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Catalog {
    /// Providers by code.
    pub providers: BTreeMap<String, Provider>,
    /// Section templates by name.
    pub templates: BTreeMap<String, Template>,
    /// Services in display order.
    pub services: Vec<Service>,
}

impl Catalog {
    /// A service by its code.
    pub fn service(&self, code: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.code == code)
    }

    /// A provider by its code.
    pub fn provider(&self, code: &str) -> Option<&Provider> {
        self.providers.get(code)
    }

    /// Whether a provider is an external body (answers conclusions, provides
    /// no service).
    pub fn is_external_body(&self, code: &str) -> bool {
        self.provider(code).is_some_and(|p| p.kind == EXTERNAL_BODY)
    }

    /// Whether an organisation is a public service centre (takes
    /// applications at its counter, provides no service).
    pub fn is_service_centre(&self, code: &str) -> bool {
        self.provider(code).is_some_and(|p| p.kind == SERVICE_CENTRE)
    }

    /// The counter an organisation keeps: a service centre's for the
    /// services with the centre channel, a provider's own for its services
    /// with the in-person channel; none for an external body.
    pub fn desk_channel(&self, code: &str) -> Option<Channel> {
        if self.is_service_centre(code) {
            return Some(Channel::ServiceCentre);
        }
        self.services
            .iter()
            .any(|s| s.provider == code && s.channels.contains(&Channel::Provider))
            .then_some(Channel::Provider)
    }

    /// The services an organisation's counter takes.
    pub fn desk_services(&self, code: &str) -> Vec<&Service> {
        match self.desk_channel(code) {
            Some(Channel::ServiceCentre) => self
                .services
                .iter()
                .filter(|s| s.channels.contains(&Channel::ServiceCentre))
                .collect(),
            Some(Channel::Provider) => self
                .services
                .iter()
                .filter(|s| s.provider == code && s.channels.contains(&Channel::Provider))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The services whose chains ask an external body for its conclusion.
    pub fn services_asking(&self, body: &str) -> impl Iterator<Item = &Service> {
        let body = body.to_owned();
        self.services.iter().filter(move |s| {
            s.chain
                .iter()
                .any(|st| st.conclusion_from.as_deref() == Some(body.as_str()))
        })
    }

    /// The services grouped by provider, providers in the order their first
    /// service appears.
    pub fn by_provider(&self) -> Vec<(&Provider, Vec<&Service>)> {
        let mut groups: Vec<(&Provider, Vec<&Service>)> = Vec::new();
        for s in &self.services {
            let Some(p) = self.provider(&s.provider) else {
                continue;
            };
            match groups.iter_mut().find(|(g, _)| g.code == p.code) {
                Some((_, list)) => list.push(s),
                None => groups.push((p, vec![s])),
            }
        }
        groups
    }
}

/// The kind of an external body in `_providers.toml`.
pub const EXTERNAL_BODY: &str = "external-body";

/// The kind of a public service centre in `_providers.toml`.
pub const SERVICE_CENTRE: &str = "service-centre";

static CATALOG: OnceLock<Catalog> = OnceLock::new();

/// The embedded catalogue, parsed on first use.
///
/// ```
/// let c = shared::catalog::catalog();
/// assert_eq!(c.services.len(), 5);
/// ```
pub fn catalog() -> &'static Catalog {
    CATALOG.get_or_init(|| {
        let mut c: Catalog = serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/catalog.json")))
            .expect("the catalogue is checked by the test `catalogue_is_consistent`");
        for (code, p) in &mut c.providers {
            p.code.clone_from(code);
        }
        let templates = c.templates.clone();
        for section in c
            .services
            .iter_mut()
            .flat_map(|s| &mut s.steps)
            .flat_map(|s| &mut s.sections)
        {
            if let Some(t) = section.template.as_ref().and_then(|t| templates.get(t)) {
                let own = std::mem::take(&mut section.fields);
                section.fields = t.fields.iter().cloned().chain(own).collect();
            }
        }
        c
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_consistent() {
        let c = catalog();
        let codes: Vec<_> = c.services.iter().map(|s| s.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "passenger-transport",
                "tech-inspection-cert",
                "security",
                "veterinary",
                "grain-warehouse"
            ]
        );
        for s in &c.services {
            assert!(
                c.provider(&s.provider).is_some(),
                "{}: unknown provider {}",
                s.code,
                s.provider
            );
            for t in [&s.short_title, &s.title, &s.summary, &s.result, &s.next] {
                assert!(t.is_complete(), "{}: a text lacks a language", s.code);
            }
            assert!(!s.applicants.is_empty() && !s.request_types.is_empty() && !s.channels.is_empty());
            assert!(s.request_types.contains(&RequestType::Issuance), "{}", s.code);
        }
        for code in crate::calendar::Calendar::providers_with_own_hours() {
            assert!(
                c.provider(code).is_some(),
                "office hours for an unknown provider {code}"
            );
        }
        for p in c.providers.values() {
            assert!(p.name.is_complete(), "{}", p.code);
            let provides = c.services.iter().any(|s| s.provider == p.code);
            if p.kind == EXTERNAL_BODY {
                assert!(!provides, "{}: an external body provides no service", p.code);
                assert!(
                    c.services_asking(&p.code).next().is_some(),
                    "{}: asked by nobody",
                    p.code
                );
            } else if p.kind == SERVICE_CENTRE {
                assert!(!provides, "{}: a service centre provides no service", p.code);
                assert!(!c.desk_services(&p.code).is_empty(), "{}: takes nothing", p.code);
            } else {
                assert!(provides, "{} provides nothing", p.code);
            }
        }
        // A conclusion is asked of an external body of its own (seed 003:99, 355).
        for s in &c.services {
            for step in s.chain.iter().filter(|st| st.conclusion) {
                let from = step.conclusion_from.as_deref().unwrap_or_default();
                assert!(c.is_external_body(from), "{} {}: asks {from:?}", s.code, step.id);
            }
        }
    }

    #[test]
    fn every_chain_is_complete_for_every_request_type() {
        use crate::workflow::StepKind;
        for s in &catalog().services {
            for step in &s.chain {
                for r in RequestType::ALL {
                    if let Some(limit) = step.limits.get(r) {
                        assert!(!limit.is_zero(), "{} {}: zero limit", s.code, step.id);
                        assert!(
                            s.request_types.contains(&r),
                            "{} {}: limit for an unoffered {r:?}",
                            s.code,
                            step.id
                        );
                    }
                }
            }
            for r in s.request_types.iter().copied() {
                let chain = s.chain(r);
                let kinds: Vec<_> = chain.steps.iter().map(|(st, _)| st.kind).collect();
                assert_eq!(kinds.first(), Some(&StepKind::Intake), "{} {r:?}", s.code);
                // The signature comes last but for the office's dispatch of the result.
                let signing = kinds.iter().position(|k| *k == StepKind::Signing);
                let end = kinds.len() - usize::from(kinds.last() == Some(&StepKind::Dispatch));
                assert_eq!(signing, Some(end - 1), "{} {r:?}: signing last", s.code);
                assert!(kinds.contains(&StepKind::Review), "{} {r:?}", s.code);
            }
            assert!(s.fee.is_none_or(|f| f.issuance_mrp > 0), "{}: a fee of nothing", s.code);
        }
    }

    /// Every chain, step by step, as the seeds give it (`?` marks a limit
    /// the seed does not give, inferred in the data).
    #[test]
    fn the_seeds_chains_are_in_the_catalogue() {
        use RequestType::{Duplicate as D, Issuance as I, Reregistration as R};
        let table: &[(&str, RequestType, &str)] = &[
            // Seed 001:330-346 (issuance), 380-394 (re-registration, duplicate).
            (
                "passenger-transport",
                I,
                "intake clerk 1h, head-resolution head 3h, department-resolution department-head 2h, \
                 review executor 13wd, signing head 3h, dispatch clerk 20min",
            ),
            (
                "passenger-transport",
                R,
                "intake clerk 1h, head-resolution head 3h, department-resolution department-head 2h, review executor 2wd, signing head 3h, dispatch clerk 20min",
            ),
            (
                "passenger-transport",
                D,
                "intake clerk 1h, head-resolution head 3h, department-resolution department-head 2h, review executor 1wd, signing head 3h, dispatch clerk 20min",
            ),
            // Seed 001:73-85, 115-127.
            (
                "tech-inspection-cert",
                I,
                "intake clerk 15min, head-resolution head 2h, department-resolution department-head 1h, review executor 1wd, signing head 2h, dispatch clerk 20min",
            ),
            (
                "tech-inspection-cert",
                D,
                "intake clerk 15min, head-resolution head 2h, department-resolution department-head 1h, review executor 1wd, signing head 2h, dispatch clerk 20min",
            ),
            // Seed 002 gives totals only (002:503, 600-601): every step is inferred.
            (
                "security",
                I,
                "intake clerk 1h?, head-resolution head 2h?, department-resolution department-head 1h?, review executor 14wd?, signing head 2h?, dispatch clerk 20min?",
            ),
            (
                "security",
                R,
                "intake clerk 1h?, head-resolution head 2h?, department-resolution department-head 1h?, review executor 9wd?, signing head 2h?, dispatch clerk 20min?",
            ),
            (
                "security",
                D,
                "intake clerk 1h?, head-resolution head 2h?, department-resolution department-head 1h?, review executor 1wd?, signing head 2h?, dispatch clerk 20min?",
            ),
            // Seed 003:337-339 (15 + 5 min), 355, 367-377; no other limits.
            (
                "veterinary",
                I,
                "intake clerk 20min, review executor 13wd?, signing head 3h?, dispatch clerk 20min?",
            ),
            (
                "veterinary",
                R,
                "intake clerk 20min, review executor 8wd?, signing head 3h?, dispatch clerk 20min?",
            ),
            (
                "veterinary",
                D,
                "intake clerk 20min, review executor 1wd?, signing head 3h?, dispatch clerk 20min?",
            ),
            // Seed 004:42-54 (issuance), 57-67 (re-registration), 70-80 (duplicate), 139-153.
            (
                "grain-warehouse",
                I,
                "intake clerk 30min, head-resolution head 1wd, deputy-resolution deputy-head 1wd, department-resolution department-head 1wd, completeness executor 30min, inspection executor 2wd, decision executor 30min",
            ),
            (
                "grain-warehouse",
                R,
                "intake clerk 30min, head-resolution head 1wd, deputy-resolution deputy-head 1wd, department-resolution department-head 1wd, completeness executor 30min, decision executor 30min",
            ),
            (
                "grain-warehouse",
                D,
                "intake clerk 30min, head-resolution head 1wd, deputy-resolution deputy-head 3h, department-resolution department-head 2h, completeness executor 30min, decision executor 30min",
            ),
        ];
        let inferred_chain = |s: &Service| s.inferred.iter().any(|i| i == "chain");
        let mut seen = 0;
        for s in &catalog().services {
            for r in s.request_types.iter().copied() {
                let (_, _, want) = table
                    .iter()
                    .find(|(code, req, _)| *code == s.code && *req == r)
                    .unwrap_or_else(|| panic!("{} {r:?} is not in the table", s.code));
                seen += 1;
                let chain = s.chain(r);
                let got: Vec<String> = chain
                    .steps
                    .iter()
                    .map(|(step, limit)| {
                        let role = serde_json::to_value(step.role).expect("a role");
                        let role = role.as_str().unwrap_or_default().to_owned();
                        format!("{} {role} {limit}", step.id)
                    })
                    .collect();
                let want: Vec<String> = want
                    .split(", ")
                    .map(|w| w.split_whitespace().collect::<Vec<_>>().join(" "))
                    .collect();
                let plain: Vec<String> = want.iter().map(|w| w.trim_end_matches('?').to_owned()).collect();
                assert_eq!(got, plain, "{} {r:?}", s.code);
                // A limit the seed does not give is inferred in the data.
                if want.iter().any(|w| w.ends_with('?')) {
                    assert!(
                        inferred_chain(s),
                        "{} {r:?}: its data must say `chain` is inferred",
                        s.code
                    );
                }
            }
        }
        assert_eq!(seen, table.len());
        // Seed 000:648-653 (fig. 10.1): 186 MRP; seed 001 has no payment
        // step for the certificate (001:193-219, 458-484).
        assert_eq!(
            catalog()
                .service("passenger-transport")
                .and_then(|s| s.fee)
                .map(|f| f.issuance_mrp),
            Some(186)
        );
        let free: Vec<_> = catalog()
            .services
            .iter()
            .filter(|s| s.is_free())
            .map(|s| s.code.as_str())
            .collect();
        assert_eq!(free, ["tech-inspection-cert"]);
    }

    /// Seed 001:85, 346: the courier to the service centre takes 2 h (the
    /// certificate) and 4 h (passenger transport); the portal 20 min.
    #[test]
    fn a_courier_dispatch_has_its_own_limit() {
        use crate::calendar::Limit;
        let dispatch = |code: &str| {
            let chain = catalog().service(code).expect("a service").chain(RequestType::Issuance);
            let portal = chain.steps.last().map(|(_, l)| *l);
            let courier = chain.by_courier().steps.last().map(|(_, l)| *l);
            (portal, courier)
        };
        assert_eq!(
            dispatch("passenger-transport"),
            (Some(Limit::Minutes(20)), Some(Limit::Hours(4)))
        );
        assert_eq!(
            dispatch("tech-inspection-cert"),
            (Some(Limit::Minutes(20)), Some(Limit::Hours(2)))
        );
    }

    /// Where a seed gives only a total, the inferred split never makes the
    /// due date later than it: the steps' working time adds up to at most the
    /// total, whichever office hours a provider keeps. The refusal's own
    /// limit is then kept too, wherever in the chain the refusal is made.
    #[test]
    fn no_inferred_split_exceeds_a_seed_total() {
        use crate::calendar::OfficeHours;
        let mut hours: Vec<OfficeHours> = catalog()
            .providers
            .keys()
            .map(|p| crate::calendar::Calendar::of_provider(p).office_hours())
            .collect();
        hours.extend([
            OfficeHours {
                start: 9 * 60,
                lunch_start: 13 * 60,
                lunch_end: 14 * 60,
                end: 18 * 60,
            },
            OfficeHours {
                start: 9 * 60,
                lunch_start: 13 * 60,
                lunch_end: 14 * 60 + 30,
                end: 18 * 60 + 30,
            },
        ]);
        let mut checked = 0;
        for s in &catalog().services {
            for r in s.request_types.iter().copied() {
                for office in &hours {
                    let chain = s.chain(r);
                    let courier = chain.clone().by_courier();
                    for c in [chain, courier] {
                        let sum: i64 = c.steps.iter().map(|(_, l)| l.working_minutes(office)).sum();
                        for total in [s.totals.get(r), s.totals.refusal].into_iter().flatten() {
                            assert!(
                                sum <= total.working_minutes(office),
                                "{} {r:?}: the steps add up to {sum} working minutes, over the seed's {total}",
                                s.code
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked >= 12, "security's totals are checked: {checked}");
        let security = catalog().service("security").expect("security");
        assert_eq!(
            security.totals.get(RequestType::Issuance),
            Some(crate::calendar::Limit::WorkingDays(15))
        );
        assert_eq!(
            security.totals.get(RequestType::Duplicate),
            Some(crate::calendar::Limit::WorkingDays(2))
        );
        let grain = catalog().service("grain-warehouse").expect("grain");
        assert_eq!(
            grain.totals.incomplete_refusal,
            Some(crate::calendar::Limit::WorkingDays(2))
        );
    }

    #[test]
    fn every_step_and_field_is_well_formed() {
        let c = catalog();
        for s in &c.services {
            let mut step_ids = std::collections::BTreeSet::new();
            for step in &s.steps {
                assert!(step_ids.insert(&step.id), "{}: step {} twice", s.code, step.id);
                assert!(step.title.is_complete(), "{} {}", s.code, step.id);
                assert!(
                    step.hint.as_ref().is_none_or(Text::is_complete),
                    "{} {}",
                    s.code,
                    step.id
                );
                assert!(
                    !step.applies_to.is_empty(),
                    "{} {}: reachable by no request type",
                    s.code,
                    step.id
                );
                for r in &step.applies_to {
                    assert!(s.request_types.contains(r), "{} {}: {r:?} not offered", s.code, step.id);
                }
                assert!(!step.sections.is_empty(), "{} {}", s.code, step.id);
                for group in &step.alternatives {
                    for id in group {
                        assert!(step.section(id).is_some(), "{} {}: alternative {id}", s.code, step.id);
                    }
                }
                let mut section_ids = std::collections::BTreeSet::new();
                for sec in &step.sections {
                    let at = format!("{} {}.{}", s.code, step.id, sec.id);
                    assert!(section_ids.insert(&sec.id), "{at}: twice");
                    assert!(sec.title.is_complete(), "{at}");
                    if let Some(t) = &sec.template {
                        assert!(c.templates.contains_key(t), "{at}: unknown template {t}");
                    }
                    if let Some(r) = sec.repeatable {
                        assert!(r.max >= r.min.max(1), "{at}: rows");
                    }
                    assert!(!sec.fields.is_empty(), "{at}: no fields");
                    let mut field_ids = std::collections::BTreeSet::new();
                    for f in &sec.fields {
                        let at = format!("{at}.{}", f.id);
                        assert!(field_ids.insert(&f.id), "{at}: twice");
                        assert!(f.label.is_complete(), "{at}: label");
                        assert!(f.hint.as_ref().is_none_or(Text::is_complete), "{at}: hint");
                        assert!(f.max_len.is_none_or(|m| m > 0), "{at}: max_len");
                        assert!(f.min_len.unwrap_or(0) <= f.max_len.unwrap_or(u32::MAX), "{at}: lengths");
                        if let (Some(lo), Some(hi)) = (f.min, f.max) {
                            assert!(lo <= hi, "{at}: range");
                        }
                        match f.kind {
                            FieldKind::Choice => {
                                assert!(f.options.len() >= 2, "{at}: options");
                                for o in &f.options {
                                    assert!(o.label.is_complete() && !o.value.is_empty(), "{at}: option");
                                }
                            }
                            _ => assert!(f.options.is_empty(), "{at}: options on a non-choice"),
                        }
                        if f.kind == FieldKind::Text {
                            assert!(f.max_len.is_some(), "{at}: text needs a max_len");
                        }
                        if let Some(other) = &f.after {
                            let o = sec.fields.iter().find(|x| &x.id == other);
                            assert!(o.is_some_and(|o| o.kind == FieldKind::Date), "{at}: after {other}");
                            assert_eq!(f.kind, FieldKind::Date, "{at}");
                        }
                    }
                }
            }
            for r in s.request_types.iter().copied() {
                let has_steps = s.steps_for(r).next().is_some();
                assert!(
                    has_steps || r == RequestType::Duplicate || r == RequestType::Reregistration,
                    "{} {r:?}",
                    s.code
                );
            }
            for d in &s.documents {
                assert!(d.title.is_complete(), "{} {}", s.code, d.id);
                assert!(
                    !d.required_for.is_empty(),
                    "{} {}: a document no request type uses",
                    s.code,
                    d.id
                );
            }
            assert!(
                s.documents_for(RequestType::Issuance).next().is_some(),
                "{}: issuance needs documents",
                s.code
            );
        }
        // Every template is used.
        for t in c.templates.keys() {
            let used = c
                .services
                .iter()
                .flat_map(|s| &s.steps)
                .flat_map(|s| &s.sections)
                .any(|sec| sec.template.as_ref() == Some(t));
            assert!(used, "template {t} unused");
        }
    }

    #[test]
    fn passenger_transport_has_the_seed_screens() {
        let s = catalog().service("passenger-transport").expect("a service");
        let ids: Vec<_> = s.steps_for(RequestType::Issuance).map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["base", "medical", "engineering", "vehicles"]);
        let base = s.step("base").expect("fig. 5");
        let passport: Vec<_> = base
            .section("tech_passport")
            .expect("passport")
            .fields
            .iter()
            .map(|f| f.id.as_str())
            .collect();
        assert_eq!(
            passport,
            [
                "cadastral_number",
                "base_name",
                "purpose",
                "area",
                "owner",
                "location",
                "premises"
            ]
        );
        let medical = s.step("medical").expect("fig. 6");
        let order = medical.section("medical_order").expect("order");
        assert_eq!(
            order.fields.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(),
            ["order_number", "order_date", "iin", "full_name", "address"]
        );
        let safety = s
            .step("engineering")
            .and_then(|s| s.section("safety_order"))
            .expect("fig. 8");
        assert_eq!(safety.fields.last().map(|f| f.id.as_str()), Some("position"));
        assert!(s.step("vehicles").is_some_and(|v| v.inferred));
        assert_eq!(
            s.steps_for(RequestType::Duplicate).count(),
            0,
            "a duplicate needs far less"
        );
    }

    #[test]
    fn security_is_for_legal_entities_only() {
        let s = catalog().service("security").expect("security");
        assert_eq!(s.applicants, [ApplicantKind::Le]);
        // Seed 002 §7: in person at the provider as well as on the portal.
        assert_eq!(s.channels, [Channel::Portal, Channel::Provider]);
    }

    #[test]
    fn grouping_keeps_every_service_once() {
        let groups = catalog().by_provider();
        let n: usize = groups.iter().map(|(_, s)| s.len()).sum();
        assert_eq!(n, catalog().services.len());
        assert_eq!(groups[0].1.len(), 2, "transport department has two services");
    }
}
