//! The form's unit and property tests.

use super::*;
use crate::catalog::catalog;
use crate::catalog::{ApplicantKind, RequestType, Service};
use crate::date::Date;
use crate::i18n::{Lang, Msg};
use proptest::prelude::*;

#[test]
fn every_path_validation_names_can_be_read_and_written() {
    let today = Date::from_ymd(2026, 11, 23).expect("a date");
    let ctx = Context { today, fee: None };
    for service in &crate::catalog::catalog().services {
        for &rt in &service.request_types {
            for &kind in &service.applicants {
                let mut form = ApplicationForm::new(&service.code, rt, kind);
                form.payment.method = Some(PaymentMethod::Order);
                for e in validate(&form, service, &ctx) {
                    let (bare, _) = split_path(&e.path);
                    if bare.starts_with("documents.") || ["payment.scan", "payment.method"].contains(&bare) {
                        continue;
                    }
                    let mut f = form.clone();
                    f.set_value(&e.path, "x1");
                    assert_eq!(f.value(&e.path), "x1", "{} {}", service.code, e.path);
                }
            }
        }
    }
}

fn today() -> Date {
    Date::from_ymd(2026, 11, 22).expect("a date")
}

fn ctx() -> Context {
    Context {
        today: today(),
        fee: None,
    }
}

fn service(code: &str) -> &'static Service {
    catalog().service(code).expect("a service")
}

fn paths(errors: &[FieldError]) -> Vec<&str> {
    errors.iter().map(|e| e.path.as_str()).collect()
}

#[test]
fn the_example_of_every_service_request_and_applicant_is_valid() {
    for s in &catalog().services {
        for r in s.request_types.iter().copied() {
            for k in s.applicants.iter().copied() {
                let form = example(s, r, k, today());
                let errors = validate(&form, s, &ctx());
                assert!(errors.is_empty(), "{} {r:?} {k:?}: {errors:?}", s.code);
            }
        }
    }
}

#[test]
fn a_wrong_iin_is_reported_at_its_field_and_nothing_else_is_lost() {
    let s = service("passenger-transport");
    let mut form = example(s, RequestType::Issuance, ApplicantKind::Ie, today());
    form.applicant.ie.iin = "860101300018".to_owned();
    let errors = validate_step(&form, s, &WizardStep::Applicant, &ctx());
    assert_eq!(paths(&errors), ["applicant.iin"]);
    assert_eq!(errors[0].message, Msg::IdIinChecksum);
    assert_eq!(form.applicant.ie.surname, "Сейітов", "the other input is kept");
    assert!(errors[0].render(Lang::En, s).contains("check digit"));
}

#[test]
fn specialists_iins_are_checked_per_row() {
    let s = service("security");
    let mut form = example(s, RequestType::Issuance, ApplicantKind::Le, today());
    let guards = form
        .steps
        .get_mut("guards")
        .and_then(|v| v.get_mut("guard"))
        .expect("guards");
    let mut second = guards[0].clone();
    second.insert("iin".to_owned(), "12345".to_owned());
    guards.push(second);
    let errors = validate_step(&form, s, &WizardStep::Service("guards".to_owned()), &ctx());
    assert_eq!(paths(&errors), ["guards.guard.iin[1]"]);
    assert_eq!(errors[0].message, Msg::IdIinFormat);
}

#[test]
fn dates_in_the_future_and_contracts_that_end_before_they_start() {
    let s = service("passenger-transport");
    let mut form = example(s, RequestType::Issuance, ApplicantKind::Ie, today());
    let medical = form.steps.get_mut("medical").expect("medical");
    medical.get_mut("medical_diploma").expect("diploma")[0].insert("issue_date".to_owned(), "2027-01-01".to_owned());
    let mut contract = Row::new();
    for (k, v) in [
        ("bin", "990340001230"),
        ("name", "Emhana"),
        ("contract_number", "7"),
        ("valid_from", "2026-01-10"),
        ("valid_until", "2026-01-01"),
    ] {
        contract.insert(k.to_owned(), v.to_owned());
    }
    medical.insert("medical_contract".to_owned(), vec![contract]);
    let errors = validate_step(&form, s, &WizardStep::Service("medical".to_owned()), &ctx());
    let p = paths(&errors);
    assert!(p.contains(&"medical.medical_diploma.issue_date[0]"), "{p:?}");
    assert!(p.contains(&"medical.medical_contract.valid_until[0]"), "{p:?}");
    let after = errors
        .iter()
        .find(|e| e.message == Msg::FieldDateAfter)
        .expect("an end-before-start error");
    assert_eq!(
        after.render(Lang::En, s),
        "“Contract end date” must be later than “Contract start date”"
    );
}

