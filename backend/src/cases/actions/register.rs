//! The office clerk registers a case in the provider's incoming journal:
//! the journal's number is drawn inside the move's transaction.

use shared::workflow::Action;

use super::{Effect, Plan};

/// Registering asks for nothing but the case.
pub(super) fn plan() -> Plan {
    Plan::to(Action::RegisterIncoming).effect(Effect::IncomingNumber)
}
