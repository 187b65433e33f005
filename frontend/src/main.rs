//! The browser entry point: report panics to the console, mount the app.

use leptos::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    mount_to_body(ruqsat_frontend::app::App);
}
