//! Electronic digital signatures: the applicant's and the staff's
//! certificates (issued with the password given again, listed, revoked),
//! and the verification of every signature in the product.
//!
//! The certification authority itself — the sandbox standing in for the
//! national one (НУЦ РК), or the national root a deployment trusts — is a
//! state system, in [`crate::systems::ca`]. Verification does not trust the
//! authority's word: [`verify`] checks the chain to the root, the validity
//! period and the signature; [`check`] adds the holder's policy
//! ([`Holder`]), revocation, that the authority issued the certificate to
//! this very account or staff member, and the IIN/BIN, and is what every
//! signature in the product goes through.

mod certify;
mod routes;
mod store;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use p256::ecdsa::signature::Verifier as _;
use p256::ecdsa::{Signature, VerifyingKey};
use shared::workflow::SignatureCheck;
use x509_cert::Certificate;
use x509_cert::der::asn1::Utf8StringRef;
use x509_cert::der::oid::AssociatedOid as _;
use x509_cert::der::oid::db::{rfc4519, rfc5912};
use x509_cert::der::referenced::OwnedToRef as _;
use x509_cert::der::{Decode as _, Encode as _};
use x509_cert::ext::pkix::CertificatePolicies;
use x509_cert::name::Name;
use x509_cert::time::Time;

pub use certify::{Asking, VALIDITY_SECS, certify};
pub use routes::router;
pub use store::is_revoked;

pub use crate::systems::ca::{CertificationAuthority, EdsError, Holder, NationalCa, SandboxCa, Subject};
pub use crate::systems::hex;

use crate::db::Db;

/// What a verified certificate says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateInfo {
    /// Serial, hex.
    pub serial: String,
    /// The subject's common name.
    pub common_name: String,
    /// `IIN…` or `BIN…`.
    pub identifier: String,
    /// Valid from, Unix seconds.
    pub not_before: i64,
    /// Valid until, Unix seconds.
    pub not_after: i64,
    /// What it may sign (none for a certificate without the authority's policy).
    pub holder: Option<Holder>,
}

impl CertificateInfo {
    /// The twelve digits of the IIN or BIN.
    pub fn digits(&self) -> &str {
        self.identifier.get(3..).unwrap_or_default()
    }
}

fn attribute(name: &Name, oid: x509_cert::der::oid::ObjectIdentifier) -> Option<String> {
    name.0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|atv| atv.oid == oid)
        .and_then(|atv| {
            atv.value
                .decode_as::<Utf8StringRef<'_>>()
                .ok()
                .map(|s| s.as_str().to_owned())
                .or_else(|| {
                    atv.value
                        .decode_as::<x509_cert::der::asn1::PrintableStringRef<'_>>()
                        .ok()
                        .map(|s| s.as_str().to_owned())
                })
        })
}

/// Reads a certificate and checks that the root signed it.
pub fn read_certificate(root: &[u8], der: &[u8]) -> Result<(Certificate, CertificateInfo), SignatureCheck> {
    let cert = Certificate::from_der(der).map_err(|_| SignatureCheck::Invalid)?;
    let root = Certificate::from_der(root).map_err(|_| SignatureCheck::Invalid)?;
    let root_key = VerifyingKey::try_from(root.tbs_certificate.subject_public_key_info.owned_to_ref())
        .map_err(|_| SignatureCheck::Invalid)?;
    let tbs = &cert.tbs_certificate;
    if cert.signature_algorithm.oid != rfc5912::ECDSA_WITH_SHA_256 || tbs.issuer != root.tbs_certificate.subject {
        return Err(SignatureCheck::Invalid);
    }
    let signature = cert
        .signature
        .as_bytes()
        .and_then(|b| Signature::from_der(b).ok())
        .ok_or(SignatureCheck::Invalid)?;
    let tbs_der = tbs.to_der().map_err(|_| SignatureCheck::Invalid)?;
    root_key
        .verify(&tbs_der, &signature)
        .map_err(|_| SignatureCheck::Invalid)?;
    let identifier = attribute(&tbs.subject, rfc4519::SERIAL_NUMBER)
        .filter(|s| s.starts_with("IIN"))
        .or_else(|| attribute(&tbs.subject, rfc4519::ORGANIZATIONAL_UNIT_NAME).filter(|s| s.starts_with("BIN")))
        .ok_or(SignatureCheck::Invalid)?;
    let secs = |t: Time| i64::try_from(t.to_unix_duration().as_secs()).unwrap_or(i64::MAX);
    let holder = tbs
        .extensions
        .iter()
        .flatten()
        .filter(|e| e.extn_id == CertificatePolicies::OID)
        .find_map(|e| CertificatePolicies::from_der(e.extn_value.as_bytes()).ok())
        .and_then(|p| p.0.iter().find_map(|i| Holder::of_policy(i.policy_identifier)));
    let info = CertificateInfo {
        serial: hex(tbs.serial_number.as_bytes()),
        common_name: attribute(&tbs.subject, rfc4519::COMMON_NAME).unwrap_or_default(),
        identifier,
        not_before: secs(tbs.validity.not_before),
        not_after: secs(tbs.validity.not_after),
        holder,
    };
    Ok((cert, info))
}

