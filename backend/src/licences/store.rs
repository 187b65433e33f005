//! The SQL of the licence register, and of the documents a decision leaves.

use shared::api::LicenceSummary;
use shared::page::Cursor;
use shared::review::{AnnexRecord, LicenceRecord, RefusalSummary, RegistryQuery};
use shared::workflow::LicenceStatus;
use tracing::instrument;

use super::{Grant, Holder};
use crate::db::codec::Json;
use crate::db::{Db, Engine};

type Tx<'t> = sqlx::Transaction<'t, sqlx::Any>;

const COLUMNS: &str = "l.number, l.holder_name, l.holder_id, l.service, l.provider, l.status, l.issued_at, \
                       l.valid_until, l.annex, l.version, l.supersedes, l.duplicate_of, l.signed_by, \
                       l.certificate_serial, (SELECT n.number FROM licences n WHERE n.supersedes = l.number) \
                       AS superseded_by";

/// A licence as its row is read (its status as JSON, its date as text).
#[derive(sqlx::FromRow)]
struct LicenceRow {
    number: String,
    holder_name: String,
    holder_id: String,
    service: String,
    provider: String,
    status: Json<LicenceStatus>,
    issued_at: i64,
    valid_until: Option<String>,
    annex: String,
    version: i64,
    supersedes: Option<String>,
    duplicate_of: Option<String>,
    signed_by: String,
    certificate_serial: String,
    superseded_by: Option<String>,
}

impl From<LicenceRow> for LicenceRecord {
    fn from(r: LicenceRow) -> LicenceRecord {
        LicenceRecord {
            number: r.number,
            holder_name: r.holder_name,
            holder_id: r.holder_id,
            service: r.service,
            provider: r.provider,
            status: r.status.0,
            issued_at: r.issued_at,
            valid_until: r.valid_until.and_then(|d| d.parse().ok()),
            annex: r.annex,
            version: r.version,
            supersedes: r.supersedes,
            duplicate_of: r.duplicate_of,
            signed_by: r.signed_by,
            certificate_serial: r.certificate_serial,
            superseded_by: r.superseded_by,
            annexes: Vec::new(),
        }
    }
}

const ANNEX_COLUMNS: &str = "number, licence, activities, issued_at, duplicate_of, signed_by, certificate_serial";

/// An annex as its row is read.
#[derive(sqlx::FromRow)]
struct AnnexRow {
    number: String,
    licence: String,
    activities: String,
    issued_at: i64,
    duplicate_of: Option<String>,
    signed_by: String,
    certificate_serial: String,
}

impl From<AnnexRow> for AnnexRecord {
    fn from(r: AnnexRow) -> AnnexRecord {
        AnnexRecord {
            number: r.number,
            licence: r.licence,
            activities: r.activities,
            issued_at: r.issued_at,
            duplicate_of: r.duplicate_of,
            signed_by: r.signed_by,
            certificate_serial: r.certificate_serial,
        }
    }
}

/// The annexes of licences (by their first numbers), in the order issued.
#[instrument(skip_all, err)]
pub async fn annexes_of(db: &Db, licences: &[&str]) -> Result<Vec<AnnexRecord>, sqlx::Error> {
    if licences.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=licences.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT {ANNEX_COLUMNS} FROM licence_annexes WHERE licence IN ({}) ORDER BY licence, issued_at, number",
        marks.join(", ")
    );
    let mut query = sqlx::query_as::<_, AnnexRow>(sqlx::AssertSqlSafe(sql));
    for l in licences {
        query = query.bind(*l);
    }
    Ok(query
        .fetch_all(&db.pool)
        .await?
        .into_iter()
        .map(AnnexRecord::from)
        .collect())
}

/// An annex by its number.
#[instrument(skip_all, err)]
pub async fn annex_by_number(db: &Db, number: &str) -> Result<Option<AnnexRecord>, sqlx::Error> {
    let sql = format!("SELECT {ANNEX_COLUMNS} FROM licence_annexes WHERE number = $1");
    let row = sqlx::query_as::<_, AnnexRow>(sqlx::AssertSqlSafe(sql))
        .bind(number.trim().to_uppercase())
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(AnnexRecord::from))
}

/// An annex by its number, inside a transaction.
pub async fn annex_by_number_in(tx: &mut Tx<'_>, number: &str) -> Result<Option<AnnexRecord>, sqlx::Error> {
    let sql = format!("SELECT {ANNEX_COLUMNS} FROM licence_annexes WHERE number = $1");
    let row = sqlx::query_as::<_, AnnexRow>(sqlx::AssertSqlSafe(sql))
        .bind(number)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row.map(AnnexRecord::from))
}

