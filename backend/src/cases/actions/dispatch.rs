//! The office's clerk sends the signed result to the applicant: to the
//! cabinet through the portal (or, from a service centre, by courier).
//! Nothing dispatches by itself; the step's deadline runs from the
//! signature. The applicant is told once the result is theirs.

use shared::i18n::Msg;
use shared::kinds::ResultDocument;
use shared::review::DecisionOutcome;
use shared::workflow::{Action, ApplicationStatus};

use super::{Ctx, Plan};
use crate::cases::read::decision_of;
use crate::{AppError, AppState, licences, notifications};

/// Sending asks for nothing but the case; the note names the licence sent.
pub(super) async fn plan(ctx: &Ctx<'_>) -> Result<Plan, AppError> {
    let produced = licences::produced(&ctx.state.db, &ctx.case.id).await?;
    Ok(Plan::to(Action::Dispatch).note(produced.map(|p| p.number().to_owned()).unwrap_or_default()))
}

/// Tells the applicant that the result has reached them, once the case is
/// final: issued (with the licence's number) or refused.
pub(super) async fn tell_applicant(
    state: &AppState,
    case: &crate::cases::Case,
    status: ApplicationStatus,
    at: i64,
) -> Result<(), AppError> {
    let (message, args) = match status {
        ApplicationStatus::Issued => {
            let produced = licences::produced(&state.db, &case.id)
                .await?
                .ok_or_else(|| AppError::Internal("an issued case without its licence".to_owned()))?;
            // The date and time of the result (seed 003: the portal's notice).
            let when = shared::calendar::Timestamp::from_unix(at).local_text();
            let licence = match produced {
                licences::Produced::Annex { annex, licence } => {
                    let args = vec![("annex", annex.number), ("licence", licence.number), ("when", when)];
                    return tell(state, case, at, Msg::NotifyAnnexIssued, args).await;
                }
                licences::Produced::Licence(l) => l,
            };
            match licence.document() {
                ResultDocument::Licence => (Msg::NotifyIssued, vec![("licence", licence.number), ("when", when)]),
                // Seed 001:63: where and when to collect the paper certificate.
                ResultDocument::Certificate => {
                    let collection = match decision_of(state, &case.id).await? {
                        Some((
                            DecisionOutcome::Issue {
                                collection: Some(c), ..
                            },
                            _,
                        )) => c,
                        _ => {
                            return Err(AppError::Internal(
                                "a certificate without its place of collection".to_owned(),
                            ));
                        }
                    };
                    (
                        Msg::NotifyCertificateReady,
                        vec![
                            ("licence", licence.number),
                            ("place", collection.place),
                            ("date", collection.date),
                        ],
                    )
                }
            }
        }
        ApplicationStatus::Refused => (Msg::NotifyRefused, Vec::new()),
        _ => return Ok(()),
    };
    tell(state, case, at, message, args).await
}

/// The applicant's notification of the case's result, with its number.
async fn tell(
    state: &AppState,
    case: &crate::cases::Case,
    at: i64,
    message: Msg,
    mut args: Vec<(&str, String)>,
) -> Result<(), AppError> {
    args.push(("number", case.number.clone()));
    notifications::notify(&state.db, &case.owner_id, at, message, &args, Some(&case.id)).await?;
    Ok(())
}
