//! The licence register: licences entered when a decision to issue is
//! signed (a re-registration as a new version that supersedes the old, a
//! duplicate as a marked copy), the public search and verification, and the
//! result documents as PDF.

mod open_data;
mod store;

pub use store::annexes_of_application;

use axum::extract::State;
use serde::Deserialize;
use shared::api::{CABINET_PAGE, LicenceSummary};
use shared::calendar::Timestamp;
use shared::catalog::RequestType;
use shared::date::Date;
use shared::form::{ApplicationForm, RequestedDocument};
use shared::i18n::Msg;
use shared::kinds::{annex_number, first_number, is_annex_number, licence_of_annex};
use shared::page::{Cursor, Page, PageQuery};
use shared::review::{AnnexRecord, LicenceChange, LicenceRecord, REGISTER_PAGE, RegistryQuery, Verification};
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

/// The licence a re-registration, a duplicate or an annex names (or the
/// licence of the annex a duplicate names), when it is the applicant's, of
/// this service, and in force.
pub async fn existing_for(db: &Db, case: &Holder<'_>, number: &str) -> Result<Option<LicenceRecord>, sqlx::Error> {
    let found = if is_annex_number(number) {
        annex_by_number(db, number).await?.map(|(_, l)| l)
    } else {
        by_number(db, number).await?
    };
    Ok(found.filter(|l| {
        l.holder_id == case.applicant_id && l.service == case.service && l.status.is_valid() && l.duplicate_of.is_none()
    }))
}

/// Licences with their annexes read in.
async fn with_annexes(db: &Db, mut licences: Vec<LicenceRecord>) -> Result<Vec<LicenceRecord>, sqlx::Error> {
    let firsts: Vec<&str> = licences.iter().map(|l| first_number(&l.number)).collect();
    let annexes = store::annexes_of(db, &firsts).await?;
    // Every version of a licence has its annexes (a page may hold two);
    // a duplicate of the licence is of the licence alone.
    for l in licences.iter_mut().filter(|l| l.duplicate_of.is_none()) {
        let first = first_number(&l.number);
        l.annexes = annexes.iter().filter(|a| a.licence == first).cloned().collect();
    }
    Ok(licences)
}

/// A licence by its number, with its annexes.
pub async fn by_number(db: &Db, number: &str) -> Result<Option<LicenceRecord>, sqlx::Error> {
    let Some(l) = store::by_number(db, number).await? else {
        return Ok(None);
    };
    Ok(with_annexes(db, vec![l]).await?.pop())
}

/// The licence an application produced, with its annexes.
pub async fn of_application(db: &Db, application: &str) -> Result<Option<LicenceRecord>, sqlx::Error> {
    let Some(l) = store::of_application(db, application).await? else {
        return Ok(None);
    };
    Ok(with_annexes(db, vec![l]).await?.pop())
}

/// What an issued application produced: a licence (with the annexes it
/// came with), or an annex alone to a licence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Produced {
    /// A licence, its re-registered version or its duplicate (or a
    /// certificate).
    Licence(LicenceRecord),
    /// An annex, new to the licence or a duplicate of one, with its licence
    /// as it stands now.
    Annex {
        /// The annex.
        annex: AnnexRecord,
        /// Its licence.
        licence: LicenceRecord,
    },
}

impl Produced {
    /// The number of the document produced.
    pub fn number(&self) -> &str {
        match self {
            Produced::Licence(l) => &l.number,
            Produced::Annex { annex, .. } => &annex.number,
        }
    }

    /// The licence it is, or belongs to.
    pub fn licence(&self) -> &LicenceRecord {
        match self {
            Produced::Licence(l) | Produced::Annex { licence: l, .. } => l,
        }
    }
}

/// What an issued application produced, if anything yet.
pub async fn produced(db: &Db, application: &str) -> Result<Option<Produced>, sqlx::Error> {
    if let Some(l) = of_application(db, application).await? {
        return Ok(Some(Produced::Licence(l)));
    }
    let Some(annex) = store::annexes_of_application(db, application).await?.pop() else {
        return Ok(None);
    };
    Ok(annex_by_number(db, &annex.number)
        .await?
        .map(|(annex, licence)| Produced::Annex { annex, licence }))
}

/// An annex by its number, with its licence as it stands now.
pub async fn annex_by_number(db: &Db, number: &str) -> Result<Option<(AnnexRecord, LicenceRecord)>, sqlx::Error> {
    let Some(annex) = store::annex_by_number(db, number).await? else {
        return Ok(None);
    };
    let Some(licence) = store::current(&db.pool, &annex.licence).await? else {
        return Ok(None);
    };
    Ok(with_annexes(db, vec![licence]).await?.pop().map(|l| (annex, l)))
}

