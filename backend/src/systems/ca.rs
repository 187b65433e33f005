//! The certification authority: the national one (НУЦ РК) cannot be
//! reached from here, so [`SandboxCa`] stands in for it behind
//! [`CertificationAuthority`] — a real ECDSA P-256 root whose key is kept
//! in the database, issuing real X.509 v3 certificates that bind a public
//! key (made by the browser with WebCrypto, never leaving it) to an IIN or
//! BIN, as the national authority does: `SERIALNUMBER=IIN…` for a person,
//! `OU=BIN…` for an organisation, and the policy of its holder
//! ([`Holder`]). A deployment without the sandboxes trusts the national
//! authority's root ([`NationalCa`]) and issues nothing.

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{DerSignature, Signature, SigningKey, VerifyingKey};
use x509_cert::Certificate;
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::certificate::{TbsCertificate, Version};
use x509_cert::der::asn1::{BitString, OctetString, SetOfVec, UtcTime, Utf8StringRef};
use x509_cert::der::oid::ObjectIdentifier;
use x509_cert::der::oid::db::{rfc4519, rfc5912};
use x509_cert::der::referenced::OwnedToRef as _;
use x509_cert::der::{Any, Decode as _, Encode as _};
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::certpolicy::PolicyInformation;
use x509_cert::ext::pkix::{BasicConstraints, CertificatePolicies, KeyUsage, KeyUsages};
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::time::{Time, Validity};

use super::{hex, store};
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

    /// The holder a certificate policy names, if it is one of ours.
    pub fn of_policy(oid: ObjectIdentifier) -> Option<Holder> {
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

/// A new P-256 key from the system's randomness.
pub(crate) fn random_key() -> Result<SigningKey, EdsError> {
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
