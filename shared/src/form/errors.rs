//! An error addressed to a field, and its message in a language.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::labels::field_label;
use crate::catalog::Service;
use crate::i18n::{Lang, Msg};
use crate::money::Tenge;

/// An error addressed to a field: `step.field[row]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FieldError {
    /// Where, such as `applicant.iin`, `bank-accounts.iban[1]` or
    /// `base.tech_passport.area[0]`.
    pub path: String,
    /// What to tell the applicant.
    pub message: Msg,
    /// Values for the message's placeholders (`{min}`, `{max}`, `{fee}`, `{other}`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, String>,
}

impl FieldError {
    /// An error at a path.
    pub fn new(path: impl Into<String>, message: Msg) -> FieldError {
        FieldError {
            path: path.into(),
            message,
            args: BTreeMap::new(),
        }
    }

    /// The error with a value for one of its message's placeholders.
    pub fn arg(mut self, key: &str, value: impl ToString) -> FieldError {
        self.args.insert(key.to_owned(), value.to_string());
        self
    }

    /// The message in a language with its values filled in as they are, for
    /// forms outside the catalogue (no `{label}` to look up).
    pub fn plain(&self, lang: Lang) -> String {
        self.args
            .iter()
            .fold(self.message.text(lang).to_owned(), |text, (k, v)| {
                text.replace(&format!("{{{k}}}"), v)
            })
    }

    /// The message in a language: `{label}` is the field's label and
    /// `{other}` the label of the field it is compared with.
    pub fn render(&self, lang: Lang, service: &Service) -> String {
        let label = field_label(service, &self.path, lang).unwrap_or_default();
        let mut text = self.message.text(lang).replace("{label}", &label);
        for (k, v) in &self.args {
            let v = match k.as_str() {
                "other" => field_label(service, v, lang).unwrap_or_else(|| v.clone()),
                "fee" => v.parse::<Tenge>().map(|t| t.format(lang)).unwrap_or_else(|_| v.clone()),
                _ => v.clone(),
            };
            text = text.replace(&format!("{{{k}}}"), &v);
        }
        text
    }

    /// The step this error belongs to.
    pub fn step(&self) -> &str {
        self.path.split('.').next().unwrap_or_default()
    }
}