#[test]
fn one_of_the_alternatives_must_be_filled() {
    let s = service("passenger-transport");
    let mut form = example(s, RequestType::Issuance, ApplicantKind::Ie, today());
    form.steps.insert("medical".to_owned(), StepValues::new());
    let errors = validate_step(&form, s, &WizardStep::Service("medical".to_owned()), &ctx());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].message, Msg::FieldAlternatives);
    assert_eq!(errors[0].step(), "medical");
}

#[test]
fn bank_accounts_at_least_one_and_no_duplicates() {
    let s = service("veterinary");
    let mut form = example(s, RequestType::Issuance, ApplicantKind::Ie, today());
    form.bank_accounts = vec![BankAccount::default()];
    let errors = validate_step(&form, s, &WizardStep::BankAccounts, &ctx());
    assert_eq!(
        errors.iter().map(|e| e.message).collect::<Vec<_>>(),
        [Msg::BankAccountsMin]
    );
    let row = BankAccount {
        iban: "KZ86 125K ZT50 0410 0100".to_owned(),
        bank_name: "Halyk".to_owned(),
        bank_location: "Алматы".to_owned(),
    };
    form.bank_accounts = vec![row.clone(), BankAccount::default(), row];
    let errors = validate_step(&form, s, &WizardStep::BankAccounts, &ctx());
    assert_eq!(paths(&errors), ["bank-accounts.iban[2]"]);
    assert_eq!(errors[0].render(Lang::En, s), "This account is already in row 1");
}

#[test]
fn the_paid_amount_must_equal_the_fee() {
    let s = service("security");
    let mut form = example(s, RequestType::Issuance, ApplicantKind::Le, today());
    form.payment = PaymentData {
        method: Some(PaymentMethod::Order),
        order: PaymentOrder {
            amount: "43 000".to_owned(),
            document_number: "118".to_owned(),
            document_date: "2026-11-20".to_owned(),
            bank: "CASPKZKA".to_owned(),
            tax_authority: "almaty-medeu".to_owned(),
            scan: "0".repeat(64),
        },
        ..PaymentData::default()
    };
    let fee = s
        .fee
        .expect("a fee")
        .fee_in_tenge(RequestType::Issuance, 2026)
        .expect("2026");
    let ctx = Context {
        today: today(),
        fee: Some(fee),
    };
    let errors = validate_step(&form, s, &WizardStep::Payment, &ctx);
    assert_eq!(paths(&errors), ["payment.amount"]);
    assert_eq!(
        errors[0].render(Lang::Ru, s),
        "Оплаченная сумма должна быть равна сбору: 43\u{a0}250,00\u{a0}₸"
    );
    form.payment.order.amount = "43250,00".to_owned();
    assert!(validate_step(&form, s, &WizardStep::Payment, &ctx).is_empty());
    form.payment.method = None;
    assert_eq!(
        paths(&validate_step(&form, s, &WizardStep::Payment, &ctx)),
        ["payment.method"]
    );
}

/// The paying bank, the tax authority and the online payment's beneficiary
/// are chosen from the data's lists (seed 000:657-658, 698): a name typed
/// in is refused with its own message, an empty one asks to choose.
#[test]
fn the_payment_lists_take_only_their_keys() {
    let s = service("security");
    let mut form = example(s, RequestType::Issuance, ApplicantKind::Le, today());
    assert!(validate_step(&form, s, &WizardStep::Payment, &ctx()).is_empty());
    form.payment.beneficiary = String::new();
    let errors = validate_step(&form, s, &WizardStep::Payment, &ctx());
    assert_eq!(paths(&errors), ["payment.beneficiary"]);
    assert_eq!(
        errors[0].render(Lang::Ru, s),
        "«Наименование бенефициара»: выберите один из вариантов"
    );
    form.payment.method = Some(PaymentMethod::Order);
    form.payment.order = PaymentOrder {
        amount: "43250,00".to_owned(),
        document_number: "118".to_owned(),
        document_date: "2026-11-20".to_owned(),
        bank: "Halyk Bank".to_owned(),
        tax_authority: "УГД по Медеускому району".to_owned(),
        scan: "0".repeat(64),
    };
    let errors = validate_step(&form, s, &WizardStep::Payment, &ctx());
    assert_eq!(paths(&errors), ["payment.bank", "payment.tax_authority"]);
    assert_eq!(errors[0].render(Lang::En, s), "“Paying bank”: choose it from the list");
    form.payment.order.bank = "HSBKKZKX".to_owned();
    form.payment.order.tax_authority = "almaty-medeu".to_owned();
    assert!(validate_step(&form, s, &WizardStep::Payment, &ctx()).is_empty());
    assert_eq!(
        FrameKind::Choice(Chooser::Bank),
        frame_field("payment.bank").expect("a frame field").kind
    );
    assert_eq!(
        Chooser::Bank.label("HSBKKZKX", Lang::Kk).as_deref(),
        Some("Қазақстан Халық Банкі — HSBKKZKX")
    );
}

