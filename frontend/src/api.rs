//! The HTTP API, typed with the shared request and response bodies.
//!
//! Every call answers `Result<T, ApiError>`; an error carries the server's
//! problem document (its message key and field-addressed errors), or says
//! the network failed, so each page can tell the applicant what to do in
//! their language.

use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::api::Problem;
use shared::form::FieldError;
use shared::i18n::{Lang, Msg};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/platform.js")]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn http(method: &str, url: &str, body: Option<String>) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = upload)]
    async fn upload_file(url: &str, file: &web_sys::File, progress: &Closure<dyn Fn(f64)>) -> Result<JsValue, JsValue>;
}

/// Why a call failed.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The server could not be reached.
    Network,
    /// The server answered with an error.
    Status {
        /// The HTTP status.
        status: u16,
        /// Its problem document, when it sent one.
        problem: Option<Problem>,
    },
}

impl ApiError {
    /// The stable code of the problem, if any.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiError::Status { problem: Some(p), .. } => Some(&p.code),
            _ => None,
        }
    }

    /// The HTTP status (0 for a network failure).
    pub fn status(&self) -> u16 {
        match self {
            ApiError::Network => 0,
            ApiError::Status { status, .. } => *status,
        }
    }

    /// The field-addressed errors of a refused form.
    pub fn field_errors(&self) -> Vec<FieldError> {
        match self {
            ApiError::Status { problem: Some(p), .. } => p.errors.clone(),
            _ => Vec::new(),
        }
    }

    /// What to tell the applicant.
    pub fn message(&self, lang: Lang) -> String {
        if let ApiError::Status { problem: Some(p), .. } = self
            && let Some(text) = p.text(lang)
        {
            return text;
        }
        let msg = match self {
            ApiError::Network => Msg::CommonNetwork,
            ApiError::Status {
                problem: Some(Problem { message: Some(m), .. }),
                ..
            } => *m,
            ApiError::Status { status: 422, .. } => Msg::CommonErrorSummary,
            _ => Msg::CommonServerError,
        };
        msg.text(lang).to_owned()
    }
}

fn parse_answer(answer: JsValue) -> (u16, String) {
    let text = answer.as_string().unwrap_or_default();
    let (status, body) = text.split_once('\n').unwrap_or((&text, ""));
    (status.parse().unwrap_or(0), body.to_owned())
}

fn decode<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, ApiError> {
    if (200..300).contains(&status) {
        let body = if body.is_empty() { "null" } else { body };
        serde_json::from_str(body).map_err(|_| ApiError::Status { status, problem: None })
    } else {
        Err(ApiError::Status {
            status,
            problem: serde_json::from_str(body).ok(),
        })
    }
}

/// A call with an optional JSON body.
pub async fn call<T: DeserializeOwned>(method: &str, url: &str, body: Option<&impl Serialize>) -> Result<T, ApiError> {
    let body = body.and_then(|b| serde_json::to_string(b).ok());
    let answer = http(method, url, body).await.map_err(|_| ApiError::Network)?;
    let (status, text) = parse_answer(answer);
    decode(status, &text)
}

/// `GET`.
pub async fn get<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    call::<T>("GET", url, None::<&()>).await
}

/// `GET` of a text that is not JSON (an SVG image, say).
pub async fn text(url: &str) -> Result<String, ApiError> {
    let answer = http("GET", url, None).await.map_err(|_| ApiError::Network)?;
    let (status, body) = parse_answer(answer);
    if (200..300).contains(&status) {
        Ok(body)
    } else {
        Err(ApiError::Status {
            status,
            problem: serde_json::from_str(&body).ok(),
        })
    }
}

/// A call whose answer has no body worth reading.
pub async fn send(method: &str, url: &str, body: Option<&impl Serialize>) -> Result<(), ApiError> {
    call::<serde_json::Value>(method, url, body).await.map(|_| ())
}

/// Uploads a file as the request body, reporting progress in percent.
pub async fn upload<T: DeserializeOwned>(
    url: &str,
    file: &web_sys::File,
    progress: impl Fn(f64) + 'static,
) -> Result<T, ApiError> {
    let progress: Closure<dyn Fn(f64)> = Closure::new(progress);
    let answer = upload_file(url, file, &progress).await.map_err(|_| ApiError::Network)?;
    let (status, text) = parse_answer(answer);
    decode(status, &text)
}

/// A path segment or query value, percent-encoded.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
