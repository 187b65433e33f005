//! Issuing a certificate from the sandbox authority to a holder who has
//! just given their password again — an applicant's account or a staff
//! member alike: the national authority's deployment issues none, the
//! password is counted against guessing, the browser's public key is read,
//! and the authority signs the subject.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use shared::form::FieldError;
use shared::i18n::Msg;

use super::{EdsError, Subject};
use crate::{AppError, AppState};

/// How long a certificate is valid.
pub const VALIDITY_SECS: i64 = 365 * 86_400;

/// Who asks, as their password is checked: the throttle's name for them
/// (`account:…`, `staff:…`), the password given again and their stored hash.
pub struct Asking {
    /// The name the attempts are counted under.
    pub who: String,
    /// The password given again.
    pub password: String,
    /// The stored hash it must match.
    pub hash: String,
}

/// A certificate just issued.
pub struct Certified {
    /// Its serial, hex.
    pub serial: String,
    /// The certificate, base64 DER.
    pub der: String,
    /// Valid from (Unix seconds).
    pub not_before: i64,
    /// Valid until.
    pub not_after: i64,
}

/// Issues a certificate for the public key (base64 SubjectPublicKeyInfo)
/// to `subject`, once the asker's password is confirmed.
pub async fn certify(
    state: &AppState,
    asking: Asking,
    public_key: &str,
    subject: &Subject,
) -> Result<Certified, AppError> {
    if !state.ca.issues() {
        return Err(AppError::Conflict(Msg::CertNationalAuthority));
    }
    let now = state.clock.now().unix();
    let asked = crate::auth::Asked::Certificate;
    crate::auth::confirm_password(&state.db, &asking.who, asking.password, asking.hash, asked, now).await?;
    let bad_key = || AppError::Invalid(vec![FieldError::new("certificate.public_key", Msg::EdsBadKey)]);
    let public_key = B64.decode(public_key.trim()).map_err(|_| bad_key())?;
    let not_after = now + VALIDITY_SECS;
    match state.ca.issue(subject, &public_key, now, not_after) {
        Ok((der, serial)) => Ok(Certified {
            serial,
            der: B64.encode(der),
            not_before: now,
            not_after,
        }),
        Err(EdsError::BadKey) => Err(bad_key()),
        Err(e) => Err(AppError::Internal(e.to_string())),
    }
}
