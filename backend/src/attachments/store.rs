//! The SQL of attachments.

use std::collections::BTreeMap;

use shared::form::Attachment;
use tracing::instrument;

use crate::db::Db;

/// Records an attachment.
#[instrument(skip_all, err)]
pub async fn insert(db: &Db, application: &str, document: &str, a: &Attachment, now: i64) -> Result<(), sqlx::Error> {
    let exists =
        sqlx::query("SELECT 1 AS one FROM attachments WHERE application_id = $1 AND document = $2 AND sha256 = $3")
            .bind(application)
            .bind(document)
            .bind(&a.sha256)
            .fetch_optional(&db.pool)
            .await?;
    if exists.is_some() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO attachments (application_id, document, sha256, name, size, content_type, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(application)
    .bind(document)
    .bind(&a.sha256)
    .bind(&a.name)
    .bind(a.size as i64)
    .bind(&a.content_type)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Removes an attachment from an application.
#[instrument(skip_all, err)]
pub async fn delete(db: &Db, application: &str, document: &str, sha256: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM attachments WHERE application_id = $1 AND document = $2 AND sha256 = $3")
        .bind(application)
        .bind(document)
        .bind(sha256)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// An attachment as its row is read.
#[derive(sqlx::FromRow)]
struct AttachmentRow {
    sha256: String,
    name: String,
    size: i64,
    content_type: String,
}

impl From<AttachmentRow> for Attachment {
    fn from(r: AttachmentRow) -> Attachment {
        Attachment {
            sha256: r.sha256,
            name: r.name,
            size: r.size.max(0) as u64,
            content_type: r.content_type,
        }
    }
}

/// An attachment with the document it is attached as.
#[derive(sqlx::FromRow)]
struct DocumentRow {
    document: String,
    #[sqlx(flatten)]
    file: AttachmentRow,
}

/// An application's attachments by document.
#[instrument(skip_all, err)]
pub async fn for_application(db: &Db, application: &str) -> Result<BTreeMap<String, Vec<Attachment>>, sqlx::Error> {
    let rows = sqlx::query_as::<_, DocumentRow>(
        "SELECT document, sha256, name, size, content_type FROM attachments WHERE application_id = $1 \
         ORDER BY document, created_at, sha256",
    )
    .bind(application)
    .fetch_all(&db.pool)
    .await?;
    let mut out: BTreeMap<String, Vec<Attachment>> = BTreeMap::new();
    for r in rows {
        out.entry(r.document).or_default().push(r.file.into());
    }
    Ok(out)
}

/// The attachment with a hash, if it belongs to an application of the owner.
#[instrument(skip_all, err)]
pub async fn owned(db: &Db, owner: &str, sha256: &str) -> Result<Option<Attachment>, sqlx::Error> {
    let row = sqlx::query_as::<_, AttachmentRow>(
        "SELECT t.sha256, t.name, t.size, t.content_type FROM attachments t \
         JOIN applications a ON a.id = t.application_id WHERE t.sha256 = $1 AND a.owner_id = $2 LIMIT 1",
    )
    .bind(sha256)
    .bind(owner)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(Attachment::from))
}

/// How many files, and how many bytes, an owner's unsent applications hold.
#[instrument(skip_all, err)]
pub async fn unsent_usage(db: &Db, owner: &str) -> Result<(i64, i64), sqlx::Error> {
    let encode = crate::applications::encode;
    sqlx::query_as(
        "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(t.size), 0) AS BIGINT) AS bytes FROM attachments t \
         JOIN applications a ON a.id = t.application_id \
         WHERE a.owner_id = $1 AND a.status IN ($2, $3, $4)",
    )
    .bind(owner)
    .bind(encode(&shared::workflow::ApplicationStatus::Draft)?)
    .bind(encode(&shared::workflow::ApplicationStatus::AwaitingPayment)?)
    .bind(encode(&shared::workflow::ApplicationStatus::Paid)?)
    .fetch_one(&db.pool)
    .await
}

/// The hashes beginning with a prefix that some attachment refers to.
#[instrument(skip_all, err)]
pub async fn referenced(db: &Db, prefix: &str) -> Result<std::collections::HashSet<String>, sqlx::Error> {
    // Hex digits sort before `g`: the range is every hash with the prefix,
    // and it can use the index on the hash.
    let hashes: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT sha256 FROM attachments WHERE sha256 >= $1 AND sha256 < $2")
            .bind(prefix)
            .bind(format!("{prefix}g"))
            .fetch_all(&db.pool)
            .await?;
    Ok(hashes.into_iter().collect())
}

/// Whether some attachment refers to a hash.
#[instrument(skip_all, err)]
pub async fn is_referenced(db: &Db, sha256: &str) -> Result<bool, sqlx::Error> {
    let row = sqlx::query("SELECT 1 AS one FROM attachments WHERE sha256 = $1 LIMIT 1")
        .bind(sha256)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.is_some())
}