/// The annexes an application produced.
#[instrument(skip_all, err)]
pub async fn annexes_of_application(db: &Db, application: &str) -> Result<Vec<AnnexRecord>, sqlx::Error> {
    let sql = format!("SELECT {ANNEX_COLUMNS} FROM licence_annexes WHERE application_id = $1 ORDER BY number");
    let rows = sqlx::query_as::<_, AnnexRow>(sqlx::AssertSqlSafe(sql))
        .bind(application)
        .fetch_all(&db.pool)
        .await?;
    Ok(rows.into_iter().map(AnnexRecord::from).collect())
}

/// How many annexes a licence (its first number) has, not counting
/// duplicates; and how many duplicates an annex has.
pub async fn annex_counts(tx: &mut Tx<'_>, licence: &str, annex: &str) -> Result<(i64, i64), sqlx::Error> {
    let annexes =
        sqlx::query_scalar("SELECT COUNT(*) AS n FROM licence_annexes WHERE licence = $1 AND duplicate_of IS NULL")
            .bind(licence)
            .fetch_one(&mut **tx)
            .await?;
    let duplicates = sqlx::query_scalar("SELECT COUNT(*) AS n FROM licence_annexes WHERE duplicate_of = $1")
        .bind(annex)
        .fetch_one(&mut **tx)
        .await?;
    Ok((annexes, duplicates))
}

/// An annex entering the register.
pub struct NewAnnex<'a> {
    /// Its number.
    pub number: &'a str,
    /// The licence's first number.
    pub licence: &'a str,
    /// The case it decides.
    pub case: &'a Holder<'a>,
    /// What it lists.
    pub activities: &'a str,
    /// The annex a duplicate copies.
    pub duplicate_of: Option<&'a str>,
    /// What the decision grants (its signer).
    pub grant: &'a Grant<'a>,
    /// When.
    pub at: i64,
}

/// Enters an annex in the register.
pub async fn insert_annex(tx: &mut Tx<'_>, a: &NewAnnex<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO licence_annexes (number, licence, application_id, owner_id, activities, duplicate_of, \
         signed_by, certificate_serial, issued_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(a.number)
    .bind(a.licence)
    .bind(a.case.application)
    .bind(a.case.owner)
    .bind(a.activities)
    .bind(a.duplicate_of)
    .bind(a.grant.signer)
    .bind(a.grant.serial)
    .bind(a.at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A licence as it stands now, by its first number: its latest version
/// (read through the primary key's order: the first number, or it with
/// `-V…`), not a duplicate.
pub async fn current<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    ex: E,
    first: &str,
) -> Result<Option<LicenceRecord>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM licences l WHERE (l.number = $1 OR (l.number > $2 AND l.number < $3)) \
         AND l.duplicate_of IS NULL ORDER BY l.version DESC LIMIT 1"
    );
    let row = sqlx::query_as::<_, LicenceRow>(sqlx::AssertSqlSafe(sql))
        .bind(first.to_owned())
        .bind(format!("{first}-V"))
        .bind(format!("{first}-W"))
        .fetch_optional(ex)
        .await?;
    Ok(row.map(LicenceRecord::from))
}

/// A licence by number.
#[instrument(skip_all, err)]
pub async fn by_number(db: &Db, number: &str) -> Result<Option<LicenceRecord>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM licences l WHERE l.number = $1");
    let row = sqlx::query_as::<_, LicenceRow>(sqlx::AssertSqlSafe(sql))
        .bind(number.trim().to_uppercase())
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(LicenceRecord::from))
}

/// The licence an application produced.
#[instrument(skip_all, err)]
pub async fn of_application(db: &Db, application: &str) -> Result<Option<LicenceRecord>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM licences l WHERE l.application_id = $1");
    let row = sqlx::query_as::<_, LicenceRow>(sqlx::AssertSqlSafe(sql))
        .bind(application)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(LicenceRecord::from))
}

/// A licence by number, inside a transaction.
pub async fn by_number_in(tx: &mut Tx<'_>, number: &str) -> Result<Option<LicenceRecord>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM licences l WHERE l.number = $1");
    let row = sqlx::query_as::<_, LicenceRow>(sqlx::AssertSqlSafe(sql))
        .bind(number)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row.map(LicenceRecord::from))
}

