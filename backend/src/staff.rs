//! Provider staff: their accounts and roles, their own sign-in (a separate
//! cookie and session table, so applicant and staff permissions never mix),
//! the head's absence, and staff certificates from the same authority as the
//! applicants'.

mod admin;
mod routes;
mod store;

pub use admin::router as admin_router;
pub use admin::{ActingAdmin, AdminStaff, confirm_by_operator, create_admin};
pub use routes::{ActingStaff, CurrentStaff, router};
pub use store::{Staff, count, head_absent, member, members, role_str, seed_demo};
