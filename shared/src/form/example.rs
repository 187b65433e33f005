//! A complete, valid application, for the sandbox's demo data and tests.

use super::content::{
    Address, ApplicationForm, Attachment, BankAccount, IeData, LeData, PaymentMethod, Row, StepValues, reasons,
};
use crate::catalog::{ApplicantKind, FieldKind, RequestType, Service};
use crate::date::Date;

/// A complete, valid application for any service and request type: the
/// demo data of the sandbox and the base of many tests.
pub fn example(service: &Service, request: RequestType, kind: ApplicantKind, today: Date) -> ApplicationForm {
    let mut form = ApplicationForm::new(&service.code, request, kind);
    if request.needs_existing_licence() {
        form.request.existing_licence = "KZ-2024-000123".to_owned();
        form.request.reason = reasons(request)
            .first()
            .map(|(v, _)| (*v).to_owned())
            .unwrap_or_default();
    }
    form.applicant.ie = IeData {
        iin: "860101300017".to_owned(),
        surname: "Сейітов".to_owned(),
        given_name: "Ерлан".to_owned(),
        ie_name: "ЖК «Сейітов»".to_owned(),
        certificate_number: "0012345".to_owned(),
        activity: "Жолаушылар тасымалы".to_owned(),
        ..IeData::default()
    };
    form.applicant.le = LeData {
        bin: "990340001230".to_owned(),
        org_form: "ЖШС".to_owned(),
        representative_name: "Ахметова Айгүл".to_owned(),
        representative_position: "Директор".to_owned(),
        full_name: "«Қорған» ЖШС".to_owned(),
        certificate_number: "12345-1910-ТОО".to_owned(),
        legal_form: "Жауапкершілігі шектеулі серіктестік".to_owned(),
        registration_date: "1999-03-15".to_owned(),
        ..LeData::default()
    };
    form.applicant.address = Address {
        postal_index: "050000".to_owned(),
        locality: "Алматы қ.".to_owned(),
        street: "Абай даңғылы".to_owned(),
        house: "10".to_owned(),
        flat: String::new(),
        phone: "+7 701 123 45 67".to_owned(),
    };
    form.bank_accounts = vec![BankAccount {
        iban: "KZ86125KZT5004100100".to_owned(),
        bank_name: "Halyk Bank".to_owned(),
        bank_location: "Алматы".to_owned(),
    }];
    let yesterday = today.add_days(-1).to_string();
    let next_year = today.add_days(365).to_string();
    for step in service.steps_for(request) {
        let mut values = StepValues::new();
        let chosen: Vec<&String> = step
            .alternatives
            .first()
            .map(|g| g.iter().collect())
            .unwrap_or_default();
        for section in &step.sections {
            if step.is_alternative(&section.id) && !chosen.contains(&&section.id) {
                continue;
            }
            let row: Row = section
                .fields
                .iter()
                .map(|f| {
                    let v = match f.kind {
                        FieldKind::Text => "a"
                            .repeat(f.min_len.unwrap_or(1).max(3) as usize)
                            .chars()
                            .take(f.max_len.unwrap_or(250) as usize)
                            .collect(),
                        FieldKind::Date if f.after.is_some() => next_year.clone(),
                        FieldKind::Date => yesterday.clone(),
                        FieldKind::Number => f
                            .min
                            .unwrap_or(1)
                            .max(f.max.unwrap_or(i64::MAX).min(f.min.unwrap_or(1)))
                            .to_string(),
                        FieldKind::Iin => "860101300017".to_owned(),
                        FieldKind::Bin => "990340001230".to_owned(),
                        FieldKind::Iban => "KZ86125KZT5004100100".to_owned(),
                        FieldKind::Phone => "+77011234567".to_owned(),
                        FieldKind::Choice => f.options.first().map(|o| o.value.clone()).unwrap_or_default(),
                        FieldKind::File => "0".repeat(64),
                    };
                    (f.id.clone(), v)
                })
                .collect();
            let rows = section.repeatable.map_or(1, |r| r.min.max(1) as usize);
            values.insert(section.id.clone(), vec![row; rows]);
        }
        form.steps.insert(step.id.clone(), values);
    }
    for d in service.documents_for(request) {
        form.attachments.insert(
            d.id.clone(),
            vec![Attachment {
                sha256: "0".repeat(64),
                name: format!("{}.pdf", d.id),
                size: 1024,
                content_type: "application/pdf".to_owned(),
            }],
        );
    }
    form.payment.method = Some(PaymentMethod::Online);
    form.payment.beneficiary = "almaty-almaly".to_owned();
    form
}
