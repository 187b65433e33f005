//! Applicant accounts: register by IIN or BIN, sign in and out, change the
//! password; sessions in an HttpOnly, SameSite cookie backed by the
//! `sessions` table; sign-in attempts limited per account and per address.

mod routes;
mod store;

pub use routes::{CurrentAccount, router};
pub use store::Account;
