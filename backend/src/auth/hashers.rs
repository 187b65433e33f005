//! Password hashing with argon2id, on threads of its own: one per core,
//! started once and kept, each with its own working memory (about 19 MiB)
//! allocated once and used by every hash it makes. Allocated anew for each
//! hash, the memory stayed behind in the allocator: 200 sign-ins at once
//! took the process from 14 MiB to 381 MiB on the runtime's blocking pool,
//! and still to 210 MiB on two threads of its own.

use std::cell::RefCell;
use std::panic::AssertUnwindSafe;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Mutex, OnceLock, PoisonError};

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};

use crate::AppError;

type Job = Box<dyn FnOnce() + Send>;

/// How many hashes run at once: one per core.
pub(crate) fn threads() -> usize {
    std::thread::available_parallelism().map_or(2, std::num::NonZero::get)
}

fn queue() -> &'static Sender<Job> {
    static QUEUE: OnceLock<Sender<Job>> = OnceLock::new();
    QUEUE.get_or_init(|| {
        let (send, receive) = channel::<Job>();
        let receive: &'static Mutex<Receiver<Job>> = Box::leak(Box::new(Mutex::new(receive)));
        for n in 0..threads() {
            let spawned = std::thread::Builder::new()
                .name(format!("ruqsat-hash-{n}"))
                .spawn(move || {
                    loop {
                        let job = receive.lock().unwrap_or_else(PoisonError::into_inner).recv();
                        match job {
                            // A panicking hash ends its job, not the thread.
                            Ok(job) => drop(std::panic::catch_unwind(AssertUnwindSafe(job))),
                            Err(_) => return,
                        }
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "a password-hashing thread could not start");
            }
        }
        send
    })
}

/// Runs `work` on a hashing thread and answers what it returned.
pub(crate) async fn run<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    let (answer, answered) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = answer.send(work());
    });
    queue()
        .send(job)
        .map_err(|_| AppError::Internal("no password-hashing thread".to_owned()))?;
    answered
        .await
        .map_err(|_| AppError::Internal("a password hash failed".to_owned()))
}

thread_local! {
    /// This thread's argon2 working memory, kept between hashes.
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(e.to_string())
}

/// Computes `argon`'s hash of a password with a salt into `out`, in this
/// thread's working memory (grown once to what the parameters need).
fn compute(argon: &Argon2<'_>, password: &[u8], salt: &SaltString, out: &mut [u8]) -> Result<(), AppError> {
    let mut buffer = [0u8; 64];
    let salt = salt.as_salt().decode_b64(&mut buffer).map_err(internal)?;
    MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        let needed = argon.params().block_count();
        if memory.len() < needed {
            memory.resize(needed, Block::default());
        }
        argon
            .hash_password_into_with_memory(password, salt, out, &mut memory[..needed])
            .map_err(internal)
    })
}

/// Hashes a password with argon2id's default parameters and a fresh salt,
/// written as a PHC string.
pub(crate) fn hash(password: &str) -> Result<String, AppError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    let salt = SaltString::encode_b64(&salt).map_err(internal)?;
    let argon = Argon2::default();
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    compute(&argon, password.as_bytes(), &salt, &mut out)?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(argon.params()).map_err(internal)?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(internal)?),
    };
    Ok(phc.to_string())
}

/// Checks a password against a PHC string, with the parameters it names;
/// the hashes are compared in constant time.
pub(crate) fn verify(password: &str, phc: &str) -> Result<bool, AppError> {
    let parsed = PasswordHash::new(phc).map_err(internal)?;
    let expected = parsed
        .hash
        .ok_or_else(|| internal("a password hash without its hash"))?;
    let salt = parsed
        .salt
        .ok_or_else(|| internal("a password hash without its salt"))?;
    let salt = SaltString::from_b64(salt.as_str()).map_err(internal)?;
    let version = parsed.version.map(Version::try_from).transpose().map_err(internal)?;
    let argon = Argon2::new(
        Algorithm::try_from(parsed.algorithm).map_err(internal)?,
        version.unwrap_or_default(),
        Params::try_from(&parsed).map_err(internal)?,
    );
    let mut out = vec![0u8; expected.len()];
    compute(&argon, password.as_bytes(), &salt, &mut out)?;
    Ok(Output::new(&out).map_err(internal)? == expected)
}

#[cfg(test)]
mod tests {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};

    /// The hashes are argon2's own: the library verifies ours, and ours
    /// verifies the library's (so the hashes already stored still work).
    #[test]
    fn hashes_agree_with_the_library_both_ways() {
        let ours = super::hash("correct horse battery").expect("a hash");
        let parsed = PasswordHash::new(&ours).expect("a PHC string");
        assert!(
            argon2::Argon2::default()
                .verify_password(b"correct horse battery", &parsed)
                .is_ok()
        );
        assert!(super::verify("correct horse battery", &ours).expect("checked"));
        assert!(!super::verify("correct horse batterz", &ours).expect("checked"));
        let salt = argon2::password_hash::SaltString::encode_b64(b"somesaltsomesalt").expect("a salt");
        let library =
            argon2::password_hash::PasswordHasher::hash_password(&argon2::Argon2::default(), b"hunter42", &salt)
                .expect("a hash")
                .to_string();
        assert!(super::verify("hunter42", &library).expect("checked"));
        assert!(!super::verify("hunter43", &library).expect("checked"));
    }
}
