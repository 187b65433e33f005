//! The account endpoints and the session extractor.

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use shared::api::{
    ChangePassword, EdsLogin, Login, MIN_PASSWORD, Me, RegisterAccount, RegisterProfile, SignInChallenge,
    applicant_identifier,
};
use shared::form::FieldError;
use shared::i18n::Msg;
use shared::workflow::Refusal;

use super::store::{self, Account, Taken};
use super::throttle;
use crate::error::ApiJson;
use crate::operations::{Access, Api};
use crate::{AppError, AppState};

const COOKIE: &str = "ruqsat_session";
const SESSION_SECS: i64 = 12 * 3600;

/// The account routes.
pub fn router() -> Api {
    Api::new()
        .post(
            "/accounts",
            Access::Public,
            "register an applicant by IIN or BIN",
            register_account,
        )
        .body::<RegisterAccount>()
        .post("/sessions", Access::Public, "sign in", create_session)
        .body::<Login>()
        .post(
            "/sessions/challenge",
            Access::Public,
            "a single-use challenge for signing in with the EDS",
            new_challenge,
        )
        .post(
            "/sessions/eds",
            Access::Public,
            "sign in with the IIN/BIN, the password and the EDS",
            create_eds_session,
        )
        .body::<EdsLogin>()
        .delete(
            "/sessions/current",
            Access::Public,
            "sign out (ends the caller's session, if any)",
            delete_session,
        )
        .get(
            "/session",
            Access::Public,
            "who is signed in: the applicant, or null (a signed-out page load asks without an error)",
            get_session,
        )
        .get("/me", Access::Applicant, "the signed-in applicant", get_me)
        .post(
            "/me/password",
            Access::Applicant,
            "change the password",
            change_password,
        )
        .body::<ChangePassword>()
        .get(
            "/me/sessions",
            Access::Applicant,
            "the account's live sessions",
            list_sessions,
        )
        .delete(
            "/me/sessions",
            Access::Applicant,
            "sign out everywhere",
            end_all_sessions,
        )
        .get(
            "/me/register-profile",
            Access::Applicant,
            "what the state register says of the applicant",
            get_register_profile,
        )
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

/// Password hashing is bounded: argon2id takes about 19 MiB and a core's
/// worth of work per call, so at most this many run at once (one per core)
/// and the rest wait their turn for a few seconds, then are answered
/// `503 busy` instead of piling up memory.
fn hashing() -> &'static tokio::sync::Semaphore {
    static PERMITS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    PERMITS.get_or_init(|| tokio::sync::Semaphore::new(super::hashers::threads()))
}

/// How long a password check waits for its turn before `503 busy`.
const HASHING_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Hashes and checks done since start, for tests and operators.
static HASHES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// How many passwords were hashed or checked since start.
pub fn hashes_done() -> u64 {
    HASHES.load(std::sync::atomic::Ordering::Relaxed)
}

/// Runs argon2 work on the hashing threads, within the bound.
async fn with_hashing<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let _permit = tokio::time::timeout(HASHING_WAIT, hashing().acquire())
        .await
        .map_err(|_| AppError::Busy)?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    HASHES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    super::hashers::run(work).await?
}

/// Hashes a password with argon2id.
pub(crate) async fn hash_password(password: String) -> Result<String, AppError> {
    with_hashing(move || super::hashers::hash(&password)).await
}

/// Checks a password against a stored hash.
pub(crate) async fn verify_password(password: String, hash: String) -> Result<bool, AppError> {
    with_hashing(move || super::hashers::verify(&password, &hash)).await
}

