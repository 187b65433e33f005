//! The head returns a drafted decision for rework, with a note saying why;
//! the case goes back to whoever drafted it.

use shared::i18n::Msg;
use shared::workflow::Action;

use super::{Ctx, Plan, text};
use crate::AppError;
use crate::cases::store;

/// The return, with its reason.
pub(super) async fn plan(ctx: &Ctx<'_>, note: &str) -> Result<Plan, AppError> {
    let note = text("rework.note", note, Some(Msg::DecisionNoteRequired))?;
    let drafted_by = store::drafted_by(&ctx.state.db, &ctx.case.id).await?;
    Ok(Plan::to(Action::ReturnForRework).note(note).assign(drafted_by))
}
