//! Accounts: registration against the state register, sign-in, sessions,
//! rate limiting, password change, and the register profile.

use crate::common::{body_json, session_cookie, test_app};
use axum::http::StatusCode;
use serde_json::json;

const IE: &str = "860101300017";
const LE: &str = "990340001230";

#[tokio::test]
async fn register_sign_in_out_and_see_me() {
    let app = test_app().await;
    // A signed-out page load asks who is signed in and gets no error.
    let r = app.get("/api/session").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(body_json(r).await, serde_json::Value::Null);
    let cookie = app.register("ie", "8601 0130 0017", "erlan@example.kz").await;
    let r = app.with_cookie("GET", "/api/me", &cookie).await;
    assert_eq!(r.status(), StatusCode::OK);
    let me = body_json(r).await;
    assert_eq!(me["identifier"], IE, "stored normalised");
    assert_eq!(me["kind"], "ie");
    let r = app.with_cookie("GET", "/api/session", &cookie).await;
    assert_eq!(r.headers()["cache-control"], "no-store", "personal");
    assert_eq!(body_json(r).await, me, "the session answers the same applicant");

    // Sign out: the cookie no longer works.
    let r = app.with_cookie("DELETE", "/api/sessions/current", &cookie).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert!(
        r.headers()["set-cookie"]
            .to_str()
            .unwrap_or_default()
            .contains("Max-Age=0")
    );
    assert_eq!(
        app.with_cookie("GET", "/api/me", &cookie).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let r = app.with_cookie("GET", "/api/session", &cookie).await;
    assert_eq!(r.status(), StatusCode::OK, "an ended session is no error either");
    assert_eq!(body_json(r).await, serde_json::Value::Null);

    // Sign in again.
    let r = app.sign_in(IE, "correct horse battery").await;
    assert_eq!(r.status(), StatusCode::OK);
    let set = r.headers()["set-cookie"].to_str().unwrap_or_default().to_owned();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax"), "{set}");
    let cookie = session_cookie(&r).expect("a cookie");
    assert_eq!(
        app.with_cookie("GET", "/api/me", &cookie).await.status(),
        StatusCode::OK
    );

    // Sessions expire.
    app.clock.advance(13 * 3600);
    assert_eq!(
        app.with_cookie("GET", "/api/me", &cookie).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn registration_errors_are_field_addressed() {
    let app = test_app().await;
    let r = app
        .json(
            "POST",
            "/api/accounts",
            json!({"kind": "ie", "identifier": "860101300018", "email": "nope", "password": "short"}),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = body_json(r).await;
    let errors: Vec<(String, String)> = body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["path"].as_str().unwrap_or_default().to_owned(),
                e["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            ("account.identifier".to_owned(), "id.iin.checksum".to_owned()),
            ("account.email".to_owned(), "account.email".to_owned()),
            ("account.password".to_owned(), "account.password_short".to_owned()),
        ]
    );

    // A valid IIN the register does not know: "data cannot be obtained".
    let r = app
        .json(
            "POST",
            "/api/accounts",
            json!({"kind": "ie", "identifier": "000101500011", "email": "a@b.kz", "password": "long enough pass"}),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED, "a demo record");
    let unknown = shared::ids::complete_iin_bin("91020240001").expect("a valid IIN");
    let r = app
        .json(
            "POST",
            "/api/accounts",
            json!({"kind": "ie", "identifier": unknown, "email": "c@d.kz", "password": "long enough pass"}),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body_json(r).await["errors"][0]["message"], "refusal.not_in_register");

    // A BIN is not an IIN.
    let r = app
        .json(
            "POST",
            "/api/accounts",
            json!({"kind": "ie", "identifier": LE, "email": "e@f.kz", "password": "long enough pass"}),
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn an_identifier_or_email_registers_once() {
    let app = test_app().await;
    app.register("le", LE, "office@korgan.kz").await;
    let again = json!({"kind": "le", "identifier": LE, "email": "other@korgan.kz", "password": "long enough pass"});
    let r = app.json("POST", "/api/accounts", again, None).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(body_json(r).await["message"], "account.exists");
    let same_email =
        json!({"kind": "ie", "identifier": IE, "email": "OFFICE@korgan.kz", "password": "long enough pass"});
    let r = app.json("POST", "/api/accounts", same_email, None).await;
    assert_eq!(body_json(r).await["errors"][0]["message"], "account.email_taken");
}

#[tokio::test]
async fn wrong_passwords_are_refused_then_rate_limited() {
    let app = test_app().await;
    app.register("ie", IE, "erlan@example.kz").await;
    for _ in 0..5 {
        let r = app.sign_in(IE, "not the password").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(body_json(r).await["code"], "authorisation-refused");
    }
    // Even the right password waits now.
    let r = app.sign_in(IE, "correct horse battery").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body_json(r).await["message"], "account.too_many_attempts");
    app.clock.advance(16 * 60);
    assert_eq!(app.sign_in(IE, "correct horse battery").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions() {
    let app = test_app().await;
    let first = app.register("ie", IE, "erlan@example.kz").await;
    let r = app.sign_in(IE, "correct horse battery").await;
    let second = session_cookie(&r).expect("a cookie");

    let bad = json!({"current": "wrong password!", "new": "a brand new secret"});
    let r = app.json("POST", "/api/me/password", bad, Some(&first)).await;
    assert_eq!(body_json(r).await["errors"][0]["path"], "password.current");

    let change = json!({"current": "correct horse battery", "new": "a brand new secret"});
    assert_eq!(
        app.json("POST", "/api/me/password", change, Some(&first))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.with_cookie("GET", "/api/me", &first).await.status(),
        StatusCode::OK,
        "this session stays"
    );
    assert_eq!(
        app.with_cookie("GET", "/api/me", &second).await.status(),
        StatusCode::UNAUTHORIZED,
        "the other ends"
    );
    assert_eq!(
        app.sign_in(IE, "correct horse battery").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_register_profile_prefills_the_applicant() {
    let app = test_app().await;
    let cookie = app.register("le", LE, "office@korgan.kz").await;
    let r = app.with_cookie("GET", "/api/me/register-profile", &cookie).await;
    assert_eq!(r.status(), StatusCode::OK);
    let p = body_json(r).await;
    assert_eq!(p["applicant"]["kind"], "le");
    assert_eq!(p["applicant"]["le"]["bin"], LE);
    assert_eq!(p["applicant"]["le"]["full_name"], "«Қорған Күзет» ЖШС");
    assert_eq!(
        app.get("/api/me/register-profile").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn forged_or_malformed_cookies_are_strangers() {
    let app = test_app().await;
    for cookie in [
        "ruqsat_session=abc",
        &format!("ruqsat_session={}", "0".repeat(64)),
        "other=1",
    ] {
        let r = app.with_cookie("GET", "/api/me", cookie).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{cookie}");
        assert_eq!(body_json(r).await["code"], "unauthenticated");
    }
    let r = app.json("POST", "/api/sessions", json!({"identifier": 5}), None).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

/// A sign-in from a given address, as a socket would tell it.
async fn sign_in_from(
    app: &crate::common::TestApp,
    address: &str,
    identifier: &str,
    password: &str,
) -> axum::http::Response<axum::body::Body> {
    let body = json!({"identifier": identifier, "password": password}).to_string();
    let mut r = axum::http::Request::post("/api/sessions")
        .header("content-type", "application/json")
        .body(axum::body::Body::from(body))
        .expect("a request");
    let peer: std::net::SocketAddr = format!("{address}:40000").parse().expect("an address");
    r.extensions_mut().insert(axum::extract::ConnectInfo(peer));
    app.send(r).await
}

#[tokio::test]
async fn fifty_guesses_at_once_get_five_tries_and_a_growing_wait_not_a_lock() {
    let app = std::sync::Arc::new(test_app().await);
    app.register("ie", IE, "erlan@example.kz").await;
    let mut guesses = tokio::task::JoinSet::new();
    for i in 0..50 {
        let app = app.clone();
        // The right password is among them, late.
        let password = if i == 40 {
            "correct horse battery".to_owned()
        } else {
            format!("guess number {i}")
        };
        guesses.spawn(async move { sign_in_from(&app, "203.0.113.9", IE, &password).await.status() });
    }
    let mut tried = 0;
    let mut throttled = 0;
    while let Some(status) = guesses.join_next().await {
        match status.expect("a guess") {
            StatusCode::TOO_MANY_REQUESTS => throttled += 1,
            StatusCode::UNAUTHORIZED | StatusCode::OK => tried += 1,
            other => panic!("{other}"),
        }
    }
    assert!(tried <= 5, "only the free attempts are checked: {tried}");
    assert_eq!(tried + throttled, 50);

    // Then each next try waits twice as long as the one before, and says so.
    let r = sign_in_from(&app, "203.0.113.9", IE, "guess again").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers()["retry-after"], "1");
    assert_eq!(body_json(r).await["args"]["seconds"], "1");
    app.clock.advance(1);
    assert_eq!(
        sign_in_from(&app, "203.0.113.9", IE, "guess again").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let r = sign_in_from(&app, "203.0.113.9", IE, "and again").await;
    assert_eq!(r.headers()["retry-after"], "2");
    // The owner on their own device is not locked out by guesses from
    // elsewhere: their pair has no failures, the account's wider limit has
    // not been reached.
    let r = sign_in_from(&app, "198.51.100.20", IE, "correct horse battery").await;
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn registrations_from_one_address_are_throttled_too() {
    let app = test_app().await;
    let mut last = StatusCode::OK;
    for i in 0..12 {
        let body = json!({"kind": "ie", "identifier": "123", "email": format!("x{i}@example.kz"), "password": "short"});
        last = app.json("POST", "/api/accounts", body, None).await.status();
        if last == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(i, 10, "ten free attempts");
            break;
        }
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_session_ends_after_thirty_idle_minutes_and_lives_while_used() {
    let app = test_app().await;
    let cookie = app.register("ie", IE, "erlan@example.kz").await;
    // Used every 20 minutes, it lives past the first half hour.
    for _ in 0..4 {
        app.clock.advance(20 * 60);
        assert_eq!(
            app.with_cookie("GET", "/api/me", &cookie).await.status(),
            StatusCode::OK
        );
    }
    app.clock.advance(31 * 60);
    assert_eq!(
        app.with_cookie("GET", "/api/me", &cookie).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_account_s_sessions_are_listed_and_signing_out_everywhere_ends_them_all() {
    let app = test_app().await;
    let first = app.register("ie", IE, "erlan@example.kz").await;
    let second = session_cookie(&app.sign_in(IE, "correct horse battery").await).expect("a cookie");
    let list = body_json(app.with_cookie("GET", "/api/me/sessions", &first).await).await;
    let list = list.as_array().expect("sessions");
    assert_eq!(list.len(), 2);
    assert_eq!(list.iter().filter(|s| s["current"] == json!(true)).count(), 1);
    let r = app.with_cookie("DELETE", "/api/me/sessions", &second).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    for cookie in [&first, &second] {
        assert_eq!(
            app.with_cookie("GET", "/api/me", cookie).await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
}

/// Signing in as the seeds have it (000:99-105, 002:167-175): the IIN/BIN,
/// the password and the EDS. The device's key signs a fresh challenge,
/// used once; a revoked certificate, another person's, an expired
/// challenge or a wrong password are each refused with their reason.
#[tokio::test]
async fn an_applicant_signs_in_with_the_eds_and_each_refusal_says_why() {
    use base64::Engine as _;
    use p256::ecdsa::signature::Signer as _;
    let app = test_app().await;
    let me = app.register("ie", IE, "erlan@example.kz").await;
    let (key, cert) = crate::common::certificate(&app, &me).await;
    let serial = cert["serial"].as_str().expect("a serial").to_owned();
    let other = app.register("le", LE, "office@example.kz").await;
    let (other_key, other_cert) = crate::common::certificate(&app, &other).await;
    let other_serial = other_cert["serial"].as_str().expect("a serial").to_owned();

    let challenge = || async {
        let r = app.json("POST", "/api/sessions/challenge", json!({}), None).await;
        assert_eq!(r.status(), StatusCode::OK);
        body_json(r).await["challenge"]
            .as_str()
            .expect("a challenge")
            .to_owned()
    };
    let sign = |key: &p256::ecdsa::SigningKey, challenge: &str, identifier: &str| {
        let sig: p256::ecdsa::Signature = key.sign(&shared::signing::sign_in_bytes(challenge, identifier));
        base64::engine::general_purpose::STANDARD.encode(sig.to_bytes())
    };
    let login = |challenge: &str, serial: &str, key: &p256::ecdsa::SigningKey, password: &str| {
        json!({"identifier": IE, "password": password, "challenge": challenge, "serial": serial,
            "signature": sign(key, challenge, IE)})
    };
    // Signs in with a fresh challenge signed by `key`, naming `serial`.
    let attempt = |serial: String, key: p256::ecdsa::SigningKey, password: &'static str| {
        let (app, challenge, login) = (&app, &challenge, &login);
        async move {
            let c = challenge().await;
            let body = login(&c, &serial, &key, password);
            (c, app.json("POST", "/api/sessions/eds", body, None).await)
        }
    };
    const PASSWORD: &str = "correct horse battery";

    // Signed by the account's own key: a session.
    let (used, r) = attempt(serial.clone(), key.clone(), PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = session_cookie(&r).expect("a session");
    assert_eq!(body_json(r).await["identifier"], json!(IE));
    let who = body_json(app.with_cookie("GET", "/api/me", &cookie).await).await;
    assert_eq!(who["identifier"], json!(IE));
    // The same challenge again: used up.
    let r = app
        .json("POST", "/api/sessions/eds", login(&used, &serial, &key, PASSWORD), None)
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(body_json(r).await["code"], json!("auth.challenge_expired"));
    // Each refusal says why: another person's certificate and key for this
    // IIN; this certificate with a signature its key did not make; the right
    // EDS with a wrong password ("authorisation refused" only).
    let refused = StatusCode::UNPROCESSABLE_ENTITY;
    for (serial, key, password, status, code) in [
        (
            other_serial.clone(),
            other_key.clone(),
            PASSWORD,
            refused,
            "authorisation-refused-eds-mismatch",
        ),
        (
            serial.clone(),
            other_key.clone(),
            PASSWORD,
            refused,
            "authorisation-refused-eds-invalid",
        ),
        (
            serial.clone(),
            key.clone(),
            "wrong",
            StatusCode::UNAUTHORIZED,
            "authorisation-refused",
        ),
    ] {
        let (_, r) = attempt(serial, key, password).await;
        assert_eq!(r.status(), status, "{code}");
        assert_eq!(body_json(r).await["code"], json!(code));
    }
    // Revoked: refused with its reason.
    let revoke = app
        .with_cookie("POST", &format!("/api/certificates/{serial}/revocation"), &me)
        .await;
    assert_eq!(revoke.status(), StatusCode::NO_CONTENT);
    let (_, r) = attempt(serial.clone(), key.clone(), PASSWORD).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem = body_json(r).await;
    assert_eq!(problem["code"], json!("authorisation-refused-eds-revoked"));
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("revoked") || d.contains("отозвано") || d.contains("кері")),
        "{problem}"
    );
    // An expired challenge.
    let c = challenge().await;
    app.clock.advance(6 * 60);
    let r = app
        .json("POST", "/api/sessions/eds", login(&c, &serial, &key, PASSWORD), None)
        .await;
    assert_eq!(body_json(r).await["code"], json!("auth.challenge_expired"));
}
