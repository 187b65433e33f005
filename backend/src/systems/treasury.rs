//! The treasury's statement, behind a trait: "E-licensing checks the fact of
//! payment" (seed 000:111, 002:187). A payment order handed in is looked up
//! by its payer, number and date, and its amount, bank and tax authority
//! must agree with the line credited. The real treasury cannot be reached
//! from here; the [`SandboxTreasury`] answers from demo lines
//! (`data/treasury.toml`) with the same contract.

use std::collections::BTreeMap;

use serde::Deserialize;
use shared::date::Date;
use shared::money::Tenge;

/// A payment credited to the budget, as the statement lists it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Line {
    /// The statement's reference.
    pub reference: String,
    /// The payer's IIN or BIN.
    pub payer: String,
    /// The payment order's number.
    pub document_number: String,
    /// The payment order's date.
    pub document_date: Date,
    /// The amount credited, in tenge.
    #[serde(deserialize_with = "tenge")]
    pub amount: Tenge,
    /// The paying bank's BIC.
    pub bank: String,
    /// The tax authority credited (its id in the shared list).
    pub tax_authority: String,
    /// The day credited.
    pub credited: Date,
}

fn tenge<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Tenge, D::Error> {
    let s = String::deserialize(d)?;
    s.parse().map_err(|e| serde::de::Error::custom(format!("{s}: {e:?}")))
}

/// A payment order as it is looked up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Order<'a> {
    /// The applicant's IIN or BIN.
    pub payer: &'a str,
    /// Its number.
    pub document_number: &'a str,
    /// Its date.
    pub document_date: Date,
    /// The amount it says.
    pub amount: Tenge,
    /// The paying bank's BIC.
    pub bank: &'a str,
    /// The tax authority's id.
    pub tax_authority: &'a str,
}

/// Why the statement does not confirm an order.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Unconfirmed {
    /// No line for this payer, number and date.
    #[error("not in the statement")]
    NotFound,
    /// A line, with another amount credited.
    #[error("credited {0:?} under {1}")]
    AmountDiffers(Tenge, String),
    /// A line, paid from another bank.
    #[error("paid from {0} under {1}")]
    BankDiffers(String, String),
    /// A line, credited to another tax authority.
    #[error("credited to {0} under {1}")]
    AuthorityDiffers(String, String),
}

/// The treasury's statement.
pub trait Treasury: Send + Sync + std::fmt::Debug {
    /// The lines of a payer's order by its number and date.
    fn lines(&self, payer: &str, document_number: &str, document_date: Date) -> Vec<Line>;

    /// The line that confirms an order, or why none does.
    fn confirm(&self, order: &Order<'_>) -> Result<Line, Unconfirmed> {
        let lines = self.lines(order.payer.trim(), order.document_number.trim(), order.document_date);
        let mut miss = Unconfirmed::NotFound;
        for l in lines {
            if l.amount != order.amount {
                miss = Unconfirmed::AmountDiffers(l.amount, l.reference);
            } else if l.bank != order.bank.trim() {
                miss = Unconfirmed::BankDiffers(l.bank, l.reference);
            } else if l.tax_authority != order.tax_authority.trim() {
                miss = Unconfirmed::AuthorityDiffers(l.tax_authority, l.reference);
            } else {
                return Ok(l);
            }
        }
        Err(miss)
    }
}

#[derive(Deserialize)]
struct Statement {
    lines: Vec<Line>,
}

/// The sandbox treasury with its demo statement.
#[derive(Debug, Clone)]
pub struct SandboxTreasury {
    lines: BTreeMap<(String, String), Vec<Line>>,
}

impl SandboxTreasury {
    /// The demo statement shipped with the server.
    pub fn demo() -> SandboxTreasury {
        let statement: Statement = toml::from_str(include_str!("../../data/treasury.toml"))
            .expect("data/treasury.toml is checked by the test `the_demo_statement_is_valid`");
        let mut lines: BTreeMap<(String, String), Vec<Line>> = BTreeMap::new();
        for l in statement.lines {
            lines
                .entry((l.payer.clone(), l.document_number.clone()))
                .or_default()
                .push(l);
        }
        SandboxTreasury { lines }
    }
}

impl Treasury for SandboxTreasury {
    fn lines(&self, payer: &str, document_number: &str, document_date: Date) -> Vec<Line> {
        self.lines
            .get(&(payer.to_owned(), document_number.to_owned()))
            .into_iter()
            .flatten()
            .filter(|l| l.document_date == document_date)
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_statement_is_valid() {
        let t = SandboxTreasury::demo();
        for l in t.lines.values().flatten() {
            let payer_ok = l.payer.parse::<shared::ids::Iin>().is_ok() || l.payer.parse::<shared::ids::Bin>().is_ok();
            assert!(payer_ok, "{}", l.reference);
            assert!(shared::banks::bank(&l.bank).is_some(), "{}", l.reference);
            assert!(
                shared::banks::tax_authority(&l.tax_authority).is_some(),
                "{}",
                l.reference
            );
            assert!(l.document_date <= l.credited, "{}", l.reference);
        }
    }

    #[test]
    fn the_statement_answers_each_miss() {
        let t = SandboxTreasury::demo();
        let day = |s: &str| s.parse::<Date>().expect("a date");
        let order = Order {
            payer: "990340001230",
            document_number: "118",
            document_date: day("2026-11-20"),
            amount: Tenge::from_tenge(43_250),
            bank: "HSBKKZKX",
            tax_authority: "almaty-almaly",
        };
        assert_eq!(t.confirm(&order).map(|l| l.reference), Ok("TR-2026-0000118".to_owned()));
        let miss = |o: Order<'_>| t.confirm(&o).map(|l| l.reference);
        assert_eq!(
            miss(Order {
                payer: "860101300017",
                ..order.clone()
            }),
            Err(Unconfirmed::NotFound)
        );
        assert_eq!(
            miss(Order {
                document_date: day("2026-11-21"),
                ..order.clone()
            }),
            Err(Unconfirmed::NotFound)
        );
        assert_eq!(
            miss(Order {
                bank: "CASPKZKA",
                ..order.clone()
            }),
            Err(Unconfirmed::BankDiffers("HSBKKZKX".into(), "TR-2026-0000118".into()))
        );
        assert_eq!(
            miss(Order {
                tax_authority: "almaty-medeu",
                ..order.clone()
            }),
            Err(Unconfirmed::AuthorityDiffers(
                "almaty-almaly".into(),
                "TR-2026-0000118".into()
            ))
        );
        assert_eq!(
            miss(Order {
                document_number: "119",
                ..order
            }),
            Err(Unconfirmed::AmountDiffers(
                Tenge::from_tenge(4_325),
                "TR-2026-0000119".into()
            ))
        );
    }
}
