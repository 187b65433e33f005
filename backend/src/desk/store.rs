//! The SQL of the counter: intakes, the powers of attorney kept for a
//! principal, and the account a walk-in applicant's application belongs to.

use shared::catalog::{ApplicantKind, Channel};
use shared::desk::{IntakeStage, IntakeSummary, PresentedDocument, Representative};
use shared::page::Cursor;
use tracing::instrument;

use crate::db::Db;
use crate::db::codec::{Json, Text, text};

type Tx<'t> = sqlx::Transaction<'t, sqlx::Any>;

/// An intake as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Intake {
    /// Its id.
    pub id: String,
    /// The organisation whose counter took it.
    pub org: String,
    /// Centre or provider.
    pub channel: Text<Channel>,
    /// The operator's name.
    pub operator_name: String,
    /// The application.
    pub application_id: String,
    /// IE or LE.
    pub applicant_kind: Text<ApplicantKind>,
    /// IIN or BIN.
    pub applicant_id: String,
    /// The representative, if one applies.
    pub representative: Option<Json<Representative>>,
    /// When consent was recorded.
    pub consent_at: Option<i64>,
    /// Who recorded it (a name).
    pub consent_by_name: Option<String>,
    /// The checklist.
    pub documents: Json<Vec<PresentedDocument>>,
    /// Where it is.
    pub stage: Text<IntakeStage>,
    /// The receipt's number.
    pub receipt: Option<String>,
    /// When sent.
    pub sent_at: Option<i64>,
    /// When the result reached the counter.
    pub received_at: Option<i64>,
    /// When the applicant came back with the receipt.
    pub arrived_at: Option<i64>,
    /// When handed out.
    pub handed_out_at: Option<i64>,
    /// Who handed it out (a name).
    pub handed_out_by_name: Option<String>,
    /// To whom (IIN).
    pub handed_to: Option<String>,
    /// When started.
    pub created_at: i64,
}

const COLUMNS: &str = "i.id, i.org, i.channel, o.name AS operator_name, i.application_id, \
     i.applicant_kind, i.applicant_id, i.representative, i.consent_at, c.name AS consent_by_name, i.documents, \
     i.stage, i.receipt, i.sent_at, i.received_at, i.arrived_at, i.handed_out_at, h.name AS handed_out_by_name, i.handed_to, \
     i.created_at \
     FROM intakes i JOIN staff o ON o.id = i.operator_id \
     LEFT JOIN staff c ON c.id = i.consent_by LEFT JOIN staff h ON h.id = i.handed_out_by";

/// An intake of an organisation's counter (another's is none).
#[instrument(skip_all, err)]
pub async fn get(db: &Db, org: &str, id: &str) -> Result<Option<Intake>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} WHERE i.org = $1 AND i.id = $2");
    sqlx::query_as::<_, Intake>(sqlx::AssertSqlSafe(sql))
        .bind(org)
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: String,
    service: String,
    request_type: Text<shared::catalog::RequestType>,
    applicant_id: String,
    applicant_name: Option<String>,
    operator: String,
    stage: Text<IntakeStage>,
    receipt: Option<String>,
    created_at: i64,
    updated_at: i64,
    arrived_at: Option<i64>,
}

