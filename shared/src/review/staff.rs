//! The staff's own accounts: signing in, who they are, passwords, absences,
//! and the administrator's view of the members.

use super::inbox::InboxQuery;
use crate::form::FieldError;
use crate::i18n::Msg;
use crate::workflow::Role;
use serde::{Deserialize, Serialize};

/// A staff member's sign-in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StaffLogin {
    /// The staff login, such as `transport.clerk`.
    pub login: String,
    /// The password.
    pub password: String,
}

/// The signed-in staff member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StaffMe {
    /// Their id.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Their IIN (their certificate must name it).
    pub iin: String,
    /// Their role.
    pub role: Role,
    /// The provider's code in the catalogue.
    pub provider: String,
    /// Whether they are marked absent.
    pub absent: bool,
    /// Whether the provider's head is marked absent (the deputy then signs).
    pub head_absent: bool,
    /// The inbox filters they chose last, kept on the server so that they
    /// follow the member from device to device.
    #[serde(default)]
    pub inbox: InboxQuery,
    /// Must choose a new password before anything else (a first password,
    /// or one an administrator reset).
    #[serde(default)]
    pub must_change_password: bool,
    /// Waits for a second administrator's confirmation before acting on
    /// anything (see `StaffAccount::unconfirmed_by`).
    #[serde(default)]
    pub awaiting_confirmation: bool,
}

/// `POST /api/staff/me/password`: a member chooses a new password.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChangePassword {
    /// The password now.
    pub current: String,
    /// The new one.
    pub new: String,
}

impl ChangePassword {
    /// Field errors (`password.new`), the same in the browser and on the
    /// server; whether `current` is right is the server's to say.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.new.chars().count() < crate::api::MIN_PASSWORD {
            errors.push(FieldError::new("password.new", Msg::AccountPasswordShort));
        } else if self.new == self.current {
            errors.push(FieldError::new("password.new", Msg::StaffPasswordSame));
        }
        errors
    }
}

/// `POST /api/staff/admin/members/{id}/password`: an administrator sets a
/// member's password, which the member must change at their next sign-in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ResetPassword {
    /// The temporary password.
    pub password: String,
}

/// `POST /api/staff/admin/members/{id}/disabled`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Disabled {
    /// Disabled (cannot sign in) or enabled again.
    pub disabled: bool,
}

/// A colleague, for routing a resolution to a person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StaffMember {
    /// Their id.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Their role.
    pub role: Role,
    /// Whether they are marked absent.
    pub absent: bool,
}

/// Marking oneself (a head) absent or back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Absence {
    /// Away or back.
    pub absent: bool,
}

/// A new staff member, as the provider's administrator enters them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NewStaff {
    /// Sign-in name: lower-case letters, digits, dots and hyphens.
    pub login: String,
    /// Full name.
    pub name: String,
    /// IIN (their certificate must name it).
    pub iin: String,
    /// Role.
    pub role: Role,
    /// First password.
    pub password: String,
}

impl NewStaff {
    /// Field errors, the same in the browser and on the server.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let login = self.login.trim();
        if login.len() < 3
            || login.len() > 40
            || !login
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        {
            errors.push(FieldError::new("staff.login", Msg::AdminLoginInvalid));
        }
        if self.name.trim().chars().count() < 3 {
            errors.push(FieldError::new("staff.name", Msg::FieldRequired));
        }
        if let Err(e) = self.iin.trim().parse::<crate::ids::Iin>() {
            errors.push(FieldError::new("staff.iin", e.message(crate::ids::IdKind::Iin)));
        }
        if matches!(self.role, Role::Applicant | Role::Operator | Role::System) {
            errors.push(FieldError::new("staff.role", Msg::AdminRoleInvalid));
        }
        if self.password.chars().count() < crate::api::MIN_PASSWORD {
            errors.push(FieldError::new("staff.password", Msg::AccountPasswordShort));
        }
        errors
    }
}

/// A staff member as the administrator sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct StaffAccount {
    /// Id.
    pub id: String,
    /// Sign-in name.
    pub login: String,
    /// Full name.
    pub name: String,
    /// IIN.
    pub iin: String,
    /// Role.
    pub role: Role,
    /// Marked absent.
    pub absent: bool,
    /// Disabled: cannot sign in.
    #[serde(default)]
    pub disabled: bool,
    /// The administrator who set their credentials (added them, reset
    /// their password) while no second administrator has confirmed them:
    /// until then they act on nothing.
    #[serde(default)]
    pub unconfirmed_by: Option<String>,
}
