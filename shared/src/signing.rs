//! What an EDS signature covers: the canonical bytes of an application.
//!
//! The browser computes them from the application it shows and signs them;
//! the server computes them again from what it stored and verifies the
//! signature against them. Both run this one function, so they agree byte for
//! byte. The bytes are a fixed header, the application's id, and the form as
//! JSON: struct fields in declaration order and every map sorted by key, so
//! the same content always gives the same bytes. The form carries the SHA-256
//! of every attachment, so the signature covers the files too.

use crate::form::ApplicationForm;

/// The header that starts every signed document; a new layout gets a new one.
pub const CANONICAL_HEADER: &str = "ruqsat-application/1";

/// The bytes an applicant signs for an application.
///
/// ```
/// use shared::{catalog::{ApplicantKind, RequestType}, form::ApplicationForm, signing::canonical_bytes};
/// let form = ApplicationForm::new("security", RequestType::Issuance, ApplicantKind::Le);
/// let a = canonical_bytes("abc", &form);
/// assert_eq!(a, canonical_bytes("abc", &form.clone()));
/// assert_ne!(a, canonical_bytes("abd", &form));
/// assert!(a.starts_with(b"ruqsat-application/1\nabc\n{"));
/// ```
pub fn canonical_bytes(application_id: &str, form: &ApplicationForm) -> Vec<u8> {
    let mut out = Vec::with_capacity(1024);
    out.extend_from_slice(CANONICAL_HEADER.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(application_id.as_bytes());
    out.push(b'\n');
    // Serialising plain structs, strings and BTreeMaps cannot fail.
    out.extend_from_slice(serde_json::to_string(form).unwrap_or_default().as_bytes());
    out
}

/// The bytes an applicant's EDS key signs to sign in: the challenge the
/// server gave and the IIN/BIN, so that a signature opens one session of
/// one account once.
///
/// ```
/// use shared::signing::sign_in_bytes;
/// assert_eq!(sign_in_bytes("abc", "860101300017"), b"ruqsat-sign-in/1\nabc\n860101300017".to_vec());
/// ```
pub fn sign_in_bytes(challenge: &str, identifier: &str) -> Vec<u8> {
    format!("ruqsat-sign-in/1\n{}\n{}", challenge.trim(), identifier.trim()).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{ApplicantKind, RequestType};
    use crate::form::Attachment;

    #[test]
    fn every_attachment_hash_changes_the_bytes() {
        let mut form = ApplicationForm::new("security", RequestType::Issuance, ApplicantKind::Le);
        let attachment = |sha: &str| Attachment {
            sha256: sha.to_owned(),
            name: "a.pdf".to_owned(),
            size: 10,
            content_type: "application/pdf".to_owned(),
        };
        form.attachments.insert("charter".to_owned(), vec![attachment("aa")]);
        let before = canonical_bytes("x", &form);
        form.attachments.insert("charter".to_owned(), vec![attachment("ab")]);
        assert_ne!(before, canonical_bytes("x", &form));
    }

    #[test]
    fn a_json_round_trip_keeps_the_bytes() {
        let s = crate::catalog::catalog()
            .service("passenger-transport")
            .expect("a service");
        let today = crate::date::Date::from_ymd(2026, 11, 23).expect("a date");
        let form = crate::form::example(s, RequestType::Issuance, ApplicantKind::Ie, today);
        let json = serde_json::to_string(&form).expect("serialises");
        let back: ApplicationForm = serde_json::from_str(&json).expect("parses");
        assert_eq!(canonical_bytes("id", &form), canonical_bytes("id", &back));
    }
}
