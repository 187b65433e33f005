//! JSON Schemas of the types that serialize themselves as strings, for the
//! server's OpenAPI description (the `schema` feature; never in the
//! browser's build).

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

macro_rules! string_schema {
    ($ty:ty, $name:literal, $schema:tt) => {
        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!($schema)
            }
        }
    };
}

string_schema!(crate::date::Date, "Date", {"type": "string", "format": "date"});
string_schema!(crate::calendar::Limit, "Limit", {"type": "string", "description": "a deadline: `N working days`, `N hours`, …"});
string_schema!(crate::i18n::Msg, "Msg", {"type": "string", "description": "a message key of data/i18n.toml"});
string_schema!(crate::ids::Iin, "Iin", {"type": "string", "pattern": "^[0-9]{12}$"});
string_schema!(crate::ids::Bin, "Bin", {"type": "string", "pattern": "^[0-9]{12}$"});
string_schema!(crate::ids::Iban, "Iban", {"type": "string", "pattern": "^KZ[0-9]{2}[0-9A-Z]{16}$"});
string_schema!(crate::ids::Rnn, "Rnn", {"type": "string", "pattern": "^[0-9]{12}$"});
string_schema!(crate::ids::PostalIndex, "PostalIndex", {"type": "string", "pattern": "^[0-9]{6}$"});
string_schema!(crate::ids::Phone, "Phone", {"type": "string"});
