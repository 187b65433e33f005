//! The completeness check of the documents: complete, the case goes on (to
//! the inspection where the chain has one); incomplete, a reasoned refusal
//! naming the missing documents is drafted for the head to sign.

use shared::form::FieldError;
use shared::i18n::{Lang, Msg};
use shared::review::DecisionOutcome;
use shared::workflow::{Action, Outcome, RefusalGround, transition};

use super::{Ctx, Effect, Plan};
use crate::AppError;

/// The checklist's result: the ids of the documents found missing.
pub(super) fn plan(ctx: &Ctx<'_>, missing: &[String]) -> Result<Plan, AppError> {
    let service = crate::applications::service_of(&ctx.case.service)?;
    let documents: Vec<_> = service.documents_for(ctx.case.request_type).collect();
    if let Some(unknown) = missing.iter().find(|m| !documents.iter().any(|d| &d.id == *m)) {
        return Err(AppError::Invalid(vec![FieldError::new(
            format!("checklist.{unknown}"),
            Msg::DecisionUnknownDocument,
        )]));
    }
    if missing.is_empty() {
        return complete(ctx);
    }
    let titles: Vec<&str> = documents
        .iter()
        .filter(|d| missing.contains(&d.id))
        .map(|d| d.title.get(Lang::Ru))
        .collect();
    let decision = DecisionOutcome::Refuse {
        grounds: vec![RefusalGround::DocumentsIncomplete],
        explanation: format!("Не представлены документы: {}.", titles.join("; ")),
    };
    let outcome = decision.outcome();
    Ok(Plan::to(Action::DraftDecision { outcome })
        .note(format!("missing: {}", missing.join(", ")))
        .effect(Effect::Decision(decision)))
}

/// Complete: on to the inspection where the chain has one; otherwise the
/// executor stays and goes on to the decision (checked to be theirs).
fn complete(ctx: &Ctx<'_>) -> Result<Plan, AppError> {
    let plan = match transition(&ctx.chain, ctx.case.status, ctx.actor, Action::ConfirmReview) {
        Ok(_) => Plan::to(Action::ConfirmReview),
        Err(_) => {
            let draft = Action::DraftDecision {
                outcome: Outcome::Issue,
            };
            transition(&ctx.chain, ctx.case.status, ctx.actor, draft)?;
            Plan::stay()
        }
    };
    Ok(plan.note("complete"))
}
