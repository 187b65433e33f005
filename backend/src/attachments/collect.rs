//! The collector of stored files that no attachment refers to any more: a
//! removed attachment, a deleted draft, an upload that never got its row.
//!
//! It is safe beside uploads: an upload writes its file (once), adds its
//! row and then makes sure the file is still there, writing it again if
//! the collector took it meanwhile; the collector takes only files
//! untouched for the grace period and asks again, file by file, just before
//! it deletes one. It works on any store (a directory or a bucket).

use std::collections::{BTreeMap, HashSet};
use std::time::{Duration, SystemTime};

use super::store;
use crate::AppError;
use crate::db::Db;
use crate::storage::{Store, is_hash};

/// What one pass of the collector deleted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Collected {
    /// Files deleted.
    pub files: u64,
    /// Their bytes.
    pub bytes: u64,
}

fn failed(e: crate::storage::StorageError) -> AppError {
    AppError::Internal(format!("collect stored files: {e}"))
}

/// One pass over the file store: deletes every file (and every temporary
/// file left by an interrupted write) untouched for `grace` that no
/// attachment refers to.
pub async fn collect(db: &Db, files: &Store, grace: Duration) -> Result<Collected, AppError> {
    let mut done = Collected::default();
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let cutoff = i64::try_from(now.saturating_sub(grace.as_secs())).unwrap_or(0);
    let mut referenced: BTreeMap<String, HashSet<String>> = BTreeMap::new();
    for file in crate::storage::list(files).await.map_err(failed)? {
        let Some((prefix, name)) = file.key.split_once('/') else {
            continue;
        };
        if prefix.len() != 2 || name.contains('/') {
            continue;
        }
        let temporary = name.starts_with('.') && name.ends_with(".tmp");
        if !temporary && !is_hash(name) {
            continue;
        }
        if !temporary {
            if !referenced.contains_key(prefix) {
                referenced.insert(prefix.to_owned(), store::referenced(db, prefix).await?);
            }
            if referenced.get(prefix).is_some_and(|r| r.contains(name)) {
                continue;
            }
        }
        if file.modified > cutoff {
            continue;
        }
        // Asked again, file by file, just before the delete.
        if !temporary && store::is_referenced(db, name).await? {
            continue;
        }
        crate::storage::delete(files, &file.key).await.map_err(failed)?;
        done.files += 1;
        done.bytes += file.size;
    }
    Ok(done)
}
