//! The provider's side of an application: what staff do to a case, what
//! they see in the inbox and the case view, the decision they sign, and the
//! licence register. Both the back-office pages and the server use these
//! types; [`DecisionOutcome::validate`] and [`decision_bytes`] run on both.

mod case;
mod decision;
mod inbox;
mod register;
mod staff;

pub use case::*;
pub use decision::*;
pub use inbox::*;
pub use register::*;
pub use staff::*;

#[cfg(test)]
mod tests;
