//! The licence fee: online through a payment gateway, or by a payment order.
//!
//! The state payment gateway cannot be reached from here; the
//! [`SandboxGateway`] stands in for it behind [`PaymentGateway`] with the
//! same contract: the applicant is sent to the gateway's own checkout page
//! (served under `/sandbox/gateway/`), and the gateway confirms the outcome
//! with a server-to-server notification whose body is signed
//! (HMAC-SHA-256, header `X-Gateway-Signature`) with a key the backend
//! verifies. The notification is accepted at
//! `POST /api/payments/notifications`; the sandbox delivers the very same
//! signed bytes through the very same function. A repeated notification, or
//! a double click on "Pay", pays once.

pub mod order;
mod routes;
mod store;

pub use crate::systems::gateway::{HostedGateway, PaymentGateway, SandboxGateway};
pub(crate) use routes::{by_order, online};
pub use routes::{router, sandbox_router};
pub use store::{any_for, last};
