//! Work that costs memory and a core is bounded: a password is hashed only
//! once everything that can refuse the request has been asked, and an
//! unknown account costs as much to try as a known one. One test in its
//! own binary, so the process-wide count of hashes is this test's alone.

mod common;

use axum::http::StatusCode;
use common::test_app;
use ruqsat_backend::auth::hashes_done;
use serde_json::json;

const IE: &str = "860101300017";

#[tokio::test]
async fn passwords_are_hashed_only_when_nothing_else_refuses() {
    let app = test_app().await;
    app.register("ie", IE, "erlan@example.kz").await;
    let before = hashes_done();
    // A taken IIN, a taken e-mail, an IIN the register does not know, a bad
    // form: refused without hashing.
    for body in [
        json!({"kind": "ie", "identifier": IE, "email": "other@example.kz", "password": "correct horse battery"}),
        json!({"kind": "ie", "identifier": "000101500011", "email": "erlan@example.kz", "password": "correct horse battery"}),
        json!({"kind": "ie", "identifier": "860101300018", "email": "x@example.kz", "password": "correct horse battery"}),
        json!({"kind": "ie", "identifier": "000101500011", "email": "y@example.kz", "password": "short"}),
    ] {
        let status = app.json("POST", "/api/accounts", body, None).await.status();
        assert!(status.is_client_error(), "{status}");
    }
    assert_eq!(hashes_done(), before, "no hash for a refused registration");
    // An unknown account is checked against a stand-in hash, as long as a
    // known one (the first time also makes the stand-in).
    let r = app.sign_in("000101500011", "a guess at a password").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let after_unknown = hashes_done();
    assert!(after_unknown > before);
    let r = app.sign_in("000101500011", "another guess").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(hashes_done(), after_unknown + 1, "one check, as for a known account");
    let r = app.sign_in(IE, "a wrong password").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(hashes_done(), after_unknown + 2);
}
