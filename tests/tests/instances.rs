//! Beyond one machine: two server processes on one PostgreSQL and one
//! S3-compatible store, requests alternating between them. A session made
//! on one works on the other, a file uploaded to one downloads from the
//! other, a payment started on one is completed at the gateway through the
//! other, sign-in throttling counts across both, a job is run once while
//! both poll, and a job whose instance was killed holding it is finished by
//! the other. The test command starts PostgreSQL and the S3-compatible
//! server and names them (`RUQSAT_TEST_DATABASE_URL`,
//! `RUQSAT_TEST_S3_ENDPOINT`, `RUQSAT_TEST_S3_BUCKET`, `AWS_*`).

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use ruqsat_e2e::{Answer, free_port, http};
use shared::catalog::{ApplicantKind, RequestType, catalog};

const IE: &str = "860101300017";

fn env(name: &str) -> String {
    std::env::var(name)
        .unwrap_or_else(|_| panic!("{name}: run through `cargo xtask test`, which starts PostgreSQL and the S3 server"))
}

/// A server process, killed when dropped.
struct Instance {
    base: String,
    child: Child,
    dir: std::path::PathBuf,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn start(database_url: &str) -> Instance {
    let port = free_port();
    let dir = std::env::temp_dir().join(format!("ruqsat-instance-{}-{port}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a directory");
    let child = Command::new(env("RUQSAT_BIN"))
        .env("RUQSAT_ADDR", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", database_url)
        .env("RUQSAT_S3_BUCKET", env("RUQSAT_TEST_S3_BUCKET"))
        .env("RUQSAT_S3_ENDPOINT", env("RUQSAT_TEST_S3_ENDPOINT"))
        .env("RUQSAT_S3_PATH_STYLE", "true")
        .env("RUQSAT_AUDIT_ANCHOR", dir.join("audit-anchor"))
        .env("RUQSAT_DIST", env("RUQSAT_DIST"))
        .env("RUQSAT_PUBLIC_URL", format!("http://127.0.0.1:{port}"))
        .env("RUQSAT_DEMO", "true")
        .env("RUQSAT_INSECURE_HTTP", "true")
        .env("RUQSAT_JOBS_POLL_SECS", "1")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("the server starts");
    let instance = Instance {
        base: format!("http://127.0.0.1:{port}"),
        child,
        dir,
    };
    let started = Instant::now();
    loop {
        let ready = std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
            && http(&instance.base, "GET", "/api/ready", &[], b"").status == 200;
        if ready {
            return instance;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the instance on {port} was not ready in 60 s"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn json(base: &str, method: &str, path: &str, cookie: Option<&str>, body: &serde_json::Value) -> Answer {
    let mut headers = vec![("content-type", "application/json")];
    if let Some(c) = cookie {
        headers.push(("cookie", c));
    }
    http(base, method, path, &headers, body.to_string().as_bytes())
}

fn psql(url: &str, sql: &str) -> String {
    let out = Command::new("psql")
        .args([url, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql])
        .output()
        .expect("psql runs");
    assert!(out.status.success(), "{sql}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Waits until a query answers `expected`.
fn until(url: &str, sql: &str, expected: &str, within: Duration) {
    let started = Instant::now();
    loop {
        let got = psql(url, sql);
        if got == expected {
            return;
        }
        assert!(started.elapsed() < within, "{sql}: {got:?}, not {expected:?}");
        std::thread::sleep(Duration::from_millis(250));
    }
}

#[test]
fn two_instances_share_sessions_files_payments_throttling_and_jobs() {
    let admin = env("RUQSAT_TEST_DATABASE_URL");
    let name = format!("ruqsat_instances_{}", std::process::id());
    psql(&admin, &format!("CREATE DATABASE {name}"));
    let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
    let db = format!("{base}/{name}");
    let mut first = start(&db);
    let second = start(&db);
    let (a, b) = (&first.base.clone(), &second.base.clone());

    // A session made on one works on the other.
    let account = serde_json::json!({"kind": "ie", "identifier": IE, "email": "erlan@example.kz", "password": "correct horse battery"});
    let made = json(a, "POST", "/api/accounts", None, &account);
    assert_eq!(made.status, 201, "{:?}", made.json());
    let cookie = made.cookie().expect("a session cookie");
    let me = http(b, "GET", "/api/me", &[("cookie", &cookie)], b"");
    assert_eq!(me.status, 200);
    assert_eq!(me.json()["identifier"], IE);

    // A file uploaded to one downloads from the other.
    let draft = json(
        b,
        "POST",
        "/api/applications",
        Some(&cookie),
        &serde_json::json!({"service": "passenger-transport", "request_type": "issuance"}),
    );
    assert_eq!(draft.status, 201);
    let draft = draft.json();
    let id = draft["id"].as_str().expect("an id").to_owned();
    let content = b"%PDF-1.4 uploaded to one instance";
    let up = http(
        a,
        "POST",
        &format!("/api/applications/{id}/attachments/vehicle-certificates?name=a.pdf"),
        &[("cookie", &cookie)],
        content,
    );
    assert_eq!(up.status, 201, "{:?}", up.json());
    let sha = up.json()["sha256"].as_str().expect("a hash").to_owned();
    let down = http(
        b,
        "GET",
        &format!("/api/attachments/{sha}"),
        &[("cookie", &cookie)],
        b"",
    );
    assert_eq!(down.status, 200);
    assert_eq!(down.body, content);

    // A payment started on one is completed at the gateway through the other.
    let s = catalog().service("passenger-transport").expect("a service");
    let today = shared::calendar::Timestamp::from_unix(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    )
    .local_date();
    let mut form = shared::form::example(s, RequestType::Issuance, ApplicantKind::Ie, today);
    form.applicant = serde_json::from_value(draft["form"]["applicant"].clone()).expect("the applicant");
    let saved = json(
        a,
        "PUT",
        &format!("/api/applications/{id}"),
        Some(&cookie),
        &serde_json::json!({"version": draft["version"], "form": form}),
    );
    assert_eq!(saved.status, 200, "{:?}", saved.json());
    for d in s.documents_for(RequestType::Issuance) {
        let path = format!("/api/applications/{id}/attachments/{}?name=d.pdf", d.id);
        let body = format!("%PDF-1.4 {}", d.id);
        let up = http(b, "POST", &path, &[("cookie", &cookie)], body.as_bytes());
        assert_eq!(up.status, 201, "{}", d.id);
    }
    let checkout = json(
        a,
        "POST",
        &format!("/api/applications/{id}/payments"),
        Some(&cookie),
        &serde_json::json!({}),
    );
    assert_eq!(checkout.status, 201, "{:?}", checkout.json());
    let page = checkout.json()["url"].as_str().expect("a checkout").to_owned();
    let paid = http(
        b,
        "POST",
        &page,
        &[("content-type", "application/x-www-form-urlencoded")],
        b"outcome=paid&lang=en",
    );
    assert_eq!(paid.status, 303);
    let view = http(
        a,
        "GET",
        &format!("/api/applications/{id}"),
        &[("cookie", &cookie)],
        b"",
    );
    assert_eq!(view.json()["status"]["status"], "paid");

    // Sign-in throttling counts across both: five free wrong guesses, then
    // a wait, whichever instance is asked.
    let wrong = serde_json::json!({"identifier": IE, "password": "not the password"});
    for n in 0..5 {
        let on = if n % 2 == 0 { a } else { b };
        assert_eq!(json(on, "POST", "/api/sessions", None, &wrong).status, 401, "guess {n}");
    }
    let sixth = json(b, "POST", "/api/sessions", None, &wrong);
    assert_eq!(
        sixth.status, 429,
        "the sixth guess waits, though each instance saw fewer"
    );

    // A job is run once while both poll (every second).
    psql(
        &db,
        "INSERT INTO jobs (id, kind, payload, run_at, runs, attempts, created_at) \
               VALUES ('reconcile-calendar:shared', 'reconcile-calendar', '{}', 0, 0, 0, 0)",
    );
    until(
        &db,
        "SELECT runs || ':' || (done_at IS NOT NULL) FROM jobs WHERE id = 'reconcile-calendar:shared'",
        "1:true",
        Duration::from_secs(20),
    );

    // An instance killed holding a job: the other finishes it once the
    // claim's lease has lapsed.
    let now = psql(&db, "SELECT CAST(EXTRACT(EPOCH FROM now()) AS BIGINT)");
    let now: i64 = now.parse().expect("a time");
    psql(
        &db,
        &format!(
            "INSERT INTO jobs (id, kind, payload, run_at, runs, attempts, created_at, claimed_by, claimed_until) \
         VALUES ('reconcile-calendar:orphan', 'reconcile-calendar', '{{}}', 0, 0, 0, 0, 'killed-instance', {})",
            now + 3
        ),
    );
    // Kill the first for real (SIGKILL: no graceful shutdown).
    first.child.kill().expect("killed");
    let _ = first.child.wait();
    until(
        &db,
        "SELECT runs || ':' || (done_at IS NOT NULL) FROM jobs WHERE id = 'reconcile-calendar:orphan'",
        "1:true",
        Duration::from_secs(30),
    );
    assert_eq!(
        http(b, "GET", "/api/ready", &[], b"").status,
        200,
        "the other instance serves on"
    );
}