/// Enters the result of a signed decision in the register: a licence (with
/// its annex where the service has one), a re-registered version, a
/// duplicate of the licence; or an annex alone, new to the applicant's
/// licence or a duplicate of one (seed 003:315-317). Returns the number of
/// the document the applicant asked for.
pub async fn issue(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    case: &Holder<'_>,
    form: &ApplicationForm,
    grant: Grant<'_>,
    now: Timestamp,
) -> Result<String, AppError> {
    let at = now.unix();
    let existing = form.request.existing_licence.trim().to_uppercase();
    let service = crate::applications::service_of(case.service)?;
    if service.annex && form.request.document == RequestedDocument::Annex {
        return issue_annex(tx, case, &existing, grant, at).await;
    }
    let (number, version, supersedes, duplicate_of) = match case.request_type {
        RequestType::Issuance => {
            let year = now.local_date().year();
            (crate::numbering::licence(tx, case.service, year).await?, 1, None, None)
        }
        RequestType::Reregistration | RequestType::Duplicate => {
            let licence = store::by_number_in(tx, &existing)
                .await?
                .filter(|l| l.holder_id == case.applicant_id && l.service == case.service && l.status.is_valid())
                .ok_or(AppError::Conflict(Msg::DecisionLicenceNotFound))?;
            let base = first_number(&licence.number).to_owned();
            if case.request_type == RequestType::Reregistration {
                let to = licence
                    .status
                    .apply(Actor::new(Role::System), LicenceAction::Supersede)
                    .map_err(AppError::Refused)?;
                store::set_status(tx, &licence.number, to, at).await?;
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
    // The annex of a service that has one is a document of its own, issued
    // with the licence; the licence does not carry its text.
    let annex_apart = service.annex && case.request_type == RequestType::Issuance && !grant.annex.is_empty();
    let licence_grant = Grant {
        annex: if service.annex { "" } else { grant.annex },
        ..grant
    };
    store::insert(
        tx,
        &store::NewLicence {
            number: &number,
            case,
            at,
            grant: &licence_grant,
            version,
            supersedes: supersedes.as_deref(),
            duplicate_of: duplicate_of.as_deref(),
        },
    )
    .await?;
    if annex_apart {
        let annex = annex_number(&number, 1);
        store::insert_annex(
            tx,
            &store::NewAnnex {
                number: &annex,
                licence: first_number(&number),
                case,
                activities: grant.annex,
                duplicate_of: None,
                grant: &grant,
                at,
            },
        )
        .await?;
    }
    Ok(number)
}

/// An annex alone: a new one to the holder's licence in force (issuance),
/// or a duplicate of one of its annexes.
async fn issue_annex(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    case: &Holder<'_>,
    existing: &str,
    grant: Grant<'_>,
    at: i64,
) -> Result<String, AppError> {
    let original = if case.request_type == RequestType::Duplicate {
        let annex = store::annex_by_number_in(tx, existing)
            .await?
            .ok_or(AppError::Conflict(Msg::DecisionLicenceNotFound))?;
        Some(annex)
    } else {
        None
    };
    let first = match &original {
        Some(a) => a.licence.clone(),
        None if is_annex_number(existing) => licence_of_annex(existing).unwrap_or(existing).to_owned(),
        None => first_number(existing).to_owned(),
    };
    let licence = store::current(&mut **tx, &first)
        .await?
        .filter(|l| l.holder_id == case.applicant_id && l.service == case.service && l.status.is_valid())
        .ok_or(AppError::Conflict(Msg::DecisionLicenceNotFound))?;
    let first = first_number(&licence.number);
    let (annexes, duplicates) = store::annex_counts(tx, first, existing).await?;
    let (number, activities, duplicate_of) = match &original {
        Some(a) => (
            format!("{}-D{}", a.number, duplicates + 1),
            a.activities.clone(),
            Some(a.number.as_str()),
        ),
        None => (annex_number(first, annexes + 1), grant.annex.to_owned(), None),
    };
    store::insert_annex(
        tx,
        &store::NewAnnex {
            number: &number,
            licence: first,
            case,
            activities: &activities,
            duplicate_of,
            grant: &grant,
            at,
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
    let rows = with_annexes(&state.db, page.rows).await?;
    Ok(ApiJson(Page {
        rows: rows.into_iter().map(public).collect(),
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
        if is_annex_number(number) {
            let (annex, licence) = annex_by_number(&state.db, number).await?.ok_or(AppError::NotFound)?;
            return Ok(ApiJson(Verification::Annex {
                annex,
                licence: Box::new(public(licence)),
            }));
        }
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
    let mut page = Page::cut(rows, CABINET_PAGE, |l| Cursor::new(l.issued_at, &l.number));
    let firsts: Vec<&str> = page.rows.iter().map(|l| first_number(&l.number)).collect();
    let annexes = store::annexes_of(&state.db, &firsts).await?;
    for l in &mut page.rows {
        let first = first_number(&l.number);
        if !l.number.contains("-D") {
            l.annexes = annexes
                .iter()
                .filter(|a| a.licence == first)
                .map(|a| a.number.clone())
                .collect();
        }
    }
    Ok(ApiJson(page))
}
