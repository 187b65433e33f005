//! The counter: applications taken in person — at a public service centre
//! by its operator (seed 001 §9-10), or at the provider's office by its
//! clerk (seed 002 §7, 003:361, 004 §8.1) — and, at a centre, the result
//! handed out against the receipt (001:145, 001:191).
//!
//! An intake is an application the counter fills for the applicant, in
//! their name: the applicant's account holds it (one the counter opens, if
//! they have none), the organisation's intake row says who took it and how.
//! The order is the seed's: identification (the register must know the
//! IIN/BIN), the representative's power of attorney checked in the notary
//! register, the written consent before the register's data is read
//! (001:141), the form from the paper documents with the portal's own
//! rules, the checklist of what was presented, payment, the operator's EDS,
//! and the receipt.

mod receipt;
mod routes;
mod store;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use shared::catalog::{Channel, catalog};
use shared::workflow::{Refusal, Role};

pub use routes::router;

use crate::staff::{ActingStaff, Staff};
use crate::{AppError, AppState};

/// A member at a counter: an operator of a service centre (or its head,
/// watching the queue), or a clerk of a provider taking applications in
/// person. Anyone else is refused.
#[derive(Clone, Debug)]
pub struct Counter {
    /// The member.
    pub staff: Staff,
    /// The counter's channel.
    pub channel: Channel,
    /// Whether they take intakes (not only watch the queue).
    pub takes: bool,
}

impl Counter {
    /// Refuses a member who only watches the queue.
    fn taking(&self) -> Result<(), AppError> {
        if self.takes {
            Ok(())
        } else {
            Err(AppError::Refused(Refusal::NotAllowed))
        }
    }
}

impl FromRequestParts<AppState> for Counter {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let ActingStaff { staff } = ActingStaff::from_request_parts(parts, state).await?;
        let channel = catalog()
            .desk_channel(&staff.provider)
            .ok_or(AppError::Refused(Refusal::NotAllowed))?;
        let takes = match channel {
            Channel::ServiceCentre => staff.role == Role::Operator,
            Channel::Provider => staff.role == Role::Clerk,
            Channel::Portal => false,
        };
        let watches = channel == Channel::ServiceCentre && staff.role == Role::Head;
        if !takes && !watches {
            return Err(AppError::Refused(Refusal::NotAllowed));
        }
        Ok(Counter { staff, channel, takes })
    }
}
