//! A just-signed application becomes a case: it is put at the first step of
//! its chain inside the submission's own transaction, with who applies kept
//! beside it for the inbox and the register.

use shared::calendar::Timestamp;
use shared::catalog::ApplicantKind;
use shared::form::ApplicationForm;
use shared::workflow::{ApplicationStatus, Chain, Role};

use super::{Move, Tx, Who, fresh_position, guard, log};
use crate::AppError;
use crate::cases::store;

/// The applicant's name as the register and the form give it.
pub fn applicant_name(form: &ApplicationForm) -> String {
    match form.applicant.kind {
        ApplicantKind::Ie => {
            let ie = &form.applicant.ie;
            let person = [ie.surname.trim(), ie.given_name.trim(), ie.patronymic.trim()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            if ie.ie_name.trim().is_empty() {
                person
            } else {
                format!("{} ({person})", ie.ie_name.trim())
            }
        }
        ApplicantKind::Le => form.applicant.le.full_name.trim().to_owned(),
    }
}

/// Puts a just-registered application at the first step of its chain;
/// `actor` is the applicant's account id and name.
pub async fn start_case(
    tx: &mut Tx<'_>,
    id: &str,
    form: &ApplicationForm,
    chain: &Chain,
    provider: &str,
    actor: (Role, &str, &str),
    now: Timestamp,
) -> Result<(), AppError> {
    let calendar = shared::calendar::Calendar::of_provider(provider);
    let position = fresh_position(calendar, chain, ApplicationStatus::Registered, now)?;
    if position.place.is_none() {
        return Err(AppError::Internal("a chain without intake".to_owned()));
    }
    let name = applicant_name(form);
    store::set_applicant(tx, id, provider, (&name, form.applicant_id().trim()), now.unix()).await?;
    // The submission's own transaction has just registered it; the log
    // shows the move from paid, as the applicant made it.
    let registered = Move {
        id,
        from: ApplicationStatus::Registered,
        to: &position,
        case: None,
    };
    crate::facts::received(tx, id, provider, now.unix()).await?;
    guard(tx, &registered, now).await?;
    let who = Who::Filer {
        role: actor.0,
        id: actor.1,
        name: actor.2,
    };
    let paid = Move {
        from: ApplicationStatus::Paid,
        ..registered
    };
    log(tx, &paid, who, "submit", now, "").await
}
