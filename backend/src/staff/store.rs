//! The SQL of staff.

use serde::Deserialize;
use shared::workflow::Role;

use crate::db::Db;
use crate::db::codec::Text;

/// A staff member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Staff {
    /// Id.
    pub id: String,
    /// The provider's code.
    pub provider: String,
    /// Role.
    pub role: Role,
    /// Sign-in name.
    pub login: String,
    /// Full name.
    pub name: String,
    /// IIN, as their certificate names it.
    pub iin: String,
    /// Argon2 hash.
    pub password_hash: String,
    /// Marked absent.
    pub absent: bool,
    /// Must choose a new password before anything else.
    pub must_change_password: bool,
    /// Disabled by an administrator: cannot sign in.
    pub disabled: bool,
    /// The administrator who set this member's credentials (added them or
    /// reset their password), while no second administrator has confirmed
    /// them: until then they act on nothing.
    pub unconfirmed_by: Option<String>,
}

/// A role as stored: the one codec's text.
pub fn role_str(role: Role) -> String {
    crate::db::codec::text(&role).unwrap_or_default()
}

const COLUMNS: &str =
    "id, provider, role, login, name, iin, password_hash, absent, must_change_password, disabled_at, unconfirmed_by";

/// A member as the row is read (flags as 0 or 1).
#[derive(sqlx::FromRow)]
struct StaffRow {
    id: String,
    provider: String,
    role: Text<Role>,
    login: String,
    name: String,
    iin: String,
    password_hash: String,
    absent: i64,
    must_change_password: i64,
    disabled_at: Option<i64>,
    unconfirmed_by: Option<String>,
}

impl From<StaffRow> for Staff {
    fn from(r: StaffRow) -> Staff {
        Staff {
            id: r.id,
            provider: r.provider,
            role: r.role.0,
            login: r.login,
            name: r.name,
            iin: r.iin,
            password_hash: r.password_hash,
            absent: r.absent != 0,
            must_change_password: r.must_change_password != 0,
            disabled: r.disabled_at.is_some(),
            unconfirmed_by: r.unconfirmed_by,
        }
    }
}

/// A staff member by login.
pub async fn by_login(db: &Db, login: &str) -> Result<Option<Staff>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM staff WHERE login = $1");
    Ok(sqlx::query_as::<_, StaffRow>(sqlx::AssertSqlSafe(sql))
        .bind(login)
        .fetch_optional(&db.pool)
        .await?
        .map(Staff::from))
}

/// A staff member of a provider by id.
pub async fn member(db: &Db, provider: &str, id: &str) -> Result<Option<Staff>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM staff WHERE id = $1 AND provider = $2");
    Ok(sqlx::query_as::<_, StaffRow>(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(provider)
        .fetch_optional(&db.pool)
        .await?
        .map(Staff::from))
}

/// A provider's staff, by role and name.
pub async fn members(db: &Db, provider: &str) -> Result<Vec<Staff>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM staff WHERE provider = $1 ORDER BY role, name");
    Ok(sqlx::query_as::<_, StaffRow>(sqlx::AssertSqlSafe(sql))
        .bind(provider)
        .fetch_all(&db.pool)
        .await?
        .into_iter()
        .map(Staff::from)
        .collect())
}

/// Whether a provider's head is marked absent.
pub async fn head_absent(db: &Db, provider: &str) -> Result<bool, sqlx::Error> {
    let heads: i64 =
        sqlx::query_scalar("SELECT COUNT(*) AS n FROM staff WHERE provider = $1 AND role = 'head' AND absent = 0")
            .bind(provider)
            .fetch_one(&db.pool)
            .await?;
    Ok(heads == 0)
}

