//! The browser entry point: mount the app (in a debug build, report panics
//! to the console first; the release build aborts on a panic without a
//! message, which keeps the wasm small).

use leptos::prelude::*;

fn main() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    mount_to_body(ruqsat_frontend::portal::app::App);
    ruqsat_frontend::ui::shell::remove();
}
