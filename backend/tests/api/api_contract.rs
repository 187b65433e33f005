//! The API against its own table: the OpenAPI description covers every
//! route, the access matrix of every route × seven actors holds, a
//! schema-driven fuzzer finds no server error and no error that is not a
//! problem, and double submits race to one registration.

use crate::common::{body_json, test_app};
use serde_json::json;

#[tokio::test]
async fn the_openapi_description_has_every_route_of_the_table() {
    let app = test_app().await;
    let r = app.get("/api/openapi.json").await;
    assert_eq!(r.status(), 200);
    let doc = body_json(r).await;
    assert_eq!(doc["openapi"], json!("3.1.0"));
    let operations = ruqsat_backend::app::operations();
    assert!(operations.len() > 50, "{}", operations.len());
    for op in &operations {
        let entry = &doc["paths"][format!("/api{}", op.path)][op.method.as_str().to_ascii_lowercase()];
        assert!(entry.is_object(), "{} {} is missing", op.method, op.path);
    }
    if let Ok(dir) = std::env::var("RUQSAT_OPENAPI_OUT") {
        std::fs::write(
            format!("{dir}/openapi.json"),
            serde_json::to_string_pretty(&doc).expect("json"),
        )
        .expect("write");
    }
}

/// The seven actors of the matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Actor {
    Anonymous,
    Applicant,
    OtherApplicant,
    WrongRole,
    OtherProvider,
    ExternalBody,
    Administrator,
}

const ACTORS: [Actor; 7] = [
    Actor::Anonymous,
    Actor::Applicant,
    Actor::OtherApplicant,
    Actor::WrongRole,
    Actor::OtherProvider,
    Actor::ExternalBody,
    Actor::Administrator,
];

const STAFF_PASSWORD: &str = "ruqsat-staff-demo";

async fn staff_cookie(app: &crate::common::TestApp, login: &str) -> String {
    let r = app
        .json(
            "POST",
            "/api/staff/sessions",
            json!({"login": login, "password": STAFF_PASSWORD}),
            None,
        )
        .await;
    assert_eq!(r.status(), 200, "staff sign-in of {login}");
    crate::common::session_cookie(&r).expect("a cookie")
}

/// An application of one applicant, registered at the transport provider,
/// with everything its routes name.
struct Fixture {
    application: String,
    form: serde_json::Value,
    version: i64,
    document: String,
    sha256: String,
    serial: String,
    member: String,
}

async fn cookie_of(app: &crate::common::TestApp, actor: Actor) -> Option<String> {
    match actor {
        Actor::Anonymous => None,
        Actor::Applicant => Some(sign_in(app, "860101300017").await),
        Actor::OtherApplicant => Some(sign_in(app, "000101500011").await),
        Actor::WrongRole => Some(staff_cookie(app, "transport.executor").await),
        Actor::OtherProvider => Some(staff_cookie(app, "police.clerk").await),
        Actor::ExternalBody => Some(staff_cookie(app, "transport.external-body").await),
        Actor::Administrator => Some(staff_cookie(app, "transport.admin").await),
    }
}

async fn sign_in(app: &crate::common::TestApp, identifier: &str) -> String {
    let r = app.sign_in(identifier, "correct horse battery").await;
    assert_eq!(r.status(), 200);
    crate::common::session_cookie(&r).expect("a cookie")
}

