//! The service catalogue: the five licensing services, their providers,
//! applicants, request types and channels.
//!
//! The catalogue is data (`data/catalog/`), checked and embedded at compile
//! time and parsed once on first use. Adding a service is adding a file.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::i18n::{Msg, Text};
use crate::money::FeeRule;
use crate::workflow::{Chain, ChainStep};

/// Who applies: an individual entrepreneur (by IIN) or a legal entity (by BIN).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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

/// Where an application can be filed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    /// Which parts the seeds are silent on and the catalogue infers
    /// (`fee`, `chain`, `chain.signing`, `steps`, ...).
    #[serde(default)]
    pub inferred: Vec<String>,
    /// The licence fee.
    pub fee: FeeRule,
    /// The provider's chain, each step with its limit per request type.
    pub chain: Vec<ChainStep>,
}

impl Service {
    /// The chain's steps that apply to a request type, with their limits.
    pub fn chain(&self, request: RequestType) -> Chain {
        Chain::resolve(&self.chain, request)
    }
}

/// The whole catalogue.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Catalog {
    /// Providers by code.
    pub providers: BTreeMap<String, Provider>,
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
            for t in [&s.short_title, &s.title, &s.summary, &s.result] {
                assert!(t.is_complete(), "{}: a text lacks a language", s.code);
            }
            assert!(!s.applicants.is_empty() && !s.request_types.is_empty() && !s.channels.is_empty());
            assert!(s.request_types.contains(&RequestType::Issuance), "{}", s.code);
        }
        for p in c.providers.values() {
            assert!(p.name.is_complete(), "{}", p.code);
            assert!(
                c.services.iter().any(|s| s.provider == p.code),
                "{} provides nothing",
                p.code
            );
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
                assert_eq!(kinds.last(), Some(&StepKind::Dispatch), "{} {r:?}", s.code);
                let signing = kinds.iter().position(|k| *k == StepKind::Signing);
                assert_eq!(
                    signing,
                    Some(kinds.len() - 2),
                    "{} {r:?}: signing before dispatch",
                    s.code
                );
                assert!(kinds.contains(&StepKind::Review), "{} {r:?}", s.code);
                assert!(kinds.contains(&StepKind::Resolution), "{} {r:?}", s.code);
            }
            assert!(s.fee.issuance_mrp > 0, "{}", s.code);
        }
    }

    #[test]
    fn the_seeds_limits_are_in_the_catalogue() {
        use crate::calendar::Limit;
        let limits = |code: &str, r| {
            let chain = catalog().service(code).expect("a service").chain(r);
            crate::workflow::describe(&chain)
                .into_iter()
                .map(|(id, _, l)| (id.to_owned(), l))
                .collect::<Vec<_>>()
        };
        let transport = limits("passenger-transport", RequestType::Issuance);
        assert!(transport.contains(&("review".to_owned(), Limit::WorkingDays(13))));
        assert!(transport.contains(&("intake".to_owned(), Limit::Hours(1))));
        let grain = limits("grain-warehouse", RequestType::Issuance);
        assert!(grain.contains(&("inspection".to_owned(), Limit::WorkingDays(2))));
        let grain_dup = limits("grain-warehouse", RequestType::Duplicate);
        assert!(
            !grain_dup.iter().any(|(id, _)| id == "inspection"),
            "inspection is for issuance only"
        );
        assert!(grain_dup.contains(&("deputy-resolution".to_owned(), Limit::Hours(3))));
        assert_eq!(
            catalog().service("passenger-transport").map(|s| s.fee.issuance_mrp),
            Some(186)
        );
    }

    #[test]
    fn security_is_for_legal_entities_only() {
        let s = catalog().service("security").expect("security");
        assert_eq!(s.applicants, [ApplicantKind::Le]);
    }

    #[test]
    fn grouping_keeps_every_service_once() {
        let groups = catalog().by_provider();
        let n: usize = groups.iter().map(|(_, s)| s.len()).sum();
        assert_eq!(n, catalog().services.len());
        assert_eq!(groups[0].1.len(), 2, "transport department has two services");
    }
}