/// Checks a password against an account's hash, or against a hash of
/// nothing when there is no such account, so that the answer takes as long
/// either way and tells nobody which accounts exist.
pub(crate) async fn verify_or_pretend(password: String, hash: Option<String>) -> Result<bool, AppError> {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    // An account a counter opened for a walk-in applicant has no password
    // (it cannot be signed into): answered as if there were no account.
    match hash.filter(|h| !h.is_empty()) {
        Some(hash) => verify_password(password, hash).await,
        None => {
            let dummy = DUMMY
                .get_or_try_init(|| hash_password("not an account's password".to_owned()))
                .await?;
            verify_password(password, dummy.clone()).await.map(|_| false)
        }
    }
}

/// What a password is asked for again for, which says the field and the
/// messages of a refusal.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Asked {
    /// A certificate (issued or renewed): it signs in the holder's name.
    Certificate,
    /// A new password, applicant's.
    PasswordChange,
    /// A new password, staff member's.
    StaffPasswordChange,
}

impl Asked {
    fn refusal(self, missing: bool) -> FieldError {
        match (self, missing) {
            (Asked::Certificate, true) => FieldError::new("certificate.password", Msg::CertPasswordMissing),
            (Asked::Certificate, false) => FieldError::new("certificate.password", Msg::CertPasswordWrong),
            (Asked::PasswordChange, _) => FieldError::new("password.current", Msg::AccountWrongPassword),
            (Asked::StaffPasswordChange, _) => FieldError::new("password.current", Msg::StaffPasswordWrong),
        }
    }
}

/// Asks for the password again before an act done in the holder's name (a
/// certificate, a new password): counted per holder like a sign-in
/// ([`throttle::PAIR`]'s growing waits), so a session left open cannot be
/// used to guess it. `who` names the holder (`account:…`, `staff:…`).
pub(crate) async fn confirm_password(
    db: &crate::db::Db,
    who: &str,
    password: String,
    hash: String,
    asked: Asked,
    now: i64,
) -> Result<(), AppError> {
    if password.is_empty() {
        return Err(AppError::Invalid(vec![asked.refusal(true)]));
    }
    let key = format!("confirm:{who}");
    let attempt = throttle::attempt(db, &[(key.clone(), throttle::PAIR)], now).await?;
    if verify_password(password, hash).await? {
        attempt.succeeded(db, &key).await
    } else {
        attempt.failed();
        tracing::warn!(target: "security", %who, ?asked, "password confirmation refused");
        Err(AppError::Invalid(vec![asked.refusal(false)]))
    }
}

/// A cookie's name: behind TLS with the `__Host-` prefix, which a browser
/// accepts only `Secure`, for `Path=/` and without a domain, so that no
/// other host or plain-HTTP page can set or shadow it.
/// The name of an applicant's session cookie.
pub fn applicant_cookie_name(secure: bool) -> String {
    cookie_name(COOKIE, secure)
}

pub(crate) fn cookie_name(base: &str, secure: bool) -> String {
    if secure {
        format!("__Host-{base}")
    } else {
        base.to_owned()
    }
}

/// A session cookie named after `base` (applicants' and staff's differ).
pub(crate) fn session_cookie(base: &str, token: &str, max_age: i64, secure: bool) -> HeaderValue {
    let name = cookie_name(base, secure);
    let secure = if secure { "; Secure" } else { "" };
    let value = format!("{name}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}");
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static("ruqsat_session=; Max-Age=0"))
}

/// The value of cookie `name`, if the request carries it.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The session token in cookie `name`, when well-formed.
pub(crate) fn cookie_token(headers: &HeaderMap, name: &str) -> Option<String> {
    cookie_value(headers, name).filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Whether the request carries a well-formed session token in cookie
/// `name` (not whether its session is live).
pub fn has_session_cookie(headers: &HeaderMap, name: &str) -> bool {
    cookie_token(headers, name).is_some()
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

/// The client's address as [`client_address`] tells it.
pub(crate) struct ClientAddress(pub String);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress(client_address(
            &state.trusted_proxies,
            &parts.extensions,
            &parts.headers,
        )))
    }
}

