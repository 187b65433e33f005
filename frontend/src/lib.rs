//! Ruqsat's single-page app: pages by audience, small components, and every
//! rule taken from the shared domain crate.

pub mod api;
pub mod eds;
pub mod i18n;
pub mod portal;
pub mod public;
pub mod session;
pub mod staff;
pub mod ui;
