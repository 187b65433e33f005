//! The benchmark behind `cargo xtask bench`: the server's own router,
//! driven in this process as a browser would drive it (the same handlers,
//! middleware, JSON and database), with its references run in the same
//! minute so that every figure is also a ratio:
//!
//! - reads at scale: the register, verification, the cabinet of a
//!   long-lived account and the inbox over the load data;
//! - writes: draft saves per second at several concurrencies, against raw
//!   durable commits of SQLite on the same disk;
//! - memory: the process's peak resident size while users sign in at once
//!   and then work.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};
use tower::ServiceExt;

use super::{LOAD_IDENTIFIER, Timing, load_password, store};
use crate::{AppError, AppState};

/// A user of the benchmark: where they connect from, and their cookie.
#[derive(Clone)]
pub(super) struct User {
    from: IpAddr,
    pub(super) cookie: Option<String>,
}

impl User {
    pub(super) fn at(n: u32) -> User {
        let [_, a, b, c] = n.to_be_bytes();
        User {
            from: IpAddr::V4(Ipv4Addr::new(10, a, b, c)),
            cookie: None,
        }
    }
}

/// What the router answered, and how long it took.
pub(super) struct Answer {
    pub(super) status: StatusCode,
    pub(super) body: Value,
    cookie: Option<String>,
    pub(super) ms: f64,
}

/// One request through the router.
pub(super) async fn call(
    router: &Router,
    user: &User,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> Result<Answer, AppError> {
    let mut request = Request::builder().method(method).uri(path);
    if let Some(c) = &user.cookie {
        request = request.header("cookie", c);
    }
    if body.is_some() {
        request = request.header("content-type", "application/json");
    }
    let request = request
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    send(router, user, request).await
}

/// One request, made by the caller, through the router as `user` sends it.
pub(super) async fn send(router: &Router, user: &User, mut request: Request<Body>) -> Result<Answer, AppError> {
    request
        .extensions_mut()
        .insert(ConnectInfo(SocketAddr::new(user.from, 40_000)));
    let started = Instant::now();
    let response = router
        .clone()
        .oneshot(request)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let status = response.status();
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::to_owned);
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    Ok(Answer {
        status,
        body: serde_json::from_slice(&bytes).unwrap_or_default(),
        cookie,
        ms,
    })
}

/// Signs a user in (an applicant, or staff when `staff`); answers them with
/// their cookie.
pub(super) async fn sign_in(
    router: &Router,
    mut user: User,
    login: &str,
    password: &str,
    staff: bool,
) -> Result<User, AppError> {
    let (path, body) = if staff {
        ("/api/staff/sessions", json!({"login": login, "password": password}))
    } else {
        ("/api/sessions", json!({"identifier": login, "password": password}))
    };
    let answer = call(router, &user, "POST", path, Some(&body)).await?;
    if answer.status != StatusCode::OK {
        return Err(AppError::Internal(format!(
            "{login} could not sign in: {}",
            answer.status
        )));
    }
    user.cookie = answer.cookie;
    Ok(user)
}

/// Percent-encodes a query value.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Times `samples` requests made by `path(i)`, each expected to succeed.
async fn timed(
    router: &Router,
    user: &User,
    name: &str,
    samples: usize,
    path: impl Fn(usize) -> String,
) -> Result<Timing, AppError> {
    let mut ms = Vec::with_capacity(samples);
    let mut rows = 0;
    for i in 0..samples {
        let path = path(i);
        let answer = call(router, user, "GET", &path, None).await?;
        if answer.status != StatusCode::OK {
            return Err(AppError::Internal(format!("{path}: {}", answer.status)));
        }
        rows = answer.body["rows"].as_array().map_or(1, Vec::len);
        ms.push(answer.ms);
    }
    Ok(super::timing(name, ms, rows))
}

