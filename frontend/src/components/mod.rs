//! Components used on many pages.

pub mod footer;
pub mod form;
pub mod header;
