//! The file store, behind one trait (`object_store`'s `ObjectStore`) with
//! two implementations: a local directory (the embedded default) and any
//! S3-compatible store (an endpoint, a bucket, a region, path-style
//! addressing, the credentials from the environment). Content is addressed
//! by its SHA-256 (`ab/abcdef…`, the local layout of earlier versions, so
//! an existing directory keeps working), written once and never
//! overwritten; reads stream, so a 10 MB file is never held whole.
//!
//! A leaf: it knows nothing of attachments or the database.

use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use futures_util::StreamExt as _;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt as _, PutMode, PutOptions, PutPayload};
use sha2::{Digest as _, Sha256};

/// The file store the server uses.
pub type Store = Arc<dyn ObjectStore>;

/// Why the file store failed.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The store answered with an error.
    #[error("the file store: {0}")]
    Store(#[from] object_store::Error),
    /// A local directory could not be made.
    #[error("the files directory {0}: {1}")]
    Directory(PathBuf, std::io::Error),
    /// What was read back is not what was written.
    #[error("{0}: its content does not match its SHA-256")]
    Corrupt(String),
}

/// Where an S3-compatible store is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S3 {
    /// Its address, such as `http://127.0.0.1:9000`.
    pub endpoint: String,
    /// The bucket.
    pub bucket: String,
    /// Its region.
    pub region: String,
    /// Path-style addressing (`endpoint/bucket/key`) rather than a bucket
    /// subdomain: what most self-hosted stores need.
    pub path_style: bool,
    /// The access key and secret, when not from the environment.
    pub keys: Option<(String, String)>,
}

/// A local directory, made when missing.
pub fn local(dir: &FsPath) -> Result<Store, StorageError> {
    std::fs::create_dir_all(dir).map_err(|e| StorageError::Directory(dir.to_owned(), e))?;
    let fs = object_store::local::LocalFileSystem::new_with_prefix(dir)?;
    Ok(Arc::new(fs))
}

/// An S3-compatible store; the credentials come from the environment
/// (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, and so on).
///
/// A request is tried at most four times within 15 s, each connection
/// within 3 s: an upload or a download waits seconds, not minutes, for a
/// store that is down.
pub fn s3(at: &S3) -> Result<Store, StorageError> {
    let retry = object_store::RetryConfig {
        max_retries: 3,
        retry_timeout: std::time::Duration::from_secs(15),
        ..object_store::RetryConfig::default()
    };
    let client = object_store::ClientOptions::new()
        .with_connect_timeout(std::time::Duration::from_secs(3))
        .with_timeout(std::time::Duration::from_secs(120))
        .with_allow_http(at.endpoint.starts_with("http://"));
    let mut builder = object_store::aws::AmazonS3Builder::from_env()
        .with_endpoint(&at.endpoint)
        .with_bucket_name(&at.bucket)
        .with_region(&at.region)
        .with_virtual_hosted_style_request(!at.path_style)
        .with_retry(retry)
        .with_client_options(client);
    if let Some((key, secret)) = &at.keys {
        builder = builder.with_access_key_id(key).with_secret_access_key(secret);
    }
    Ok(Arc::new(builder.build()?))
}

/// The same store under a prefix (a test's own corner of a bucket).
pub fn under(store: Store, prefix: &str) -> Store {
    Arc::new(object_store::prefix::PrefixStore::new(store, prefix))
}

/// Where content with a hash is kept: `ab/abcdef…`.
pub fn key(sha256: &str) -> Path {
    Path::from(format!("{}/{sha256}", sha256.get(..2).unwrap_or_default()))
}

/// Writes content under its hash unless it is there already: never
/// overwritten (the store refuses a second write of the same key).
pub async fn put_once(store: &Store, sha256: &str, bytes: &[u8]) -> Result<(), StorageError> {
    let options = PutOptions {
        mode: PutMode::Create,
        ..PutOptions::default()
    };
    match store
        .put_opts(&key(sha256), PutPayload::from(bytes.to_vec()), options)
        .await
    {
        Ok(_) | Err(object_store::Error::AlreadyExists { .. }) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Whether content with a hash is kept.
pub async fn exists(store: &Store, sha256: &str) -> Result<bool, StorageError> {
    match store.head(&key(sha256)).await {
        Ok(_) => Ok(true),
        Err(object_store::Error::NotFound { .. }) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Content as a streamed body, with its size.
pub async fn stream(store: &Store, sha256: &str) -> Result<(Body, u64), StorageError> {
    let got = store.get(&key(sha256)).await?;
    let size = got.meta.size;
    Ok((Body::from_stream(got.into_stream()), size))
}

/// Content, whole (a document drawn from it).
pub async fn read(store: &Store, sha256: &str) -> Result<Vec<u8>, StorageError> {
    Ok(store.get(&key(sha256)).await?.bytes().await?.to_vec())
}

/// Whether the store takes a write and gives it back: a probe written,
/// read and deleted (readiness).
pub async fn probe(store: &Store, instance: &str) -> Result<(), StorageError> {
    let path = Path::from(format!("ready/{instance}"));
    store.put(&path, PutPayload::from_static(b"ready")).await?;
    let back = store.get(&path).await?.bytes().await?;
    store.delete(&path).await?;
    if back.as_ref() != b"ready" {
        return Err(StorageError::Corrupt(path.to_string()));
    }
    Ok(())
}

/// A stored object: its key's last part and when it was last written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    /// The key, `ab/name`.
    pub key: String,
    /// Last written, Unix seconds.
    pub modified: i64,
    /// Its size in bytes.
    pub size: u64,
}

/// Everything stored, as listed by the store.
pub async fn list(store: &Store) -> Result<Vec<Stored>, StorageError> {
    let mut all = Vec::new();
    let mut listing = store.list(None);
    while let Some(meta) = listing.next().await {
        let meta = meta?;
        all.push(Stored {
            key: meta.location.to_string(),
            modified: meta.last_modified.timestamp(),
            size: meta.size,
        });
    }
    Ok(all)
}

/// Deletes a key (gone already is fine).
pub async fn delete(store: &Store, key: &str) -> Result<(), StorageError> {
    match store.delete(&Path::from(key)).await {
        Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Copies every content-addressed file of one store into another and
/// verifies each copy's SHA-256 as read back; returns how many.
pub async fn copy_all(from: &Store, to: &Store) -> Result<usize, StorageError> {
    let mut copied = 0;
    for s in list(from).await? {
        let Some(sha256) = s.key.rsplit('/').next().filter(|n| is_hash(n)).map(str::to_owned) else {
            continue;
        };
        let bytes = read(from, &sha256).await?;
        if hex(&Sha256::digest(&bytes)) != sha256 {
            return Err(StorageError::Corrupt(format!("{} in the source", s.key)));
        }
        put_once(to, &sha256, &bytes).await?;
        let back = read(to, &sha256).await?;
        if hex(&Sha256::digest(&back)) != sha256 {
            return Err(StorageError::Corrupt(format!("{} in the destination", s.key)));
        }
        copied += 1;
    }
    Ok(copied)
}

/// Whether a name is a SHA-256 in lower-case hex.
pub fn is_hash(name: &str) -> bool {
    name.len() == 64 && name.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
