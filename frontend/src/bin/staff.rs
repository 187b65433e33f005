//! The staff app's entry point: the provider's back office at `/staff/`.

use leptos::prelude::*;

fn main() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    mount_to_body(ruqsat_frontend::staff::StaffApp);
    ruqsat_frontend::ui::shell::remove();
}
