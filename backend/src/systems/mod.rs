//! The state systems this server cannot reach — the certification
//! authority, the payment gateway, the state registers, the notary
//! register and the treasury — each a trait
//! with a working sandbox that stands in for it, and the sandboxes' keys.
//! A leaf below every capability: it imports only the database layer, so
//! `state.rs` holds these traits without importing a capability that
//! imports the state back.

pub mod ca;
pub mod gateway;
pub mod notary;
pub mod registers;
mod store;
pub mod treasury;

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
