//! The executor drafts the decision: an issue (with its validity and annex)
//! or a reasoned refusal, checked by the shared rules; re-registering or
//! duplicating needs the licence it names to exist for this holder. Where
//! the seed makes the external body's conclusion a condition of the check
//! (seed 003:99, 355), a licence is not drafted before the body has
//! answered, and a negative answer leads to the refusal on that ground
//! unless the executor records why not.

use shared::catalog::RequestType;
use shared::form::FieldError;
use shared::i18n::Msg;
use shared::review::DecisionOutcome;
use shared::workflow::{Action, RefusalGround};

use super::{Ctx, Effect, Plan};
use crate::cases::read::form_of;
use crate::cases::store;
use crate::{AppError, licences};

/// The drafted decision.
pub(super) async fn plan(ctx: &Ctx<'_>, decision: DecisionOutcome, conclusion_note: &str) -> Result<Plan, AppError> {
    // A new annex (with the licence, or alone) lists what it covers.
    let annex = crate::applications::service_of(&ctx.case.service)?.annex
        && ctx.case.request_type == shared::catalog::RequestType::Issuance;
    let errors = decision.validate(&ctx.case.service, annex, ctx.now.local_date());
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let note = super::text("decision.conclusion_note", conclusion_note, None)?;
    follows_the_conclusion(ctx, &decision, &note).await?;
    // Seed 000:111: the fact of payment is checked; a payment order is
    // found in the treasury's statement before a licence is drawn up.
    if matches!(decision, DecisionOutcome::Issue { .. })
        && form_of(ctx.state, &ctx.case.id).await?.payment.method == Some(shared::form::PaymentMethod::Order)
        && crate::payments::order::found(&ctx.state.db, &ctx.case.id).await? != Some(true)
    {
        return Err(AppError::Invalid(vec![FieldError::new(
            "decision.outcome",
            Msg::DecisionPaymentUnconfirmed,
        )]));
    }
    let form = form_of(ctx.state, &ctx.case.id).await?;
    let names_one = ctx.case.request_type != RequestType::Issuance
        || form.request.document == shared::form::RequestedDocument::Annex;
    if matches!(decision, DecisionOutcome::Issue { .. }) && names_one {
        let existing =
            licences::existing_for(&ctx.state.db, &ctx.case.holder(), &form.request.existing_licence).await?;
        if existing.is_none() {
            return Err(AppError::Invalid(vec![FieldError::new(
                "decision.outcome",
                Msg::DecisionLicenceNotFound,
            )]));
        }
    }
    let outcome = decision.outcome();
    Ok(Plan::to(Action::DraftDecision { outcome })
        .note(note)
        .effect(Effect::Decision(decision)))
}

/// The external body's conclusion where the step asks for one: answered
/// before a licence is drafted; when negative, the refusal on that ground,
/// or the executor's reason for deciding otherwise.
async fn follows_the_conclusion(ctx: &Ctx<'_>, decision: &DecisionOutcome, note: &str) -> Result<(), AppError> {
    let asks = crate::cases::place(&ctx.chain, ctx.case.status)
        .and_then(|p| ctx.chain.step(p.index))
        .is_some_and(|s| s.conclusion);
    if !asks {
        return Ok(());
    }
    let answered = store::conclusions(&ctx.state.db, &ctx.case.id)
        .await?
        .into_iter()
        .filter_map(|c| c.positive)
        .next_back();
    let refuses_on_it = |d: &DecisionOutcome| match d {
        DecisionOutcome::Refuse { grounds, .. } => grounds.contains(&RefusalGround::NegativeConclusion),
        DecisionOutcome::Issue { .. } => false,
    };
    let problem = match (decision, answered) {
        (DecisionOutcome::Issue { .. }, None) => Some(("decision.outcome", Msg::DecisionConclusionRequired)),
        (d, Some(false)) if !refuses_on_it(d) && note.is_empty() => {
            Some(("decision.conclusion_note", Msg::DecisionNegativeConclusion))
        }
        _ => None,
    };
    match problem {
        Some((path, message)) => Err(AppError::Invalid(vec![FieldError::new(path, message)])),
        None => Ok(()),
    }
}
