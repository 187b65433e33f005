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

/// Obtains a certificate for a new key made on this device: the browser
/// makes the key, the authority certifies its public half, and the key is
/// bound to the certificate's serial. Answers the certificate, or what to
/// tell the applicant in their language.
pub async fn obtain_certificate(
    account: &str,
    lang: shared::i18n::Lang,
) -> Result<shared::api::CertificateView, String> {
    obtain_certificate_from("/api/certificates", account, lang).await
}

/// As [`obtain_certificate`], from an endpoint of the authority's (staff
/// certificates have their own).
pub async fn obtain_certificate_from(
    endpoint: &str,
    account: &str,
    lang: shared::i18n::Lang,
) -> Result<shared::api::CertificateView, String> {
    use shared::i18n::Msg;
    let unsupported = || Msg::CertUnsupported.text(lang).to_owned();
    let public_key = new_key(account).await.map_err(|_| unsupported())?;
    let body = shared::api::CertificateRequest { public_key };
    let c = crate::api::call::<shared::api::CertificateView>("POST", endpoint, Some(&body))
        .await
        .map_err(|e| e.message(lang))?;
    bind(account, &c.serial).await.map_err(|_| unsupported())?;
    Ok(c)
}
