//! Throttling of sign-ins and registrations, for applicants and staff alike.
//!
//! An attempt takes its place under each of its keys *before* the password
//! is checked, so concurrent guesses are counted one after another and at
//! most the free ones are ever verified. Past a few free attempts each next
//! one must wait twice as long after the one before, up to a cap: a soft
//! limit. Nobody can lock an owner out for good, and the pair of an account
//! and an address (the owner's own device) has its own count, forgotten on
//! a successful sign-in, so guesses from elsewhere only slow the owner down
//! as far as the account's wider limit allows.

use crate::AppError;
use crate::db::Db;

use super::store;

/// How long attempts are remembered.
const WINDOW_SECS: i64 = 3600;

/// The free attempts under a key, and the longest wait after them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    /// Attempts without a wait.
    pub free: i64,
    /// The longest wait, seconds.
    pub cap_secs: i64,
}

/// One account from one address.
pub const PAIR: Rule = Rule {
    free: 5,
    cap_secs: 15 * 60,
};
/// One account from anywhere.
pub const ACCOUNT: Rule = Rule {
    free: 20,
    cap_secs: 5 * 60,
};
/// One address, whatever the account (everyone behind one office's NAT).
pub const ADDRESS: Rule = Rule {
    free: 100,
    cap_secs: 5 * 60,
};
/// New accounts from one address.
pub const REGISTER: Rule = Rule {
    free: 10,
    cap_secs: 15 * 60,
};

impl Rule {
    /// The wait before an attempt that has `before` attempts ahead of it.
    ///
    /// ```
    /// use ruqsat_backend::auth::throttle::PAIR;
    /// assert_eq!(PAIR.wait(4), 0);
    /// assert_eq!(PAIR.wait(5), 1);
    /// assert_eq!(PAIR.wait(8), 8);
    /// assert_eq!(PAIR.wait(60), 15 * 60);
    /// ```
    pub fn wait(self, before: i64) -> i64 {
        let over = before - self.free;
        if over < 0 {
            return 0;
        }
        let doubled = 1i64
            .checked_shl(u32::try_from(over).unwrap_or(u32::MAX))
            .unwrap_or(i64::MAX);
        doubled.min(self.cap_secs)
    }
}

/// The places an attempt took.
#[derive(Debug)]
#[must_use = "say how the attempt went"]
pub struct Attempt {
    seqs: Vec<i64>,
}

/// Takes an attempt's place under every key, before anything is verified;
/// refuses it, giving the places back, while any key must still wait
/// (`TooManyAttempts` with the seconds left).
pub async fn attempt(db: &Db, keys: &[(String, Rule)], now: i64) -> Result<Attempt, AppError> {
    let mut seqs = Vec::with_capacity(keys.len());
    for (key, rule) in keys {
        let (seq, before, last) = store::attempt(db, key, now, now - WINDOW_SECS).await?;
        seqs.push(seq);
        let wait = rule.wait(before);
        if let Some(last) = last
            && wait > 0
            && now - last < wait
        {
            store::forget_attempts(db, &seqs).await?;
            tracing::warn!(target: "security", key = %key, before, wait, "attempt throttled");
            return Err(AppError::TooManyAttempts(wait - (now - last)));
        }
    }
    Ok(Attempt { seqs })
}

impl Attempt {
    /// It succeeded: it counts as no failure, and the failures under `key`
    /// (the account and address pair) are forgotten.
    pub async fn succeeded(self, db: &Db, key: &str) -> Result<(), AppError> {
        store::forget_attempts(db, &self.seqs).await?;
        store::forget_key(db, key).await?;
        Ok(())
    }

    /// It failed: its places stay, as a failure under every key.
    pub fn failed(self) {}

    /// It was done (a registration): its places stay, as one more attempt.
    pub fn done(self) {}
}
