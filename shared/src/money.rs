//! Money: tenge as integer tiyn, the monthly calculation index (MRP) by year,
//! and the licence fee rules. Never floats.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::i18n::{Lang, Msg};
use crate::kinds::RequestType;

/// An amount of tenge, held as whole tiyn (1 ₸ = 100 tiyn).
///
/// ```
/// use shared::i18n::Lang;
/// use shared::money::Tenge;
/// let fee = Tenge::from_tiyn(30_094_800);
/// assert_eq!(fee.format(Lang::Ru), "300\u{a0}948,00\u{a0}₸");
/// assert_eq!(fee.format(Lang::En), "300\u{a0}948.00\u{a0}₸");
/// assert_eq!("300 948.00".parse::<Tenge>(), Ok(fee));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Tenge(i64);

impl Tenge {
    /// Zero tenge.
    pub const ZERO: Tenge = Tenge(0);

    /// An amount in tiyn.
    pub const fn from_tiyn(tiyn: i64) -> Tenge {
        Tenge(tiyn)
    }

    /// An amount in whole tenge.
    pub const fn from_tenge(tenge: i64) -> Tenge {
        Tenge(tenge * 100)
    }

    /// The amount in tiyn.
    pub const fn tiyn(self) -> i64 {
        self.0
    }

    /// Formats the Kazakh way: groups of three digits separated by a
    /// no-break space, two decimals after a comma (kk, ru) or a point (en),
    /// and the tenge sign.
    pub fn format(self, lang: Lang) -> String {
        let sep = if lang == Lang::En { '.' } else { ',' };
        format!("{}\u{a0}₸", self.plain(sep))
    }

    /// `300 948.00` with the given decimal separator and no sign.
    fn plain(self, decimal: char) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let whole = (abs / 100).to_string();
        let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                grouped.push('\u{a0}');
            }
            grouped.push(c);
        }
        format!("{sign}{grouped}{decimal}{:02}", abs % 100)
    }
}

impl fmt::Display for Tenge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.plain('.').replace('\u{a0}', ""))
    }
}

/// Why a text is not an amount.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Nothing entered.
    #[error("empty")]
    Empty,
    /// Not a number with at most two decimals.
    #[error("not an amount")]
    Format,
    /// Below zero.
    #[error("negative")]
    Negative,
    /// Beyond any fee.
    #[error("too large")]
    TooLarge,
    /// No MRP is known for the year.
    #[error("no MRP for {0}")]
    NoIndexForYear(i32),
}

impl MoneyError {
    /// The message to show.
    pub const fn message(self) -> Msg {
        match self {
            MoneyError::Empty => Msg::MoneyEmpty,
            MoneyError::Format | MoneyError::Negative => Msg::MoneyFormat,
            MoneyError::TooLarge => Msg::MoneyTooLarge,
            MoneyError::NoIndexForYear(_) => Msg::MoneyNoIndex,
        }
    }
}

impl std::str::FromStr for Tenge {
    type Err = MoneyError;

    /// Reads `300948`, `300 948,00`, `300948.5`; spaces group digits, a comma
    /// or a point starts at most two decimals.
    fn from_str(s: &str) -> Result<Tenge, MoneyError> {
        let s = s.trim().trim_end_matches('₸').trim_end();
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        if s.starts_with('-') {
            return Err(MoneyError::Negative);
        }
        let (whole, frac) = match s.find([',', '.']) {
            Some(i) => (&s[..i], &s[i + 1..]),
            None => (s, ""),
        };
        let whole: String = whole
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            .collect();
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
            return Err(MoneyError::Format);
        }
        if frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(MoneyError::Format);
        }
        if whole.len() > 12 {
            return Err(MoneyError::TooLarge);
        }
        let w: i64 = whole.parse().map_err(|_| MoneyError::Format)?;
        let f: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().map_err(|_| MoneyError::Format)? * 10,
            _ => frac.parse().map_err(|_| MoneyError::Format)?,
        };
        Ok(Tenge(w * 100 + f))
    }
}

#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct MrpData {
    index: BTreeMap<String, i64>,
}

