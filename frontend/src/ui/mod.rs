//! The kit every app uses: header, footer and language switch, form
//! components, formatting, and the hand-over to another of the apps.

pub mod answers;
pub mod application;
pub mod footer;
pub mod form;
pub mod format;
pub mod frame;
pub mod header;
pub mod load;
mod other_app;
pub mod pages;
pub mod shell;

pub use other_app::OtherApp;
