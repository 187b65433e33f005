//! Electronic digital signatures: X.509 certificates from a certification
//! authority, and the verification of a signature over an application.
//!
//! The national authority (НУЦ РК) cannot be reached from here; the
//! [`SandboxCa`] stands in for it behind [`CertificationAuthority`]: a real
//! ECDSA P-256 root whose key is kept in the database, issuing real X.509 v3
//! certificates that bind an applicant's public key (made by the browser with
//! WebCrypto, never leaving it) to their IIN or BIN, as the national
//! authority does: `SERIALNUMBER=IIN…` for a person, `OU=BIN…` for an
//! organisation. Each certificate carries the policy of its holder: an
//! applicant's signs applications, a civil servant's signs decisions
//! ([`Holder`]). Verification does not trust the authority's word:
//! [`verify`] checks the chain to the root, the validity period and the
//! signature; [`check`] adds the policy, revocation, that the authority
//! issued the certificate to this very account or staff member, and the
//! IIN/BIN, and is what every signature in the product goes through.

mod certify;
mod routes;
mod store;

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use p256::ecdsa::signature::{Signer as _, Verifier as _};
use p256::ecdsa::{DerSignature, Signature, SigningKey, VerifyingKey};
use shared::workflow::SignatureCheck;
use x509_cert::Certificate;
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::certificate::{TbsCertificate, Version};
use x509_cert::der::asn1::{BitString, OctetString, SetOfVec, UtcTime, Utf8StringRef};
use x509_cert::der::oid::db::{rfc4519, rfc5912};
use x509_cert::der::oid::{AssociatedOid as _, ObjectIdentifier};
use x509_cert::der::referenced::OwnedToRef as _;
use x509_cert::der::{Any, Decode as _, Encode as _};
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::certpolicy::PolicyInformation;
use x509_cert::ext::pkix::{BasicConstraints, CertificatePolicies, KeyUsage, KeyUsages};
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::time::{Time, Validity};

pub use certify::{Asking, VALIDITY_SECS, certify};
pub use routes::router;
pub use store::{is_revoked, sandbox_key, save_sandbox_keys};

use crate::db::Db;

/// Why a certificate cannot be issued or read.
#[derive(Debug, thiserror::Error)]
pub enum EdsError {
    /// The public key is not an uncompressed P-256 key in a SubjectPublicKeyInfo.
    #[error("the public key is not an ECDSA P-256 SubjectPublicKeyInfo")]
    BadKey,
    /// The certificate could not be encoded.
    #[error("certificate encoding: {0}")]
    Encoding(#[from] x509_cert::der::Error),
    /// No randomness.
    #[error("no randomness: {0}")]
    Random(String),
    /// The stored root is damaged.
    #[error("the sandbox authority's stored key is damaged")]
    DamagedKey,
    /// The national authority's root certificate file is missing or not a
    /// certificate.
    #[error("the certification authority's root {0}: {1}")]
    Root(String, String),
    /// This server issues no certificates (the national authority does).
    #[error("certificates are issued by the national certification authority")]
    NotIssuedHere,
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

/// What a certificate may sign, by the policy the authority writes into it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holder {
    /// An applicant: applications.
    Applicant,
    /// A civil servant of a provider: decisions.
    Staff,
}

/// The sandbox authority's policies, under the enterprise number that RFC
/// 5612 reserves for documentation and examples (32473): a stand-in that no
/// real certificate carries; the national authority's own policy
/// identifiers replace them in a real deployment.
const POLICY_APPLICANT: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.4.1.32473.398.1.1");
const POLICY_STAFF: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.4.1.32473.398.1.2");

impl Holder {
    const fn policy(self) -> ObjectIdentifier {
        match self {
            Holder::Applicant => POLICY_APPLICANT,
            Holder::Staff => POLICY_STAFF,
        }
    }

    fn of_policy(oid: ObjectIdentifier) -> Option<Holder> {
        [Holder::Applicant, Holder::Staff]
            .into_iter()
            .find(|h| h.policy() == oid)
    }
}

/// Whom a certificate names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subject {
    /// The person's full name, or the organisation's.
    pub common_name: String,
    /// `IIN…` or `BIN…` followed by the twelve digits.
    pub identifier: String,
    /// What it may sign.
    pub holder: Holder,
}

