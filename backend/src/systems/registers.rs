//! The state registers of individuals and legal entities, behind a trait.
//!
//! The real registers (ГБД ФЛ / ГБД ЮЛ) cannot be reached from here; the
//! [`SandboxRegisters`] answer from demo records (`data/registers.toml`) with
//! the same contract, so the product runs and is tested end to end and a real
//! adapter can replace it.

use std::collections::BTreeMap;

use serde::Deserialize;
use shared::catalog::ApplicantKind;
use shared::form::{Address, ApplicantData, IeData, LeData};
use shared::ids::{Bin, Iin};

/// What a register knows of an applicant.
pub trait StateRegisters: Send + Sync + std::fmt::Debug {
    /// The individual entrepreneur with this IIN, if registered.
    fn individual(&self, iin: &Iin) -> Option<ApplicantData>;
    /// The legal entity with this BIN, if registered.
    fn legal_entity(&self, bin: &Bin) -> Option<ApplicantData>;

    /// The applicant of a kind with an identifier, if registered.
    fn applicant(&self, kind: ApplicantKind, identifier: &str) -> Option<ApplicantData> {
        match kind {
            ApplicantKind::Ie => self.individual(&identifier.parse().ok()?),
            ApplicantKind::Le => self.legal_entity(&identifier.parse().ok()?),
        }
    }
}

#[derive(Deserialize)]
struct Individual {
    iin: Iin,
    surname: String,
    given_name: String,
    patronymic: String,
    ie_name: String,
    certificate_series: String,
    certificate_number: String,
    activity: String,
    #[serde(flatten)]
    address: Address,
}

#[derive(Deserialize)]
struct LegalEntity {
    bin: Bin,
    org_form: String,
    full_name: String,
    representative_name: String,
    representative_position: String,
    okpo: String,
    certificate_series: String,
    certificate_number: String,
    status: String,
    legal_form: String,
    registration_date: String,
    last_change_date: String,
    #[serde(flatten)]
    address: Address,
}

#[derive(Deserialize)]
struct Records {
    individuals: Vec<Individual>,
    legal_entities: Vec<LegalEntity>,
}

/// The sandbox registers with their demo records.
#[derive(Debug, Clone)]
pub struct SandboxRegisters {
    individuals: BTreeMap<Iin, ApplicantData>,
    legal_entities: BTreeMap<Bin, ApplicantData>,
}

impl SandboxRegisters {
    /// The demo records shipped with the server.
    pub fn demo() -> SandboxRegisters {
        let records: Records = toml::from_str(include_str!("../../data/registers.toml"))
            .expect("data/registers.toml is checked by the test `demo_records_are_valid`");
        let individuals = records
            .individuals
            .into_iter()
            .map(|r| {
                let data = ApplicantData {
                    kind: ApplicantKind::Ie,
                    ie: IeData {
                        iin: r.iin.to_string(),
                        rnn: String::new(),
                        surname: r.surname,
                        given_name: r.given_name,
                        patronymic: r.patronymic,
                        ie_name: r.ie_name,
                        certificate_series: r.certificate_series,
                        certificate_number: r.certificate_number,
                        activity: r.activity,
                    },
                    le: LeData::default(),
                    address: r.address,
                };
                (r.iin, data)
            })
            .collect();
        let legal_entities = records
            .legal_entities
            .into_iter()
            .map(|r| {
                let data = ApplicantData {
                    kind: ApplicantKind::Le,
                    ie: IeData::default(),
                    le: LeData {
                        bin: r.bin.to_string(),
                        rnn: String::new(),
                        org_form: r.org_form,
                        representative_name: r.representative_name,
                        representative_position: r.representative_position,
                        full_name: r.full_name,
                        okpo: r.okpo,
                        certificate_series: r.certificate_series,
                        certificate_number: r.certificate_number,
                        status: r.status,
                        legal_form: r.legal_form,
                        registration_date: r.registration_date,
                        last_change_date: r.last_change_date,
                    },
                    address: r.address,
                };
                (r.bin, data)
            })
            .collect();
        SandboxRegisters {
            individuals,
            legal_entities,
        }
    }
}

impl StateRegisters for SandboxRegisters {
    fn individual(&self, iin: &Iin) -> Option<ApplicantData> {
        self.individuals.get(iin).cloned()
    }

    fn legal_entity(&self, bin: &Bin) -> Option<ApplicantData> {
        self.legal_entities.get(bin).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_records_are_valid() {
        let r = SandboxRegisters::demo();
        assert!(r.individuals.len() >= 2 && r.legal_entities.len() >= 2);
        let ie = r.applicant(ApplicantKind::Ie, "860101300017").expect("a demo IE");
        assert_eq!(ie.ie.surname, "Сейітов");
        assert!(ie.address.phone.parse::<shared::ids::Phone>().is_ok());
        let le = r.applicant(ApplicantKind::Le, "990340001230").expect("a demo LE");
        assert!(le.le.registration_date.parse::<shared::date::Date>().is_ok());
        assert!(
            r.applicant(ApplicantKind::Ie, "990340001230").is_none(),
            "a BIN is no IIN"
        );
        assert!(r.applicant(ApplicantKind::Ie, "not a number").is_none());
    }
}