/// Times the register, verification, the long-lived account's cabinet and
/// the inbox over HTTP, on the load data (`ruqsat-admin seed-load`), each
/// `samples` times; the licences asked for are spread over the whole table.
pub async fn reads(state: &AppState, samples: usize, now: i64) -> Result<Vec<Timing>, AppError> {
    let router = crate::app::app(state.clone());
    let n = usize::try_from(store::loaded(&state.db).await?).unwrap_or(0).max(1);
    let password = load_password(&state.db).await?;
    let owner = sign_in(&router, User::at(1), LOAD_IDENTIFIER, &password, false).await?;
    let head = sign_in(&router, User::at(2), "transport.head", "ruqsat-staff-demo", true).await?;
    let public = User::at(3);
    // Row numbers spread over the table, the same on every run.
    let pick = move |i: usize| (i * 7919 + 13) % n + 1;
    let mut out = Vec::new();
    out.push(
        timed(&router, &public, "register: first page", samples, |_| {
            "/api/registry".to_owned()
        })
        .await?,
    );
    out.push(
        timed(&router, &public, "register: one service", samples, |_| {
            "/api/registry?service=security".to_owned()
        })
        .await?,
    );
    out.push(
        timed(&router, &public, "register: one status", samples, |_| {
            "/api/registry?status=suspended".to_owned()
        })
        .await?,
    );
    out.push(
        timed(&router, &public, "register: a page deep in the list", samples, |i| {
            let k = pick(i);
            format!("/api/registry?after={}:L-LOAD-{k}", now - k as i64)
        })
        .await?,
    );
    out.push(
        timed(&router, &public, "register: part of a name", samples, |i| {
            let k = pick(i) / 3 * 3 + 1;
            format!("/api/registry?q={}", encode(&format!("нагрузкин {k}")))
        })
        .await?,
    );
    out.push(
        timed(&router, &public, "register: an IIN/BIN", samples, |i| {
            format!("/api/registry?q=8{:011}", pick(i))
        })
        .await?,
    );
    out.push(
        timed(
            &router,
            &public,
            "verify: a licence by number (its QR code)",
            samples,
            |i| format!("/api/registry/verify?number=L-LOAD-{}", pick(i)),
        )
        .await?,
    );
    out.push(
        timed(&router, &owner, "cabinet: my applications", samples, |_| {
            "/api/applications".to_owned()
        })
        .await?,
    );
    out.push(
        timed(
            &router,
            &owner,
            "cabinet: a page deep in my applications",
            samples,
            |i| format!("/api/applications?after={}:load-{}", now - 86_400, pick(i)),
        )
        .await?,
    );
    out.push(
        timed(&router, &owner, "cabinet: my licences", samples, |_| {
            "/api/licences".to_owned()
        })
        .await?,
    );
    out.push(
        timed(&router, &owner, "cabinet: my notifications", samples, |_| {
            "/api/notifications".to_owned()
        })
        .await?,
    );
    out.push(
        timed(&router, &head, "report: the provider's year", samples, |_| {
            "/api/staff/reports?from=2026-01-01&to=2026-12-31".to_owned()
        })
        .await?,
    );
    out.push(
        timed(&router, &head, "report: one service's quarter", samples, |_| {
            "/api/staff/reports?from=2026-07-01&to=2026-09-30&service=passenger-transport".to_owned()
        })
        .await?,
    );
    out.push(
        timed(&router, &public, "statistics: every provider", samples, |_| {
            "/api/statistics".to_owned()
        })
        .await?,
    );
    out.push(
        timed(&router, &public, "open data: a register page", samples, |i| {
            let k = pick(i);
            format!("/api/registry/data.json?after={}:L-LOAD-{k}", now - k as i64)
        })
        .await?,
    );
    out.push(
        timed(&router, &head, "inbox: the whole provider", samples, |_| {
            "/api/staff/inbox?scope=provider".to_owned()
        })
        .await?,
    );
    out.push(
        timed(&router, &head, "inbox: a number", samples, |i| {
            format!("/api/staff/inbox?scope=provider&q=KZ-LOAD-{}", pick(i) / 5 * 5 + 1)
        })
        .await?,
    );
    Ok(out)
}

/// Commits per second at one concurrency: the server's draft saves, and
/// SQLite's own durable single-row commits on the same disk.
#[derive(Clone, Debug)]
pub struct Writes {
    /// Requests or writers at once.
    pub concurrency: usize,
    /// Draft saves per second through the router.
    pub saves: f64,
    /// Raw durable commits per second.
    pub raw: f64,
    /// Median and 95th-percentile save time, ms.
    pub p50: f64,
    /// The 95th percentile.
    pub p95: f64,
}

