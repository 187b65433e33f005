//! The one text codec for every enum stored as text: its serde name, as
//! the API spells it (`head`, `issuance`, `in-review`), so the database,
//! the wire and the code cannot disagree on a spelling. Statuses that carry
//! data (the step a case is at) are stored as their JSON. Rows read them
//! through the column types [`Text`] and [`Json`], so a store's row struct
//! derives `sqlx::FromRow` and is read with `query_as`.

use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::any::{Any, AnyTypeInfo, AnyValueRef};
use sqlx::error::BoxDynError;
use sqlx::{Decode, Type};

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

/// A column holding an enum as its text (`head`, `issuance`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text<T>(pub T);

/// A column holding a value as its JSON (`{"status":"in-review","step":3}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Json<T>(pub T);

impl<T> Type<Any> for Text<T> {
    fn type_info() -> AnyTypeInfo {
        <String as Type<Any>>::type_info()
    }
}

impl<T> Type<Any> for Json<T> {
    fn type_info() -> AnyTypeInfo {
        <String as Type<Any>>::type_info()
    }
}

impl<'r, T: DeserializeOwned> Decode<'r, Any> for Text<T> {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <String as Decode<'r, Any>>::decode(value)?;
        Ok(Text(from_text(&text)?))
    }
}

impl<'r, T: DeserializeOwned> Decode<'r, Any> for Json<T> {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <String as Decode<'r, Any>>::decode(value)?;
        Ok(Json(serde_json::from_str(&text)?))
    }
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