fn status_json(s: LicenceStatus) -> Result<String, sqlx::Error> {
    serde_json::to_string(&s).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

/// Sets a licence's status.
pub async fn set_status(tx: &mut Tx<'_>, number: &str, to: LicenceStatus, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE licences SET status = $1, updated_at = $2 WHERE number = $3")
        .bind(status_json(to)?)
        .bind(at)
        .bind(number)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Changes a licence's status if it still has `from`; false otherwise.
pub async fn change_status(
    tx: &mut Tx<'_>,
    number: &str,
    from: LicenceStatus,
    to: LicenceStatus,
    at: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE licences SET status = $1, updated_at = $2 WHERE number = $3 AND status = $4")
        .bind(status_json(to)?)
        .bind(at)
        .bind(number)
        .bind(status_json(from)?)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// How many duplicates of a licence were issued.
pub async fn duplicates_of(tx: &mut Tx<'_>, number: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) AS n FROM licences WHERE duplicate_of = $1")
        .bind(number)
        .fetch_one(&mut **tx)
        .await
}

/// The application a licence was issued on.
#[instrument(skip_all, err)]
pub async fn application_of(db: &Db, number: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT application_id FROM licences WHERE number = $1")
        .bind(number)
        .fetch_optional(&db.pool)
        .await
}

/// A licence entering the register.
pub struct NewLicence<'a> {
    /// Its number.
    pub number: &'a str,
    /// The case it decides.
    pub case: &'a Holder<'a>,
    /// When.
    pub at: i64,
    /// What the decision grants.
    pub grant: &'a Grant<'a>,
    /// Its version (re-registrations count up).
    pub version: i64,
    /// The licence a re-registration replaces.
    pub supersedes: Option<&'a str>,
    /// The licence a duplicate copies.
    pub duplicate_of: Option<&'a str>,
}

/// Enters a licence in the register, issued.
pub async fn insert(tx: &mut Tx<'_>, l: &NewLicence<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO licences (number, owner_id, application_id, service, status, issued_at, holder_name, holder_id, \
         provider, valid_until, annex, version, supersedes, duplicate_of, signed_by, certificate_serial, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
    )
    .bind(l.number)
    .bind(l.case.owner)
    .bind(l.case.application)
    .bind(l.case.service)
    .bind(status_json(LicenceStatus::Issued)?)
    .bind(l.at)
    .bind(l.case.applicant_name)
    .bind(l.case.applicant_id)
    .bind(l.case.provider)
    .bind(l.grant.valid_until.map(|d| d.to_string()))
    .bind(l.grant.annex)
    .bind(l.version)
    .bind(l.supersedes)
    .bind(l.duplicate_of)
    .bind(l.grant.signer)
    .bind(l.grant.serial)
    .bind(l.at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The public register's search: by IIN/BIN, number prefix or part of the
/// holder's name, service and status; a page, newest first (ties by
/// number), after the cursor `issued_at:number` of the previous page's last
/// row. One more row than a page is read, to know of a next one.
#[instrument(skip_all, err)]
pub async fn search(db: &Db, q: &RegistryQuery, after: Option<&Cursor>) -> Result<Vec<LicenceRecord>, sqlx::Error> {
    let mut sql = format!("SELECT {COLUMNS} FROM licences l WHERE 1 = 1");
    let mut binds: Vec<Bind> = Vec::new();
    let mut add = |sql: &mut String, clause: &str, v: Bind| {
        binds.push(v);
        sql.push_str(&clause.replace('?', &format!("${}", binds.len())));
    };
    // A number names its kind itself.
    let mut by_number = false;
    if let Some(text) = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        if text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit()) {
            add(&mut sql, " AND l.holder_id = ?", Bind::Text(text.to_owned()));
        } else if ["L-", "C-"].iter().any(|p| text.to_uppercase().starts_with(p)) {
            by_number = true;
            let prefix = format!("{}%", text.to_uppercase().replace(['%', '_'], ""));
            add(&mut sql, " AND l.number LIKE ?", Bind::Text(prefix));
        } else {
            let (clause, value) = name_clause(db.engine, text);
            add(&mut sql, clause, Bind::Text(value));
        }
    }
    match q.service.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => add(&mut sql, " AND l.service = ?", Bind::Text(s.to_owned())),
        None if by_number => {}
        // Licences, unless certificates are asked for: a certificate is not
        // a licence (seed 001), and its number says which it is.
        None => {
            let document = q.document.unwrap_or_default();
            add(
                &mut sql,
                " AND l.number LIKE ?",
                Bind::Text(format!("{}-%", document.prefix())),
            );
        }
    }
    if let Some(s) = q.status {
        add(&mut sql, " AND l.status = ?", Bind::Text(status_json(s)?));
    }
    if let Some(after) = after {
        binds.push(Bind::Int(after.at));
        binds.push(Bind::Text(after.id.clone()));
        // A row-value comparison: the index in this order seeks to the cursor.
        let n = binds.len();
        sql.push_str(&format!(" AND (l.issued_at, l.number) < (${}, ${n})", n - 1));
    }
    sql.push_str(&format!(
        " ORDER BY l.issued_at DESC, l.number DESC LIMIT {}",
        shared::review::REGISTER_PAGE + 1
    ));
    // Planned for its values each time, not once for any: PostgreSQL's
    // generic plan of a name search, blind to the pattern, walked the whole
    // register newest first instead of asking the trigram index (660 ms at
    // a million licences).
    let mut query = sqlx::query_as::<_, LicenceRow>(sqlx::AssertSqlSafe(sql)).persistent(false);
    for b in binds {
        query = match b {
            Bind::Text(t) => query.bind(t),
            Bind::Int(i) => query.bind(i),
        };
    }
    let rows = query.fetch_all(&db.pool).await?;
    Ok(rows.into_iter().map(LicenceRecord::from).collect())
}

