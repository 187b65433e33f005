//! The SQL of cases: reading and moving a case, its conclusions, its
//! inspection, its decision and its signed snapshot, and the inbox.

use shared::catalog::RequestType;
use shared::review::{Conclusion, INBOX_MAX_LIMIT, InboxQuery, InboxScope};
use shared::workflow::{ApplicationStatus, Role};
use tracing::instrument;

use super::{Case, Position, stage};
use crate::AppError;
use crate::applications::encode;
use crate::db::Db;
use crate::db::codec::{Json, Text};
use crate::staff::{Staff, role_str};

type Tx<'t> = sqlx::Transaction<'t, sqlx::Any>;

const COLUMNS: &str = "id, owner_id, number, service, request_type, status, provider, step_id, step_started_at, \
                       step_due_at, assignee, incoming_number, due_at, applicant_name, applicant_id, registered_at, channel";

/// A case as its row is read.
#[derive(sqlx::FromRow)]
struct CaseRow {
    channel: Text<shared::catalog::Channel>,
    id: String,
    owner_id: String,
    number: Option<String>,
    service: String,
    request_type: Text<RequestType>,
    status: Json<ApplicationStatus>,
    provider: Option<String>,
    step_id: Option<String>,
    step_started_at: Option<i64>,
    step_due_at: Option<i64>,
    assignee: Option<String>,
    incoming_number: Option<String>,
    due_at: Option<i64>,
    applicant_name: Option<String>,
    applicant_id: Option<String>,
    registered_at: Option<i64>,
}

impl From<CaseRow> for Case {
    fn from(r: CaseRow) -> Case {
        Case {
            id: r.id,
            owner_id: r.owner_id,
            number: r.number.unwrap_or_default(),
            service: r.service,
            request_type: r.request_type.0,
            status: r.status.0,
            provider: r.provider.unwrap_or_default(),
            step_id: r.step_id,
            step_started_at: r.step_started_at,
            step_due_at: r.step_due_at,
            assignee: r.assignee,
            incoming_number: r.incoming_number,
            due_at: r.due_at,
            applicant_name: r.applicant_name.unwrap_or_default(),
            applicant_id: r.applicant_id.unwrap_or_default(),
            registered_at: r.registered_at.unwrap_or_default(),
            channel: r.channel.0,
        }
    }
}

/// A sent application by id (none for drafts and unknown ids).
#[instrument(skip_all, err)]
pub async fn load(db: &Db, id: &str) -> Result<Option<Case>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM applications WHERE id = $1 AND provider IS NOT NULL");
    let row = sqlx::query_as::<_, CaseRow>(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(Case::from))
}

/// Writes a move, guarded by the status it started from; false when the
/// case moved meanwhile.
pub async fn write_position(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: &str,
    from: ApplicationStatus,
    p: &Position,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE applications SET status = $1, stage = $2, step_id = $3, step_role = $4, step_started_at = $5, \
         step_due_at = $6, assignee = $7, updated_at = $8 WHERE id = $9 AND status = $10",
    )
    .bind(encode(&p.status)?)
    .bind(stage(p.status)?)
    .bind(p.place.as_ref().map(|x| x.step_id.clone()))
    .bind(p.place.as_ref().map(|x| crate::staff::role_str(x.role)))
    .bind(p.started_at)
    .bind(p.due_at)
    .bind(&p.assignee)
    .bind(now)
    .bind(id)
    .bind(encode(&from)?)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Who applies, kept with the case when it is registered.
pub async fn set_applicant(
    tx: &mut Tx<'_>,
    id: &str,
    provider: &str,
    (name, identifier): (&str, &str),
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE applications SET provider = $1, applicant_name = $2, applicant_id = $3, registered_at = $4 WHERE id = $5",
    )
    .bind(provider)
    .bind(name)
    .bind(identifier)
    .bind(at)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The journal's incoming number of a case.
pub async fn set_incoming_number(tx: &mut Tx<'_>, id: &str, number: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE applications SET incoming_number = $1 WHERE id = $2")
        .bind(number)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Whether an external body's conclusion was ever asked for on a case.
#[instrument(skip_all, err)]
pub async fn has_conclusion_request(db: &Db, id: &str) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT id FROM conclusions WHERE application_id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .is_some())
}

