//! The one text codec for every enum stored as text: its serde name, as
//! the API spells it (`head`, `issuance`, `in-review`), so the database,
//! the wire and the code cannot disagree on a spelling.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The text an enum is stored as.
pub fn text<T: Serialize>(value: &T) -> Result<String, sqlx::Error> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        Ok(other) => Err(sqlx::Error::Encode(
            format!("stored as text, but serialises as {other}").into(),
        )),
        Err(e) => Err(sqlx::Error::Encode(Box::new(e))),
    }
}

/// The enum stored as `text`.
pub fn from_text<T: DeserializeOwned>(text: &str) -> Result<T, sqlx::Error> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

#[cfg(test)]
mod tests {
    use super::{from_text, text};
    use shared::catalog::RequestType;
    use shared::workflow::Role;

    #[test]
    fn every_role_and_request_type_goes_there_and_back() {
        for role in [
            Role::Applicant,
            Role::Clerk,
            Role::Head,
            Role::DeputyHead,
            Role::DepartmentHead,
            Role::Executor,
            Role::ExternalBody,
            Role::Admin,
            Role::Operator,
            Role::System,
        ] {
            let t = text(&role).expect("text");
            assert!(!t.contains('"'), "{t}");
            assert_eq!(from_text::<Role>(&t).expect("a role"), role);
        }
        assert_eq!(text(&Role::DepartmentHead).expect("text"), "department-head");
        for r in RequestType::ALL {
            assert_eq!(from_text::<RequestType>(&text(&r).expect("text")).expect("back"), r);
        }
        assert!(from_text::<Role>("nobody").is_err());
    }
}
