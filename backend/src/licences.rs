//! The licence register: licences entered when a decision to issue is
//! signed (a re-registration as a new version that supersedes the old, a
//! duplicate as a marked copy), the public search and verification, and the
//! result documents as PDF.

pub mod pdf;
mod store;

pub use store::of_owner;

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use shared::calendar::Timestamp;
use shared::catalog::RequestType;
use shared::date::Date;
use shared::form::ApplicationForm;
use shared::i18n::Msg;
use shared::review::{DecisionOutcome, LicenceChange, LicenceRecord, RefusalSummary, RegistryQuery, Verification};
use shared::workflow::{Actor, ApplicationStatus, LicenceAction, LicenceStatus, Role};
use sqlx::Row;

use crate::auth::CurrentAccount;
use crate::cases::Case;
use crate::db::Db;
use crate::error::{ApiJson, ApiPath, ApiQuery};
use crate::operations::{Access, Api};
use crate::staff::CurrentStaff;
use crate::{AppError, AppState};

/// The register's routes (public) and the result documents (owner, staff).
pub fn router() -> Api {
    Api::new()
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
            "/applications/{id}/result.pdf",
            Access::Applicant,
            "the result document",
            owner_document,
        )
        .get(
            "/staff/cases/{id}/result.pdf",
            Access::Staff,
            "a case's result document",
            staff_document,
        )
        .post(
            "/staff/licences/status",
            Access::Acting,
            "suspend, resume or terminate a licence",
            change_status,
        )
        .body::<LicenceChange>()
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

const COLUMNS: &str = "l.number, l.holder_name, l.holder_id, l.service, l.provider, l.status, l.issued_at, \
                       l.valid_until, l.annex, l.version, l.supersedes, l.duplicate_of, l.signed_by, \
                       l.certificate_serial, (SELECT n.number FROM licences n WHERE n.supersedes = l.number) \
                       AS superseded_by";

fn record(r: &sqlx::any::AnyRow) -> Result<LicenceRecord, sqlx::Error> {
    let decode = |e: serde_json::Error| sqlx::Error::Decode(Box::new(e));
    let status: String = r.try_get("status")?;
    let valid_until: Option<String> = r.try_get("valid_until")?;
    Ok(LicenceRecord {
        number: r.try_get("number")?,
        holder_name: r.try_get("holder_name")?,
        holder_id: r.try_get("holder_id")?,
        service: r.try_get("service")?,
        provider: r.try_get("provider")?,
        status: serde_json::from_str(&status).map_err(decode)?,
        issued_at: r.try_get("issued_at")?,
        valid_until: valid_until.and_then(|d| d.parse().ok()),
        annex: r.try_get("annex")?,
        version: r.try_get("version")?,
        supersedes: r.try_get("supersedes")?,
        duplicate_of: r.try_get("duplicate_of")?,
        signed_by: r.try_get("signed_by")?,
        certificate_serial: r.try_get("certificate_serial")?,
        superseded_by: r.try_get("superseded_by")?,
    })
}

/// A licence by number.
pub async fn by_number(db: &Db, number: &str) -> Result<Option<LicenceRecord>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM licences l WHERE l.number = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(number.trim().to_uppercase())
        .fetch_optional(&db.pool)
        .await?
        .as_ref()
        .map(record)
        .transpose()
}

/// The licence an application produced.
pub async fn of_application(db: &Db, application: &str) -> Result<Option<LicenceRecord>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM licences l WHERE l.application_id = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(application)
        .fetch_optional(&db.pool)
        .await?
        .as_ref()
        .map(record)
        .transpose()
}

/// The licence a re-registration or duplicate names, when it is the
/// applicant's, of this service, and in force.
pub async fn existing_for(db: &Db, case: &Case, number: &str) -> Result<Option<LicenceRecord>, sqlx::Error> {
    Ok(by_number(db, number).await?.filter(|l| {
        l.holder_id == case.applicant_id && l.service == case.service && l.status.is_valid() && l.duplicate_of.is_none()
    }))
}

