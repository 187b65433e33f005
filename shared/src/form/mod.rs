//! The content of an application and its validation.
//!
//! The form keeps what the applicant typed, as text, so nothing entered is
//! ever lost to a failed parse; validation reads it through the typed parsers
//! of [`crate::ids`], [`crate::date`] and [`crate::money`] and answers every
//! error addressed to `step.field[row]` with a message key. The browser runs
//! it as the applicant types; the server runs it again on every save and
//! before signing.

mod answers;
mod content;
mod errors;
mod example;
mod frame;
mod labels;
mod paths;
mod steps;
mod validate;

pub use answers::*;
pub use content::*;
pub use errors::*;
pub use example::*;
pub use frame::*;
pub use labels::*;
pub use paths::*;
pub use steps::*;
pub use validate::*;

#[cfg(test)]
mod tests;
