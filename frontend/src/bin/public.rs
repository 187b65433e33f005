//! The public app's entry point: the licence register at `/registry` and the
//! verification page at `/verify`.

use leptos::prelude::*;

fn main() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    mount_to_body(ruqsat_frontend::public::PublicApp);
    ruqsat_frontend::ui::shell::remove();
}
