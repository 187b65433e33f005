//! The applicant's account app: sign-in, registration, the cabinet and the
//! wizard, served from `/account/` for those paths.

use leptos::prelude::*;

fn main() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    mount_to_body(ruqsat_frontend::portal::app::AccountApp);
    ruqsat_frontend::ui::shell::remove();
}
