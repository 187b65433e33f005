//! An application's answers in words, step by step: what check-your-answers
//! shows the applicant and what the staff's case view shows the provider,
//! with the same labels the wizard's fields have, values of a choice by
//! their label and documents by their title.

use crate::catalog::{FieldKind, RequestType, Service};
use crate::i18n::{Lang, Msg};

use super::{ApplicationForm, RequestedDocument, WizardStep, applicant_fields, field_label, reasons};

/// The answers of one section of a step (one row of a repeated section), or
/// of the whole step when it has no sections: `(label, value)` pairs, an
/// empty value for an answer not given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnswerGroup {
    /// The section's title, with the row's number when it repeats.
    pub title: Option<String>,
    /// The answers.
    pub rows: Vec<(String, String)>,
}

impl WizardStep {
    /// The step's title.
    pub fn title(&self, service: &Service, lang: Lang) -> String {
        match self {
            // Where the licence has an annex, the step first asks what for.
            WizardStep::Request if service.annex => Msg::LabelRequestedDocument.text(lang).to_owned(),
            WizardStep::Request => Msg::WizardRequest.text(lang).to_owned(),
            WizardStep::Service(id) => service
                .step(id)
                .map(|s| s.title.get(lang).to_owned())
                .unwrap_or_default(),
            common => common
                .common_title()
                .map(|m| m.text(lang).to_owned())
                .unwrap_or_default(),
        }
    }

    /// The title of a step that every service titles alike (none for the
    /// request step, which an annex's service titles otherwise, and for a
    /// service's own steps).
    pub fn common_title(&self) -> Option<Msg> {
        match self {
            WizardStep::Request | WizardStep::Service(_) => None,
            WizardStep::Applicant => Some(Msg::WizardApplicant),
            WizardStep::BankAccounts => Some(Msg::WizardBankAccounts),
            WizardStep::Documents => Some(Msg::WizardDocuments),
            WizardStep::Check => Some(Msg::WizardCheck),
            WizardStep::Payment => Some(Msg::WizardPayment),
            WizardStep::Sign => Some(Msg::WizardSign),
        }
    }

    /// The step a path's last part names, among those every service has
    /// (`applicant`, `documents`, …; a service's own step is not known
    /// without its service).
    pub fn common(slug: &str) -> Option<WizardStep> {
        [
            WizardStep::Applicant,
            WizardStep::BankAccounts,
            WizardStep::Documents,
            WizardStep::Check,
            WizardStep::Payment,
            WizardStep::Sign,
        ]
        .into_iter()
        .find(|s| s.slug() == slug)
    }
}

fn whole(rows: Vec<(String, String)>) -> Vec<AnswerGroup> {
    vec![AnswerGroup { title: None, rows }]
}

/// The answers of a step of the form, in the wizard's order.
pub fn answers(service: &Service, f: &ApplicationForm, step: &WizardStep, lang: Lang) -> Vec<AnswerGroup> {
    let row = |path: &str| (field_label(service, path, lang).unwrap_or_default(), f.value(path));
    match step {
        WizardStep::Request => {
            let reason = reasons(f.request_type)
                .iter()
                .find(|(v, _)| *v == f.request.reason)
                .map(|(_, m)| m.text(lang).to_owned())
                .unwrap_or_default();
            let annex = f.request.document == RequestedDocument::Annex;
            let mut rows = Vec::new();
            if service.annex && f.request_type != RequestType::Reregistration {
                let chosen = match (f.request_type, annex) {
                    (RequestType::Duplicate, false) => Msg::RequestDuplicateOfLicence,
                    (RequestType::Duplicate, true) => Msg::RequestDuplicateOfAnnex,
                    (_, false) => Msg::RequestLicenceWithAnnex,
                    (_, true) => Msg::RequestAnnexToLicence,
                };
                rows.push((
                    Msg::LabelRequestedDocument.text(lang).to_owned(),
                    chosen.text(lang).to_owned(),
                ));
            }
            if f.request_type.needs_existing_licence() || annex {
                rows.push(row("request.existing_licence"));
            }
            if !reasons(f.request_type).is_empty() {
                rows.push((Msg::LabelReason.text(lang).to_owned(), reason));
            }
            whole(rows)
        }
        WizardStep::Applicant => whole(
            applicant_fields(f.applicant.kind)
                .map(|field| row(field.path))
                .collect(),
        ),
        WizardStep::BankAccounts => whole(
            f.bank_accounts
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    (
                        Msg::WizardBankAccountN.text(lang).replace("{n}", &(i + 1).to_string()),
                        [a.iban.as_str(), a.bank_name.as_str(), a.bank_location.as_str()]
                            .into_iter()
                            .filter(|s| !s.trim().is_empty())
                            .collect::<Vec<_>>()
                            .join(", "),
                    )
                })
                .collect(),
        ),
        WizardStep::Service(id) => {
            let Some(step) = service.step(id) else {
                return Vec::new();
            };
            let mut out = Vec::new();
            for section in &step.sections {
                let rows = f.rows(id, &section.id);
                for r in 0..rows {
                    let given = section.fields.iter().filter_map(|field| {
                        let value = f.value(&format!("{id}.{}.{}[{r}]", section.id, field.id));
                        if value.trim().is_empty() {
                            return None;
                        }
                        let value = match field.kind {
                            FieldKind::Choice => field
                                .options
                                .iter()
                                .find(|o| o.value == value)
                                .map_or(value, |o| o.label.get(lang).to_owned()),
                            _ => value,
                        };
                        Some((field.label.get(lang).to_owned(), value))
                    });
                    let given: Vec<_> = given.collect();
                    // A section with nothing answered shows no empty heading.
                    if given.is_empty() {
                        continue;
                    }
                    let title = section.title.get(lang);
                    out.push(AnswerGroup {
                        title: Some(if rows > 1 {
                            format!("{title} ({})", r + 1)
                        } else {
                            title.to_owned()
                        }),
                        rows: given,
                    });
                }
            }
            out
        }
        WizardStep::Documents => whole(
            service
                .documents_for(f.request_type)
                .map(|d| {
                    let names = f
                        .attachments
                        .get(&d.id)
                        .map(|l| l.iter().map(|a| a.name.clone()).collect::<Vec<_>>().join(", "))
                        .unwrap_or_default();
                    (d.title.get(lang).to_owned(), names)
                })
                .collect(),
        ),
        WizardStep::Check | WizardStep::Payment | WizardStep::Sign => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::{AnswerGroup, answers};
    use crate::catalog::catalog;
    use crate::date::Date;
    use crate::form::{example, wizard_steps};
    use crate::i18n::Lang;

    /// Every answer of a complete application has a label in words — no
    /// internal key — and each repeated section's rows are numbered.
    #[test]
    fn every_answer_has_a_label_in_words() {
        for service in &catalog().services {
            for rt in service.request_types.iter().copied() {
                let kind = service.applicants[0];
                let today = Date::from_ymd(2026, 12, 1).expect("a date");
                let form = example(service, rt, kind, today);
                for step in wizard_steps(service, rt) {
                    for lang in [Lang::Kk, Lang::Ru, Lang::En] {
                        for AnswerGroup { title, rows } in answers(service, &form, &step, lang) {
                            assert!(title.is_none_or(|t| !t.is_empty()), "{} {step:?}", service.code);
                            for (label, _) in rows {
                                assert!(!label.is_empty(), "{} {step:?}", service.code);
                                assert!(!label.contains('_'), "a key, not a label: {label}");
                            }
                        }
                    }
                }
            }
        }
    }
}
