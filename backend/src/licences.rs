//! The licence register: licences entered when a decision to issue is
//! signed (a re-registration as a new version that supersedes the old, a
//! duplicate as a marked copy), the public search and verification, and the
//! result documents as PDF.

mod open_data;
mod store;

pub use store::{by_number, of_application};

use axum::extract::State;
use serde::Deserialize;
use shared::api::{CABINET_PAGE, LicenceSummary};
use shared::calendar::Timestamp;
use shared::catalog::RequestType;
use shared::date::Date;
use shared::form::ApplicationForm;
use shared::i18n::Msg;
use shared::page::{Cursor, Page, PageQuery};
use shared::review::{LicenceChange, LicenceRecord, REGISTER_PAGE, RegistryQuery, Verification};
use shared::workflow::{Actor, ApplicationStatus, LicenceAction, LicenceStatus, Role};

use crate::auth::CurrentAccount;
use crate::db::Db;
use crate::error::{ApiJson, ApiQuery};
use crate::operations::{Access, Api};
use crate::{AppError, AppState};

/// The register's routes: the public search and verification, the
/// applicant's licences, and the head's status changes.
pub fn router() -> Api {
    Api::new()
        .get(
            "/licences",
            Access::Applicant,
            "a page of the applicant's licences",
            list_licences,
        )
        .query::<PageQuery>()
        .get(
            "/registry",
            Access::Public,
            "search the public licence register",
            search,
        )
        .query::<RegistryQuery>()
        .get(
            "/registry/verify",
            Access::Public,
            "verify a licence or a refusal",
            verify,
        )
        .query::<VerifyQuery>()
        .get(
            "/registry/data.json",
            Access::Public,
            "open data: a page of the whole register as JSON, oldest first",
            open_data::register_json,
        )
        .query::<shared::review::OpenDataQuery>()
        .get(
            "/registry/data.csv",
            Access::Public,
            "open data: a page of the whole register as CSV, the next named by the Link header",
            open_data::register_csv,
        )
        .query::<shared::review::OpenDataQuery>()
        .get(
            "/registry/changes",
            Access::Public,
            "open data: the licences changed since an instant, in the order they changed",
            open_data::changes,
        )
        .query::<shared::review::OpenDataQuery>()
        .post(
            "/staff/licences/status",
            Access::Acting,
            "suspend, resume or terminate a licence",
            change_status,
        )
        .body::<LicenceChange>()
}

/// Whose licence, on which application: what the register keeps of the
/// case it decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Holder<'a> {
    /// The application decided.
    pub application: &'a str,
    /// The applicant's account.
    pub owner: &'a str,
    /// The service.
    pub service: &'a str,
    /// The provider.
    pub provider: &'a str,
    /// What was asked for.
    pub request_type: RequestType,
    /// The holder's name.
    pub applicant_name: &'a str,
    /// Their IIN or BIN.
    pub applicant_id: &'a str,
}

/// What a signed decision to issue grants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Grant<'a> {
    /// Last day of validity.
    pub valid_until: Option<Date>,
    /// The annex.
    pub annex: &'a str,
    /// The signer's name.
    pub signer: &'a str,
    /// The signer's certificate serial.
    pub serial: &'a str,
}

/// The licence a re-registration or duplicate names, when it is the
/// applicant's, of this service, and in force.
pub async fn existing_for(db: &Db, case: &Holder<'_>, number: &str) -> Result<Option<LicenceRecord>, sqlx::Error> {
    Ok(by_number(db, number).await?.filter(|l| {
        l.holder_id == case.applicant_id && l.service == case.service && l.status.is_valid() && l.duplicate_of.is_none()
    }))
}

/// Enters the licence of a signed decision in the register; returns its number.
pub async fn issue(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    case: &Holder<'_>,
    form: &ApplicationForm,
    grant: Grant<'_>,
    now: Timestamp,
) -> Result<String, AppError> {
    let year = now.local_date().year();
    let existing = form.request.existing_licence.trim().to_uppercase();
    let (number, version, supersedes, duplicate_of) = match case.request_type {
        RequestType::Issuance => (crate::numbering::licence(tx, case.service, year).await?, 1, None, None),
        RequestType::Reregistration | RequestType::Duplicate => {
            let licence = store::by_number_in(tx, &existing)
                .await?
                .filter(|l| l.holder_id == case.applicant_id && l.service == case.service && l.status.is_valid())
                .ok_or(AppError::Conflict(Msg::DecisionLicenceNotFound))?;
            let base = licence.number.split("-V").next().unwrap_or(&licence.number).to_owned();
            if case.request_type == RequestType::Reregistration {
                let to = licence
                    .status
                    .apply(Actor::new(Role::System), LicenceAction::Supersede)
                    .map_err(AppError::Refused)?;
                store::set_status(tx, &licence.number, to, now.unix()).await?;
                let version = licence.version + 1;
                (format!("{base}-V{version}"), version, Some(licence.number), None)
            } else {
                let count = store::duplicates_of(tx, &licence.number).await?;
                (
                    format!("{}-D{}", licence.number, count + 1),
                    licence.version,
                    None,
                    Some(licence.number),
                )
            }
        }
    };
    store::insert(
        tx,
        &store::NewLicence {
            number: &number,
            case,
            at: now.unix(),
            grant: &grant,
            version,
            supersedes: supersedes.as_deref(),
            duplicate_of: duplicate_of.as_deref(),
        },
    )
    .await?;
    Ok(number)
}

