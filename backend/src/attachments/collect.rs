//! The collector of stored files that no attachment refers to any more: a
//! removed attachment, a deleted draft, an upload that never got its row.
//!
//! It is safe beside uploads: an upload writes (or touches) its file, adds
//! its row and then makes sure the file is still there, while the collector
//! takes only files untouched for the grace period and asks again, file by
//! file, just before it deletes one.

use std::path::Path;
use std::time::{Duration, SystemTime};

use super::store;
use crate::AppError;
use crate::db::Db;

/// What one pass of the collector deleted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Collected {
    /// Files deleted.
    pub files: u64,
    /// Their bytes.
    pub bytes: u64,
}

fn is_hash(name: &str) -> bool {
    name.len() == 64 && name.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn io(e: std::io::Error) -> AppError {
    AppError::Internal(format!("collect stored files: {e}"))
}

/// One pass over the files directory: deletes every file (and every
/// temporary file left by an interrupted write) untouched for `grace` that
/// no attachment refers to.
pub async fn collect(db: &Db, dir: &Path, grace: Duration) -> Result<Collected, AppError> {
    let mut done = Collected::default();
    let cutoff = SystemTime::now().checked_sub(grace).unwrap_or(SystemTime::UNIX_EPOCH);
    let mut shards = match tokio::fs::read_dir(dir).await {
        Ok(d) => d,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(done),
        Err(e) => return Err(io(e)),
    };
    while let Some(shard) = shards.next_entry().await.map_err(io)? {
        let prefix = shard.file_name().to_string_lossy().into_owned();
        if prefix.len() != 2 || !shard.file_type().await.map_err(io)?.is_dir() {
            continue;
        }
        let referenced = store::referenced(db, &prefix).await?;
        let mut files = tokio::fs::read_dir(shard.path()).await.map_err(io)?;
        while let Some(file) = files.next_entry().await.map_err(io)? {
            let name = file.file_name().to_string_lossy().into_owned();
            let temporary = name.starts_with('.') && name.ends_with(".tmp");
            if !temporary && (!is_hash(&name) || referenced.contains(&name)) {
                continue;
            }
            let meta = file.metadata().await.map_err(io)?;
            if meta.modified().map_err(io)? > cutoff {
                continue;
            }
            if !temporary && store::is_referenced(db, &name).await? {
                continue;
            }
            match tokio::fs::remove_file(file.path()).await {
                Ok(()) => {
                    done.files += 1;
                    done.bytes += meta.len();
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io(e)),
            }
        }
    }
    Ok(done)
}