/// Who asked the open conclusion of a case.
#[instrument(skip_all, err)]
pub async fn open_conclusion_requester(db: &Db, id: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT requested_by FROM conclusions WHERE application_id = $1 AND answered_at IS NULL \
         ORDER BY requested_at DESC LIMIT 1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// Asks the external body.
pub async fn request_conclusion(
    tx: &mut Tx<'_>,
    id: &str,
    question: &str,
    by: &str,
    at: i64,
    (due_at, step_due_at): (Option<i64>, Option<i64>),
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO conclusions (id, application_id, question, requested_by, requested_at, due_at, step_due_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(crate::applications::new_id()?)
    .bind(id)
    .bind(question)
    .bind(by)
    .bind(at)
    .bind(due_at)
    .bind(step_due_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The external body answers the open conclusion.
pub async fn answer_conclusion(
    tx: &mut Tx<'_>,
    id: &str,
    (positive, text): (bool, &str),
    by: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE conclusions SET positive = $1, answer = $2, answered_by = $3, answered_at = $4 \
         WHERE application_id = $5 AND answered_at IS NULL",
    )
    .bind(i64::from(positive))
    .bind(text)
    .bind(by)
    .bind(at)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A conclusion as its row is read (`positive` is 0 or 1, none until answered).
#[derive(sqlx::FromRow)]
struct ConclusionRow {
    id: String,
    question: String,
    requested_at: i64,
    positive: Option<i64>,
    answer: Option<String>,
    answered_at: Option<i64>,
    due_at: Option<i64>,
}

impl From<ConclusionRow> for Conclusion {
    fn from(r: ConclusionRow) -> Conclusion {
        Conclusion {
            id: r.id,
            question: r.question,
            requested_at: r.requested_at,
            positive: r.positive.map(|p| p != 0),
            answer: r.answer,
            answered_at: r.answered_at,
            due_at: r.due_at,
        }
    }
}

/// A case's conclusions, in the order asked.
#[instrument(skip_all, err)]
pub async fn conclusions(db: &Db, id: &str) -> Result<Vec<Conclusion>, sqlx::Error> {
    let rows = sqlx::query_as::<_, ConclusionRow>(
        "SELECT id, question, requested_at, positive, answer, answered_at, due_at FROM conclusions \
         WHERE application_id = $1 ORDER BY requested_at",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(Conclusion::from).collect())
}

/// Records the inspection's report (JSON), replacing an earlier one.
pub async fn replace_inspection(tx: &mut Tx<'_>, id: &str, report: &str, by: &str, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM inspections WHERE application_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("INSERT INTO inspections (application_id, report, recorded_by, recorded_at) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(report)
        .bind(by)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A case's inspection report (JSON).
#[instrument(skip_all, err)]
pub async fn inspection(db: &Db, id: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT report FROM inspections WHERE application_id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// Records the drafted decision (its outcome, JSON), replacing an earlier one.
pub async fn replace_decision(tx: &mut Tx<'_>, id: &str, outcome: &str, by: &str, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM decisions WHERE application_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("INSERT INTO decisions (application_id, outcome, drafted_by, drafted_at) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(outcome)
        .bind(by)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Who drafted a case's decision.
#[instrument(skip_all, err)]
pub async fn drafted_by(db: &Db, id: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT drafted_by FROM decisions WHERE application_id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// A case's drafted decision: its outcome (JSON) and who drafted it.
#[instrument(skip_all, err)]
pub async fn drafted_decision(db: &Db, id: &str) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT outcome, drafted_by FROM decisions WHERE application_id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// The head's signature over a decision.
pub struct DecisionSigned<'a> {
    /// The case.
    pub id: &'a str,
    /// The signer.
    pub by: &'a str,
    /// When.
    pub at: i64,
    /// The signature, base64.
    pub signature: &'a str,
    /// The certificate, base64 DER.
    pub certificate: &'a str,
    /// Its serial.
    pub serial: &'a str,
    /// The SHA-256 of the signed bytes, hex.
    pub document_sha256: &'a str,
    /// The random code the document is verified by.
    pub code: &'a str,
}

/// Records the signature over a decision.
pub async fn sign_decision(tx: &mut Tx<'_>, d: &DecisionSigned<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE decisions SET signed_by = $1, signed_at = $2, signature = $3, certificate = $4, \
         certificate_serial = $5, document_sha256 = $6, document_code = $8 WHERE application_id = $7",
    )
    .bind(d.by)
    .bind(d.at)
    .bind(d.signature)
    .bind(d.certificate)
    .bind(d.serial)
    .bind(d.document_sha256)
    .bind(d.id)
    .bind(d.code)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A decision as the case view shows it.
#[derive(sqlx::FromRow)]
pub struct DecisionDetail {
    /// When drafted.
    pub drafted_at: i64,
    /// The drafter's name.
    pub drafter: String,
    /// When signed.
    pub signed_at: Option<i64>,
    /// The signature.
    pub signature: Option<String>,
    /// The certificate.
    pub certificate: Option<String>,
    /// The signer's IIN.
    pub signer_iin: Option<String>,
    /// The signer's staff id.
    pub signed_by: Option<String>,
}

/// A case's decision with its drafter's and signer's names.
#[instrument(skip_all, err)]
pub async fn decision_detail(db: &Db, id: &str) -> Result<Option<DecisionDetail>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.drafted_at, d.signed_at, d.signature, d.certificate, s.name AS drafter, t.iin AS signer_iin, \
         d.signed_by \
         FROM decisions d JOIN staff s ON s.id = d.drafted_by LEFT JOIN staff t ON t.id = d.signed_by \
         WHERE d.application_id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// What was signed and sent, and by whom.
#[derive(sqlx::FromRow)]
pub struct Sent {
    /// The form (JSON).
    pub form: String,
    /// The signature.
    pub signature: String,
    /// The certificate.
    pub certificate: String,
    /// When.
    pub signed_at: i64,
    /// The counter's operator or clerk who signed it, when a counter of
    /// their own organisation took it: id and IIN (none for the applicant's
    /// own signature).
    pub operator_id: Option<String>,
    /// Their IIN.
    pub operator_iin: Option<String>,
}

/// The signed snapshot of a case. A staff certificate counts as the
/// signer's only where their own counter took the application.
#[instrument(skip_all, err)]
pub async fn sent(db: &Db, id: &str) -> Result<Option<Sent>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.form, s.signature, s.certificate, s.signed_at, st.id AS operator_id, st.iin AS operator_iin \
         FROM submissions s \
         LEFT JOIN certificates c ON c.serial = s.certificate_serial AND c.staff_id IS NOT NULL \
         LEFT JOIN intakes i ON i.application_id = s.application_id \
         LEFT JOIN staff st ON st.id = c.staff_id AND st.provider = i.org \
         WHERE s.application_id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// A value bound to the inbox query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Bind {
    /// Text.
    Text(String),
    /// A number.
    Int(i64),
}

/// The inbox's SQL and its parameters, for the handler and the benchmark.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InboxSql {
    /// The statement.
    pub sql: String,
    /// Its parameters, in order.
    pub binds: Vec<Bind>,
    /// The page size asked (one more row is fetched to know of a next page).
    pub limit: usize,
}

/// Roles whose cases a scope shows the member.
fn roles_for(staff: &Staff, scope: InboxScope, head_absent: bool) -> Option<Vec<Role>> {
    match scope {
        InboxScope::Mine => Some(match staff.role {
            Role::DeputyHead if head_absent => vec![Role::DeputyHead, Role::Head],
            r => vec![r],
        }),
        InboxScope::Department => Some(vec![Role::DepartmentHead, Role::Executor]),
        InboxScope::Provider => None,
    }
}

/// Builds the inbox query for a member.
pub fn inbox_sql(staff: &Staff, q: &InboxQuery, head_absent: bool, now: i64) -> Result<InboxSql, AppError> {
    let mut sql = String::from(
        "SELECT id, number, incoming_number, service, request_type, status, step_id, step_role, assignee, \
         step_due_at, due_at, registered_at, applicant_name, applicant_id FROM applications \
         WHERE step_due_at IS NOT NULL",
    );
    let mut binds = Vec::new();
    fn bind(sql: &mut String, binds: &mut Vec<Bind>, clause: &str, value: Bind) {
        binds.push(value);
        sql.push_str(&clause.replace('?', &format!("${}", binds.len())));
    }
    if staff.role == Role::ExternalBody {
        // An organisation of its own: the conclusions asked of it, by any
        // provider whose chain asks it.
        let services: Vec<&str> = shared::catalog::catalog()
            .services_asking(&staff.provider)
            .map(|s| s.code.as_str())
            .collect();
        let mut parts = Vec::new();
        for s in &services {
            binds.push(Bind::Text((*s).to_owned()));
            parts.push(format!("${}", binds.len()));
        }
        if parts.is_empty() {
            sql.push_str(" AND 1 = 0");
        } else {
            sql.push_str(&format!(" AND service IN ({})", parts.join(", ")));
        }
        bind(
            &mut sql,
            &mut binds,
            " AND step_role = ?",
            Bind::Text(role_str(Role::ExternalBody)),
        );
    } else {
        bind(
            &mut sql,
            &mut binds,
            " AND provider = ?",
            Bind::Text(staff.provider.clone()),
        );
    }
    if staff.role != Role::ExternalBody
        && let Some(roles) = roles_for(staff, q.scope, head_absent)
    {
        let mut parts = Vec::new();
        for r in roles {
            binds.push(Bind::Text(role_str(r)));
            parts.push(format!("${}", binds.len()));
        }
        let roles = parts.join(", ");
        if q.scope == InboxScope::Mine {
            binds.push(Bind::Text(staff.id.clone()));
            let me = binds.len();
            sql.push_str(&format!(
                " AND (assignee = ${me} OR (assignee IS NULL AND step_role IN ({roles})))"
            ));
        } else {
            sql.push_str(&format!(" AND step_role IN ({roles})"));
        }
    }
    if let Some(s) = q.service.as_deref().filter(|s| !s.is_empty()) {
        bind(&mut sql, &mut binds, " AND service = ?", Bind::Text(s.to_owned()));
    }
    if let Some(r) = q.request_type {
        let r = crate::db::codec::text(&r)?;
        bind(&mut sql, &mut binds, " AND request_type = ?", Bind::Text(r));
    }
    if let Some(s) = q.stage {
        bind(&mut sql, &mut binds, " AND stage = ?", Bind::Text(s.tag().to_owned()));
    }
    if let Some(s) = q.step.as_deref().filter(|s| !s.is_empty()) {
        bind(&mut sql, &mut binds, " AND step_id = ?", Bind::Text(s.to_owned()));
    }
    if q.overdue {
        bind(&mut sql, &mut binds, " AND step_due_at < ?", Bind::Int(now));
    }
    if let Some(text) = q.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        if digits.len() == 12 && digits.len() == text.len() {
            bind(&mut sql, &mut binds, " AND applicant_id = ?", Bind::Text(digits));
        } else if text.to_uppercase().starts_with("KZ-") {
            bind(&mut sql, &mut binds, " AND number = ?", Bind::Text(text.to_uppercase()));
        } else {
            let pattern = format!("%{}%", text.to_lowercase().replace(['%', '_'], ""));
            bind(
                &mut sql,
                &mut binds,
                " AND LOWER(applicant_name) LIKE ?",
                Bind::Text(pattern),
            );
        }
    }
    if let Some(after) = crate::error::cursor(q.after.as_deref())? {
        binds.push(Bind::Int(after.at));
        let d = binds.len();
        binds.push(Bind::Text(after.id));
        let i = binds.len();
        // A row-value comparison, so the index on (provider, step_due_at, id)
        // seeks straight to the cursor on both engines.
        sql.push_str(&format!(" AND (step_due_at, id) > (${d}, ${i})"));
    }
    let limit = q.limit.unwrap_or(25).clamp(1, INBOX_MAX_LIMIT) as usize;
    sql.push_str(&format!(" ORDER BY step_due_at, id LIMIT {}", limit + 1));
    Ok(InboxSql { sql, binds, limit })
}

/// An inbox row as read; the inbox adds what the clock says of it.
#[derive(sqlx::FromRow)]
pub struct InboxEntry {
    /// The application.
    pub id: String,
    /// Its registration number.
    pub number: Option<String>,
    /// The journal's number.
    pub incoming_number: Option<String>,
    /// The service.
    pub service: String,
    /// What is asked.
    pub request_type: Text<RequestType>,
    /// Who applies.
    pub applicant_name: Option<String>,
    /// Their IIN/BIN.
    pub applicant_id: Option<String>,
    /// Where it is.
    pub status: Json<ApplicationStatus>,
    /// The step.
    pub step_id: Option<String>,
    /// Who acts there.
    pub step_role: Option<Text<Role>>,
    /// The person named.
    pub assignee: Option<String>,
    /// When the step is due.
    pub step_due_at: Option<i64>,
    /// When the service is due.
    pub due_at: Option<i64>,
    /// When registered.
    pub registered_at: Option<i64>,
}

/// Runs an inbox query: one row more than its page, to tell whether another follows.
#[instrument(skip_all, err)]
pub async fn inbox_rows(db: &crate::db::Db, q: &InboxSql) -> Result<Vec<InboxEntry>, sqlx::Error> {
    let mut query = sqlx::query_as::<_, InboxEntry>(sqlx::AssertSqlSafe(q.sql.clone()));
    for b in &q.binds {
        query = match b {
            Bind::Text(t) => query.bind(t.clone()),
            Bind::Int(i) => query.bind(*i),
        };
    }
    query.fetch_all(&db.pool).await
}

/// The asking step's own deadline, kept when its open conclusion was asked.
#[instrument(skip_all, err)]
pub async fn asking_step_due(db: &Db, id: &str) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(Option<i64>,)> =
        sqlx::query_as("SELECT step_due_at FROM conclusions WHERE application_id = $1 AND answered_at IS NULL")
            .bind(id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(row.and_then(|(d,)| d))
}
