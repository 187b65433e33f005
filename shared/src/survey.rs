//! The quality and accessibility survey of seed 000 appendix 4 (lines
//! 757-773) and seed 002 appendix 3 (640-675): two questions, three answers
//! each, offered once an application's result is delivered, once per
//! application, optional. The answers are kept apart from the application
//! and its applicant (the service, the provider and the month only), so
//! staff see counts, never who answered what.

use serde::{Deserialize, Serialize};

use crate::i18n::Msg;

/// One answer, as the seed's form words it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Satisfaction {
    /// 1) not satisfied (қанағаттанбадым).
    NotSatisfied,
    /// 2) partly satisfied (ішінара қанағаттандым).
    Partly,
    /// 3) satisfied (қанағаттандым).
    Satisfied,
}

impl Satisfaction {
    /// The three answers, in the form's order.
    pub const ALL: [Satisfaction; 3] = [
        Satisfaction::NotSatisfied,
        Satisfaction::Partly,
        Satisfaction::Satisfied,
    ];

    /// The answer in words.
    pub const fn label(self) -> Msg {
        match self {
            Satisfaction::NotSatisfied => Msg::SurveyNotSatisfied,
            Satisfaction::Partly => Msg::SurveyPartly,
            Satisfaction::Satisfied => Msg::SurveySatisfied,
        }
    }

    /// Its index in [`Satisfaction::ALL`].
    pub const fn index(self) -> usize {
        match self {
            Satisfaction::NotSatisfied => 0,
            Satisfaction::Partly => 1,
            Satisfaction::Satisfied => 2,
        }
    }
}

/// The two questions' answers (each must be given).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SurveyAnswers {
    /// 1. The quality of the process and of the result.
    #[serde(default)]
    pub process: Option<Satisfaction>,
    /// 2. The quality of the information on how the service is given.
    #[serde(default)]
    pub information: Option<Satisfaction>,
}

impl SurveyAnswers {
    /// Both answers, or the field errors of those not given.
    ///
    /// ```
    /// use shared::survey::{Satisfaction, SurveyAnswers};
    /// let half = SurveyAnswers { process: Some(Satisfaction::Partly), information: None };
    /// let errors = half.complete().expect_err("one is missing");
    /// assert_eq!(errors[0].path, "survey.information");
    /// ```
    pub fn complete(&self) -> Result<(Satisfaction, Satisfaction), Vec<crate::form::FieldError>> {
        match (self.process, self.information) {
            (Some(p), Some(i)) => Ok((p, i)),
            (p, i) => Err([("survey.process", p), ("survey.information", i)]
                .into_iter()
                .filter(|(_, a)| a.is_none())
                .map(|(path, _)| crate::form::FieldError::new(path, Msg::SurveyChoose))
                .collect()),
        }
    }
}

/// Where an application's survey stands, for its applicant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum SurveyState {
    /// The result is not delivered yet.
    NotYet,
    /// Offered: the result is delivered and the survey not answered.
    Open,
    /// Answered (it is offered once).
    Answered,
}

/// Asking for the survey's results: a period of whole months, `YYYY-MM`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SurveyQuery {
    /// The first month (inclusive); none: from the start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The last month (inclusive); none: to now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

impl SurveyQuery {
    /// The period as months `(from, to)`, when both read as `YYYY-MM`.
    ///
    /// ```
    /// use shared::survey::SurveyQuery;
    /// let q = SurveyQuery { from: Some("2026-01".into()), to: None };
    /// assert_eq!(q.months(), Some((Some("2026-01".to_owned()), None)));
    /// assert_eq!(SurveyQuery { from: Some("2026-13".into()), to: None }.months(), None);
    /// ```
    pub fn months(&self) -> Option<(Option<String>, Option<String>)> {
        let read = |m: &Option<String>| -> Option<Option<String>> {
            match m.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
                None => Some(None),
                Some(m) => is_month(m).then(|| Some(m.to_owned())),
            }
        };
        Some((read(&self.from)?, read(&self.to)?))
    }
}

/// Whether a text is a month `YYYY-MM`.
pub fn is_month(m: &str) -> bool {
    let b = m.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || c.is_ascii_digit())
        && matches!(m.get(5..7).and_then(|x| x.parse::<u32>().ok()), Some(1..=12))
}

/// The answers of one service over a period: how many chose each answer to
/// each question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SurveyRow {
    /// The service's code.
    pub service: String,
    /// How many answered.
    pub answered: u32,
    /// Question 1, counts in the order of [`Satisfaction::ALL`].
    pub process: [u32; 3],
    /// Question 2, likewise.
    pub information: [u32; 3],
}
