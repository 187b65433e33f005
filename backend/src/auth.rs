//! Applicant accounts: register by IIN or BIN, sign in and out, change the
//! password; sessions in an HttpOnly, SameSite cookie backed by the
//! `sessions` table; sign-in and registration attempts throttled
//! ([`throttle`]); password hashing bounded.

mod hashers;
mod routes;
mod store;
pub mod throttle;

pub(crate) use routes::{
    Asked, ClientAddress, confirm_password, cookie_name, cookie_token, hash_password, random_token, session_cookie,
    token_hash, verify_or_pretend,
};
pub use routes::{CurrentAccount, applicant_cookie_name, cookie_value, has_session_cookie, hashes_done, router};
pub use store::{Account, IDLE_SECS};
