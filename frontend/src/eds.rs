//! The EDS key on this device: made, kept and used by the browser's
//! WebCrypto (non-extractable ECDSA P-256 in IndexedDB), one per account.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/platform.js")]
extern "C" {
    #[wasm_bindgen(js_name = edsSupported)]
    fn eds_supported() -> bool;
    #[wasm_bindgen(catch, js_name = edsNewKey)]
    async fn eds_new_key(account: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = edsBind)]
    async fn eds_bind(account: &str, serial: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = edsSerial)]
    async fn eds_serial(account: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = edsSign)]
    async fn eds_sign(account: &str, bytes: &[u8]) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = sha256Hex)]
    async fn sha256_hex(bytes: &[u8]) -> Result<JsValue, JsValue>;
}

/// Why the key could not be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyError;

/// Whether this browser can keep an EDS key.
pub fn supported() -> bool {
    eds_supported()
}

/// Makes a new key for an account; answers its public key (base64 SPKI).
pub async fn new_key(account: &str) -> Result<String, KeyError> {
    eds_new_key(account)
        .await
        .ok()
        .and_then(|v| v.as_string())
        .ok_or(KeyError)
}

/// Records the certificate the account's key belongs to.
pub async fn bind(account: &str, serial: &str) -> Result<(), KeyError> {
    eds_bind(account, serial).await.map(|_| ()).map_err(|_| KeyError)
}

/// The serial of the certificate whose key is on this device ("" when none).
pub async fn serial(account: &str) -> String {
    eds_serial(account)
        .await
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// Signs bytes; answers the signature (r‖s, base64).
pub async fn sign(account: &str, bytes: &[u8]) -> Result<String, KeyError> {
    eds_sign(account, bytes)
        .await
        .ok()
        .and_then(|v| v.as_string())
        .ok_or(KeyError)
}

/// SHA-256 of bytes, hex.
pub async fn digest(bytes: &[u8]) -> String {
    sha256_hex(bytes)
        .await
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// Why no certificate was had: the password (shown beside its field) or
/// anything else (shown as the page's problem), in the user's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CertificateProblem {
    /// The password given again was missing or wrong, or asked too often.
    Password(String),
    /// Anything else.
    Other(String),
}

impl CertificateProblem {
    /// The message, wherever it is shown.
    pub fn message(&self) -> &str {
        match self {
            CertificateProblem::Password(m) | CertificateProblem::Other(m) => m,
        }
    }
}

/// Obtains a certificate for a new key made on this device: the browser
/// makes the key, the authority certifies its public half once the holder
/// has given their password again, and the key is bound to the
/// certificate's serial (until then the key in use stays).
pub async fn obtain_certificate(
    account: &str,
    password: String,
    lang: shared::i18n::Lang,
) -> Result<shared::api::CertificateView, CertificateProblem> {
    obtain_certificate_from("/api/certificates", account, password, lang).await
}

/// As [`obtain_certificate`], from an endpoint of the authority's (staff
/// certificates have their own).
pub async fn obtain_certificate_from(
    endpoint: &str,
    account: &str,
    password: String,
    lang: shared::i18n::Lang,
) -> Result<shared::api::CertificateView, CertificateProblem> {
    use shared::i18n::Msg;
    let unsupported = || CertificateProblem::Other(Msg::CertUnsupported.text(lang).to_owned());
    if password.is_empty() {
        return Err(CertificateProblem::Password(
            Msg::CertPasswordMissing.text(lang).to_owned(),
        ));
    }
    let public_key = new_key(account).await.map_err(|_| unsupported())?;
    let body = shared::api::CertificateRequest { public_key, password };
    let c = crate::api::call::<shared::api::CertificateView>("POST", endpoint, Some(&body))
        .await
        .map_err(|e| {
            let on_password = e.status() == 429 || e.field_errors().iter().any(|f| f.path == "certificate.password");
            let message = e
                .field_errors()
                .first()
                .map(|f| f.message.text(lang).to_owned())
                .unwrap_or_else(|| e.message(lang));
            if on_password {
                CertificateProblem::Password(message)
            } else {
                CertificateProblem::Other(message)
            }
        })?;
    bind(account, &c.serial).await.map_err(|_| unsupported())?;
    Ok(c)
}
