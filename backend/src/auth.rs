//! Applicant accounts: register by IIN or BIN, sign in and out, change the
//! password; sessions in an HttpOnly, SameSite cookie backed by the
//! `sessions` table; sign-in attempts limited per account and per address.

mod routes;
mod store;

pub use routes::{CurrentAccount, router};
pub(crate) use routes::{
    client_address, cookie_token, hash_password, random_token, session_cookie, token_hash, verify_password,
};
pub use store::Account;
pub(crate) use store::{clear_failures, failures_since, record_failure};
