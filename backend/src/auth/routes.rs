//! The account endpoints and the session extractor.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::Router;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use sha2::{Digest, Sha256};
use shared::api::{ChangePassword, Login, MIN_PASSWORD, Me, RegisterAccount, RegisterProfile, applicant_identifier};
use shared::form::FieldError;
use shared::i18n::Msg;
use shared::workflow::Refusal;

use super::store::{self, Account, Taken};
use crate::error::ApiJson;
use crate::{AppError, AppState};

const COOKIE: &str = "ruqsat_session";
const SESSION_SECS: i64 = 12 * 3600;
const WINDOW_SECS: i64 = 15 * 60;
const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
const MAX_FAILURES_PER_ADDRESS: i64 = 20;

/// The account routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/accounts", post(register_account))
        .route("/sessions", post(create_session))
        .route("/sessions/current", axum::routing::delete(delete_session))
        .route("/me", get(get_me))
        .route("/me/password", post(change_password))
        .route("/me/register-profile", get(get_register_profile))
}

pub(crate) fn random_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    Ok(hex(&bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Hashes a password with argon2id off the async threads.
pub(crate) async fn hash_password(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
        let salt = SaltString::encode_b64(&salt).map_err(|e| AppError::Internal(e.to_string()))?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(e.to_string()))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}

/// Checks a password against a stored hash off the async threads.
pub(crate) async fn verify_password(password: String, hash: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&hash).map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}

/// A session cookie named `name` (applicants' and staff's differ).
pub(crate) fn session_cookie(name: &str, token: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let value = format!("{name}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}");
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static("ruqsat_session=; Max-Age=0"))
}

/// The session token in cookie `name`, when well-formed.
pub(crate) fn cookie_token(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn me(a: &Account) -> Me {
    Me {
        kind: a.kind,
        identifier: a.identifier.clone(),
        email: a.email.clone(),
    }
}

async fn start_session(state: &AppState, account: &Account, status: StatusCode) -> Result<Response, AppError> {
    let token = random_token()?;
    let now = state.clock.now().unix();
    store::create_session(&state.db, &token_hash(&token), &account.id, now, now + SESSION_SECS).await?;
    let mut response = (status, ApiJson(me(account))).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        session_cookie(COOKIE, &token, SESSION_SECS, state.secure_cookies),
    );
    Ok(response)
}

async fn register_account(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<RegisterAccount>,
) -> Result<Response, AppError> {
    // The same checks the browser ran.
    let mut errors = body.validate();
    let id = applicant_identifier(body.kind, &body.identifier).ok();
    let email = body.email.trim().to_lowercase();
    if let Some(id) = &id
        && state.registers.applicant(body.kind, id).is_none()
    {
        errors.push(FieldError::new("account.identifier", Msg::RefusalNotInRegister));
    }
    let Some(identifier) = id.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let account = Account {
        id: random_token()?[..32].to_owned(),
        kind: body.kind,
        identifier,
        email,
        password_hash: hash_password(body.password).await?,
    };
    match store::create_account(&state.db, &account, state.clock.now().unix()).await? {
        Some(Taken::Identifier) => Err(AppError::Conflict(Msg::AccountExists)),
        Some(Taken::Email) => Err(AppError::Invalid(vec![FieldError::new(
            "account.email",
            Msg::AccountEmailTaken,
        )])),
        None => start_session(&state, &account, StatusCode::CREATED).await,
    }
}

/// The client's address, when the server knows it (not in socket-less tests).
pub(crate) fn client_address(ext: &axum::http::Extensions) -> String {
    ext.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}

async fn create_session(State(state): State<AppState>, request: axum::extract::Request) -> Result<Response, AppError> {
    let address = client_address(request.extensions());
    let body = axum::body::to_bytes(request.into_body(), 64 * 1024)
        .await
        .map_err(|e| AppError::Malformed(e.to_string()))?;
    let login: Login = serde_json::from_slice(&body).map_err(|e| AppError::Malformed(e.to_string()))?;
    let now = state.clock.now().unix();
    let id = login.identifier.split_whitespace().collect::<String>();
    let (id_scope, ip_scope) = (format!("id:{id}"), format!("ip:{address}"));
    let since = now - WINDOW_SECS;
    if store::failures_since(&state.db, &id_scope, since).await? >= MAX_FAILURES_PER_ACCOUNT
        || store::failures_since(&state.db, &ip_scope, since).await? >= MAX_FAILURES_PER_ADDRESS
    {
        return Err(AppError::TooManyAttempts);
    }
    let account = store::account_by_identifier(&state.db, &id).await?;
    let ok = match &account {
        Some(a) => verify_password(login.password, a.password_hash.clone()).await?,
        None => false,
    };
    match account.filter(|_| ok) {
        Some(a) => {
            store::clear_failures(&state.db, &id_scope).await?;
            start_session(&state, &a, StatusCode::OK).await
        }
        None => {
            store::record_failure(&state.db, &id_scope, now).await?;
            store::record_failure(&state.db, &ip_scope, now).await?;
            Err(AppError::Refused(Refusal::AuthorisationRefused))
        }
    }
}

async fn delete_session(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    if let Some(token) = cookie_token(&headers, COOKIE) {
        store::delete_session(&state.db, &token_hash(&token)).await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session_cookie(COOKIE, "", 0, state.secure_cookies));
    Ok(response)
}

/// The signed-in applicant; rejects with 401 when there is no live session.
#[derive(Clone, Debug)]
pub struct CurrentAccount {
    /// The account.
    pub account: Account,
    /// The hash of the session's token.
    pub session: String,
}

impl FromRequestParts<AppState> for CurrentAccount {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = cookie_token(&parts.headers, COOKIE).ok_or(AppError::Unauthenticated)?;
        let hash = token_hash(&token);
        let account = store::session_account(&state.db, &hash, state.clock.now().unix())
            .await?
            .ok_or(AppError::Unauthenticated)?;
        Ok(CurrentAccount { account, session: hash })
    }
}

async fn get_me(current: CurrentAccount) -> ApiJson<Me> {
    ApiJson(me(&current.account))
}

async fn change_password(
    State(state): State<AppState>,
    current: CurrentAccount,
    ApiJson(body): ApiJson<ChangePassword>,
) -> Result<StatusCode, AppError> {
    if body.new.chars().count() < MIN_PASSWORD {
        return Err(AppError::Invalid(vec![FieldError::new(
            "password.new",
            Msg::AccountPasswordShort,
        )]));
    }
    if !verify_password(body.current, current.account.password_hash.clone()).await? {
        return Err(AppError::Invalid(vec![FieldError::new(
            "password.current",
            Msg::AccountWrongPassword,
        )]));
    }
    let hash = hash_password(body.new).await?;
    store::change_password(&state.db, &current.account.id, &hash, &current.session).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn get_register_profile(
    State(state): State<AppState>,
    current: CurrentAccount,
) -> Result<ApiJson<RegisterProfile>, AppError> {
    let a = &current.account;
    let applicant = state
        .registers
        .applicant(a.kind, &a.identifier)
        .ok_or(AppError::Refused(Refusal::ApplicantNotInRegister))?;
    Ok(ApiJson(RegisterProfile { applicant }))
}
