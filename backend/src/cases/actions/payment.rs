//! The office's clerk checks a payment order against the treasury's
//! statement (seed 000:111, "E-licensing checks the fact of payment"):
//! found, the fee is paid; not found, it is not. The case stays where it is,
//! whoever holds it; no licence is drawn up before the order is found.

use shared::form::PaymentMethod;
use shared::i18n::Msg;
use shared::workflow::{Refusal, Role};

use super::{Ctx, Effect, Plan, text};
use crate::AppError;
use crate::cases::read::form_of;

/// The clerk's finding.
pub(super) async fn plan(ctx: &Ctx<'_>, found: bool, note: &str) -> Result<Plan, AppError> {
    if ctx.staff.role != Role::Clerk || ctx.case.status.is_final() {
        return Err(Refusal::NotAllowed.into());
    }
    if form_of(ctx.state, &ctx.case.id).await?.payment.method != Some(PaymentMethod::Order) {
        return Err(Refusal::NotAllowed.into());
    }
    let empty = (!found).then_some(Msg::FieldRequired);
    let note = text("payment_order.note", note, empty)?;
    let verdict = if found { "found" } else { "not found" };
    Ok(Plan::stay()
        .note(format!("{verdict}: {note}"))
        .effect(Effect::PaymentOrder { found, note }))
}
