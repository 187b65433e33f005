//! The office's clerk checks a payment order against the treasury's
//! statement (seed 000:111, "E-licensing checks the fact of payment"):
//! asks the treasury (`crate::payments::order`), or records its answer by
//! hand — found, the fee is paid; not found, it is not, and why. The case
//! stays where it is, whoever holds it; no licence is drawn up before the
//! order is found.

use shared::form::{ApplicationForm, PaymentMethod};
use shared::i18n::Msg;
use shared::workflow::{Refusal, Role};

use super::{Ctx, Effect, Plan, text};
use crate::AppError;
use crate::cases::read::form_of;

/// The form of a case whose payment order the member may check: the
/// office's clerk, an open case, paid by order.
async fn order_form(ctx: &Ctx<'_>) -> Result<ApplicationForm, AppError> {
    if ctx.staff.role != Role::Clerk || ctx.case.status.is_final() {
        return Err(Refusal::NotAllowed.into());
    }
    let form = form_of(ctx.state, &ctx.case.id).await?;
    if form.payment.method != Some(PaymentMethod::Order) {
        return Err(Refusal::NotAllowed.into());
    }
    Ok(form)
}

/// The treasury's answer, recorded as the clerk's check.
pub(super) async fn ask(ctx: &Ctx<'_>) -> Result<Plan, AppError> {
    let form = order_form(ctx).await?;
    let (found, note) = crate::payments::order::answer(&*ctx.state.treasury, &form);
    Ok(Plan::stay()
        .note(note.clone())
        .effect(Effect::PaymentOrder { found, note }))
}

/// The clerk's finding.
pub(super) async fn plan(ctx: &Ctx<'_>, found: bool, note: &str) -> Result<Plan, AppError> {
    order_form(ctx).await?;
    let empty = (!found).then_some(Msg::FieldRequired);
    let note = text("payment_order.note", note, empty)?;
    let verdict = if found { "found" } else { "not found" };
    Ok(Plan::stay()
        .note(format!("{verdict}: {note}"))
        .effect(Effect::PaymentOrder { found, note }))
}