/// A value bound to the register's search.
enum Bind {
    Text(String),
    Int(i64),
}

/// Part of a holder's name, through each engine's trigram index: SQLite's
/// FTS5 table matches a quoted phrase of three characters or more (fewer
/// make no trigram, so a short part is a LIKE, case-blind for Latin
/// letters only); PostgreSQL's `pg_trgm` index serves the lower-cased LIKE.
fn name_clause(engine: Engine, text: &str) -> (&'static str, String) {
    match engine {
        Engine::Sqlite if text.chars().count() >= 3 => (
            " AND l.rowid IN (SELECT rowid FROM licence_names WHERE licence_names MATCH ?)",
            format!("\"{}\"", text.replace('"', "\"\"")),
        ),
        Engine::Sqlite => (
            " AND l.holder_name LIKE ?",
            format!("%{}%", text.replace(['%', '_'], "")),
        ),
        Engine::Postgres => (
            " AND lower(l.holder_name) LIKE ?",
            format!("%{}%", text.to_lowercase().replace(['%', '_'], "")),
        ),
    }
}

/// A signed refusal, by the random code on its document.
#[instrument(skip_all, err)]
pub async fn refusal_by_code(db: &Db, code: &str) -> Result<Option<RefusalSummary>, sqlx::Error> {
    let row: Option<(String, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT a.number, a.service, a.provider, d.signed_at FROM applications a \
         JOIN decisions d ON d.application_id = a.id WHERE d.document_code = $1 AND d.signed_at IS NOT NULL",
    )
    .bind(code)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|(application, service, provider, signed_at)| RefusalSummary {
        application,
        service,
        provider: provider.unwrap_or_default(),
        signed_at,
    }))
}

/// A page of an owner's licences, the latest first (ties by number), after
/// the cursor `issued_at:number`; one row more than a page.
#[instrument(skip_all, err)]
pub async fn of_owner(db: &Db, owner: &str, after: Option<&Cursor>) -> Result<Vec<LicenceSummary>, sqlx::Error> {
    let seek = if after.is_some() {
        " AND (issued_at, number) < ($2, $3)"
    } else {
        ""
    };
    let sql = format!(
        "SELECT number, service, status, issued_at, application_id FROM licences WHERE owner_id = $1{seek} \
         ORDER BY issued_at DESC, number DESC LIMIT {}",
        shared::api::CABINET_PAGE + 1
    );
    let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(owner);
    if let Some(c) = after {
        query = query.bind(c.at).bind(c.id.clone());
    }
    let rows: Vec<(String, String, Json<LicenceStatus>, i64, String)> = query.fetch_all(&db.pool).await?;
    let summary = |(number, service, status, issued_at, application_id): (_, _, Json<_>, _, _)| LicenceSummary {
        number,
        service,
        status: status.0,
        issued_at,
        application_id,
        annexes: Vec::new(),
    };
    Ok(rows.into_iter().map(summary).collect())
}

#[cfg(test)]
mod tests {
    use super::COLUMNS;
    use crate::db::Db;