async fn register_account(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    ApiJson(body): ApiJson<RegisterAccount>,
) -> Result<Response, AppError> {
    // Registrations from one address are throttled like sign-ins; every one
    // counts, made or refused.
    throttle::attempt(
        &state.db,
        &[(format!("register:{address}"), throttle::REGISTER)],
        state.clock.now().unix(),
    )
    .await?
    .done();
    let (identifier, email) = admissible(&state, &body).await?;
    let account = Account {
        id: random_token()?[..32].to_owned(),
        kind: body.kind,
        identifier,
        email,
        password_hash: hash_password(body.password).await?,
    };
    match store::create_account(&state.db, &account, state.clock.now().unix()).await? {
        Err(taken) => Err(taken_error(taken)),
        Ok(id) => start_session(&state, &Account { id, ..account }, StatusCode::CREATED).await,
    }
}

/// The identifier and e-mail of a registration that may be made: the
/// browser's checks run again, the register knows the IIN/BIN, and neither
/// is taken — all asked before the password is hashed.
async fn admissible(state: &AppState, body: &RegisterAccount) -> Result<(String, String), AppError> {
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
    match store::taken(&state.db, &identifier, &email).await? {
        Some(taken) => Err(taken_error(taken)),
        None => Ok((identifier, email)),
    }
}

/// What a registration is told when its IIN/BIN or e-mail is taken.
fn taken_error(taken: Taken) -> AppError {
    match taken {
        Taken::Identifier => AppError::Conflict(Msg::AccountExists),
        Taken::Email => AppError::Invalid(vec![FieldError::new("account.email", Msg::AccountEmailTaken)]),
    }
}

/// The client's address: the socket's peer, or, when that peer is one of
/// the configured trusted proxies, the last address the proxies added to
/// `X-Forwarded-For` (never what the client itself wrote there). "unknown"
/// in socket-less tests.
pub(crate) fn client_address(
    trusted_proxies: &[std::net::IpAddr],
    ext: &axum::http::Extensions,
    headers: &HeaderMap,
) -> String {
    let Some(peer) = ext
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip())
    else {
        return "unknown".to_owned();
    };
    if !trusted_proxies.contains(&peer) {
        return peer.to_string();
    }
    let forwarded: Vec<std::net::IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    forwarded
        .into_iter()
        .rev()
        .find(|a| !trusted_proxies.contains(a))
        .unwrap_or(peer)
        .to_string()
}

/// A sign-in attempt, counted per IIN/BIN and address, per IIN/BIN and per
/// address (each with its growing waits): the identifier as typed without
/// spaces, the pair's key (cleared on success) and the attempt.
async fn sign_in_attempt(
    state: &AppState,
    identifier: &str,
    address: &str,
    now: i64,
) -> Result<(String, String, throttle::Attempt), AppError> {
    let id = identifier.split_whitespace().collect::<String>();
    let pair = format!("id:{id}|ip:{address}");
    let keys = [
        (pair.clone(), throttle::PAIR),
        (format!("id:{id}"), throttle::ACCOUNT),
        (format!("ip:{address}"), throttle::ADDRESS),
    ];
    let attempt = throttle::attempt(&state.db, &keys, now).await?;
    Ok((id, pair, attempt))
}

async fn create_session(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    ApiJson(login): ApiJson<Login>,
) -> Result<Response, AppError> {
    let now = state.clock.now().unix();
    let (id, pair, attempt) = sign_in_attempt(&state, &login.identifier, &address, now).await?;
    let account = store::account_by_identifier(&state.db, &id).await?;
    let ok = verify_or_pretend(login.password, account.as_ref().map(|a| a.password_hash.clone())).await?;
    match account.filter(|_| ok) {
        Some(a) => {
            attempt.succeeded(&state.db, &pair).await?;
            tracing::info!(target: "security", account = %a.id, %address, "applicant signed in");
            start_session(&state, &a, StatusCode::OK).await
        }
        None => {
            attempt.failed();
            tracing::warn!(target: "security", %address, "applicant sign-in refused");
            Err(AppError::Refused(Refusal::AuthorisationRefused))
        }
    }
}

