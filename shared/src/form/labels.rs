//! The label of the field at a path.

use crate::catalog::Service;
use crate::i18n::{Lang, Msg};

/// The label of the field at a path, in a language: frame fields from the
/// translations, service fields from the catalogue.
///
/// ```
/// use shared::{catalog::catalog, form::field_label, i18n::Lang};
/// let s = catalog().service("passenger-transport").expect("a service");
/// assert_eq!(field_label(s, "applicant.iin", Lang::Ru).as_deref(), Some("ИИН"));
/// assert_eq!(field_label(s, "base.tech_passport.area[0]", Lang::En).as_deref(), Some("Area of the base, m²"));
/// ```
pub fn field_label(service: &Service, path: &str, lang: Lang) -> Option<String> {
    let bare = path.split('[').next().unwrap_or(path);
    if let Some(msg) = frame_label(bare) {
        return Some(msg.text(lang).to_owned());
    }
    if let Some(doc) = bare.strip_prefix("documents.") {
        return service
            .documents
            .iter()
            .find(|d| d.id == doc)
            .map(|d| d.title.get(lang).to_owned());
    }
    let mut parts = bare.splitn(3, '.');
    let (step, section, field) = (parts.next()?, parts.next()?, parts.next()?);
    let f = service
        .step(step)?
        .section(section)?
        .fields
        .iter()
        .find(|f| f.id == field)?;
    Some(f.label.get(lang).to_owned())
}

/// The label of a frame field (request, applicant, bank accounts, payment).
pub fn frame_label(path: &str) -> Option<Msg> {
    Some(match path {
        "request.existing_licence" => Msg::LabelExistingLicence,
        "request.reason" => Msg::LabelReason,
        "applicant.iin" => Msg::LabelIin,
        "applicant.bin" => Msg::LabelBin,
        "applicant.rnn" => Msg::LabelRnn,
        "applicant.surname" => Msg::LabelSurname,
        "applicant.given_name" => Msg::LabelGivenName,
        "applicant.patronymic" => Msg::LabelPatronymic,
        "applicant.ie_name" => Msg::LabelIeName,
        "applicant.certificate_series" => Msg::LabelCertificateSeries,
        "applicant.certificate_number" => Msg::LabelCertificateNumber,
        "applicant.activity" => Msg::LabelActivity,
        "applicant.org_form" => Msg::LabelOrgForm,
        "applicant.representative_name" => Msg::LabelRepresentativeName,
        "applicant.representative_position" => Msg::LabelRepresentativePosition,
        "applicant.full_name" => Msg::LabelLeFullName,
        "applicant.okpo" => Msg::LabelOkpo,
        "applicant.status" => Msg::LabelLeStatus,
        "applicant.legal_form" => Msg::LabelLegalForm,
        "applicant.registration_date" => Msg::LabelRegistrationDate,
        "applicant.last_change_date" => Msg::LabelLastChangeDate,
        "applicant.postal_index" => Msg::LabelPostalIndex,
        "applicant.locality" => Msg::LabelLocality,
        "applicant.street" => Msg::LabelStreet,
        "applicant.house" => Msg::LabelHouse,
        "applicant.flat" => Msg::LabelFlat,
        "applicant.phone" => Msg::LabelPhone,
        "applicant.kind" => Msg::LabelApplicantKind,
        "bank-accounts.iban" => Msg::LabelIban,
        "bank-accounts.bank_name" => Msg::LabelBankName,
        "bank-accounts.bank_location" => Msg::LabelBankLocation,
        "payment.method" => Msg::LabelPaymentMethod,
        "payment.amount" => Msg::LabelPaidAmount,
        "payment.document_number" => Msg::LabelPaymentDocumentNumber,
        "payment.document_date" => Msg::LabelPaymentDocumentDate,
        "payment.bank" => Msg::LabelPaymentBank,
        "payment.tax_authority" => Msg::LabelTaxAuthority,
        "payment.scan" => Msg::LabelPaymentScan,
        _ => return None,
    })
}