/// Marks a staff member absent or back.
pub async fn set_absent(db: &Db, id: &str, absent: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE staff SET absent = $1 WHERE id = $2")
        .bind(i64::from(absent))
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// A member's remembered inbox filters (JSON), if they chose any.
pub async fn inbox_filters(db: &Db, id: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT inbox FROM staff_preferences WHERE staff_id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// Remembers a member's inbox filters (JSON).
pub async fn set_inbox_filters(db: &Db, id: &str, inbox: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO staff_preferences (staff_id, inbox, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (staff_id) DO UPDATE SET inbox = excluded.inbox, updated_at = excluded.updated_at",
    )
    .bind(id)
    .bind(inbox)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The staff member of a live session (within its lifetime, and used in
/// the last 30 minutes); the session's last use is kept to the minute.
pub async fn session_staff(db: &Db, token_hash: &str, now: i64) -> Result<Option<Staff>, sqlx::Error> {
    let sql = format!(
        "SELECT {}, s.last_seen_at FROM staff_sessions s JOIN staff t ON t.id = s.staff_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND t.disabled_at IS NULL",
        COLUMNS
            .split(", ")
            .map(|c| format!("t.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let row = sqlx::query_as::<_, SessionRow>(sqlx::AssertSqlSafe(sql))
        .bind(token_hash)
        .bind(now)
        .bind(now - crate::auth::IDLE_SECS)
        .fetch_optional(&db.pool)
        .await?;
    let Some(row) = row else { return Ok(None) };
    if row.last_seen_at < now - 60 {
        sqlx::query("UPDATE staff_sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(token_hash)
            .execute(&db.pool)
            .await?;
    }
    Ok(Some(row.staff.into()))
}

/// A session's member, and when the session was last seen.
#[derive(sqlx::FromRow)]
struct SessionRow {
    #[sqlx(flatten)]
    staff: StaffRow,
    last_seen_at: i64,
}

/// Opens a session.
pub async fn create_session(db: &Db, token_hash: &str, staff: &str, now: i64, expires: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO staff_sessions (token_hash, staff_id, created_at, expires_at, last_seen_at) \
         VALUES ($1, $2, $3, $4, $3)",
    )
    .bind(token_hash)
    .bind(staff)
    .bind(now)
    .bind(expires)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Ends a session.
pub async fn delete_session(db: &Db, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Inserts a staff member; false when the login is taken.
pub async fn insert(db: &Db, s: &Staff, created_by: Option<&str>, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO staff (id, provider, role, login, name, iin, password_hash, absent, created_at, \
         must_change_password, created_by, unconfirmed_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (login) DO NOTHING",
    )
    .bind(&s.id)
    .bind(&s.provider)
    .bind(role_str(s.role))
    .bind(&s.login)
    .bind(&s.name)
    .bind(&s.iin)
    .bind(&s.password_hash)
    .bind(i64::from(s.absent))
    .bind(now)
    .bind(i64::from(s.must_change_password))
    .bind(created_by)
    .bind(&s.unconfirmed_by)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Sets a member's password hash, and whether they must change it at their
/// next sign-in.
pub async fn set_password(db: &Db, id: &str, hash: &str, must_change: bool) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE staff SET password_hash = $1, must_change_password = $2 WHERE id = $3")
        .bind(hash)
        .bind(i64::from(must_change))
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// An administrator set a member's credentials: they wait for a second
/// administrator's confirmation.
pub async fn set_unconfirmed(db: &Db, id: &str, by: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE staff SET unconfirmed_by = $1 WHERE id = $2")
        .bind(by)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Confirms a member; false when they were not waiting for it.
pub async fn confirm(db: &Db, id: &str, by: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE staff SET unconfirmed_by = NULL, confirmed_by = $1, confirmed_at = $2 \
         WHERE id = $3 AND unconfirmed_by IS NOT NULL",
    )
    .bind(by)
    .bind(now)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Disables a member (since `at`) or enables them again (`None`).
pub async fn set_disabled(db: &Db, id: &str, at: Option<i64>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE staff SET disabled_at = $1 WHERE id = $2")
        .bind(at)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Ends a member's sessions, all of them or all but one.
pub async fn end_sessions(db: &Db, staff: &str, except_token_hash: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1 AND token_hash <> $2")
        .bind(staff)
        .bind(except_token_hash.unwrap_or_default())
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Whether a staff member already has this IIN.
pub async fn iin_taken(db: &Db, iin: &str) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("SELECT id FROM staff WHERE iin = $1 LIMIT 1")
        .bind(iin)
        .fetch_optional(&db.pool)
        .await?
        .is_some())
}

/// How many staff members there are.
pub async fn count(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) AS n FROM staff")
        .fetch_one(&db.pool)
        .await
}

/// Records a staff certificate and revokes the member's earlier ones.
pub async fn insert_certificate(
    db: &Db,
    staff: &Staff,
    serial: &str,
    der: &str,
    not_before: i64,
    not_after: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    sqlx::query("UPDATE certificates SET revoked_at = $1 WHERE staff_id = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(&staff.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO certificates (serial, staff_id, identifier, subject, der, not_before, not_after, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(serial)
    .bind(&staff.id)
    .bind(&staff.iin)
    .bind(&staff.name)
    .bind(der)
    .bind(not_before)
    .bind(not_after)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// A staff member's certificate in force: (serial, DER base64, not_after).
pub async fn current_certificate(db: &Db, staff: &str) -> Result<Option<(String, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT serial, der, not_after FROM certificates WHERE staff_id = $1 AND revoked_at IS NULL \
         ORDER BY created_at DESC LIMIT 1",
    )
    .bind(staff)
    .fetch_optional(&db.pool)
    .await
}

#[derive(Deserialize)]
struct DemoFile {
    password: String,
    staff: Vec<DemoStaff>,
}

#[derive(Deserialize)]
struct DemoStaff {
    login: String,
    name: String,
    iin: String,
    role: Role,
    provider: String,
}

/// Loads the demo staff (`data/demo-staff.toml`) into an empty staff table;
/// returns how many were added. The password is hashed once for all.
pub async fn seed_demo(db: &Db, now: i64) -> Result<usize, crate::AppError> {
    if count(db).await? > 0 {
        return Ok(0);
    }
    let file: DemoFile = toml::from_str(include_str!("../../data/demo-staff.toml"))
        .map_err(|e| crate::AppError::Internal(format!("demo-staff.toml: {e}")))?;
    let hash = crate::auth::hash_password(file.password).await?;
    let mut added = 0;
    for d in file.staff {
        let s = Staff {
            id: crate::auth::random_token()?[..24].to_owned(),
            provider: d.provider,
            role: d.role,
            login: d.login,
            name: d.name,
            iin: d.iin,
            password_hash: hash.clone(),
            absent: false,
            must_change_password: false,
            disabled: false,
            unconfirmed_by: None,
        };
        if insert(db, &s, None, now).await? {
            added += 1;
        }
    }
    Ok(added)
}