/// Whom a signature must come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signer<'a> {
    /// The account that owns the application, and the IIN/BIN it names.
    Applicant {
        /// The account's id.
        account: &'a str,
        /// The IIN or BIN.
        identifier: &'a str,
    },
    /// A staff member, by id and IIN.
    Staff {
        /// The member's id.
        id: &'a str,
        /// Their IIN.
        iin: &'a str,
    },
}

/// Checks a signature as the regulations require, each failure with its
/// own seed message: the certificate (base64 DER) chains to the root and
/// verifies the signature (base64 r‖s) over `message`; it was valid at
/// `at`; its policy is the signer's kind (an applicant's certificate never
/// signs a decision, a staff certificate never an application); it was not
/// revoked by `at`; the authority issued it to this very account or staff
/// member; and it names their IIN/BIN.
pub async fn check(
    db: &Db,
    root: &[u8],
    certificate: &str,
    signature: &str,
    message: &[u8],
    at: i64,
    signer: Signer<'_>,
) -> Result<(SignatureCheck, Option<CertificateInfo>), sqlx::Error> {
    let (Ok(der), Ok(sig)) = (B64.decode(certificate.trim()), B64.decode(signature.trim())) else {
        return Ok((SignatureCheck::Invalid, None));
    };
    let info = match verify(root, &der, message, &sig, at) {
        Ok(info) => info,
        Err(check) => return Ok((check, None)),
    };
    let (holder, identifier) = match signer {
        Signer::Applicant { identifier, .. } => (Holder::Applicant, identifier),
        Signer::Staff { iin, .. } => (Holder::Staff, iin),
    };
    if info.holder != Some(holder) {
        return Ok((SignatureCheck::Invalid, Some(info)));
    }
    if is_revoked(db, &info.serial, at).await? {
        return Ok((SignatureCheck::Revoked, Some(info)));
    }
    let issued_to_signer = match (signer, store::holder_of(db, &info.serial).await?) {
        (Signer::Applicant { account, .. }, Some((Some(a), _))) => a == account,
        (Signer::Staff { id, .. }, Some((_, Some(s)))) => s == id,
        _ => false,
    };
    if !issued_to_signer || info.digits() != identifier.trim() {
        return Ok((SignatureCheck::IdMismatch, Some(info)));
    }
    Ok((SignatureCheck::Valid, Some(info)))
}

/// Verifies a signature (WebCrypto's ECDSA P-256 / SHA-256, r‖s) over
/// `message` by the certificate `der`, at `now`: the chain to the root, the
/// signature, then the validity period. Revocation and the IIN/BIN are the
/// caller's to check, with [`is_revoked`] and [`CertificateInfo::digits`].
pub fn verify(
    root: &[u8],
    der: &[u8],
    message: &[u8],
    signature: &[u8],
    now: i64,
) -> Result<CertificateInfo, SignatureCheck> {
    let (cert, info) = read_certificate(root, der)?;
    let key = VerifyingKey::try_from(cert.tbs_certificate.subject_public_key_info.owned_to_ref())
        .map_err(|_| SignatureCheck::Invalid)?;
    let signature = Signature::from_slice(signature).map_err(|_| SignatureCheck::Invalid)?;
    key.verify(message, &signature).map_err(|_| SignatureCheck::Invalid)?;
    if now < info.not_before || now > info.not_after {
        return Err(SignatureCheck::Expired);
    }
    Ok(info)
}

