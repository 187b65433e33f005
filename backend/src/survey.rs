//! The quality survey (seed 000 appendix 4, seed 002 appendix 3): offered
//! to the applicant once their application's result is delivered, answered
//! once per application; the answers are kept apart from the application
//! and its applicant (service, provider and month only), so the provider's
//! staff see counts per service and period, never who answered what.

mod store;

use axum::extract::State;
use axum::http::StatusCode;
use shared::form::FieldError;
use shared::i18n::Msg;
use shared::survey::{SurveyAnswers, SurveyQuery, SurveyRow, SurveyState};

use crate::auth::CurrentAccount;
use crate::error::{ApiJson, ApiPath, ApiQuery};
use crate::operations::{Access, Api};
use crate::staff::CurrentStaff;
use crate::{AppError, AppState};

/// The survey's routes.
pub fn router() -> Api {
    Api::new()
        .get(
            "/applications/{id}/survey",
            Access::Applicant,
            "whether the application's survey is offered",
            state_of,
        )
        .post(
            "/applications/{id}/survey",
            Access::Applicant,
            "answer the application's survey (once)",
            answer,
        )
        .body::<SurveyAnswers>()
        .get(
            "/staff/survey",
            Access::Staff,
            "the provider's survey results per service over a period",
            results,
        )
        .query::<SurveyQuery>()
}

/// The survey of one of the applicant's applications.
async fn survey_of(state: &AppState, owner: &str, id: &str) -> Result<(SurveyState, String, String), AppError> {
    let stored = crate::applications::owned(&state.db, owner, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let service = crate::applications::service_of(&stored.service)?;
    let survey = if !stored.status.is_final() || stored.status == shared::workflow::ApplicationStatus::Withdrawn {
        SurveyState::NotYet
    } else if store::answered(&state.db, id).await? {
        SurveyState::Answered
    } else {
        SurveyState::Open
    };
    Ok((survey, service.code.clone(), service.provider.clone()))
}

async fn state_of(
    State(state): State<AppState>,
    current: CurrentAccount,
    ApiPath(id): ApiPath<String>,
) -> Result<ApiJson<SurveyState>, AppError> {
    Ok(ApiJson(survey_of(&state, &current.account.id, &id).await?.0))
}

async fn answer(
    State(state): State<AppState>,
    current: CurrentAccount,
    ApiPath(id): ApiPath<String>,
    ApiJson(answers): ApiJson<SurveyAnswers>,
) -> Result<StatusCode, AppError> {
    let (survey, service, provider) = survey_of(&state, &current.account.id, &id).await?;
    let (process, information) = answers.complete().map_err(AppError::Invalid)?;
    match survey {
        SurveyState::NotYet => return Err(AppError::Conflict(Msg::SurveyNotYet)),
        SurveyState::Answered => return Err(AppError::Conflict(Msg::SurveyAlready)),
        SurveyState::Open => {}
    }
    let now = state.clock.now();
    let (y, m, _) = now.local_date().ymd();
    let answer = store::Answer {
        application: &id,
        service: &service,
        provider: &provider,
        month: &format!("{y:04}-{m:02}"),
        process,
        information,
    };
    // Two answers at once: the one mark per application takes the first.
    if store::record(&state.db, &answer).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::Conflict(Msg::SurveyAlready))
    }
}

async fn results(
    State(state): State<AppState>,
    current: CurrentStaff,
    ApiQuery(q): ApiQuery<SurveyQuery>,
) -> Result<ApiJson<Vec<SurveyRow>>, AppError> {
    let (from, to) = q.months().ok_or_else(|| {
        let bad = if q
            .from
            .as_deref()
            .is_some_and(|m| !m.trim().is_empty() && !shared::survey::is_month(m.trim()))
        {
            "from"
        } else {
            "to"
        };
        AppError::Invalid(vec![FieldError::new(bad, Msg::SurveyBadMonth)])
    })?;
    let rows = store::results(&state.db, &current.staff.provider, from.as_deref(), to.as_deref()).await?;
    Ok(ApiJson(rows))
}

/// The provider's survey results over the months `from..=to` (`YYYY-MM`),
/// for the reports.
pub async fn results_of(db: &crate::db::Db, provider: &str, from: &str, to: &str) -> Result<Vec<SurveyRow>, AppError> {
    Ok(store::results(db, provider, Some(from), Some(to)).await?)
}
