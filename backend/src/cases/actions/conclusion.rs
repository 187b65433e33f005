//! An external body's conclusion: the executor asks (the case waits for the
//! body at the same step, its clock running), the body answers and the case
//! goes back to whoever asked.

use shared::i18n::Msg;
use shared::workflow::Action;

use super::{Ctx, Effect, Plan, text};
use crate::AppError;
use crate::cases::store;

/// The question put to the external body.
pub(super) fn request(question: &str) -> Result<Plan, AppError> {
    let question = text("conclusion.question", question, Some(Msg::FieldRequired))?;
    Ok(Plan::to(Action::RequestConclusion)
        .note(question.clone())
        .assign(None)
        .effect(Effect::Conclusion(question)))
}

/// The body's answer, positive or negative, with its text.
pub(super) async fn answer(ctx: &Ctx<'_>, positive: bool, answer: &str) -> Result<Plan, AppError> {
    let answer = text("conclusion.answer", answer, Some(Msg::FieldRequired))?;
    let asked_by = store::open_conclusion_requester(&ctx.state.db, &ctx.case.id).await?;
    let verdict = if positive { "positive" } else { "negative" };
    Ok(Plan::to(Action::AnswerConclusion)
        .note(format!("{verdict}: {answer}"))
        .assign(asked_by)
        .effect(Effect::Answer { positive, text: answer }))
}
