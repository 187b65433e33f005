//! The executor drafts the decision: an issue (with its validity and annex)
//! or a reasoned refusal, checked by the shared rules; re-registering or
//! duplicating needs the licence it names to exist for this holder.

use shared::catalog::RequestType;
use shared::form::FieldError;
use shared::i18n::Msg;
use shared::review::DecisionOutcome;
use shared::workflow::Action;

use super::{Ctx, Effect, Plan};
use crate::cases::read::form_of;
use crate::{AppError, licences};

/// The drafted decision.
pub(super) async fn plan(ctx: &Ctx<'_>, decision: DecisionOutcome) -> Result<Plan, AppError> {
    let errors = decision.validate(&ctx.case.service, ctx.now.local_date());
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    if matches!(decision, DecisionOutcome::Issue { .. }) && ctx.case.request_type != RequestType::Issuance {
        let form = form_of(ctx.state, &ctx.case.id).await?;
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
    Ok(Plan::to(Action::DraftDecision { outcome }).effect(Effect::Decision(decision)))
}