/// What the certification authority does.
pub trait CertificationAuthority: Send + Sync + std::fmt::Debug {
    /// Issues a certificate for a public key (SubjectPublicKeyInfo DER),
    /// valid from `not_before` to `not_after` (Unix seconds). Returns the
    /// certificate's DER and its serial in hex.
    fn issue(
        &self,
        subject: &Subject,
        public_key: &[u8],
        not_before: i64,
        not_after: i64,
    ) -> Result<(Vec<u8>, String), EdsError>;

    /// The root certificate's DER, the trust anchor of every check.
    fn root(&self) -> &[u8];

    /// Whether this server issues certificates itself (the sandbox does; the
    /// national authority issues them through its own channels).
    fn issues(&self) -> bool {
        true
    }
}

/// The national certification authority, trusted through its root
/// certificate only: this server checks signatures against it and issues
/// nothing (a deployment without the sandboxes).
#[derive(Clone, Debug)]
pub struct NationalCa {
    root: Vec<u8>,
}

impl NationalCa {
    /// The authority whose root certificate is in a file (DER, or PEM).
    pub fn from_file(path: &std::path::Path) -> Result<NationalCa, EdsError> {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| EdsError::Root(shown.clone(), e.to_string()))?;
        let der = match std::str::from_utf8(&bytes) {
            Ok(text) if text.contains("-----BEGIN CERTIFICATE-----") => {
                let body: String = text
                    .lines()
                    .skip_while(|l| !l.starts_with("-----BEGIN CERTIFICATE-----"))
                    .skip(1)
                    .take_while(|l| !l.starts_with("-----END"))
                    .collect();
                B64.decode(body.trim())
                    .map_err(|e| EdsError::Root(shown.clone(), e.to_string()))?
            }
            _ => bytes,
        };
        Certificate::from_der(&der).map_err(|e| EdsError::Root(shown, e.to_string()))?;
        Ok(NationalCa { root: der })
    }
}

impl CertificationAuthority for NationalCa {
    fn issue(&self, _: &Subject, _: &[u8], _: i64, _: i64) -> Result<(Vec<u8>, String), EdsError> {
        Err(EdsError::NotIssuedHere)
    }

    fn root(&self) -> &[u8] {
        &self.root
    }

    fn issues(&self) -> bool {
        false
    }
}

/// The sandbox authority: a P-256 root that signs certificates for real.
#[derive(Clone)]
pub struct SandboxCa {
    key: SigningKey,
    root: Vec<u8>,
}

impl std::fmt::Debug for SandboxCa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxCa").finish_non_exhaustive()
    }
}

const ROOT_NAME: &str = "Ruqsat sandbox root CA (stands in for НУЦ РК)";

fn random_bytes<const N: usize>() -> Result<[u8; N], EdsError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| EdsError::Random(e.to_string()))?;
    Ok(bytes)
}

fn random_key() -> Result<SigningKey, EdsError> {
    loop {
        // Almost every 32 bytes are a valid scalar; the loop ends at once.
        if let Ok(key) = SigningKey::from_slice(&random_bytes::<32>()?) {
            return Ok(key);
        }
    }
}

fn name(parts: &[(x509_cert::der::oid::ObjectIdentifier, &str)]) -> Result<Name, EdsError> {
    let mut rdns = Vec::new();
    for (oid, value) in parts {
        let atv = AttributeTypeAndValue {
            oid: *oid,
            value: Any::from(Utf8StringRef::new(value)?),
        };
        rdns.push(RelativeDistinguishedName(SetOfVec::try_from(vec![atv])?));
    }
    Ok(RdnSequence(rdns))
}

fn time(unix: i64) -> Result<Time, EdsError> {
    let secs = u64::try_from(unix).map_err(|_| x509_cert::der::Error::from(x509_cert::der::ErrorKind::DateTime))?;
    Ok(Time::UtcTime(UtcTime::from_unix_duration(Duration::from_secs(secs))?))
}

fn extension<T: x509_cert::der::Encode + x509_cert::der::oid::AssociatedOid>(
    value: &T,
    critical: bool,
) -> Result<Extension, EdsError> {
    Ok(Extension {
        extn_id: T::OID,
        critical,
        extn_value: OctetString::new(value.to_der()?)?,
    })
}

fn ecdsa_sha256() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: rfc5912::ECDSA_WITH_SHA_256,
        parameters: None,
    }
}