    /// SQLite's plan for a query: one line per step.
    async fn plan(db: &Db, sql: &str) -> String {
        let rows: Vec<(i64, i64, i64, String)> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("EXPLAIN QUERY PLAN {sql}")))
                .bind("L-2026-01-000001")
                .fetch_all(&db.pool)
                .await
                .expect("a plan");
        rows.into_iter()
            .map(|(_, _, _, step)| step)
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// A licence is read by its number, with the licence that superseded it,
    /// through indexes only, with the statistics of a register where none is
    /// superseded yet; the register's newest-first pages, filtered or
    /// not, walk an index from the cursor instead of sorting the table, and
    /// part of a name is looked up in the trigram index. (At a million
    /// licences scans took 120 ms for a verification, 11.6 s for the
    /// register's first page and 1.3 s for a name.)
    #[tokio::test]
    async fn a_licence_and_the_register_s_pages_are_read_through_indexes() {
        let dir = tempfile::tempdir().expect("a directory");
        let url = format!("sqlite://{}/plan.db", dir.path().display());
        let db = Db::connect(&url, 0).await.expect("a database");
        // The engine's statistics of a register where no licence supersedes
        // another: with them an index over every row of `supersedes` looked
        // useless, and the planner scanned instead.
        crate::load::seed(&db, 300, 1_800_000_000)
            .await
            .expect("seeded and analysed");
        let by_number = plan(&db, &format!("SELECT {COLUMNS} FROM licences l WHERE l.number = $1")).await;
        assert!(!by_number.contains("SCAN"), "{by_number}");
        assert!(by_number.contains("licences_supersedes"), "{by_number}");
        let page = "ORDER BY l.issued_at DESC, l.number DESC LIMIT 21";
        for filter in [
            "$1 = $1",
            "(l.issued_at, l.number) < (0, $1)",
            "l.service = $1 AND (l.issued_at, l.number) < (0, $1)",
            "l.status = $1",
        ] {
            let plan = plan(&db, &format!("SELECT {COLUMNS} FROM licences l WHERE {filter} {page}")).await;
            assert!(!plan.contains("TEMP B-TREE"), "{filter}: not sorted in memory: {plan}");
        }
        let (name, _) = super::name_clause(crate::db::Engine::Sqlite, "нагрузкин");
        let plan = plan(
            &db,
            &format!("SELECT {COLUMNS} FROM licences l WHERE 1 = 1{name} {page}"),
        )
        .await;
        assert!(plan.contains("VIRTUAL TABLE INDEX"), "the name through FTS5: {plan}");
    }
}

/// A licence as the open data reads it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct OpenRow {
    pub number: String,
    pub holder_name: String,
    pub holder_id: String,
    pub service: String,
    pub provider: String,
    pub status: Json<LicenceStatus>,
    pub issued_at: i64,
    pub valid_until: Option<String>,
    pub supersedes: Option<String>,
    pub updated_at: i64,
}

const OPEN_COLUMNS: &str = "number, holder_name, holder_id, service, provider, status, issued_at, valid_until, \
                            supersedes, updated_at";

/// A page of the whole register, oldest first, after a cursor of
/// (issued_at, number); `limit` rows.
#[instrument(skip_all, err)]
pub async fn open_page(db: &Db, after: Option<&Cursor>, limit: usize) -> Result<Vec<OpenRow>, sqlx::Error> {
    let (at, number) = after.map_or((i64::MIN, String::new()), |c| (c.at, c.id.clone()));
    let sql = format!(
        "SELECT {OPEN_COLUMNS} FROM licences WHERE (issued_at, number) > ($1, $2) \
         ORDER BY issued_at, number LIMIT {limit}"
    );
    sqlx::query_as::<_, OpenRow>(sqlx::AssertSqlSafe(sql))
        .bind(at)
        .bind(number)
        .fetch_all(&db.pool)
        .await
}

/// The licences changed at or after `since`, in the order they changed,
/// after a cursor of (updated_at, number); `limit` rows.
#[instrument(skip_all, err)]
pub async fn changed_since(
    db: &Db,
    since: i64,
    after: Option<&Cursor>,
    limit: usize,
) -> Result<Vec<OpenRow>, sqlx::Error> {
    let (at, number) = after.map_or((since, String::new()), |c| (c.at.max(since), c.id.clone()));
    let sql = format!(
        "SELECT {OPEN_COLUMNS} FROM licences WHERE (updated_at, number) > ($1, $2) \
         ORDER BY updated_at, number LIMIT {limit}"
    );
    sqlx::query_as::<_, OpenRow>(sqlx::AssertSqlSafe(sql))
        .bind(at)
        .bind(number)
        .fetch_all(&db.pool)
        .await
}