#[test]
fn documents_required_per_request_type() {
    let s = service("passenger-transport");
    let mut form = example(s, RequestType::Issuance, ApplicantKind::Ie, today());
    form.attachments.remove("vehicle-certificates");
    let errors = validate_step(&form, s, &WizardStep::Documents, &ctx());
    assert_eq!(paths(&errors), ["documents.vehicle-certificates"]);
    assert_eq!(
        errors[0].render(Lang::En, s),
        "Attach the document: “Vehicle registration certificates”"
    );
}

#[test]
fn a_security_licence_is_refused_to_an_individual_entrepreneur() {
    let s = service("security");
    let form = example(s, RequestType::Issuance, ApplicantKind::Ie, today());
    assert!(paths(&validate(&form, s, &ctx())).contains(&"applicant.kind"));
}

#[test]
fn every_error_path_has_a_label_in_every_language() {
    for s in &catalog().services {
        for r in s.request_types.iter().copied() {
            for k in s.applicants.iter().copied() {
                let mut form = ApplicationForm::new(&s.code, r, k);
                form.payment.method = Some(PaymentMethod::Order);
                for e in validate(&form, s, &ctx()) {
                    for lang in Lang::ALL {
                        let label = field_label(s, &e.path, lang);
                        assert!(label.is_some(), "{}: no label for {}", s.code, e.path);
                        let text = e.render(lang, s);
                        assert!(!text.contains('{'), "{}: unfilled placeholder in {text}", e.path);
                    }
                }
            }
        }
    }
}

proptest! {
    #[test]
    fn any_text_in_any_field_gives_errors_not_panics(value in "\\PC{0,300}|\\p{Cc}{1,3}|[0-9]{0,20}", which in 0usize..8) {
        let s = service("passenger-transport");
        let mut form = example(s, RequestType::Issuance, ApplicantKind::Ie, today());
        match which {
            0 => form.applicant.ie.iin = value.clone(),
            1 => form.applicant.address.phone = value.clone(),
            2 => form.bank_accounts[0].iban = value.clone(),
            3 => form.applicant.ie.surname = value.clone(),
            4 => { form.steps.get_mut("base").and_then(|b| b.get_mut("tech_passport")).expect("base")[0].insert("area".to_owned(), value.clone()); }
            5 => { form.steps.get_mut("medical").and_then(|b| b.get_mut("medical_diploma")).expect("diploma")[0].insert("issue_date".to_owned(), value.clone()); }
            6 => { form.payment.method = Some(PaymentMethod::Order); form.payment.order.amount = value.clone(); }
            _ => { form.steps.get_mut("vehicles").and_then(|b| b.get_mut("vehicle")).expect("vehicles")[0].insert("ownership".to_owned(), value.clone()); }
        }
        let errors = validate(&form, s, &ctx());
        for e in &errors {
            for lang in Lang::ALL {
                prop_assert!(!e.render(lang, s).is_empty());
            }
        }
    }
}

