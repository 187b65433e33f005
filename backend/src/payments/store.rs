//! The SQL of payments.

use shared::api::PaymentState;

use tracing::instrument;

use crate::db::Db;

type Tx<'t> = sqlx::Transaction<'t, sqlx::Any>;
use crate::db::codec::{Text, text};

/// A payment row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payment {
    /// Its id.
    pub id: String,
    /// The application it pays for.
    pub application_id: String,
    /// In tiyn.
    pub amount: i64,
    /// Where it stands.
    pub state: PaymentState,
}

/// A payment as its row is read.
#[derive(sqlx::FromRow)]
struct PaymentRow {
    id: String,
    application_id: String,
    amount: i64,
    status: Text<PaymentState>,
}

impl From<PaymentRow> for Payment {
    fn from(r: PaymentRow) -> Payment {
        Payment {
            id: r.id,
            application_id: r.application_id,
            amount: r.amount,
            state: r.status.0,
        }
    }
}

const COLUMNS: &str = "id, application_id, amount, status";

/// The latest payment of an application.
pub async fn last(db: &Db, application: &str) -> Result<Option<Payment>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM payments WHERE application_id = $1 ORDER BY created_at DESC, updated_at DESC LIMIT 1"
    );
    Ok(sqlx::query_as::<_, PaymentRow>(sqlx::AssertSqlSafe(sql))
        .bind(application)
        .fetch_optional(&db.pool)
        .await?
        .map(Payment::from))
}

/// A payment by id.
pub async fn get(db: &Db, id: &str) -> Result<Option<Payment>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM payments WHERE id = $1");
    Ok(sqlx::query_as::<_, PaymentRow>(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .map(Payment::from))
}

/// Starts a payment; false when the application already has a pending one
/// (the unique index `payments_one_pending` decides, so concurrent clicks
/// cannot make two).
pub async fn insert(db: &Db, p: &Payment, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO payments (id, application_id, amount, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(&p.id)
    .bind(&p.application_id)
    .bind(p.amount)
    .bind(text(&p.state)?)
    .bind(now)
    .execute(&db.pool)
    .await;
    crate::db::inserted(done)
}

/// The application's pending payment, if any.
pub async fn pending(db: &Db, application: &str) -> Result<Option<Payment>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM payments WHERE application_id = $1 AND status = 'pending'");
    Ok(sqlx::query_as::<_, PaymentRow>(sqlx::AssertSqlSafe(sql))
        .bind(application)
        .fetch_optional(&db.pool)
        .await?
        .map(Payment::from))
}

/// Ends a pending payment; false when it was no longer pending.
pub async fn finish<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    ex: E,
    id: &str,
    to: PaymentState,
    reference: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE payments SET status = $1, reference = $2, updated_at = $3 WHERE id = $4 AND status = 'pending'",
    )
    .bind(text(&to)?)
    .bind(reference)
    .bind(now)
    .bind(id)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether an application has any payment (then it is withdrawn, never deleted).
pub async fn any_for(db: &Db, application: &str) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT 1 FROM payments WHERE application_id = $1 LIMIT 1")
        .bind(application)
        .fetch_optional(&db.pool)
        .await?
        .is_some())
}

/// Whether the application's payment order was found in the treasury's
/// statement (none: not checked yet).
#[instrument(skip_all, err)]
pub async fn order_check(db: &Db, id: &str) -> Result<Option<bool>, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT found FROM payment_order_checks WHERE application_id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|(f,)| f != 0))
}

/// Records a check of a payment order, by a clerk or (none) by the
/// treasury's own answer; a later check replaces it.
pub async fn record_order_check(
    tx: &mut Tx<'_>,
    id: &str,
    (found, note): (bool, &str),
    by: Option<&str>,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO payment_order_checks (application_id, found, note, checked_by, checked_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (application_id) DO UPDATE SET \
         found = excluded.found, note = excluded.note, checked_by = excluded.checked_by, checked_at = excluded.checked_at",
    )
    .bind(id)
    .bind(i64::from(found))
    .bind(note)
    .bind(by)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
