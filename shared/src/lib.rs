//! Ruqsat's domain, compiled both into the browser (wasm32) and the server.
//!
//! Everything here is pure: no I/O, no clock, no randomness. The browser uses
//! it to validate as the applicant types; the server uses the very same code
//! to validate again, so the two can never disagree.
//!
//! ```
//! use shared::{catalog, i18n::{Lang, Msg}};
//! let security = catalog::catalog().service("security").expect("in the catalogue");
//! assert_eq!(security.short_title.get(Lang::En), "Security services");
//! assert_eq!(Msg::NavServices.text(Lang::Ru), "Услуги");
//! ```

pub mod api;
pub mod banks;
pub mod calendar;
pub mod catalog;
pub mod date;
pub mod desk;
pub mod form;
pub mod horizon;
pub mod i18n;
pub mod ids;
pub mod kinds;
pub mod money;
pub mod page;
pub mod reports;
pub mod review;
#[cfg(feature = "schema")]
mod schema;
pub mod signing;
pub mod survey;
pub mod workflow;
