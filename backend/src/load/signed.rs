//! Signed submissions per second: complete, paid applications sent with an
//! EDS signature through the router (the certificate checked against the
//! certification authority, the signature over the canonical form verified,
//! the submission, its number and the audit entry written), at several
//! concurrencies, against raw durable SQLite commits in the same minute.
//!
//! Everything a browser does before the click is done first and not
//! timed: the form filled from the catalogue's example, the documents
//! uploaded, the fee paid at the sandbox gateway, a certificate issued for
//! a key made here, the form signed with it.

use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};
use p256::pkcs8::EncodePublicKey as _;
use serde_json::{Value, json};
use shared::catalog::{RequestType, catalog};
use shared::kinds::ApplicantKind;

use super::bench::{User, call, raw_commits, send, sign_in};
use super::store;
use crate::{AppError, AppState};

/// The service the benchmark's applicants apply for.
const SERVICE: &str = "veterinary";
/// Applications one account holds ready at once, under the server's bound
/// on unsent applications per account (30 by default).
const PER_ACCOUNT: usize = 20;

/// Signed submissions per second at one concurrency.
#[derive(Clone, Debug)]
pub struct Submissions {
    /// Submissions sent at once.
    pub concurrency: usize,
    /// Submissions accepted.
    pub sent: usize,
    /// Submissions accepted per second.
    pub per_second: f64,
    /// Raw durable commits per second, at the same concurrency.
    pub raw: f64,
    /// Median time of one submission, ms.
    pub p50: f64,
    /// Its 95th percentile.
    pub p95: f64,
}

/// An application ready to send: paid, its form signed.
struct Ready {
    user: User,
    body: Value,
    path: String,
}

fn internal(what: &str, answer: &super::bench::Answer) -> AppError {
    AppError::Internal(format!("{what}: {} {}", answer.status, answer.body))
}

fn new_key() -> Result<SigningKey, AppError> {
    loop {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
        if let Ok(key) = SigningKey::from_slice(&bytes) {
            return Ok(key);
        }
    }
}

/// Pays an application's fee at the sandbox gateway, as its checkout page
/// and notification would.
async fn pay(state: &AppState, router: &Router, user: &User, id: &str) -> Result<(), AppError> {
    let checkout = call(
        router,
        user,
        "POST",
        &format!("/api/applications/{id}/payments"),
        Some(&json!({})),
    )
    .await?;
    if checkout.status != StatusCode::CREATED {
        // A service without a fee has nothing to pay.
        return Ok(());
    }
    let gateway = state
        .sandbox
        .as_ref()
        .ok_or_else(|| AppError::Internal("the benchmark pays at the sandbox gateway".into()))?;
    let body = json!({
        "payment_id": checkout.body["payment_id"],
        "outcome": "paid",
        "amount": checkout.body["amount"],
        "reference": "BENCH",
    })
    .to_string();
    let request = Request::post("/api/payments/notifications")
        .header("content-type", "application/json")
        .header("x-gateway-signature", gateway.gateway.sign(body.as_bytes()))
        .body(Body::from(body))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let answer = send(router, user, request).await?;
    if answer.status != StatusCode::NO_CONTENT {
        return Err(internal("a payment notification", &answer));
    }
    Ok(())
}