/// A page of an organisation's intakes, the latest changed first, one row
/// past the page; `receipt` narrows to one receipt's number.
#[instrument(skip_all, err)]
pub async fn page(
    db: &Db,
    org: &str,
    receipt: Option<&str>,
    after: Option<&Cursor>,
    size: usize,
) -> Result<Vec<IntakeSummary>, sqlx::Error> {
    let mut sql = "SELECT i.id, a.service, a.request_type, i.applicant_id, a.applicant_name, o.name AS operator, \
                   i.stage, i.receipt, i.created_at, i.updated_at, i.arrived_at \
                   FROM intakes i JOIN applications a ON a.id = i.application_id JOIN staff o ON o.id = i.operator_id \
                   WHERE i.org = $1"
        .to_owned();
    let mut n = 1;
    if receipt.is_some() {
        n += 1;
        sql.push_str(&format!(" AND i.receipt = ${n}"));
    }
    if after.is_some() {
        sql.push_str(&format!(" AND (i.updated_at, i.id) < (${}, ${})", n + 1, n + 2));
    }
    sql.push_str(&format!(" ORDER BY i.updated_at DESC, i.id DESC LIMIT {}", size + 1));
    let mut q = sqlx::query_as::<_, SummaryRow>(sqlx::AssertSqlSafe(sql)).bind(org);
    if let Some(r) = receipt {
        q = q.bind(r.trim());
    }
    if let Some(c) = after {
        q = q.bind(c.at).bind(c.id.clone());
    }
    let rows = q.fetch_all(&db.pool).await?;
    Ok(rows
        .into_iter()
        .map(|r| IntakeSummary {
            id: r.id,
            service: r.service,
            request_type: r.request_type.0,
            applicant_id: r.applicant_id,
            applicant_name: r.applicant_name.unwrap_or_default(),
            operator: r.operator,
            stage: r.stage.0,
            receipt: r.receipt,
            created_at: r.created_at,
            updated_at: r.updated_at,
            arrived_at: r.arrived_at,
        })
        .collect())
}

/// A new intake to write.
pub struct NewIntake<'a> {
    /// Its id.
    pub id: &'a str,
    /// The organisation.
    pub org: &'a str,
    /// Centre or provider.
    pub channel: Channel,
    /// The operator.
    pub operator: &'a str,
    /// The application it fills.
    pub application: &'a str,
    /// IE or LE.
    pub kind: ApplicantKind,
    /// IIN or BIN.
    pub applicant: &'a str,
    /// A power of attorney kept for the principal, offered again.
    pub representative: Option<&'a Representative>,
    /// When.
    pub now: i64,
}

