//! Ruqsat's single-page app: pages by audience, small components, and every
//! rule taken from the shared domain crate.

pub mod api;
pub mod app;
pub mod components;
pub mod eds;
pub mod i18n;
pub mod pages;
pub mod public;
pub mod session;
pub mod staff;