fn status_json(s: LicenceStatus) -> Result<String, sqlx::Error> {
    serde_json::to_string(&s).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

/// Enters the licence of a signed decision in the register; returns its number.
pub async fn issue(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    case: &Case,
    form: &ApplicationForm,
    grant: Grant<'_>,
    now: Timestamp,
) -> Result<String, AppError> {
    let year = now.local_date().year();
    let existing = form.request.existing_licence.trim().to_uppercase();
    let (number, version, supersedes, duplicate_of) = match case.request_type {
        RequestType::Issuance => (crate::numbering::licence(tx, &case.service, year).await?, 1, None, None),
        RequestType::Reregistration | RequestType::Duplicate => {
            let sql = format!("SELECT {COLUMNS} FROM licences l WHERE l.number = $1");
            let licence = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(&existing)
                .fetch_optional(&mut **tx)
                .await?
                .as_ref()
                .map(record)
                .transpose()?
                .filter(|l| l.holder_id == case.applicant_id && l.service == case.service && l.status.is_valid())
                .ok_or(AppError::Conflict(Msg::DecisionLicenceNotFound))?;
            let base = licence.number.split("-V").next().unwrap_or(&licence.number).to_owned();
            if case.request_type == RequestType::Reregistration {
                let to = licence
                    .status
                    .apply(Actor::new(Role::System), LicenceAction::Supersede)
                    .map_err(AppError::Refused)?;
                sqlx::query("UPDATE licences SET status = $1, updated_at = $2 WHERE number = $3")
                    .bind(status_json(to)?)
                    .bind(now.unix())
                    .bind(&licence.number)
                    .execute(&mut **tx)
                    .await?;
                let version = licence.version + 1;
                (format!("{base}-V{version}"), version, Some(licence.number), None)
            } else {
                let count: i64 = sqlx::query("SELECT COUNT(*) AS n FROM licences WHERE duplicate_of = $1")
                    .bind(&licence.number)
                    .fetch_one(&mut **tx)
                    .await?
                    .try_get("n")?;
                (
                    format!("{}-D{}", licence.number, count + 1),
                    licence.version,
                    None,
                    Some(licence.number),
                )
            }
        }
    };
    sqlx::query(
        "INSERT INTO licences (number, owner_id, application_id, service, status, issued_at, holder_name, holder_id, \
         provider, valid_until, annex, version, supersedes, duplicate_of, signed_by, certificate_serial, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
    )
    .bind(&number)
    .bind(&case.owner_id)
    .bind(&case.id)
    .bind(&case.service)
    .bind(status_json(LicenceStatus::Issued)?)
    .bind(now.unix())
    .bind(&case.applicant_name)
    .bind(&case.applicant_id)
    .bind(&case.provider)
    .bind(grant.valid_until.map(|d| d.to_string()))
    .bind(grant.annex)
    .bind(version)
    .bind(supersedes)
    .bind(duplicate_of)
    .bind(grant.signer)
    .bind(grant.serial)
    .bind(now.unix())
    .execute(&mut **tx)
    .await?;
    Ok(number)
}

async fn search(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<RegistryQuery>,
) -> Result<ApiJson<Vec<LicenceRecord>>, AppError> {
    let mut sql = format!("SELECT {COLUMNS} FROM licences l WHERE 1 = 1");
    let mut binds: Vec<String> = Vec::new();
    let mut add = |sql: &mut String, clause: &str, v: String| {
        binds.push(v);
        sql.push_str(&clause.replace('?', &format!("${}", binds.len())));
    };
    if let Some(text) = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        if text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit()) {
            add(&mut sql, " AND l.holder_id = ?", text.to_owned());
        } else if text.to_uppercase().starts_with("L-") {
            add(
                &mut sql,
                " AND l.number LIKE ?",
                format!("{}%", text.to_uppercase().replace(['%', '_'], "")),
            );
        } else {
            let pattern = format!("%{}%", text.to_lowercase().replace(['%', '_'], ""));
            add(&mut sql, " AND LOWER(l.holder_name) LIKE ?", pattern);
        }
    }
    if let Some(s) = q.service.as_deref().filter(|s| !s.is_empty()) {
        add(&mut sql, " AND l.service = ?", s.to_owned());
    }
    if let Some(s) = q.status {
        add(&mut sql, " AND l.status = ?", status_json(s)?);
    }
    sql.push_str(" ORDER BY l.issued_at DESC, l.number LIMIT 50");
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for b in binds {
        query = query.bind(b);
    }
    let rows = query.fetch_all(&state.db.pool).await?;
    let records: Vec<LicenceRecord> = rows.iter().map(record).collect::<Result<_, _>>()?;
    Ok(ApiJson(records.into_iter().map(public).collect()))
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
    let row = sqlx::query(
        "SELECT a.number, a.service, a.provider, d.signed_at FROM applications a \
         JOIN decisions d ON d.application_id = a.id WHERE d.document_code = $1 AND d.signed_at IS NOT NULL",
    )
    .bind(code)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(ApiJson(Verification::Refusal(RefusalSummary {
        application: row.try_get("number")?,
        service: row.try_get("service")?,
        provider: row.try_get::<Option<String>, _>("provider")?.unwrap_or_default(),
        signed_at: row.try_get("signed_at")?,
    })))
}