/// A certificate the authority issued, by its serial (base64 DER): what a
/// sign-in names, the device holding only the serial and the key.
pub async fn certificate_der(db: &Db, serial: &str) -> Result<Option<String>, sqlx::Error> {
    store::der_of(db, serial).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::systems::ca::random_key;
    use p256::ecdsa::SigningKey;
    use p256::ecdsa::signature::Signer;
    use p256::pkcs8::EncodePublicKey as _;

    const NOW: i64 = 1_795_000_000;

    fn applicant_key() -> (SigningKey, Vec<u8>) {
        let key = random_key().expect("a key");
        let spki = key
            .verifying_key()
            .to_public_key_der()
            .expect("a public key")
            .as_bytes()
            .to_vec();
        (key, spki)
    }

    fn subject() -> Subject {
        Subject {
            common_name: "ИВАНОВ ИВАН".to_owned(),
            identifier: "IIN860101300017".to_owned(),
            holder: Holder::Applicant,
        }
    }

    #[test]
    fn a_certificate_from_the_root_verifies_a_signature() {
        let ca = SandboxCa::generate(NOW).expect("a root");
        let (key, spki) = applicant_key();
        let (der, serial) = ca.issue(&subject(), &spki, NOW, NOW + 86_400).expect("a certificate");
        let sig: Signature = key.sign(b"the application");
        let info = verify(ca.root(), &der, b"the application", &sig.to_bytes(), NOW + 10).expect("valid");
        assert_eq!(info.serial, serial);
        assert_eq!(info.common_name, "ИВАНОВ ИВАН");
        assert_eq!(info.digits(), "860101300017");
        assert_eq!(info.holder, Some(Holder::Applicant));
        let staff = Subject {
            holder: Holder::Staff,
            ..subject()
        };
        let (der, _) = ca.issue(&staff, &spki, NOW, NOW + 86_400).expect("a certificate");
        let info = verify(ca.root(), &der, b"the application", &sig.to_bytes(), NOW + 10).expect("valid");
        assert_eq!(info.holder, Some(Holder::Staff), "the policy tells the two apart");
    }

    #[test]
    fn a_changed_message_another_root_or_the_wrong_time_are_refused() {
        let ca = SandboxCa::generate(NOW).expect("a root");
        let other = SandboxCa::generate(NOW).expect("another root");
        let (key, spki) = applicant_key();
        let (der, _) = ca.issue(&subject(), &spki, NOW, NOW + 86_400).expect("a certificate");
        let sig = Signer::<Signature>::sign(&key, b"the application").to_bytes();
        let check = |root: &[u8], msg: &[u8], at| verify(root, &der, msg, &sig, at).err();
        assert_eq!(check(ca.root(), b"the applicatioN", NOW), Some(SignatureCheck::Invalid));
        assert_eq!(
            check(other.root(), b"the application", NOW),
            Some(SignatureCheck::Invalid)
        );
        assert_eq!(
            check(ca.root(), b"the application", NOW + 86_401),
            Some(SignatureCheck::Expired)
        );
        assert_eq!(
            check(ca.root(), b"the application", NOW - 1),
            Some(SignatureCheck::Expired)
        );
        let mut forged = der.clone();
        let last = forged.len() - 40;
        forged[last] ^= 1;
        assert_eq!(
            verify(ca.root(), &forged, b"the application", &sig, NOW).err(),
            Some(SignatureCheck::Invalid)
        );
    }

    #[test]
    fn only_p256_keys_are_certified() {
        let ca = SandboxCa::generate(NOW).expect("a root");
        assert!(matches!(
            ca.issue(&subject(), b"not a key", NOW, NOW + 1),
            Err(EdsError::BadKey)
        ));
    }

    #[test]
    fn an_organisation_is_named_by_its_bin() {
        let ca = SandboxCa::generate(NOW).expect("a root");
        let (key, spki) = applicant_key();
        let subject = Subject {
            common_name: "ТОО «Сақшы», Алматы".to_owned(),
            identifier: "BIN990340001230".to_owned(),
            holder: Holder::Applicant,
        };
        let (der, _) = ca.issue(&subject, &spki, NOW, NOW + 60).expect("a certificate");
        let sig = Signer::<Signature>::sign(&key, b"x").to_bytes();
        let info = verify(ca.root(), &der, b"x", &sig, NOW).expect("valid");
        assert_eq!(info.identifier, "BIN990340001230");
        assert_eq!(info.common_name, "ТОО «Сақшы», Алматы");
    }
}