/// Writes a new intake.
#[instrument(skip_all, err)]
pub async fn insert(tx: &mut Tx<'_>, i: &NewIntake<'_>) -> Result<(), sqlx::Error> {
    let representative = i
        .representative
        .map(serde_json::to_string)
        .transpose()
        .map_err(encode)?;
    sqlx::query(
        "INSERT INTO intakes (id, org, channel, operator_id, application_id, applicant_kind, applicant_id, \
         representative, documents, stage, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '[]', 'open', $9, $9)",
    )
    .bind(i.id)
    .bind(i.org)
    .bind(text(&i.channel)?)
    .bind(i.operator)
    .bind(i.application)
    .bind(text(&i.kind)?)
    .bind(i.applicant)
    .bind(representative)
    .bind(i.now)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE applications SET channel = $1 WHERE id = $2")
        .bind(text(&i.channel)?)
        .bind(i.application)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

fn encode(e: serde_json::Error) -> sqlx::Error {
    sqlx::Error::Encode(Box::new(e))
}

/// Sets (or clears) the representative of an open intake; false when the
/// intake is not open.
#[instrument(skip_all, err)]
pub async fn set_representative(db: &Db, id: &str, r: Option<&Representative>, now: i64) -> Result<bool, sqlx::Error> {
    let json = r.map(serde_json::to_string).transpose().map_err(encode)?;
    let done = sqlx::query("UPDATE intakes SET representative = $1, updated_at = $2 WHERE id = $3 AND stage = 'open'")
        .bind(json)
        .bind(now)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Keeps a checked power of attorney for the principal's next intake at
/// this counter.
#[instrument(skip_all, err)]
pub async fn keep_power(db: &Db, principal: &str, org: &str, r: &Representative, now: i64) -> Result<(), sqlx::Error> {
    let json = serde_json::to_string(r).map_err(encode)?;
    sqlx::query(
        "INSERT INTO kept_powers (principal, org, representative, kept_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (principal, org) DO UPDATE SET representative = excluded.representative, kept_at = excluded.kept_at",
    )
    .bind(principal)
    .bind(org)
    .bind(json)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The power of attorney kept for a principal at a counter, if one is.
#[instrument(skip_all, err)]
pub async fn kept_power(db: &Db, principal: &str, org: &str) -> Result<Option<Representative>, sqlx::Error> {
    let row: Option<(Json<Representative>,)> =
        sqlx::query_as("SELECT representative FROM kept_powers WHERE principal = $1 AND org = $2")
            .bind(principal)
            .bind(org)
            .fetch_optional(&db.pool)
            .await?;
    Ok(row.map(|(r,)| r.0))
}

/// Records the applicant's consent on an open intake.
#[instrument(skip_all, err)]
pub async fn set_consent(db: &Db, id: &str, by: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE intakes SET consent_at = $1, consent_by = $2, updated_at = $1 WHERE id = $3 AND stage = 'open'",
    )
    .bind(now)
    .bind(by)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Sets the checklist of an open intake.
#[instrument(skip_all, err)]
pub async fn set_documents(db: &Db, id: &str, documents: &[PresentedDocument], now: i64) -> Result<bool, sqlx::Error> {
    let json = serde_json::to_string(documents).map_err(encode)?;
    let done = sqlx::query("UPDATE intakes SET documents = $1, updated_at = $2 WHERE id = $3 AND stage = 'open'")
        .bind(json)
        .bind(now)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives an open intake its receipt: sent.
#[instrument(skip_all, err)]
pub async fn mark_sent(tx: &mut Tx<'_>, id: &str, receipt: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE intakes SET stage = 'sent', receipt = $1, sent_at = $2, updated_at = $2 WHERE id = $3 AND stage = 'open'",
    )
    .bind(receipt)
    .bind(now)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks the result of a sent intake received at the counter.
#[instrument(skip_all, err)]
pub async fn mark_received(db: &Db, id: &str, by: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE intakes SET stage = 'result-here', received_at = $1, received_by = $2, updated_at = $1 \
         WHERE id = $3 AND stage = 'sent'",
    )
    .bind(now)
    .bind(by)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records the hand-out of a result at the counter (a centre's once it has
/// arrived; the provider's own as soon as it is decided).
#[instrument(skip_all, err)]
pub async fn mark_handed_out(db: &Db, id: &str, by: &str, to: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE intakes SET stage = 'handed-out', handed_out_at = $1, handed_out_by = $2, handed_to = $3, \
         updated_at = $1 WHERE id = $4 AND stage IN ('result-here', 'sent')",
    )
    .bind(now)
    .bind(by)
    .bind(to)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The account of an applicant by IIN/BIN, if they have one.
#[instrument(skip_all, err)]
pub async fn account_of(db: &Db, kind: ApplicantKind, identifier: &str) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as("SELECT id FROM accounts WHERE identifier = $1 AND kind = $2")
        .bind(identifier)
        .bind(text(&kind)?)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|(id,)| id))
}

/// Opens an account held by the counter for a walk-in applicant without
/// one: no password (it cannot be signed into), an address that receives
/// no mail. Answers the account's id (theirs, if one was made meanwhile).
#[instrument(skip_all, err)]
pub async fn open_counter_account(
    db: &Db,
    id: &str,
    kind: ApplicantKind,
    identifier: &str,
    now: i64,
) -> Result<String, sqlx::Error> {
    sqlx::query(
        "INSERT INTO accounts (id, kind, identifier, email, password_hash, created_at) \
         VALUES ($1, $2, $3, $4, '', $5) ON CONFLICT (identifier) DO NOTHING",
    )
    .bind(id)
    .bind(text(&kind)?)
    .bind(identifier)
    .bind(format!("{identifier}@counter.invalid"))
    .bind(now)
    .execute(&db.pool)
    .await?;
    let row: (String,) = sqlx::query_as("SELECT id FROM accounts WHERE identifier = $1")
        .bind(identifier)
        .fetch_one(&db.pool)
        .await?;
    Ok(row.0)
}

/// Records the applicant's return with a receipt (the first time), and
/// answers the intake it names, if it is this organisation's and sent.
#[instrument(skip_all, err)]
pub async fn arrive(db: &Db, org: &str, receipt: &str, now: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query(
        "UPDATE intakes SET arrived_at = $1, updated_at = $1 \
         WHERE org = $2 AND receipt = $3 AND stage IN ('sent', 'result-here') AND arrived_at IS NULL",
    )
    .bind(now)
    .bind(org)
    .bind(receipt)
    .execute(&db.pool)
    .await?;
    let row: Option<(String,)> = sqlx::query_as("SELECT id FROM intakes WHERE org = $1 AND receipt = $2")
        .bind(org)
        .bind(receipt)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|(id,)| id))
}
