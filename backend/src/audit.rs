//! The audit log: every action on a case (who, in which role, when, what,
//! the status before and after, the note), appended in the same transaction
//! as the change it records. Each entry's hash covers its content and the
//! previous entry's hash, so changing, removing or reordering any entry
//! breaks every hash after it; [`verify`] names the first broken link. The
//! case timeline is read from here. Staff administration is recorded in
//! the same chain ([`record_administration`]), and the chain's head is
//! anchored outside the database by signed checkpoints ([`anchor`]).

use sha2::{Digest as _, Sha256};
use shared::workflow::{ApplicationStatus, Role};

use crate::db::Db;

pub mod anchor;
mod store;

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An entry to append.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEntry<'a> {
    /// The application.
    pub application_id: &'a str,
    /// Who (a staff or account id, or `system`).
    pub actor_id: &'a str,
    /// Their name.
    pub actor_name: &'a str,
    /// In which role.
    pub role: Role,
    /// When, Unix seconds.
    pub at: i64,
    /// What.
    pub action: &'a str,
    /// Status before.
    pub before: ApplicationStatus,
    /// Status after.
    pub after: ApplicationStatus,
    /// The chain step the action started, if any.
    pub step_id: Option<&'a str>,
    /// That step's deadline.
    pub step_due_at: Option<i64>,
    /// The resolution, reason or answer.
    pub note: &'a str,
}

/// A stored entry.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Entry {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// The application.
    pub application_id: String,
    /// Who.
    pub actor_id: String,
    /// Their name.
    pub actor_name: String,
    /// Role, as stored.
    pub role: String,
    /// When.
    pub at: i64,
    /// What.
    pub action: String,
    /// Status before, as stored (JSON).
    pub status_before: String,
    /// Status after, as stored (JSON).
    pub status_after: String,
    /// The step started.
    pub step_id: Option<String>,
    /// Its deadline.
    pub step_due_at: Option<i64>,
    /// Note.
    pub note: String,
    /// The previous entry's hash.
    pub prev_hash: String,
    /// This entry's hash.
    pub hash: String,
}

impl Entry {
    /// The hash this entry should have.
    pub fn expected_hash(&self) -> String {
        let content = serde_json::json!([
            self.seq,
            self.application_id,
            self.actor_id,
            self.actor_name,
            self.role,
            self.at,
            self.action,
            self.status_before,
            self.status_after,
            self.step_id,
            self.step_due_at,
            self.note,
            self.prev_hash,
        ]);
        crate::eds::hex(&Sha256::digest(content.to_string().as_bytes()))
    }
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, sqlx::Error> {
    serde_json::to_string(v).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

/// Appends an entry inside the caller's transaction; returns its sequence.
pub async fn append(tx: &mut sqlx::Transaction<'_, sqlx::Any>, e: &NewEntry<'_>) -> Result<i64, sqlx::Error> {
    let role = crate::db::codec::text(&e.role)?;
    let statuses = (json(&e.before)?, json(&e.after)?);
    let step = (e.step_id.map(str::to_owned), e.step_due_at);
    let at = (e.at, e.action);
    insert_entry(
        tx,
        e.application_id,
        (e.actor_id, e.actor_name, &role),
        at,
        statuses,
        step,
        e.note,
    )
    .await
}

async fn insert_entry(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    subject: &str,
    (actor_id, actor_name, role): (&str, &str, &str),
    (at, action): (i64, &str),
    (status_before, status_after): (String, String),
    (step_id, step_due_at): (Option<String>, Option<i64>),
    note: &str,
) -> Result<i64, sqlx::Error> {
    let (seq, prev_hash) = store::take_head(tx).await?;
    let mut entry = Entry {
        seq,
        application_id: subject.to_owned(),
        actor_id: actor_id.to_owned(),
        actor_name: actor_name.to_owned(),
        role: role.to_owned(),
        at,
        action: action.to_owned(),
        status_before,
        status_after,
        step_id,
        step_due_at,
        note: note.to_owned(),
        prev_hash,
        hash: String::new(),
    };
    entry.hash = entry.expected_hash();
    store::insert(tx, &entry).await?;
    store::set_head_hash(tx, &entry.hash).await?;
    Ok(entry.seq)
}

/// One application's entries, in order (or staff administration's, by
/// `staff/<id>`).
pub async fn of_application(db: &Db, application_id: &str) -> Result<Vec<Entry>, sqlx::Error> {
    store::of_subject(db, application_id).await
}

/// The first broken link of the chain.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Broken {
    /// An entry is missing or out of place.
    #[error("entry {found} follows entry {previous}: entries are missing or out of order")]
    Gap {
        /// The sequence before.
        previous: i64,
        /// The sequence found.
        found: i64,
    },
    /// An entry does not point at the previous entry's hash.
    #[error("entry {0} does not point at the previous entry's hash")]
    Link(i64),
    /// An entry's content does not match its hash: it was changed.
    #[error("entry {0} was changed after it was written (its hash does not match its content)")]
    Content(i64),
    /// The head does not match the last entry.
    #[error("the chain's head does not match its last entry {0}: entries were removed from the end")]
    Head(i64),
}

/// Why verification could not finish.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// The chain is broken.
    #[error("{0}")]
    Broken(#[from] Broken),
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

/// Walks the whole chain in pages; returns the number of entries when every
/// link holds, else the first broken link.
pub async fn verify(db: &Db) -> Result<i64, VerifyError> {
    const PAGE: i64 = 5_000;
    let (mut previous, mut hash) = (0_i64, GENESIS.to_owned());
    loop {
        let rows = store::page_after(db, previous, PAGE).await?;
        for e in &rows {
            if e.seq != previous + 1 {
                return Err(Broken::Gap { previous, found: e.seq }.into());
            }
            if e.prev_hash != hash {
                return Err(Broken::Link(e.seq).into());
            }
            if e.expected_hash() != e.hash {
                return Err(Broken::Content(e.seq).into());
            }
            previous = e.seq;
            hash = e.hash.clone();
        }
        if (rows.len() as i64) < PAGE {
            break;
        }
    }
    if store::head(db).await? != (previous, hash) {
        return Err(Broken::Head(previous).into());
    }
    Ok(previous)
}

pub use store::{hash_at, head};

/// An act of staff administration, for the chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Administration<'a> {
    /// The member acted on (their staff id).
    pub member: &'a str,
    /// Who acted: an administrator's staff id, or `operator`.
    pub actor_id: &'a str,
    /// Their name.
    pub actor_name: &'a str,
    /// When.
    pub at: i64,
    /// What: `staff-added`, `staff-password-reset`, `staff-disabled`,
    /// `staff-enabled`, `staff-confirmed`, `staff-absence`.
    pub action: &'a str,
    /// Details (the role given, the absence set).
    pub note: &'a str,
}

/// Appends an act of staff administration to the audit chain, under the
/// subject `staff/<member id>` (never an application's id), without
/// statuses.
pub async fn record_administration(db: &Db, a: &Administration<'_>) -> Result<i64, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    let subject = format!("staff/{}", a.member);
    let role = if a.actor_id == "operator" { "operator" } else { "admin" };
    let seq = insert_entry(
        &mut tx,
        &subject,
        (a.actor_id, a.actor_name, role),
        (a.at, a.action),
        (String::new(), String::new()),
        (None, None),
        a.note,
    )
    .await?;
    tx.commit().await?;
    Ok(seq)
}