/// How long a sign-in challenge may be used.
const CHALLENGE_SECS: i64 = 5 * 60;

async fn new_challenge(State(state): State<AppState>) -> Result<ApiJson<SignInChallenge>, AppError> {
    let now = state.clock.now().unix();
    let challenge = random_token()?;
    store::insert_challenge(&state.db, &challenge, now, now + CHALLENGE_SECS).await?;
    Ok(ApiJson(SignInChallenge {
        challenge,
        expires_at: now + CHALLENGE_SECS,
    }))
}

/// Signing in as the seeds have it: the IIN/BIN and password, and the EDS
/// over a fresh challenge (used once). Counted like a password sign-in;
/// the certificate's refusal says its reason (expired, revoked, another's,
/// not confirmed), a wrong password or unknown account only "authorisation
/// refused".
async fn create_eds_session(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    ApiJson(login): ApiJson<EdsLogin>,
) -> Result<Response, AppError> {
    let now = state.clock.now().unix();
    let (id, pair, attempt) = sign_in_attempt(&state, &login.identifier, &address, now).await?;
    // Used once, whatever comes of it: a signature seen is never replayed.
    if !store::take_challenge(&state.db, login.challenge.trim(), now).await? {
        return Err(AppError::Conflict(Msg::AuthChallengeExpired));
    }
    let account = store::account_by_identifier(&state.db, &id).await?;
    let ok = verify_or_pretend(login.password, account.as_ref().map(|a| a.password_hash.clone())).await?;
    let Some(account) = account.filter(|_| ok) else {
        attempt.failed();
        tracing::warn!(target: "security", %address, "applicant EDS sign-in refused: password");
        return Err(AppError::Refused(Refusal::AuthorisationRefused));
    };
    let der = crate::eds::certificate_der(&state.db, login.serial.trim()).await?;
    let message = shared::signing::sign_in_bytes(&login.challenge, &account.identifier);
    let signer = crate::eds::Signer::Applicant {
        account: &account.id,
        identifier: &account.identifier,
    };
    let check = match der {
        Some(der) => {
            let root = state.ca.root();
            crate::eds::check(&state.db, root, &der, &login.signature, &message, now, signer)
                .await?
                .0
        }
        None => shared::workflow::SignatureCheck::Invalid,
    };
    if let Some(refusal) = Refusal::of_sign_in(check) {
        attempt.failed();
        tracing::warn!(target: "security", account = %account.id, %address, code = refusal.code(), "applicant EDS sign-in refused");
        return Err(AppError::Refused(refusal));
    }
    attempt.succeeded(&state.db, &pair).await?;
    tracing::info!(target: "security", account = %account.id, %address, "applicant signed in with EDS");
    start_session(&state, &account, StatusCode::OK).await
}

async fn delete_session(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    if let Some(token) = cookie_token(&headers, &cookie_name(COOKIE, state.secure_cookies)) {
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
        let token = cookie_token(&parts.headers, &cookie_name(COOKIE, state.secure_cookies))
            .ok_or(AppError::Unauthenticated)?;
        let hash = token_hash(&token);
        let account = store::session_account(&state.db, &hash, state.clock.now().unix())
            .await?
            .ok_or(AppError::Unauthenticated)?;
        Ok(CurrentAccount { account, session: hash })
    }
}

/// The account's live sessions, this one marked.
async fn list_sessions(
    State(state): State<AppState>,
    current: CurrentAccount,
) -> Result<ApiJson<Vec<shared::api::SessionView>>, AppError> {
    let now = state.clock.now().unix();
    let sessions = store::sessions_of(&state.db, &current.account.id, now).await?;
    Ok(ApiJson(
        sessions
            .into_iter()
            .map(
                |(hash, created_at, last_seen_at, expires_at)| shared::api::SessionView {
                    current: hash == current.session,
                    created_at,
                    last_seen_at,
                    expires_at,
                },
            )
            .collect(),
    ))
}

