//! Test builders (the `fixtures` feature, which only the integration tests
//! turn on): an application registered without the payment gateway or the
//! applicant's signature, and a case put straight at any step of its chain
//! through the store — so a test of one action runs that action alone, not
//! the whole journey before it. Each move is the system's, in the audit log
//! like any other, so the chain of entries stays whole.

use shared::review::DecisionOutcome;
use shared::workflow::{ApplicationStatus, Outcome, Role, StepKind};

use crate::applications::{self, encode};
use crate::submission::{Filer, Signature, record};
use crate::{AppError, AppState, cases};

/// Registers a stored application as if it had been paid, signed and sent:
/// its number, due date and snapshot (with no signature), its case at the
/// intake step. Answers the registration number.
pub async fn register(state: &AppState, id: &str) -> Result<String, AppError> {
    let (owner, stored) = applications::get_any(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let unsigned = Signature {
        key: &format!("fixture-{id}"),
        canonical_sha256: "",
        signature: "",
        certificate: "",
        serial: "",
        signer: "fixture",
    };
    let by = Filer {
        id: &owner,
        role: Role::Applicant,
        channel: shared::catalog::Channel::Portal,
    };
    if !record(state, &owner, &stored, ApplicationStatus::Registered, &unsigned, by).await? {
        return Err(AppError::Internal(
            "the application changed while registered".to_owned(),
        ));
    }
    let case = cases::load(&state.db, id).await?.ok_or(AppError::NotFound)?;
    Ok(case.number)
}

/// Puts a registered case at the start of its chain's step `index`, with
/// its incoming number drawn; a signing step needs the drafted decision,
/// which the provider's executor is recorded as having drafted.
pub async fn put_at_step(
    state: &AppState,
    id: &str,
    index: usize,
    decision: Option<&DecisionOutcome>,
) -> Result<(), AppError> {
    let case = cases::load(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let chain = case.chain()?;
    let (step, _) = chain.steps.get(index).ok_or(AppError::NotFound)?;
    let at = u8::try_from(index).map_err(|e| AppError::Internal(e.to_string()))?;
    let now = state.clock.now();
    let status = match step.kind {
        StepKind::Intake => ApplicationStatus::Registered,
        StepKind::Resolution | StepKind::Review => ApplicationStatus::InReview { step: at },
        StepKind::Inspection => ApplicationStatus::Inspection { step: at },
        StepKind::Signing => ApplicationStatus::DecisionDrafted {
            step: at,
            outcome: decision.map_or(Outcome::Issue, DecisionOutcome::outcome),
        },
        StepKind::Dispatch => return Err(AppError::Internal("a dispatch is only reached by signing".to_owned())),
    };
    let mut tx = state.db.pool.begin().await?;
    if step.kind != StepKind::Intake && case.incoming_number.is_none() {
        let number = crate::numbering::incoming(&mut tx, &case.provider, now.local_date().year()).await?;
        cases::set_incoming_number(&mut tx, id, &number).await?;
    }
    if let Some(decision) = decision.filter(|_| step.kind == StepKind::Signing) {
        let executor = crate::staff::members(&state.db, &case.provider)
            .await?
            .into_iter()
            .find(|m| m.role == Role::Executor)
            .ok_or(AppError::Internal("the provider has no executor".to_owned()))?;
        cases::replace_decision(&mut tx, id, &encode(decision)?, &executor.id, now.unix()).await?;
    }
    cases::put(&mut tx, &case, status, now).await?;
    tx.commit().await?;
    Ok(())
}
