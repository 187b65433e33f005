//! The label of the field at a path.

use super::frame::frame_field;
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
    if let Some(f) = frame_field(path) {
        return Some(f.label);
    }
    Some(match path {
        "request.reason" => Msg::LabelReason,
        "request.document" => Msg::LabelRequestedDocument,
        "applicant.kind" => Msg::LabelApplicantKind,
        "payment.method" => Msg::LabelPaymentMethod,
        "payment.scan" => Msg::LabelPaymentScan,
        _ => return None,
    })
}