/// Raw durable commits: `writers` connections each committing one-row
/// transactions to a SQLite file in `dir` (write-ahead log, synchronous
/// FULL, as the server runs) for `span`.
pub(super) async fn raw_commits(dir: &std::path::Path, writers: usize, span: Duration) -> Result<f64, AppError> {
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
    let options = SqliteConnectOptions::new()
        .filename(dir.join(format!("raw-{writers}.db")))
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    sqlx::query("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
        .execute(&pool)
        .await?;
    let done = Arc::new(AtomicU64::new(0));
    let until = Instant::now() + span;
    let mut tasks = Vec::new();
    for _ in 0..writers {
        let (pool, done) = (pool.clone(), done.clone());
        tasks.push(tokio::spawn(async move {
            while Instant::now() < until {
                sqlx::query("INSERT INTO t (v) VALUES ($1)")
                    .bind("a draft's worth of nothing")
                    .execute(&pool)
                    .await?;
                done.fetch_add(1, Ordering::Relaxed);
            }
            Ok::<(), sqlx::Error>(())
        }));
    }
    for t in tasks {
        t.await.map_err(|e| AppError::Internal(e.to_string()))??;
    }
    pool.close().await;
    Ok(done.load(Ordering::Relaxed) as f64 / span.as_secs_f64())
}

/// A signed-in user and their draft as last saved.
#[derive(Clone)]
struct Drafter {
    user: User,
    draft: Value,
}

/// Starts a draft for a signed-in user.
async fn start_draft(router: &Router, user: User) -> Result<(Drafter, f64), AppError> {
    let answer = call(
        router,
        &user,
        "POST",
        "/api/applications",
        Some(&json!({"service": "veterinary", "request_type": "issuance"})),
    )
    .await?;
    if answer.status != StatusCode::CREATED {
        return Err(AppError::Internal(format!("a draft: {}", answer.status)));
    }
    Ok((
        Drafter {
            user,
            draft: answer.body,
        },
        answer.ms,
    ))
}

/// Saves the draft as it stands (one more version); answers the time.
async fn save(router: &Router, d: &mut Drafter) -> Result<f64, AppError> {
    let path = format!("/api/applications/{}", d.draft["id"].as_str().unwrap_or_default());
    let body = json!({"version": d.draft["version"], "form": d.draft["form"]});
    let answer = call(router, &d.user, "PUT", &path, Some(&body)).await?;
    if answer.status != StatusCode::OK {
        return Err(AppError::Internal(format!("a save: {}", answer.status)));
    }
    d.draft = answer.body;
    Ok(answer.ms)
}

/// Users with a draft each, signed in: the accounts are made in the
/// database with one password hash, then each signs in and starts a draft.
async fn users_with_drafts(
    state: &AppState,
    router: &Router,
    first: u32,
    count: u32,
) -> Result<Vec<Drafter>, AppError> {
    let password = crate::auth::random_token()?;
    let hash = crate::auth::hash_password(password.clone()).await?;
    store::bench_accounts(&state.db, first, count, &hash).await?;
    let mut out = Vec::new();
    for n in first..first + count {
        let user = sign_in(
            router,
            User::at(1000 + n),
            &store::bench_identifier(n),
            &password,
            false,
        )
        .await?;
        out.push(start_draft(router, user).await?.0);
    }
    Ok(out)
}

/// Saves a draft again and again until `until`; answers each save's time
/// and the draft as last saved.
async fn keep_saving(router: Router, mut d: Drafter, until: Instant) -> Result<(Vec<f64>, Drafter), AppError> {
    let mut times = Vec::new();
    while Instant::now() < until {
        times.push(save(&router, &mut d).await?);
    }
    Ok((times, d))
}

/// Draft saves per second at each concurrency, for `span` each, against
/// raw durable commits in `dir` (beside the database) in the same minute.
pub async fn writes(
    state: &AppState,
    dir: &std::path::Path,
    levels: &[usize],
    span: Duration,
) -> Result<Vec<Writes>, AppError> {
    let router = crate::app::app(state.clone());
    let most = levels.iter().copied().max().unwrap_or(1);
    let mut users = users_with_drafts(state, &router, 0, u32::try_from(most).unwrap_or(1)).await?;
    let mut out = Vec::new();
    for &c in levels {
        let raw = raw_commits(dir, c, span).await?;
        let until = Instant::now() + span;
        let tasks: Vec<_> = users
            .iter()
            .take(c)
            .map(|d| tokio::spawn(keep_saving(router.clone(), d.clone(), until)))
            .collect();
        let mut all = Vec::new();
        for (k, t) in tasks.into_iter().enumerate() {
            let (times, d) = t.await.map_err(|e| AppError::Internal(e.to_string()))??;
            all.extend(times);
            users[k] = d;
        }
        let saves = all.len() as f64 / span.as_secs_f64();
        all.sort_by(f64::total_cmp);
        out.push(Writes {
            concurrency: c,
            saves,
            raw,
            p50: super::percentile(&all, 50.0),
            p95: super::percentile(&all, 95.0),
        });
    }
    Ok(out)
}

/// The process's resident size now and at its peak since the last reset,
/// in MiB (Linux's `/proc/self/status`).
pub fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Resets the peak resident size to the present one (Linux).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// What `users` people signing in at once, then working, cost.
#[derive(Clone, Debug)]
pub struct Crowd {
    /// Sign-ins at once.
    pub users: usize,
    /// Resident size before, MiB.
    pub before: f64,
    /// Peak resident size while they signed in, MiB.
    pub peak_sign_in: f64,
    /// Sign-in times.
    pub sign_in: Timing,
    /// Sign-ins answered "busy, try again".
    pub busy: usize,
    /// Peak resident size while they worked, MiB.
    pub peak_work: f64,
    /// Times of their work: a page of the cabinet, a draft saved.
    pub work: Timing,
    /// Resident size after, MiB.
    pub after: f64,
}

/// `users` accounts sign in at once, then each reads their cabinet and
/// saves a draft `rounds` times, all at once; the process's peak resident
/// size is read for each phase.
pub async fn crowd(state: &AppState, users: u32, rounds: usize) -> Result<Crowd, AppError> {
    let router = crate::app::app(state.clone());
    let password = crate::auth::random_token()?;
    let hash = crate::auth::hash_password(password.clone()).await?;
    store::bench_accounts(&state.db, 10_000, users, &hash).await?;
    let (before, _) = memory();
    reset_peak();
    let tasks: Vec<_> = (10_000..10_000 + users)
        .map(|n| {
            let (router, password) = (router.clone(), password.clone());
            tokio::spawn(async move {
                let user = User::at(20_000 + n);
                let body = json!({"identifier": store::bench_identifier(n), "password": password});
                let answer = call(&router, &user, "POST", "/api/sessions", Some(&body)).await?;
                let user = User {
                    cookie: answer.cookie,
                    ..user
                };
                Ok::<_, AppError>((answer.status, user, answer.ms))
            })
        })
        .collect();
    let mut signed = Vec::new();
    let (mut times, mut busy) = (Vec::new(), 0);
    for t in tasks {
        let (status, user, ms) = t.await.map_err(|e| AppError::Internal(e.to_string()))??;
        times.push(ms);
        match status {
            StatusCode::OK => signed.push(user),
            StatusCode::SERVICE_UNAVAILABLE => busy += 1,
            other => return Err(AppError::Internal(format!("a sign-in: {other}"))),
        }
    }
    let (_, peak_sign_in) = memory();
    let sign_in = super::timing("sign in, all at once", times, signed.len());
    reset_peak();
    let tasks: Vec<_> = signed
        .into_iter()
        .map(|user| {
            let router = router.clone();
            tokio::spawn(async move {
                let (mut d, ms) = start_draft(&router, user).await?;
                let mut times = vec![ms];
                for _ in 0..rounds {
                    times.push(call(&router, &d.user, "GET", "/api/applications", None).await?.ms);
                    times.push(save(&router, &mut d).await?);
                }
                Ok::<_, AppError>(times)
            })
        })
        .collect();
    let mut times = Vec::new();
    for t in tasks {
        times.extend(t.await.map_err(|e| AppError::Internal(e.to_string()))??);
    }
    let (after, peak_work) = memory();
    let n = times.len();
    Ok(Crowd {
        users: users as usize,
        before,
        peak_sign_in,
        sign_in,
        busy,
        peak_work,
        work: super::timing("cabinet page and draft save, all at once", times, n),
        after,
    })
}
