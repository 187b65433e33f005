//! Ruqsat's server: the HTTP API over the shared domain, its storage, and the
//! built single-page app.
//!
//! [`app::app`] builds the whole router from an [`AppState`], so tests drive it
//! without a socket; `main.rs` only reads the configuration and serves it.

pub mod app;
pub mod applications;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod cases;
pub mod catalog;
pub mod clock;
pub mod config;
pub mod db;
pub mod desk;
pub mod eds;
pub mod error;
pub mod facts;
#[cfg(feature = "fixtures")]
pub mod fixtures;
pub mod health;
pub mod jobs;
pub mod licences;
pub mod load;
pub mod notifications;
pub mod numbering;
pub mod operations;
pub mod payments;
pub mod reference;
pub mod reports;
pub mod results;
pub mod security;
pub mod shell;
pub mod spa;
pub mod staff;
pub mod state;
pub mod storage;
pub mod submission;
pub mod survey;
pub mod systems;

pub use app::app;
pub use error::AppError;
pub use state::AppState;