fn mrp_table() -> &'static BTreeMap<i32, Tenge> {
    static TABLE: OnceLock<BTreeMap<i32, Tenge>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let data: MrpData = serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/mrp.json")))
            .expect("data/mrp.toml is checked by the test `mrp_table_is_sourced`");
        data.index
            .into_iter()
            .filter_map(|(y, v)| Some((y.parse().ok()?, Tenge::from_tenge(v))))
            .collect()
    })
}

/// The monthly calculation index (МРП / АЕК) in force in a year.
///
/// ```
/// use shared::money::{mrp_index, Tenge};
/// assert_eq!(mrp_index(2026), Ok(Tenge::from_tenge(4325)));
/// assert!(mrp_index(1990).is_err());
/// ```
pub fn mrp_index(year: i32) -> Result<Tenge, crate::money::MoneyError> {
    mrp_table().get(&year).copied().ok_or(MoneyError::NoIndexForYear(year))
}

/// The indices in the data file (`data/mrp.toml`), by year: the years the
/// law had set when this build was made. Later years are an administrator's
/// setting on the server.
pub fn mrp_published() -> impl Iterator<Item = (i32, Tenge)> {
    mrp_table().iter().map(|(y, t)| (*y, *t))
}

/// An amount in MRP, in hundredths, so that 10 % of 186 MRP (18.6 MRP) is exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct Mrp(u32);

impl Mrp {
    /// A whole number of MRP.
    pub const fn whole(n: u32) -> Mrp {
        Mrp(n * 100)
    }

    /// Hundredths of MRP.
    pub const fn hundredths(self) -> u32 {
        self.0
    }

    /// The amount in tenge at the index of a year, rounded half up to the tiyn.
    ///
    /// ```
    /// use shared::money::{Mrp, Tenge};
    /// assert_eq!(Mrp::whole(186).in_tenge(2012), Ok(Tenge::from_tiyn(30_094_800)));
    /// assert_eq!(Mrp::whole(50).in_tenge(2012), Ok(Tenge::from_tenge(80_900)));
    /// ```
    pub fn in_tenge(self, year: i32) -> Result<Tenge, MoneyError> {
        Ok(self.at_index(mrp_index(year)?))
    }

    /// The amount in tenge at an index, rounded half up to the tiyn.
    pub fn at_index(self, index: Tenge) -> Tenge {
        Tenge::from_tiyn((i64::from(self.0) * index.tiyn() + 50) / 100)
    }
}

impl fmt::Display for Mrp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_multiple_of(100) {
            write!(f, "{}", self.0 / 100)
        } else {
            let s = format!("{}.{:02}", self.0 / 100, self.0 % 100);
            f.write_str(s.trim_end_matches('0'))
        }
    }
}

/// How a service's licence fee is set: the issuance fee in MRP, and
/// re-registration and duplicate as a percentage of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FeeRule {
    /// The issuance fee, whole MRP.
    pub issuance_mrp: u32,
    /// Re-registration, percent of the issuance fee (default 10).
    #[serde(default = "default_reregistration")]
    pub reregistration_percent: u32,
    /// Duplicate, percent of the issuance fee (default 100).
    #[serde(default = "default_duplicate")]
    pub duplicate_percent: u32,
}

const fn default_reregistration() -> u32 {
    10
}

const fn default_duplicate() -> u32 {
    100
}

impl FeeRule {
    /// The fee for a request type, in MRP.
    ///
    /// ```
    /// use shared::catalog::RequestType;
    /// use shared::money::{FeeRule, Mrp};
    /// let rule = FeeRule { issuance_mrp: 186, reregistration_percent: 10, duplicate_percent: 100 };
    /// assert_eq!(rule.fee(RequestType::Reregistration).to_string(), "18.6");
    /// assert_eq!(rule.fee(RequestType::Duplicate), Mrp::whole(186));
    /// ```
    pub fn fee(self, request: RequestType) -> Mrp {
        let percent = match request {
            RequestType::Issuance => 100,
            RequestType::Reregistration => self.reregistration_percent,
            RequestType::Duplicate => self.duplicate_percent,
        };
        Mrp(self.issuance_mrp * percent)
    }