async fn search(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<RegistryQuery>,
) -> Result<ApiJson<Page<LicenceRecord>>, AppError> {
    let after = crate::error::cursor(q.after.as_deref())?;
    let rows = store::search(&state.db, &q, after.as_ref()).await?;
    let page = Page::cut(rows, REGISTER_PAGE, |l| Cursor::new(l.issued_at, &l.number));
    Ok(ApiJson(Page {
        rows: page.rows.into_iter().map(public).collect(),
        next: page.next,
    }))
}

/// A record as the public sees it: an individual's IIN masked (a legal
/// entity's BIN is public).
fn public(mut l: LicenceRecord) -> LicenceRecord {
    l.holder_id = shared::ids::public_identifier(&l.holder_id);
    l
}

/// What the verification page is asked: a licence by its number, a refusal
/// by the code on the document.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
struct VerifyQuery {
    #[serde(default)]
    number: Option<String>,
    #[serde(default)]
    code: Option<String>,
}

async fn verify(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<VerifyQuery>,
) -> Result<ApiJson<Verification>, AppError> {
    if let Some(number) = q.number.as_deref().filter(|n| !n.trim().is_empty()) {
        let l = by_number(&state.db, number).await?.ok_or(AppError::NotFound)?;
        return Ok(ApiJson(Verification::Licence(Box::new(public(l)))));
    }
    let code = q
        .code
        .as_deref()
        .map(|c| c.trim().to_lowercase())
        .filter(|c| c.len() == 20 && c.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or(AppError::NotFound)?;
    let refusal = store::refusal_by_code(&state.db, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(ApiJson(Verification::Refusal(refusal)))
}

/// The head (or the deputy acting) suspends, resumes or terminates a licence
/// of the provider's, with a reason; recorded in the audit log.
async fn change_status(
    State(state): State<AppState>,
    current: crate::staff::ActingStaff,
    ApiJson(body): ApiJson<LicenceChange>,
) -> Result<ApiJson<LicenceRecord>, AppError> {
    let staff = &current.staff;
    let licence = by_number(&state.db, &body.number)
        .await?
        .filter(|l| l.provider == staff.provider)
        .ok_or(AppError::NotFound)?;
    if body.reason.trim().is_empty() {
        return Err(AppError::Invalid(vec![shared::form::FieldError::new(
            "licence.reason",
            Msg::DecisionNoteRequired,
        )]));
    }
    let actor = Actor {
        role: staff.role,
        head_absent: crate::staff::head_absent(&state.db, &staff.provider).await?,
    };
    let to = licence.status.apply(actor, body.action).map_err(AppError::Refused)?;
    write_change(&state, staff, &licence, to, &body).await?;
    by_number(&state.db, &licence.number)
        .await?
        .map(ApiJson)
        .ok_or(AppError::NotFound)
}

/// A licence's status change and its audit entry, in one transaction
/// guarded by the status it was read with.
async fn write_change(
    state: &AppState,
    staff: &crate::staff::Staff,
    licence: &LicenceRecord,
    to: LicenceStatus,
    change: &LicenceChange,
) -> Result<(), AppError> {
    let application = store::application_of(&state.db, &licence.number)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = state.clock.now().unix();
    let mut tx = state.db.pool.begin().await?;
    if !store::change_status(&mut tx, &licence.number, licence.status, to, now).await? {
        return Err(AppError::Conflict(Msg::CaseChanged));
    }
    let action = format!("licence-{}", crate::db::codec::text(&change.action)?);
    let note = format!("{}: {}", licence.number, change.reason.trim());
    let entry = crate::audit::NewEntry {
        application_id: &application,
        actor_id: &staff.id,
        actor_name: &staff.name,
        role: staff.role,
        at: now,
        action: &action,
        before: ApplicationStatus::Issued,
        after: ApplicationStatus::Issued,
        step_id: None,
        step_due_at: None,
        note: &note,
    };
    crate::audit::append(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(())
}

/// "My licences" of the applicant's cabinet.
async fn list_licences(
    State(state): State<AppState>,
    current: CurrentAccount,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Result<ApiJson<Page<LicenceSummary>>, AppError> {
    let after = crate::error::cursor(q.after.as_deref())?;
    let rows = store::of_owner(&state.db, &current.account.id, after.as_ref()).await?;
    Ok(ApiJson(Page::cut(rows, CABINET_PAGE, |l| {
        Cursor::new(l.issued_at, &l.number)
    })))
}
