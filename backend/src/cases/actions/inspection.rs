//! The inspection of the premises (or the specialists), its report checked
//! by the shared rules.

use shared::review::InspectionReport;
use shared::workflow::Action;

use super::{Effect, Plan};
use crate::AppError;

/// The inspection's report.
pub(super) fn plan(report: InspectionReport) -> Result<Plan, AppError> {
    let errors = report.validate();
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let note = if report.compliant { "compliant" } else { "not compliant" };
    Ok(Plan::to(Action::CompleteInspection)
        .note(note)
        .effect(Effect::Inspection(report)))
}
