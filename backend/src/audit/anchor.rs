//! The audit chain's anchor outside the database: signed checkpoints of the
//! chain's head (its sequence and hash), appended to a file in a directory
//! of their own (in production on other storage than the database's, such
//! as a write-once bucket or another host's disk), with the signing key
//! beside them. The chain alone proves that no entry changed unless every
//! later hash was recomputed; a checkpoint proves that the entry it names
//! still has the hash it had, so a consistent rewrite of the whole chain is
//! caught too, as is a chain cut short.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use p256::ecdsa::signature::{Signer as _, Verifier as _};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use p256::pkcs8::{DecodePrivateKey as _, EncodePrivateKey as _, EncodePublicKey as _};
use serde::{Deserialize, Serialize};

use crate::db::Db;

/// The file of checkpoints, one JSON object a line.
const CHECKPOINTS: &str = "checkpoints.jsonl";
/// The signing key, PKCS#8 DER.
const KEY: &str = "checkpoint-key.p8";
/// Its public half, SubjectPublicKeyInfo DER, for anyone to verify with.
const PUBLIC_KEY: &str = "checkpoint-key.pub.der";

/// Why the anchor does not hold.
#[derive(Debug, thiserror::Error)]
pub enum AnchorError {
    /// The anchor's files could not be read or written.
    #[error("the audit anchor {0}: {1}")]
    Io(PathBuf, std::io::Error),
    /// The key file is not a P-256 key.
    #[error("the audit anchor's key is unreadable")]
    Key,
    /// A checkpoint line is not one, or its signature does not hold.
    #[error("checkpoint {line} of the anchor is forged or damaged")]
    Forged {
        /// The line, from 1.
        line: usize,
    },
    /// The chain no longer has the entry a checkpoint names: cut short.
    #[error("the chain ends before entry {0}, which a checkpoint names: entries were removed")]
    Truncated(i64),
    /// The entry a checkpoint names has another hash now: rewritten.
    #[error("entry {0} does not have the hash its checkpoint signed: the chain was rewritten")]
    Rewritten(i64),
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

/// One signed checkpoint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// The chain's length then.
    pub seq: i64,
    /// The hash of entry `seq` (the genesis hash for 0).
    pub hash: String,
    /// When, Unix seconds.
    pub at: i64,
    /// ECDSA P-256 over [`Checkpoint::message`], r‖s in base64.
    pub signature: String,
}

impl Checkpoint {
    fn message(seq: i64, hash: &str, at: i64) -> Vec<u8> {
        format!("ruqsat audit checkpoint\n{seq}\n{hash}\n{at}").into_bytes()
    }
}

/// The anchor directory, opened with its key (made on first use).
pub struct Anchor {
    dir: PathBuf,
    key: SigningKey,
}

impl std::fmt::Debug for Anchor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Anchor").field("dir", &self.dir).finish_non_exhaustive()
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> AnchorError + '_ {
    move |e| AnchorError::Io(path.to_owned(), e)
}

impl Anchor {
    /// Opens the anchor in `dir`, making the directory and its key when
    /// missing (the key readable by the owner only).
    pub fn open(dir: &Path) -> Result<Anchor, AnchorError> {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let path = dir.join(KEY);
        let key = match std::fs::read(&path) {
            Ok(der) => SigningKey::from_pkcs8_der(&der).map_err(|_| AnchorError::Key)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = loop {
                    let mut bytes = [0u8; 32];
                    getrandom::fill(&mut bytes)
                        .map_err(|e| AnchorError::Io(path.clone(), std::io::Error::other(e.to_string())))?;
                    if let Ok(k) = SigningKey::from_slice(&bytes) {
                        break k;
                    }
                };
                let der = key.to_pkcs8_der().map_err(|_| AnchorError::Key)?;
                write_private(&path, der.as_bytes()).map_err(io(&path))?;
                let public = key.verifying_key().to_public_key_der().map_err(|_| AnchorError::Key)?;
                let public_path = dir.join(PUBLIC_KEY);
                std::fs::write(&public_path, public.as_bytes()).map_err(io(&public_path))?;
                key
            }
            Err(e) => return Err(AnchorError::Io(path, e)),
        };
        Ok(Anchor {
            dir: dir.to_owned(),
            key,
        })
    }

    fn checkpoints_path(&self) -> PathBuf {
        self.dir.join(CHECKPOINTS)
    }

    /// The checkpoints written so far, each checked against the key.
    pub fn checkpoints(&self) -> Result<Vec<Checkpoint>, AnchorError> {
        let path = self.checkpoints_path();
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(AnchorError::Io(path, e)),
        };
        let public = VerifyingKey::from(&self.key);
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let forged = || AnchorError::Forged { line: i + 1 };
            let c: Checkpoint = serde_json::from_str(line).map_err(|_| forged())?;
            let signature = B64
                .decode(&c.signature)
                .ok()
                .and_then(|b| Signature::from_slice(&b).ok())
                .ok_or_else(forged)?;
            public
                .verify(&Checkpoint::message(c.seq, &c.hash, c.at), &signature)
                .map_err(|_| forged())?;
            out.push(c);
        }
        Ok(out)
    }

    /// Checks every checkpoint against the chain in the database: the entry
    /// each names must still be there with the hash it signed. Answers how
    /// many were checked.
    pub async fn verify(&self, db: &Db) -> Result<usize, AnchorError> {
        let all = self.checkpoints()?;
        for c in &all {
            match super::hash_at(db, c.seq).await? {
                None => return Err(AnchorError::Truncated(c.seq)),
                Some(h) if h != c.hash => return Err(AnchorError::Rewritten(c.seq)),
                Some(_) => {}
            }
        }
        Ok(all.len())
    }

    /// Signs the chain's head now and appends it, unless the last
    /// checkpoint already names it; answers the checkpoint that holds.
    pub async fn checkpoint(&self, db: &Db, now: i64) -> Result<Checkpoint, AnchorError> {
        let (seq, hash) = super::head(db).await?;
        if let Some(last) = self.checkpoints()?.pop()
            && last.seq == seq
            && last.hash == hash
        {
            return Ok(last);
        }
        let signature: Signature = self.key.sign(&Checkpoint::message(seq, &hash, now));
        let c = Checkpoint {
            seq,
            hash,
            at: now,
            signature: B64.encode(signature.to_bytes()),
        };
        let line = serde_json::to_string(&c).map_err(|e| AnchorError::Io(self.checkpoints_path(), e.into()))?;
        let path = self.checkpoints_path();
        append_line(&path, &line).map_err(io(&path))?;
        Ok(c)
    }
}

fn append_line(path: &Path, line: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut f = std::fs::OpenOptions::new().create(true).append(true).open(path)?;
    writeln!(f, "{line}")?;
    f.sync_all()
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut f = options.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}
