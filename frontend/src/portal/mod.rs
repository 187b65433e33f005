//! One routed page per module.

pub mod app;
pub mod auth;
pub mod cabinet;
pub mod catalog;
pub mod not_found;
pub mod service;
pub mod survey;
pub mod wizard;
