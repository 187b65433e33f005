//! Every number the product gives out, each from a sequence of its own
//! taken inside the caller's transaction (so a number is never given twice
//! nor lost to a change that rolled back):
//!
//! - the application's registration number `KZ-{year}-{service}-{n:06}`,
//!   one sequence a year;
//! - the provider's incoming number `{year}-{n:05}`, one sequence per
//!   provider and year;
//! - the licence number `L-{year}-{service}-{n:06}`, one sequence a year;
//! - the counter's receipt (қолхат) `Q-{year}-{n:06}`, one sequence a year.
//!
//! `{service}` is the service's place in the catalogue, from 01.

mod store;

use crate::AppError;

type Tx<'t> = sqlx::Transaction<'t, sqlx::Any>;

/// The service's place in the catalogue, from 1.
fn service_index(service: &str) -> usize {
    shared::catalog::catalog()
        .services
        .iter()
        .position(|s| s.code == service)
        .unwrap_or_default()
        + 1
}

/// The next registration number of an application of `service`.
pub async fn application(tx: &mut Tx<'_>, service: &str, year: i32) -> Result<String, AppError> {
    let n = store::next(tx, &format!("application-{year}")).await?;
    Ok(format!("KZ-{year}-{:02}-{n:06}", service_index(service)))
}

/// The next incoming number of a provider.
pub async fn incoming(tx: &mut Tx<'_>, provider: &str, year: i32) -> Result<String, AppError> {
    let n = store::next(tx, &format!("incoming-{provider}-{year}")).await?;
    Ok(format!("{year}-{n:05}"))
}

/// The next number of `service`'s result: a licence `L-…`, a certificate
/// `C-…`, each kind counting on its own.
pub async fn licence(tx: &mut Tx<'_>, service: &str, year: i32) -> Result<String, AppError> {
    let document = crate::applications::service_of(service)?.document;
    let counter = match document {
        shared::kinds::ResultDocument::Licence => "licence",
        shared::kinds::ResultDocument::Certificate => "certificate",
    };
    let n = store::next(tx, &format!("{counter}-{year}")).await?;
    Ok(format!(
        "{}-{year}-{:02}-{n:06}",
        document.prefix(),
        service_index(service)
    ))
}

/// The next number of a receipt given at a counter.
pub async fn receipt(tx: &mut Tx<'_>, year: i32) -> Result<String, AppError> {
    let n = store::next(tx, &format!("receipt-{year}")).await?;
    Ok(format!("Q-{year}-{n:06}"))
}