    /// The fee in tenge at the index of the payment year.
    pub fn fee_in_tenge(self, request: RequestType, year: i32) -> Result<Tenge, MoneyError> {
        self.fee(request).in_tenge(year)
    }

    /// The fee in tenge at an index (one the server keeps).
    pub fn fee_at_index(self, request: RequestType, index: Tenge) -> Tenge {
        self.fee(request).at_index(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn mrp_table_is_sourced() {
        let years: Vec<_> = mrp_table().keys().copied().collect();
        assert_eq!(years, [2012, 2025, 2026]);
        assert_eq!(mrp_index(2012), Ok(Tenge::from_tenge(1618)));
        assert_eq!(mrp_index(2025), Ok(Tenge::from_tenge(3932)));
        assert_eq!(mrp_index(2024), Err(MoneyError::NoIndexForYear(2024)));
    }

    #[test]
    fn the_seed_screens_add_up() {
        assert_eq!(
            Mrp::whole(186).in_tenge(2012).map(|t| t.format(Lang::Kk)),
            Ok("300\u{a0}948,00\u{a0}₸".into())
        );
        assert_eq!(
            Mrp::whole(50).in_tenge(2012).map(|t| t.to_string()),
            Ok("80900.00".into())
        );
        let rule = FeeRule {
            issuance_mrp: 186,
            reregistration_percent: 10,
            duplicate_percent: 100,
        };
        assert_eq!(
            rule.fee_in_tenge(RequestType::Reregistration, 2012),
            Ok(Tenge::from_tiyn(3_009_480))
        );
        assert_eq!(
            rule.fee_in_tenge(RequestType::Issuance, 2026),
            Ok(Tenge::from_tenge(804_450))
        );
    }

    #[test]
    fn amounts_as_people_type_them() {
        assert_eq!("80 900".parse::<Tenge>(), Ok(Tenge::from_tenge(80_900)));
        assert_eq!("80900,5".parse::<Tenge>(), Ok(Tenge::from_tiyn(8_090_050)));
        assert_eq!("80\u{a0}900.00 ₸".parse::<Tenge>(), Ok(Tenge::from_tenge(80_900)));
        assert_eq!("".parse::<Tenge>(), Err(MoneyError::Empty));
        assert_eq!("-5".parse::<Tenge>(), Err(MoneyError::Negative));
        assert_eq!("1.234".parse::<Tenge>(), Err(MoneyError::Format));
        assert_eq!("12a".parse::<Tenge>(), Err(MoneyError::Format));
        assert_eq!("١٢٣".parse::<Tenge>(), Err(MoneyError::Format));
        assert_eq!("9999999999999".parse::<Tenge>(), Err(MoneyError::TooLarge));
        assert_eq!(Tenge::from_tiyn(-150).format(Lang::En), "-1.50\u{a0}₸");
    }

    proptest! {
        #[test]
        fn formatting_round_trips(tiyn in 0i64..100_000_000_000_000) {
            let t = Tenge::from_tiyn(tiyn);
            for lang in Lang::ALL {
                prop_assert_eq!(t.format(lang).parse::<Tenge>(), Ok(t));
            }
        }

        #[test]
        fn parsing_never_panics(s in "\\PC{0,30}") {
            let _ = s.parse::<Tenge>();
        }

        #[test]
        fn fees_are_exact_to_the_tiyn(mrp in 1u32..10_000, percent in 0u32..=100) {
            let rule = FeeRule { issuance_mrp: mrp, reregistration_percent: percent, duplicate_percent: 100 };
            let issuance = rule.fee_in_tenge(RequestType::Issuance, 2026).expect("2026 is known");
            prop_assert_eq!(issuance.tiyn(), i64::from(mrp) * 432_500);
            let rereg = rule.fee_in_tenge(RequestType::Reregistration, 2026).expect("2026 is known");
            prop_assert_eq!(rereg.tiyn(), i64::from(mrp) * 432_500 * i64::from(percent) / 100);
        }
    }
}
