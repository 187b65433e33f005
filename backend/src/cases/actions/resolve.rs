//! A resolution passes the case on down the chain (head → department head
//! → executor), optionally naming the member who takes it; the executor
//! confirms their review the same way.

use shared::form::FieldError;
use shared::i18n::Msg;
use shared::workflow::{Action, transition};

use super::{Ctx, Plan, text};
use crate::AppError;
use crate::cases::place;

/// A resolution, with the person named checked to hold the next step's role
/// at this provider.
pub(super) async fn plan(ctx: &Ctx<'_>, to: Option<&str>, note: &str) -> Result<Plan, AppError> {
    let note = text("resolution.note", note, None)?;
    let next = transition(&ctx.chain, ctx.case.status, ctx.actor, Action::Resolve)?;
    let plan = Plan::to(Action::Resolve).note(note);
    let Some(to) = to.filter(|t| !t.is_empty()) else {
        return Ok(plan);
    };
    let wanted = place(&ctx.chain, next).map(|p| p.role);
    match crate::staff::member(&ctx.state.db, &ctx.staff.provider, to).await? {
        Some(m) if Some(m.role) == wanted => Ok(plan.assign(Some(m.id))),
        _ => Err(AppError::Invalid(vec![FieldError::new(
            "resolution.to",
            Msg::DecisionAssigneeInvalid,
        )])),
    }
}

/// The executor's review is done; on to the next step.
pub(super) fn confirm_review(note: &str) -> Result<Plan, AppError> {
    Ok(Plan::to(Action::ConfirmReview).note(text("review.note", note, None)?))
}
