//! The lists a fee's payment is chosen from (seed 000, figures 10.1–10.2):
//! the banks a payment order is paid from, by BIC; the tax authorities a fee
//! is paid to, by region; and the beneficiary's bank, the Treasury. Data
//! files (`data/banks.toml`, `data/tax-authorities.toml`), embedded at
//! compile time; the application keeps a bank's BIC and an authority's id.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::i18n::{Lang, Text};

/// A bank, by its BIC.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Bank {
    /// Its BIC (eight characters, or eleven with a branch).
    pub bic: String,
    /// Its name.
    pub name: Text,
}

impl Bank {
    /// "Name — BIC" in a language, as a chooser and a page show it.
    pub fn label(&self, lang: Lang) -> String {
        format!("{} — {}", self.name.get(lang), self.bic)
    }
}

/// A tax authority a fee is paid to.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct TaxAuthority {
    /// This list's key, kept in the application.
    pub id: String,
    /// The region it serves.
    pub region: Text,
    /// Its name.
    pub name: Text,
}

impl TaxAuthority {
    /// "Name (region)" in a language, as a chooser shows it.
    pub fn label(&self, lang: Lang) -> String {
        format!("{} ({})", self.name.get(lang), self.region.get(lang))
    }
}

#[derive(Deserialize)]
struct BankFile {
    treasury: Bank,
    banks: Vec<Bank>,
}

#[derive(Deserialize)]
struct AuthorityFile {
    authorities: Vec<TaxAuthority>,
}

fn bank_file() -> &'static BankFile {
    static FILE: OnceLock<BankFile> = OnceLock::new();
    FILE.get_or_init(|| {
        serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/banks.json")))
            .expect("data/banks.toml is checked by the test `the_lists_are_whole`")
    })
}

/// The banks a payment order may be paid from, in the data's order.
pub fn banks() -> &'static [Bank] {
    &bank_file().banks
}

/// The bank with a BIC.
pub fn bank(bic: &str) -> Option<&'static Bank> {
    banks().iter().find(|b| b.bic == bic.trim())
}

/// The beneficiary's bank of every fee: the Treasury (seed 000:699).
pub fn treasury() -> &'static Bank {
    &bank_file().treasury
}

/// The tax authorities, by region as the data lists them.
pub fn tax_authorities() -> &'static [TaxAuthority] {
    static FILE: OnceLock<AuthorityFile> = OnceLock::new();
    &FILE
        .get_or_init(|| {
            serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/tax-authorities.json")))
                .expect("data/tax-authorities.toml is checked by the test `the_lists_are_whole`")
        })
        .authorities
}

/// The tax authority with an id.
pub fn tax_authority(id: &str) -> Option<&'static TaxAuthority> {
    tax_authorities().iter().find(|a| a.id == id.trim())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// Every entry has its three languages, BICs have the SWIFT shape, and
    /// no key is listed twice.
    #[test]
    fn the_lists_are_whole() {
        let bic_shape = |b: &str| {
            (b.len() == 8 || b.len() == 11)
                && b.bytes().take(6).all(|c| c.is_ascii_uppercase())
                && b.bytes().skip(6).all(|c| c.is_ascii_alphanumeric())
                && &b[4..6] == "KZ"
        };
        assert!(banks().len() >= 10);
        let mut seen = BTreeSet::new();
        for b in banks().iter().chain([treasury()]) {
            assert!(bic_shape(&b.bic), "{}", b.bic);
            assert!(b.name.is_complete(), "{}", b.bic);
            assert!(seen.insert(b.bic.clone()), "{} twice", b.bic);
        }
        assert!(bank(&treasury().bic).is_none(), "the treasury pays no order");
        let mut ids = BTreeSet::new();
        for a in tax_authorities() {
            assert!(a.name.is_complete() && a.region.is_complete(), "{}", a.id);
            assert!(ids.insert(a.id.clone()), "{} twice", a.id);
        }
        // The seed's own example of a beneficiary (000:698).
        assert_eq!(
            tax_authority("aktobe-city").map(|a| a.name.get(Lang::Ru)),
            Some("Управление государственных доходов по городу Актобе")
        );
        assert_eq!(treasury().name.get(Lang::Ru), "ГУ Комитет Казначейства МФ РК");
    }
}