/// The result document of a decided application: the licence or the refusal.
async fn document(state: &AppState, id: &str) -> Result<Response, AppError> {
    let case = crate::cases::load(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let verify_url = |number: &str| format!("{}/verify?number={number}", state.public_url.trim_end_matches('/'));
    let bytes = match case.status {
        ApplicationStatus::Issued => {
            let licence = of_application(&state.db, id).await?.ok_or(AppError::NotFound)?;
            pdf::licence(&licence, &verify_url(&licence.number))?
        }
        ApplicationStatus::Refused => {
            let row = sqlx::query(
                "SELECT d.outcome, d.signed_at, d.certificate_serial, d.document_code, s.name FROM decisions d \
                 JOIN staff s ON s.id = d.signed_by WHERE d.application_id = $1",
            )
            .bind(id)
            .fetch_one(&state.db.pool)
            .await?;
            let outcome: DecisionOutcome = serde_json::from_str(&row.try_get::<String, _>("outcome")?)
                .map_err(|e| AppError::Internal(e.to_string()))?;
            let DecisionOutcome::Refuse { grounds, explanation } = outcome else {
                return Err(AppError::NotFound);
            };
            pdf::refusal(&pdf::Refusal {
                application: &case.number,
                applicant: &case.applicant_name,
                applicant_id: &case.applicant_id,
                service: &case.service,
                provider: &case.provider,
                grounds: &grounds,
                explanation: &explanation,
                signed_at: row.try_get("signed_at")?,
                signer: &row.try_get::<String, _>("name")?,
                serial: &row.try_get::<String, _>("certificate_serial")?,
                verify_url: &format!(
                    "{}/verify?code={}",
                    state.public_url.trim_end_matches('/'),
                    row.try_get::<Option<String>, _>("document_code")?.unwrap_or_default()
                ),
            })?
        }
        _ => return Err(AppError::NotFound),
    };
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    let name = format!("inline; filename=\"{}.pdf\"", case.number);
    if let Ok(v) = HeaderValue::from_str(&name) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

async fn owner_document(
    State(state): State<AppState>,
    current: CurrentAccount,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, AppError> {
    crate::applications::owned(&state.db, &current.account.id, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    document(&state, &id).await
}

async fn staff_document(
    State(state): State<AppState>,
    current: CurrentStaff,
    ApiPath(id): ApiPath<String>,
) -> Result<Response, AppError> {
    // As for the case itself: the provider's own, and for the external body
    // only a case whose conclusion it was asked for.
    crate::cases::case_for(&state, &current.staff, &id).await?;
    document(&state, &id).await
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
    let application: String = sqlx::query("SELECT application_id FROM licences WHERE number = $1")
        .bind(&licence.number)
        .fetch_one(&state.db.pool)
        .await?
        .try_get("application_id")?;
    let now = state.clock.now().unix();
    let mut tx = state.db.pool.begin().await?;
    let done = sqlx::query("UPDATE licences SET status = $1, updated_at = $2 WHERE number = $3 AND status = $4")
        .bind(status_json(to)?)
        .bind(now)
        .bind(&licence.number)
        .bind(status_json(licence.status)?)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() != 1 {
        tx.rollback().await?;
        return Err(AppError::Conflict(Msg::CaseChanged));
    }
    let action = format!(
        "licence-{}",
        serde_json::to_value(body.action)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    );
    let note = format!("{}: {}", licence.number, body.reason.trim());
    crate::audit::append(
        &mut tx,
        &crate::audit::NewEntry {
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
        },
    )
    .await?;
    tx.commit().await?;
    by_number(&state.db, &licence.number)
        .await?
        .map(ApiJson)
        .ok_or(AppError::NotFound)
}
