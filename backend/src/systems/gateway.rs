//! The gateway's contract and its sandbox.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use hmac::{Hmac, Mac as _};
use sha2::Sha256;

use super::ca::EdsError;
use super::{hex, store};
use crate::db::Db;

/// What the backend needs of a payment gateway.
pub trait PaymentGateway: Send + Sync + std::fmt::Debug {
    /// The page where the applicant pays a payment.
    fn checkout_url(&self, payment_id: &str) -> String;
    /// Whether `signature` (hex) is the gateway's over `body`.
    fn verify(&self, body: &[u8], signature: &str) -> bool;
}

/// The sandbox gateway: its checkout page is served by this server, and it
/// signs its notifications with a key kept in the database.
#[derive(Clone)]
pub struct SandboxGateway {
    key: Vec<u8>,
}

impl std::fmt::Debug for SandboxGateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SandboxGateway").finish_non_exhaustive()
    }
}

const KEY_NAME: &str = "gateway-notification-key";

fn mac(key: &[u8]) -> Hmac<Sha256> {
    // HMAC takes a key of any length.
    <Hmac<Sha256> as hmac::digest::KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!())
}

impl SandboxGateway {
    /// A gateway with a given notification key.
    pub fn with_key(key: Vec<u8>) -> SandboxGateway {
        SandboxGateway { key }
    }

    /// The gateway whose key is kept in the database, created on first use.
    pub async fn open(db: &Db, now: i64) -> Result<SandboxGateway, EdsError> {
        if let Some(key) = store::sandbox_key(db, KEY_NAME).await? {
            let key = B64.decode(key).map_err(|_| EdsError::DamagedKey)?;
            return Ok(SandboxGateway { key });
        }
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(|e| EdsError::Random(e.to_string()))?;
        store::save_sandbox_keys(db, &[(KEY_NAME, &B64.encode(key))], now).await?;
        Box::pin(SandboxGateway::open(db, now)).await
    }

    /// The gateway's signature over a notification body, hex.
    pub fn sign(&self, body: &[u8]) -> String {
        let mut m = mac(&self.key);
        m.update(body);
        hex(&m.finalize().into_bytes())
    }
}

impl PaymentGateway for SandboxGateway {
    fn checkout_url(&self, payment_id: &str) -> String {
        format!("/sandbox/gateway/{payment_id}")
    }

    fn verify(&self, body: &[u8], signature: &str) -> bool {
        verify_mac(&self.key, body, signature)
    }
}

/// A real gateway: its checkout page is its own (the payment's id appended
/// to a base address), and its notifications are signed with a key shared
/// with it, read from a file outside the database.
#[derive(Clone)]
pub struct HostedGateway {
    checkout: String,
    key: Vec<u8>,
}

impl std::fmt::Debug for HostedGateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostedGateway")
            .field("checkout", &self.checkout)
            .finish_non_exhaustive()
    }
}

impl HostedGateway {
    /// The gateway at `checkout` (the payment's id is appended) with the
    /// notification key in `key_file` (its bytes, a trailing newline aside).
    pub fn new(checkout: &str, key_file: &std::path::Path) -> Result<HostedGateway, String> {
        let mut key = std::fs::read(key_file).map_err(|e| format!("the gateway key {}: {e}", key_file.display()))?;
        while key.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            key.pop();
        }
        if key.len() < 32 {
            return Err(format!(
                "the gateway key {} has {} bytes: at least 32 are needed",
                key_file.display(),
                key.len()
            ));
        }
        Ok(HostedGateway {
            checkout: checkout.to_owned(),
            key,
        })
    }
}

impl PaymentGateway for HostedGateway {
    fn checkout_url(&self, payment_id: &str) -> String {
        format!("{}{payment_id}", self.checkout)
    }

    fn verify(&self, body: &[u8], signature: &str) -> bool {
        verify_mac(&self.key, body, signature)
    }
}

fn verify_mac(key: &[u8], body: &[u8], signature: &str) -> bool {
    let Some(bytes) = unhex(signature.trim()) else {
        return false;
    };
    let mut m = mac(key);
    m.update(body);
    // Constant time.
    m.verify_slice(&bytes).is_ok()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_only_for_its_body_and_key() {
        let g = SandboxGateway::with_key(b"k1".to_vec());
        let sig = g.sign(b"{\"payment_id\":\"p\"}");
        assert!(g.verify(b"{\"payment_id\":\"p\"}", &sig));
        assert!(!g.verify(b"{\"payment_id\":\"q\"}", &sig));
        assert!(!SandboxGateway::with_key(b"k2".to_vec()).verify(b"{\"payment_id\":\"p\"}", &sig));
        assert!(!g.verify(b"x", "zz"));
        assert!(!g.verify(b"x", "abc"));
    }
}