impl SandboxCa {
    /// A new authority with a fresh root valid for 20 years from `now`.
    pub fn generate(now: i64) -> Result<SandboxCa, EdsError> {
        let key = random_key()?;
        let issuer = name(&[(rfc4519::COUNTRY_NAME, "KZ"), (rfc4519::COMMON_NAME, ROOT_NAME)])?;
        let spki = SubjectPublicKeyInfoOwned::from_key(*key.verifying_key()).map_err(|_| EdsError::BadKey)?;
        let mut ca = SandboxCa { key, root: Vec::new() };
        let extensions = vec![
            extension(
                &BasicConstraints {
                    ca: true,
                    path_len_constraint: Some(0),
                },
                true,
            )?,
            extension(&KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign), true)?,
        ];
        ca.root = ca.sign_certificate(issuer.clone(), issuer, spki, now, now + 20 * 365 * 86_400, extensions)?;
        Ok(ca)
    }

    /// The authority kept in the database, created on first use.
    pub async fn open(db: &Db, now: i64) -> Result<SandboxCa, EdsError> {
        if let Some((key, root)) = store::load_root(db).await? {
            let key = B64.decode(key).map_err(|_| EdsError::DamagedKey)?;
            let key = SigningKey::from_slice(&key).map_err(|_| EdsError::DamagedKey)?;
            let root = B64.decode(root).map_err(|_| EdsError::DamagedKey)?;
            return Ok(SandboxCa { key, root });
        }
        let ca = SandboxCa::generate(now)?;
        store::save_root(db, &B64.encode(ca.key.to_bytes()), &B64.encode(&ca.root), now).await?;
        // Another server may have won the race: use whatever is stored.
        Box::pin(SandboxCa::open(db, now)).await
    }

    fn sign_certificate(
        &self,
        issuer: Name,
        subject: Name,
        spki: SubjectPublicKeyInfoOwned,
        not_before: i64,
        not_after: i64,
        extensions: Vec<Extension>,
    ) -> Result<Vec<u8>, EdsError> {
        // A positive 16-byte serial: the top bit cleared.
        let mut serial = random_bytes::<16>()?;
        serial[0] &= 0x7f;
        serial[0] |= 0x01;
        let tbs = TbsCertificate {
            version: Version::V3,
            serial_number: SerialNumber::new(&serial)?,
            signature: ecdsa_sha256(),
            issuer,
            validity: Validity {
                not_before: time(not_before)?,
                not_after: time(not_after)?,
            },
            subject,
            subject_public_key_info: spki,
            issuer_unique_id: None,
            subject_unique_id: None,
            extensions: Some(extensions),
        };
        let signature: Signature = self.key.sign(&tbs.to_der()?);
        let signature: DerSignature = signature.to_der();
        let cert = Certificate {
            tbs_certificate: tbs,
            signature_algorithm: ecdsa_sha256(),
            signature: BitString::from_bytes(signature.as_bytes())?,
        };
        Ok(cert.to_der()?)
    }
}

impl CertificationAuthority for SandboxCa {
    fn issue(
        &self,
        subject: &Subject,
        public_key: &[u8],
        not_before: i64,
        not_after: i64,
    ) -> Result<(Vec<u8>, String), EdsError> {
        let spki = SubjectPublicKeyInfoOwned::from_der(public_key).map_err(|_| EdsError::BadKey)?;
        // Only P-256 keys are certified.
        VerifyingKey::try_from(spki.owned_to_ref()).map_err(|_| EdsError::BadKey)?;
        let root = Certificate::from_der(&self.root)?;
        let id_attribute = if subject.identifier.starts_with("BIN") {
            rfc4519::ORGANIZATIONAL_UNIT_NAME
        } else {
            rfc4519::SERIAL_NUMBER
        };
        let subject_name = name(&[
            (rfc4519::COUNTRY_NAME, "KZ"),
            (rfc4519::COMMON_NAME, &subject.common_name),
            (id_attribute, &subject.identifier),
        ])?;
        let extensions = vec![
            extension(&KeyUsage(KeyUsages::DigitalSignature | KeyUsages::NonRepudiation), true)?,
            extension(
                &CertificatePolicies(vec![PolicyInformation {
                    policy_identifier: subject.holder.policy(),
                    policy_qualifiers: None,
                }]),
                false,
            )?,
        ];
        let der = self.sign_certificate(
            root.tbs_certificate.subject,
            subject_name,
            spki,
            not_before,
            not_after,
            extensions,
        )?;
        let cert = Certificate::from_der(&der)?;
        Ok((der, hex(cert.tbs_certificate.serial_number.as_bytes())))
    }

    fn root(&self) -> &[u8] {
        &self.root
    }
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

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

#[cfg(test)]
mod tests {
    use super::*;
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