fn fill(path: &str, f: &Fixture) -> String {
    let member_path = path.starts_with("/staff/admin/members/");
    path.split('/')
        .map(|segment| match segment {
            "{id}" if member_path => f.member.clone(),
            "{id}" => f.application.clone(),
            "{document}" => f.document.clone(),
            "{sha256}" => f.sha256.clone(),
            "{serial}" => f.serial.clone(),
            "{code}" => "passenger-transport".to_owned(),
            "{year}" => "2027".to_owned(),
            "{table}" => "counts".to_owned(),
            s if s.starts_with('{') => panic!("the matrix has no value for {s} of {path}: add one"),
            s => s.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// A body that passes parsing, so that the access rule, not the body,
/// answers (`{}` for the rest).
fn sample_body(op: &ruqsat_backend::operations::Operation, f: &Fixture) -> serde_json::Value {
    match op.path {
        "/applications/{id}" => json!({"version": f.version, "form": f.form}),
        "/applications/{id}/submission" => {
            json!({"version": f.version, "certificate": "", "signature": "", "idempotency_key": "matrix"})
        }
        "/staff/cases/{id}/actions" => json!({"action": "register"}),
        "/desk/intakes/{id}/representative" => json!(null),
        "/desk/intakes/{id}/application" => json!({"version": f.version, "form": f.form}),
        "/desk/intakes/{id}/documents" => json!([]),
        "/desk/intakes/{id}/submission" => {
            json!({"version": f.version, "certificate": "", "signature": "", "idempotency_key": "matrix"})
        }
        "/desk/intakes/{id}/hand-out" => json!({"receipt": "Q-2026-000001", "iin": "860101300017"}),
        "/staff/licences/status" => {
            json!({"number": "no-such-licence", "action": "suspend", "reason": "a court's decision"})
        }
        _ => json!({}),
    }
}

/// Whether the route names a resource of the applicant's (another
/// applicant gets 404) or of the provider's case (another provider's staff
/// and the external body not asked get 404).
fn scoped(path: &str) -> bool {
    path.contains('{') && !path.contains("{code}") && !path.contains("{year}") && !path.starts_with("/staff/admin/")
}

async fn call(
    app: &crate::common::TestApp,
    op: &ruqsat_backend::operations::Operation,
    path: &str,
    fixture: &Fixture,
    cookie: Option<&str>,
) -> (u16, serde_json::Value) {
    use axum::body::Body;
    let mut r = axum::http::Request::builder()
        .method(op.method.clone())
        .uri(format!("/api{path}"));
    if let Some(c) = cookie {
        r = r.header("cookie", c);
    }
    let body = if op.raw_body {
        r = r.header("content-type", "application/octet-stream");
        Body::from(&b"%PDF-1.4 matrix"[..])
    } else if op.method == axum::http::Method::GET || op.method == axum::http::Method::DELETE {
        Body::empty()
    } else {
        r = r.header("content-type", "application/json");
        Body::from(sample_body(op, fixture).to_string())
    };
    let response = app.send(r.body(body).expect("a request")).await;
    let status = response.status().as_u16();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("a body");
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    )
}

/// Routes whose resource exists only once the case is decided: the owner
/// and the provider's staff get 404 for the fixture's registered case too
/// (their access to a decided case's document is tested with the chain).
const DECIDED_ONLY: [&str; 2] = ["/applications/{id}/result.pdf", "/staff/cases/{id}/result.pdf"];

/// What the rule says of an answer; `Err` with why not.
fn check(
    op: &ruqsat_backend::operations::Operation,
    actor: Actor,
    status: u16,
    body: &serde_json::Value,
) -> Result<(), String> {
    let access = op.access;
    let scoped = scoped(op.path);
    let found = |status: u16| status != 404 || DECIDED_ONLY.contains(&op.path);
    use ruqsat_backend::operations::Access;
    let applicant = matches!(actor, Actor::Applicant | Actor::OtherApplicant);
    let staff = !applicant && actor != Actor::Anonymous;
    let not_allowed = status == 409 && body["code"] == json!("not-allowed");
    let denied = status == 401 || status == 403 || not_allowed;
    let expect = |ok: bool, want: &str| {
        if ok {
            Ok(())
        } else {
            Err(format!("expected {want}, got {status} {body}"))
        }
    };
    match access {
        Access::Public => expect(!denied, "access"),
        Access::Gateway => expect(status == 401, "401 without the gateway's signature"),
        Access::Applicant if !applicant => expect(status == 401, "401"),
        Access::Applicant if actor == Actor::OtherApplicant && scoped => expect(status == 404, "404"),
        Access::Applicant => expect(!denied && found(status), "access"),
        _ if !staff => expect(status == 401, "401"),
        Access::Member => expect(!denied, "access"),
        Access::Staff | Access::Acting if scoped && matches!(actor, Actor::OtherProvider | Actor::ExternalBody) => {
            expect(status == 404, "404")
        }
        Access::Staff => expect(!denied && found(status), "access"),
        Access::Internal if actor == Actor::ExternalBody => expect(not_allowed, "409 not-allowed"),
        Access::Internal => expect(!denied, "access"),
        // The chain's step is the clerk's: neither the executor nor the
        // administrator may take it.
        Access::Acting if scoped => expect(not_allowed, "409 not-allowed"),
        Access::Acting => expect(!(status == 401 || status == 403), "a staff member's answer"),
        Access::Admin if actor == Actor::Administrator => expect(!denied, "access"),
        Access::Admin => expect(not_allowed, "409 not-allowed"),
        // The security provider's clerk keeps a counter (in-person intake):
        // no intake of theirs has the fixture's id.
        Access::Desk if actor == Actor::OtherProvider && scoped => expect(status == 404, "404"),
        Access::Desk if actor == Actor::OtherProvider => expect(!denied, "access"),
        // Nobody else of the matrix works at a counter.
        Access::Desk => expect(not_allowed, "409 not-allowed"),
    }
}

#[tokio::test]
async fn every_route_answers_each_of_seven_actors_as_its_rule_says() {
    let app = test_app().await;
    ruqsat_backend::staff::seed_demo(&app.db, 0)
        .await
        .expect("the demo staff");
    let owner = app.register("ie", "860101300017", "erlan@example.kz").await;
    app.register("ie", "000101500011", "aigerim@example.kz").await;
    let sent = crate::common::registered(&app, &owner, "passenger-transport", "issuance", None).await;
    let certificates = body_json(app.with_cookie("GET", "/api/certificates", &owner).await).await;
    let attachments = sent["form"]["attachments"].as_object().expect("attachments");
    let (document, files) = attachments.iter().next().expect("an attachment");
    let admin = staff_cookie(&app, "transport.admin").await;
    let members = body_json(app.with_cookie("GET", "/api/staff/admin/members", &admin).await).await;
    let fixture = Fixture {
        application: crate::common::id_of(&sent),
        form: sent["form"].clone(),
        version: sent["version"].as_i64().expect("a version"),
        document: document.clone(),
        sha256: files[0]["sha256"].as_str().expect("a hash").to_owned(),
        serial: certificates[0]["serial"].as_str().expect("a serial").to_owned(),
        member: members
            .as_array()
            .expect("members")
            .iter()
            .find(|m| m["login"] == json!("transport.executor-2"))
            .and_then(|m| m["id"].as_str())
            .expect("a member")
            .to_owned(),
    };
    let mut cookies = Vec::new();
    for actor in ACTORS {
        cookies.push(cookie_of(&app, actor).await);
    }
    // Signing out ends the session the other routes use: those go last,
    // each with a session of its own.
    let mut operations = ruqsat_backend::app::operations();
    let ends_session = |op: &ruqsat_backend::operations::Operation| {
        op.method == axum::http::Method::DELETE && op.path.contains("sessions")
    };
    operations.sort_by_key(|op| ends_session(op));
    let mut failures = Vec::new();
    let mut checked = 0;
    for op in &operations {
        let path = fill(op.path, &fixture);
        for (i, actor) in ACTORS.into_iter().enumerate() {
            let cookie = if ends_session(op) {
                cookie_of(&app, actor).await
            } else {
                cookies[i].clone()
            };
            let (status, body) = call(&app, op, &path, &fixture, cookie.as_deref()).await;
            checked += 1;
            if let Err(why) = check(op, actor, status, &body) {
                failures.push(format!(
                    "{} {} as {actor:?} ({:?}): {why}",
                    op.method, op.path, op.access
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked}:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(checked, operations.len() * 7);
    println!(
        "access matrix: {} routes × 7 actors = {checked} answers checked",
        operations.len()
    );
}

/// A small, seeded generator, so that a failing run can be repeated with
/// the seed it prints.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Strings that have broken servers: empty, long, control characters,
/// other scripts, markup, SQL, numbers that are not.
const NASTY: [&str; 14] = [
    "",
    " ",
    "0",
    "-1",
    "99999999999999999999999",
    "NaN",
    "null",
    "'; DROP TABLE applications; --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "Қазақстан Республикасы",
    "\u{0}nul",
    "line\nbreak\u{7}bell",
    "😀\u{202e}",
];

fn random_string(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => NASTY[rng.below(NASTY.len())].to_owned(),
        1 => "x".repeat(1 + rng.below(5000)),
        2 => (0..1 + rng.below(16))
            .map(|_| char::from(b'0' + rng.below(10) as u8))
            .collect(),
        _ => (0..1 + rng.below(24))
            .map(|_| char::from(b'a' + rng.below(26) as u8))
            .collect(),
    }
}

fn random_value(rng: &mut Rng, depth: usize) -> serde_json::Value {
    match rng.below(if depth > 3 { 4 } else { 6 }) {
        0 => serde_json::Value::Null,
        1 => json!(rng.chance(50)),
        2 => json!([-1, 0, 1, i64::MAX, i64::MIN][rng.below(5)]),
        3 => json!(random_string(rng)),
        4 => serde_json::Value::Array((0..rng.below(4)).map(|_| random_value(rng, depth + 1)).collect()),
        _ => {
            let mut m = serde_json::Map::new();
            for _ in 0..rng.below(4) {
                m.insert(random_string(rng), random_value(rng, depth + 1));
            }
            serde_json::Value::Object(m)
        }
    }
}

/// A value for a JSON Schema (the description's components resolve its
/// `$ref`s), sometimes broken on purpose.
fn from_schema(rng: &mut Rng, schema: &serde_json::Value, doc: &serde_json::Value, depth: usize) -> serde_json::Value {
    if depth > 8 || rng.chance(4) {
        return random_value(rng, depth);
    }
    if let Some(r) = schema.get("$ref").and_then(|r| r.as_str()) {
        let name = r.rsplit('/').next().unwrap_or_default();
        return from_schema(rng, &doc["components"]["schemas"][name], doc, depth + 1);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(options) = schema.get(key).and_then(|o| o.as_array())
            && !options.is_empty()
        {
            let pick = &options[rng.below(options.len())];
            let mut value = from_schema(rng, pick, doc, depth + 1);
            // The enclosing schema's own properties apply too (tagged enums).
            if let (Some(props), Some(obj)) = (
                schema.get("properties").and_then(|p| p.as_object()),
                value.as_object_mut(),
            ) {
                for (k, s) in props {
                    obj.entry(k.clone())
                        .or_insert_with(|| from_schema(rng, s, doc, depth + 1));
                }
            }
            return value;
        }
    }
    if let Some(first) = schema.get("allOf").and_then(|o| o.as_array()).and_then(|a| a.first()) {
        return from_schema(rng, first, doc, depth + 1);
    }
    if let Some(c) = schema.get("const") {
        return c.clone();
    }
    if let Some(values) = schema.get("enum").and_then(|e| e.as_array())
        && !values.is_empty()
    {
        return values[rng.below(values.len())].clone();
    }
    let kind = match schema.get("type") {
        Some(serde_json::Value::String(t)) => t.clone(),
        Some(serde_json::Value::Array(ts)) if !ts.is_empty() => {
            ts[rng.below(ts.len())].as_str().unwrap_or("null").to_owned()
        }
        _ if schema.get("properties").is_some() => "object".to_owned(),
        _ => return random_value(rng, depth),
    };
    match kind.as_str() {
        "null" => serde_json::Value::Null,
        "boolean" => json!(rng.chance(50)),
        "integer" => json!([0, 1, 7, 2026, 2027, -1, 4325, i64::MAX][rng.below(8)]),
        "number" => json!([0.0, 1.5, -3.0, 1e300][rng.below(4)]),
        "string" => {
            let pattern = schema.get("pattern").and_then(|p| p.as_str()).unwrap_or_default();
            if schema.get("format").and_then(|f| f.as_str()) == Some("date") && rng.chance(70) {
                json!(["2026-11-23", "2027-02-30", "1900-01-01", "2026-12-31"][rng.below(4)])
            } else if pattern.contains("{12}") && rng.chance(70) {
                json!(["860101300017", "000101500011", "990340001230", "123456789012"][rng.below(4)])
            } else {
                json!(random_string(rng))
            }
        }
        "array" => {
            let items = schema.get("items").cloned().unwrap_or(json!({}));
            serde_json::Value::Array(
                (0..rng.below(4))
                    .map(|_| from_schema(rng, &items, doc, depth + 1))
                    .collect(),
            )
        }
        _ => {
            let mut m = serde_json::Map::new();
            let required: Vec<&str> = schema
                .get("required")
                .and_then(|r| r.as_array())
                .map(|r| r.iter().filter_map(|v| v.as_str()).collect())
                .unwrap_or_default();
            if let Some(props) = schema.get("properties").and_then(|p| p.as_object()) {
                for (k, s) in props {
                    // Now and then a required field is left out, or an
                    // optional one given.
                    let keep = if required.contains(&k.as_str()) {
                        !rng.chance(5)
                    } else {
                        rng.chance(50)
                    };
                    if keep {
                        m.insert(k.clone(), from_schema(rng, s, doc, depth + 1));
                    }
                }
            }
            if rng.chance(5) {
                m.insert(random_string(rng), random_value(rng, depth + 1));
            }
            serde_json::Value::Object(m)
        }
    }
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn generated_requests_never_get_a_server_error_nor_an_error_that_is_not_a_problem() {
    let total: usize = std::env::var("RUQSAT_FUZZ_REQUESTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000);
    let seed: u64 = std::env::var("RUQSAT_FUZZ_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0x5EED_2026);
    let mut rng = Rng(seed | 1);
    let app = test_app().await;
    ruqsat_backend::staff::seed_demo(&app.db, 0)
        .await
        .expect("the demo staff");
    let owner = app.register("ie", "860101300017", "erlan@example.kz").await;
    let sent = crate::common::registered(&app, &owner, "passenger-transport", "issuance", None).await;
    let draft = app.complete_draft(&owner, "passenger-transport", "issuance").await;
    let ids = [crate::common::id_of(&sent), crate::common::id_of(&draft)];
    let cookies = [
        None,
        Some(owner.clone()),
        Some(staff_cookie(&app, "transport.clerk").await),
        Some(staff_cookie(&app, "transport.admin").await),
    ];
    let doc = body_json(app.get("/api/openapi.json").await).await;
    let operations = ruqsat_backend::app::operations();
    let mut by_status = std::collections::BTreeMap::<u16, usize>::new();
    let mut failures = Vec::new();
    for n in 0..total {
        let op = &operations[n % operations.len()];
        let entry = &doc["paths"][format!("/api{}", op.path)][op.method.as_str().to_ascii_lowercase()];
        let mut path = String::new();
        for segment in op.path.split('/').filter(|s| !s.is_empty()) {
            path.push('/');
            if segment.starts_with('{') {
                let value = match (segment, rng.below(3)) {
                    ("{id}", 0 | 1) => ids[rng.below(2)].clone(),
                    ("{year}", 0) => "2027".to_owned(),
                    ("{code}", 0) => "passenger-transport".to_owned(),
                    _ => random_string(&mut rng),
                };
                path.push_str(&encode(&value));
            } else {
                path.push_str(segment);
            }
        }
        let mut query = Vec::new();
        for p in entry["parameters"].as_array().into_iter().flatten() {
            if p["in"] == json!("query") && rng.chance(60) {
                let v = from_schema(&mut rng, &p["schema"], &doc, 0);
                let text = match v {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                };
                query.push(format!("{}={}", p["name"].as_str().unwrap_or_default(), encode(&text)));
            }
        }
        let uri = if query.is_empty() {
            format!("/api{path}")
        } else {
            format!("/api{path}?{}", query.join("&"))
        };
        let ends_session = op.method == axum::http::Method::DELETE && op.path.contains("sessions");
        // Mostly the kind of caller the route is for, so that requests get
        // past the door; now and then anyone.
        use ruqsat_backend::operations::Access;
        let fitting = match op.access {
            Access::Applicant => 1,
            Access::Admin => 3,
            Access::Member | Access::Staff | Access::Internal | Access::Acting | Access::Desk => 2 + rng.below(2),
            Access::Public | Access::Gateway => 0,
        };
        let cookie = if ends_session {
            &None
        } else if rng.chance(80) {
            &cookies[fitting]
        } else {
            &cookies[rng.below(cookies.len())]
        };
        let mut r = axum::http::Request::builder().method(op.method.clone()).uri(&uri);
        if let Some(c) = cookie {
            r = r.header("cookie", c);
        }
        let schema = &entry["requestBody"]["content"]["application/json"]["schema"];
        let body = if !schema.is_null() {
            r = r.header("content-type", "application/json");
            if rng.chance(5) {
                axum::body::Body::from("{\"unterminated\": ")
            } else {
                axum::body::Body::from(from_schema(&mut rng, schema, &doc, 0).to_string())
            }
        } else if op.raw_body {
            r = r.header("content-type", "application/octet-stream");
            let bytes: Vec<u8> = match rng.below(3) {
                0 => b"%PDF-1.4 fuzz".to_vec(),
                1 => Vec::new(),
                _ => (0..rng.below(2048)).map(|_| rng.next() as u8).collect(),
            };
            axum::body::Body::from(bytes)
        } else {
            axum::body::Body::empty()
        };
        let Ok(request) = r.body(body) else {
            continue;
        };
        let response = app.send(request).await;
        let status = response.status().as_u16();
        *by_status.entry(status).or_default() += 1;
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("a body");
        let problem: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
        let why = if status >= 500 {
            Some("a server error")
        } else if status >= 400 && content_type != "application/problem+json" {
            Some("an error that is not application/problem+json")
        } else if status >= 400 && (problem["status"] != json!(status) || !problem["code"].is_string()) {
            Some("a problem without its status and code")
        } else {
            None
        };
        if let Some(why) = why {
            failures.push(format!(
                "{} {uri} → {status} ({why}): {}",
                op.method,
                String::from_utf8_lossy(&bytes).chars().take(300).collect::<String>()
            ));
        }
    }
    println!(
        "fuzz (seed {seed}): {total} requests over {} operations, answers by status: {by_status:?}",
        operations.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {total} (seed {seed}):\n{}",
        failures.len(),
        failures.iter().take(30).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[tokio::test]
async fn forty_submits_at_once_with_two_keys_register_the_application_once() {
    let app = std::sync::Arc::new(test_app().await);
    let me = app.register("ie", "860101300017", "erlan@example.kz").await;
    let v = crate::common::paid(&app, &me, "passenger-transport").await;
    let (key, cert) = crate::common::certificate(&app, &me).await;
    let signature = crate::common::sign(&key, &v);
    let mut sends = tokio::task::JoinSet::new();
    for i in 0..40 {
        let (app, me, v, cert, signature) = (app.clone(), me.clone(), v.clone(), cert.clone(), signature.clone());
        let key = if i % 2 == 0 { "tab-1" } else { "tab-2" };
        sends.spawn(async move { (key, crate::common::submit(&app, &me, &v, &cert, &signature, key).await) });
    }
    let mut numbers = std::collections::BTreeSet::new();
    let mut winners = std::collections::BTreeSet::new();
    while let Some(done) = sends.join_next().await {
        let (key, (status, body)) = done.expect("a send");
        match status.as_u16() {
            200 => {
                numbers.insert(body["number"].as_str().expect("a number").to_owned());
                winners.insert(key);
            }
            409 => {}
            other => panic!("{other}: {body}"),
        }
    }
    assert_eq!(numbers.len(), 1, "one registration number: {numbers:?}");
    assert_eq!(winners.len(), 1, "the sends of one key only succeed: {winners:?}");
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM submissions WHERE application_id = $1")
        .bind(crate::common::id_of(&v))
        .fetch_one(&app.db.pool)
        .await
        .expect("a count");
    assert_eq!(rows, 1);
    let entries = ruqsat_backend::audit::of_application(&app.db, &crate::common::id_of(&v))
        .await
        .expect("entries");
    assert_eq!(entries.len(), 1, "one audit entry of the sending: {entries:?}");
}

#[tokio::test]
async fn behind_tls_every_answer_asks_for_tls_next_time_and_over_plain_http_none_does() {
    let secure = crate::common::test_app_with(|s| s.secure_cookies = true).await;
    for path in ["/api/health", "/", "/api/no-such-route"] {
        let r = secure.get(path).await;
        assert_eq!(
            r.headers()
                .get("strict-transport-security")
                .and_then(|v| v.to_str().ok()),
            Some("max-age=63072000; includeSubDomains"),
            "{path}"
        );
    }
    let plain = test_app().await;
    assert!(
        plain
            .get("/api/health")
            .await
            .headers()
            .get("strict-transport-security")
            .is_none()
    );
}
