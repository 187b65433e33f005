//! One routed page per module.

pub mod catalog;
pub mod not_found;
pub mod service;