/// `count` applications of one signed-in user, made ready to send.
async fn prepare(
    state: &AppState,
    router: &Router,
    user: &User,
    key: &SigningKey,
    certificate: &Value,
    count: usize,
) -> Result<Vec<Ready>, AppError> {
    let service = catalog()
        .service(SERVICE)
        .ok_or_else(|| AppError::Internal(format!("{SERVICE} is not in the catalogue")))?;
    let today = state.clock.now().local_date();
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        let body = json!({"service": SERVICE, "request_type": "issuance"});
        let draft = call(router, user, "POST", "/api/applications", Some(&body)).await?;
        if draft.status != StatusCode::CREATED {
            return Err(internal("a draft", &draft));
        }
        let id = draft.body["id"].as_str().unwrap_or_default().to_owned();
        // The benchmark's applicants are not in the sandbox register: the
        // example's applicant data, under their own IIN.
        let mut form = shared::form::example(service, RequestType::Issuance, ApplicantKind::Ie, today);
        form.applicant.ie.iin = draft.body["form"]["applicant"]["ie"]["iin"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let path = format!("/api/applications/{id}");
        let body = json!({"version": draft.body["version"], "form": form});
        let saved = call(router, user, "PUT", &path, Some(&body)).await?;
        if saved.status != StatusCode::OK {
            return Err(internal("the example form", &saved));
        }
        for d in service.documents_for(RequestType::Issuance) {
            let mut upload = Request::post(format!("{path}/attachments/{}?name=scan.pdf", d.id));
            if let Some(c) = &user.cookie {
                upload = upload.header("cookie", c);
            }
            let upload = upload
                .body(Body::from(format!("%PDF-1.4 {}", d.id)))
                .map_err(|e| AppError::Internal(e.to_string()))?;
            let answer = send(router, user, upload).await?;
            if answer.status != StatusCode::CREATED {
                return Err(internal("an upload", &answer));
            }
        }
        pay(state, router, user, &id).await?;
        let view = call(router, user, "GET", &path, None).await?;
        if view.body["errors"] != json!([]) {
            return Err(internal("an incomplete application", &view));
        }
        let form: shared::form::ApplicationForm = serde_json::from_value(view.body["form"].clone())
            .map_err(|e| AppError::Internal(format!("an application's form: {e}")))?;
        let signature: Signature = key.sign(&shared::signing::canonical_bytes(&id, &form));
        out.push(Ready {
            user: user.clone(),
            path: format!("{path}/submission"),
            body: json!({
                "version": view.body["version"],
                "certificate": certificate["der"],
                "signature": B64.encode(signature.to_bytes()),
                "idempotency_key": crate::auth::random_token()?,
            }),
        });
    }
    Ok(out)
}

/// Signed submissions per second at each concurrency: `count` applications
/// each, made ready first, then sent by that many at once; raw durable
/// commits in `dir` at the same concurrency for `raw_span`, in the same
/// minute.
pub async fn submissions(
    state: &AppState,
    dir: &std::path::Path,
    levels: &[usize],
    count: usize,
    raw_span: Duration,
) -> Result<Vec<Submissions>, AppError> {
    let router = crate::app::app(state.clone());
    let password = crate::auth::random_token()?;
    let hash = crate::auth::hash_password(password.clone()).await?;
    let mut out = Vec::new();
    for (level, &c) in levels.iter().enumerate() {
        let c = c.max(1);
        let accounts = count.div_ceil(PER_ACCOUNT).max(c);
        let first = 40_000 + u32::try_from(level * 1000).unwrap_or(0);
        store::bench_accounts(&state.db, first, u32::try_from(accounts).unwrap_or(1), &hash).await?;
        let mut queues: Vec<Vec<Ready>> = (0..c).map(|_| Vec::new()).collect();
        for (k, n) in (first..).take(accounts).enumerate() {
            let share = count / accounts + usize::from(k < count % accounts);
            let user = sign_in(
                &router,
                User::at(50_000 + n),
                &store::bench_identifier(n),
                &password,
                false,
            )
            .await?;
            let key = new_key()?;
            let spki = key
                .verifying_key()
                .to_public_key_der()
                .map_err(|e| AppError::Internal(e.to_string()))?;
            let body = json!({"public_key": B64.encode(spki.as_bytes()), "password": password});
            let certificate = call(&router, &user, "POST", "/api/certificates", Some(&body)).await?;
            if certificate.status != StatusCode::CREATED {
                return Err(internal("a certificate", &certificate));
            }
            let ready = prepare(state, &router, &user, &key, &certificate.body, share).await?;
            queues[k % c].extend(ready);
        }
        let raw = raw_commits(dir, c, raw_span).await?;
        let started = Instant::now();
        let tasks: Vec<_> = queues
            .into_iter()
            .map(|queue| {
                let router = router.clone();
                tokio::spawn(async move {
                    let mut times = Vec::with_capacity(queue.len());
                    for r in queue {
                        let answer = call(&router, &r.user, "POST", &r.path, Some(&r.body)).await?;
                        if !answer.status.is_success() || answer.body["number"].is_null() {
                            return Err(internal("a signed submission", &answer));
                        }
                        times.push(answer.ms);
                    }
                    Ok::<_, AppError>(times)
                })
            })
            .collect();
        let mut times = Vec::new();
        for t in tasks {
            times.extend(t.await.map_err(|e| AppError::Internal(e.to_string()))??);
        }
        let seconds = started.elapsed().as_secs_f64();
        times.sort_by(f64::total_cmp);
        out.push(Submissions {
            concurrency: c,
            sent: times.len(),
            per_second: times.len() as f64 / seconds.max(f64::EPSILON),
            raw,
            p50: super::percentile(&times, 50.0),
            p95: super::percentile(&times, 95.0),
        });
    }
    Ok(out)
}
