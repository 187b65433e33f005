//! Reusable pieces of the pages.

pub mod footer;
pub mod header;
