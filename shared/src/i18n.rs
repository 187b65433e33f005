//! Languages and translated messages.
//!
//! The messages live in `data/i18n.toml`; the build generates [`Msg`] from it,
//! one variant per key, so every key the code names exists in all three
//! languages. Errors elsewhere in the crate carry a [`Msg`], never a sentence:
//! the user interface translates.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

/// A language of the interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Kazakh, the state language.
    #[default]
    Kk,
    /// Russian.
    Ru,
    /// English.
    En,
}

impl Lang {
    /// All languages, in the order of the switch: КАЗ, РУС, ENG.
    pub const ALL: [Lang; 3] = [Lang::Kk, Lang::Ru, Lang::En];

    /// The BCP 47 code, for `<html lang>` and storage.
    pub const fn code(self) -> &'static str {
        match self {
            Lang::Kk => "kk",
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// The label on the language switch.
    pub const fn switch_label(self) -> &'static str {
        match self {
            Lang::Kk => "ҚАЗ",
            Lang::Ru => "РУС",
            Lang::En => "ENG",
        }
    }

    /// The language's own name, for screen readers.
    pub const fn native_name(self) -> &'static str {
        match self {
            Lang::Kk => "Қазақша",
            Lang::Ru => "Русский",
            Lang::En => "English",
        }
    }

    /// Parses a code such as `ru` or `ru-RU`; `None` for other languages.
    ///
    /// ```
    /// use shared::i18n::Lang;
    /// assert_eq!(Lang::from_code("ru-RU"), Some(Lang::Ru));
    /// assert_eq!(Lang::from_code("de"), None);
    /// ```
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next().unwrap_or_default();
        match primary.to_ascii_lowercase().as_str() {
            "kk" => Some(Lang::Kk),
            "ru" => Some(Lang::Ru),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

impl Serialize for Msg {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

impl<'de> Deserialize<'de> for Msg {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let key = String::deserialize(d)?;
        Msg::from_key(&key).ok_or_else(|| serde::de::Error::custom(format!("unknown message key {key}")))
    }
}

/// A text given in the three languages, as the catalogue data holds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Text {
    /// Kazakh.
    pub kk: String,
    /// Russian.
    pub ru: String,
    /// English.
    pub en: String,
}

impl Text {
    /// The text in one language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Kk => &self.kk,
            Lang::Ru => &self.ru,
            Lang::En => &self.en,
        }
    }

    /// Whether every language has a non-blank text.
    pub fn is_complete(&self) -> bool {
        Lang::ALL.iter().all(|l| !self.get(*l).trim().is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_round_trips_through_its_key() {
        for m in Msg::ALL {
            assert_eq!(Msg::from_key(m.key()), Some(m));
            let json = serde_json::to_string(&m).expect("serialises");
            assert_eq!(serde_json::from_str::<Msg>(&json).expect("parses"), m);
        }
    }

    #[test]
    fn every_message_differs_between_russian_and_kazakh_or_is_a_name() {
        // A Kazakh text copied from Russian is a missed translation. Proper
        // names and numbers are the same in every language and are allowed.
        let same: Vec<_> = Msg::ALL
            .iter()
            .filter(|m| m.text(Lang::Kk) == m.text(Lang::Ru) && m.text(Lang::Kk) != m.text(Lang::En))
            .map(|m| m.key())
            .collect();
        assert!(same.is_empty(), "untranslated Kazakh texts: {same:?}");
    }

    #[test]
    fn a_text_is_the_data_file_s_text_for_that_language() {
        let texts = Lang::ALL.map(|l| Msg::StaffFilterStep.text(l));
        assert_eq!(texts, ["Кезең", "Этап", "Step"]);
        assert_eq!(Msg::StaffFilterStep.key(), "staff.filter_step");
    }

    #[test]
    fn unknown_keys_are_refused() {
        assert!(serde_json::from_str::<Msg>("\"no.such.key\"").is_err());
        assert_eq!(Lang::from_code(""), None);
    }
}
