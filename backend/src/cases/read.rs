//! Reading a case as a member of its provider may: the case itself (or
//! not found), its signed snapshot and its drafted decision. Both the
//! actions and the case view read through here.

use shared::form::ApplicationForm;
use shared::review::DecisionOutcome;
use shared::workflow::Role;

use super::{Case, load, store};
use crate::staff::Staff;
use crate::{AppError, AppState};

/// A case of the staff member's provider, or not found: another provider's
/// case does not exist for them. An external body is an organisation of its
/// own: it sees the cases of any provider whose chain asks it, once its
/// conclusion has been asked for.
pub(crate) async fn case_for(state: &AppState, staff: &Staff, id: &str) -> Result<Case, AppError> {
    let case = load(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let visible = if staff.role == Role::ExternalBody {
        asks(&case, &staff.provider)? && has_conclusion_request(state, id).await?
    } else {
        case.provider == staff.provider
    };
    if visible { Ok(case) } else { Err(AppError::NotFound) }
}

/// Whether the case's chain asks this external body for its conclusion.
fn asks(case: &Case, body: &str) -> Result<bool, AppError> {
    Ok(crate::applications::service_of(&case.service)?
        .chain
        .iter()
        .any(|s| s.conclusion_from.as_deref() == Some(body)))
}

async fn has_conclusion_request(state: &AppState, id: &str) -> Result<bool, AppError> {
    Ok(store::has_conclusion_request(&state.db, id).await?)
}

/// The signed snapshot of the application's content.
pub(crate) async fn form_of(state: &AppState, id: &str) -> Result<ApplicationForm, AppError> {
    let sent = store::sent(&state.db, id).await?.ok_or(AppError::NotFound)?;
    serde_json::from_str(&sent.form).map_err(|e| AppError::Internal(e.to_string()))
}

/// The drafted decision of a case.
pub(crate) async fn decision_of(state: &AppState, id: &str) -> Result<Option<(DecisionOutcome, String)>, AppError> {
    store::drafted_decision(&state.db, id)
        .await?
        .map(|(outcome, drafted_by)| {
            let outcome = serde_json::from_str(&outcome).map_err(|e| AppError::Internal(e.to_string()))?;
            Ok((outcome, drafted_by))
        })
        .transpose()
}