/// Signs out everywhere: every session of the account ends, this one too.
async fn end_all_sessions(State(state): State<AppState>, current: CurrentAccount) -> Result<Response, AppError> {
    store::end_all_sessions(&state.db, &current.account.id).await?;
    tracing::info!(target: "security", account = %current.account.id, "signed out everywhere");
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session_cookie(COOKIE, "", 0, state.secure_cookies));
    Ok(response)
}

async fn get_me(current: CurrentAccount) -> ApiJson<Me> {
    ApiJson(me(&current.account))
}

/// The signed-in applicant, or `null`: what every page load of the portal
/// asks, answered without an error for a visitor who is not signed in.
async fn get_session(current: Result<CurrentAccount, AppError>) -> Result<ApiJson<Option<Me>>, AppError> {
    match current {
        Ok(current) => Ok(ApiJson(Some(me(&current.account)))),
        Err(AppError::Unauthenticated) => Ok(ApiJson(None)),
        Err(e) => Err(e),
    }
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
    let now = state.clock.now().unix();
    confirm_password(
        &state.db,
        &format!("account:{}", current.account.id),
        body.current,
        current.account.password_hash.clone(),
        Asked::PasswordChange,
        now,
    )
    .await?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn from(peer: &str, forwarded: Option<&str>, trusted: &[&str]) -> String {
        let mut ext = axum::http::Extensions::new();
        let peer: std::net::SocketAddr = format!("{peer}:40000").parse().expect("an address");
        ext.insert(axum::extract::ConnectInfo(peer));
        let mut headers = HeaderMap::new();
        if let Some(f) = forwarded {
            headers.insert("x-forwarded-for", HeaderValue::from_str(f).expect("a header"));
        }
        let trusted: Vec<std::net::IpAddr> = trusted.iter().map(|t| t.parse().expect("an address")).collect();
        client_address(&trusted, &ext, &headers)
    }

    #[test]
    fn behind_tls_the_cookie_is_a_host_only_secure_one() {
        let secure = session_cookie(COOKIE, "ab", 60, true);
        assert_eq!(
            secure.to_str().ok(),
            Some("__Host-ruqsat_session=ab; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure")
        );
        let local = session_cookie(COOKIE, "ab", 60, false);
        assert_eq!(
            local.to_str().ok(),
            Some("ruqsat_session=ab; Path=/; HttpOnly; SameSite=Lax; Max-Age=60")
        );
        let mut headers = HeaderMap::new();
        let token = "a".repeat(64);
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("ruqsat_session={token}")).expect("a header"),
        );
        assert_eq!(
            cookie_token(&headers, &cookie_name(COOKIE, true)),
            None,
            "the plain name is not the secure one"
        );
        assert_eq!(cookie_token(&headers, &cookie_name(COOKIE, false)), Some(token));
    }

    #[test]
    fn the_client_address_is_believed_only_from_a_trusted_proxy() {
        // A client writing its own header is still its socket's address.
        assert_eq!(from("203.0.113.7", Some("10.9.9.9"), &[]), "203.0.113.7");
        // Behind the trusted proxy: the address it added, not what the client wrote before it.
        assert_eq!(
            from("127.0.0.1", Some("10.9.9.9, 198.51.100.4"), &["127.0.0.1"]),
            "198.51.100.4"
        );
        // Two trusted proxies in a row.
        assert_eq!(
            from(
                "127.0.0.1",
                Some("198.51.100.4, 127.0.0.2"),
                &["127.0.0.1", "127.0.0.2"]
            ),
            "198.51.100.4"
        );
        assert_eq!(from("127.0.0.1", None, &["127.0.0.1"]), "127.0.0.1");
    }
}