/// The frame's table is what the validator enforces: a required field left
/// empty is refused at its path and an optional one is not; a text one
/// character over its longest is refused as too long, and at its longest is
/// not. The wizard draws "(optional)" and `maxlength` from the same table,
/// so the page and the server cannot disagree.
#[test]
fn the_validator_enforces_exactly_what_the_frame_table_says() {
    let today = Date::from_ymd(2026, 11, 23).expect("a date");
    let ctx = Context { today, fee: None };
    let service = catalog().service("passenger-transport").expect("a service");
    for kind in [ApplicantKind::Ie, ApplicantKind::Le] {
        let valid = example(service, RequestType::Reregistration, kind, today);
        assert!(validate(&valid, service, &ctx).is_empty(), "the example is valid");
        let fields = applicant_fields(kind)
            .map(|f| (f, f.path.to_owned()))
            .chain(BANK_ACCOUNT.iter().map(|f| (f, format!("{}[0]", f.path))))
            .chain([(&EXISTING_LICENCE, EXISTING_LICENCE.path.to_owned())]);
        for (field, path) in fields {
            let errors_with = |value: &str| {
                let mut form = valid.clone();
                form.set_value(&path, value);
                validate(&form, service, &ctx)
                    .into_iter()
                    .filter(|e| e.path == path)
                    .map(|e| e.message)
                    .collect::<Vec<_>>()
            };
            let empty = errors_with("");
            // Emptying the only bank account empties the table: its own message.
            if !path.starts_with("bank-accounts.") {
                assert_eq!(
                    !empty.is_empty(),
                    field.required,
                    "{path}: required is {}",
                    field.required
                );
            }
            if let FrameKind::Text { .. } = field.kind {
                let longest = "а".repeat(field.max_len as usize);
                assert_eq!(
                    errors_with(&longest),
                    Vec::<Msg>::new(),
                    "{path} takes {} characters",
                    field.max_len
                );
                let over = format!("{longest}а");
                assert_eq!(errors_with(&over), vec![Msg::FieldTooLong], "{path} refuses one more");
            }
            assert_eq!(
                frame_label(field.path),
                Some(field.label),
                "{path}'s label is the table's"
            );
        }
    }
}

#[test]
fn a_payment_order_is_checked_as_the_table_says() {
    let today = Date::from_ymd(2026, 11, 23).expect("a date");
    let ctx = Context { today, fee: None };
    let service = catalog().service("passenger-transport").expect("a service");
    let mut form = example(service, RequestType::Issuance, ApplicantKind::Le, today);
    form.payment.method = Some(PaymentMethod::Order);
    let paths: Vec<String> = validate(&form, service, &ctx).into_iter().map(|e| e.path).collect();
    for f in PAYMENT_ORDER {
        assert_eq!(paths.contains(&f.path.to_owned()), f.required, "{}", f.path);
    }
    assert!(paths.contains(&"payment.scan".to_owned()));
}

/// Seed 003:315-317: a veterinary licence's annex is asked for with the
/// licence, or alone — a new one naming the licence, or a duplicate naming
/// the annex; a re-registration is the licence's, and a service without an
/// annex offers none.
#[test]
fn an_annex_alone_names_the_licence_or_the_annex_to_duplicate() {
    let vet = service("veterinary");
    let request = |rt, document, number: &str| {
        let mut form = example(vet, rt, ApplicantKind::Le, today());
        form.request.document = document;
        form.request.existing_licence = number.to_owned();
        let errors = validate_step(&form, vet, &WizardStep::Request, &ctx());
        errors.into_iter().map(|e| (e.path, e.message)).collect::<Vec<_>>()
    };
    let (licence, annex) = ("L-2026-04-000001", "L-2026-04-000001-A1");
    use RequestedDocument::{Annex, Licence};
    assert!(wizard_steps(vet, RequestType::Issuance).first() == Some(&WizardStep::Request));
    assert_eq!(request(RequestType::Issuance, Licence, ""), []);
    assert_eq!(
        request(RequestType::Issuance, Annex, ""),
        [("request.existing_licence".to_owned(), Msg::FieldRequired)]
    );
    assert_eq!(
        request(RequestType::Issuance, Annex, annex),
        [("request.existing_licence".to_owned(), Msg::RequestNumberNotLicence)]
    );
    assert_eq!(request(RequestType::Issuance, Annex, licence), []);
    assert_eq!(
        request(RequestType::Duplicate, Annex, licence),
        [("request.existing_licence".to_owned(), Msg::RequestNumberNotAnnex)]
    );
    assert_eq!(request(RequestType::Duplicate, Annex, annex), []);
    assert_eq!(
        request(RequestType::Duplicate, Licence, annex),
        [("request.existing_licence".to_owned(), Msg::RequestNumberNotLicence)]
    );
    assert_eq!(
        request(RequestType::Reregistration, Annex, licence),
        [("request.document".to_owned(), Msg::RequestAnnexNotOffered)]
    );
    let security = service("security");
    let mut form = example(security, RequestType::Duplicate, ApplicantKind::Le, today());
    form.request.document = Annex;
    form.request.existing_licence = annex.to_owned();
    let paths: Vec<_> = validate_step(&form, security, &WizardStep::Request, &ctx())
        .into_iter()
        .map(|e| e.path)
        .collect();
    assert!(paths.contains(&"request.document".to_owned()), "{paths:?}");
    assert!(!wizard_steps(security, RequestType::Issuance).contains(&WizardStep::Request));
}
