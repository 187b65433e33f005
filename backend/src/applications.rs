//! Applications from the owner's side: start a draft (pre-filled from the
//! state register), save it with a version check, list, read and delete.
//! Every query is scoped to the owner: another applicant's application is
//! answered 404, as if it did not exist.

mod routes;
pub(crate) mod store;

pub use routes::router;
pub(crate) use routes::{Priced, context, new_id, save, server_side, service_of, view};
pub(crate) use store::encode;
pub use store::{Stored, get as owned, get_any, insert, set_status};
