//! The notary register (the single notary information system), behind a
//! trait: a representative's notarised power of attorney is checked there
//! before the counter takes an application for the principal (seed
//! 001:167-173), and before a result is handed to the representative
//! (001:145). The real register cannot be reached from here; the
//! [`SandboxNotary`] answers from demo records (`data/notary.toml`) with the
//! same contract.

use std::collections::BTreeMap;

use serde::Deserialize;
use shared::date::Date;

/// A power of attorney as the register keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Power {
    /// Its number in the register.
    pub number: String,
    /// Who gave it: the principal's IIN or BIN.
    pub principal: String,
    /// To whom: the representative's IIN.
    pub representative: String,
    /// The notary.
    pub notary: String,
    /// The day certified.
    pub date: Date,
    /// The last day it is valid.
    pub valid_until: Date,
    /// Whether it covers receiving the result.
    pub receive: bool,
    /// The day it was revoked, if it was.
    #[serde(default)]
    pub revoked: Option<Date>,
}

/// What a power of attorney is checked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Applying for the principal.
    Apply,
    /// Receiving the principal's result.
    Receive,
}

/// Why the register does not confirm a power.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PowerRefused {
    /// No power with this number ("data cannot be obtained", 001:173).
    #[error("not in the register")]
    NotFound,
    /// Revoked.
    #[error("revoked")]
    Revoked,
    /// Past its validity.
    #[error("expired")]
    Expired,
    /// Given by another principal or to another representative.
    #[error("another principal or representative")]
    Mismatch,
    /// It does not cover what is asked.
    #[error("out of scope")]
    OutOfScope,
}

/// The notary register.
pub trait NotaryRegister: Send + Sync + std::fmt::Debug {
    /// The power with this register number, if there is one.
    fn power(&self, number: &str) -> Option<Power>;

    /// Whether the register confirms that `representative` may act for
    /// `principal` by power `number` on `today`, for `purpose`.
    fn confirm(
        &self,
        number: &str,
        principal: &str,
        representative: &str,
        purpose: Purpose,
        today: Date,
    ) -> Result<Power, PowerRefused> {
        let p = self.power(number.trim()).ok_or(PowerRefused::NotFound)?;
        if p.revoked.is_some_and(|d| d <= today) {
            return Err(PowerRefused::Revoked);
        }
        if today > p.valid_until || today < p.date {
            return Err(PowerRefused::Expired);
        }
        if p.principal != principal.trim() || p.representative != representative.trim() {
            return Err(PowerRefused::Mismatch);
        }
        if purpose == Purpose::Receive && !p.receive {
            return Err(PowerRefused::OutOfScope);
        }
        Ok(p)
    }
}

#[derive(Deserialize)]
struct Records {
    powers: Vec<Power>,
}

/// The sandbox register with its demo records.
#[derive(Debug, Clone)]
pub struct SandboxNotary {
    powers: BTreeMap<String, Power>,
}

impl SandboxNotary {
    /// The demo records shipped with the server.
    pub fn demo() -> SandboxNotary {
        let records: Records = toml::from_str(include_str!("../../data/notary.toml"))
            .expect("data/notary.toml is checked by the test `demo_powers_are_valid`");
        SandboxNotary {
            powers: records.powers.into_iter().map(|p| (p.number.clone(), p)).collect(),
        }
    }
}

impl NotaryRegister for SandboxNotary {
    fn power(&self, number: &str) -> Option<Power> {
        self.powers.get(number).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        s.parse().expect("a date")
    }

    #[test]
    fn demo_powers_are_valid() {
        let n = SandboxNotary::demo();
        for p in n.powers.values() {
            assert!(p.principal.parse::<shared::ids::Iin>().is_ok() || p.principal.parse::<shared::ids::Bin>().is_ok());
            assert!(p.representative.parse::<shared::ids::Iin>().is_ok(), "{}", p.number);
            assert!(p.date <= p.valid_until, "{}", p.number);
        }
    }

    #[test]
    fn the_register_answers_each_refusal() {
        let n = SandboxNotary::demo();
        let today = day("2026-12-07");
        let (ie, rep) = ("860101300017", "000101500011");
        let check = |number: &str, purpose| n.confirm(number, ie, rep, purpose, today).map(|p| p.number);
        assert_eq!(
            check("NP-2026-000101", Purpose::Receive),
            Ok("NP-2026-000101".to_owned())
        );
        assert_eq!(check("NP-0000", Purpose::Apply), Err(PowerRefused::NotFound));
        assert_eq!(check("NP-2026-000102", Purpose::Apply), Err(PowerRefused::Revoked));
        assert_eq!(check("NP-2024-000050", Purpose::Apply), Err(PowerRefused::Expired));
        assert_eq!(check("NP-2026-000103", Purpose::Apply).map(|_| ()), Ok(()));
        assert_eq!(check("NP-2026-000103", Purpose::Receive), Err(PowerRefused::OutOfScope));
        assert_eq!(
            n.confirm("NP-2026-000101", "990340001230", rep, Purpose::Apply, today),
            Err(PowerRefused::Mismatch)
        );
    }
}
