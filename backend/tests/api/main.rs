//! The backend's integration tests in one binary, a module per capability
//! (one link of the whole backend instead of one per file). Only
//! `bounded_work` keeps a binary of its own: it counts the process's
//! password hashes.

#[path = "../common/mod.rs"]
mod common;

mod api_contract;
mod applications;
mod attachments;
mod auth;
mod back_office;
mod desk;
mod jobs;
mod load;
mod payment_and_signing;
mod reports;
mod skeleton;
mod survey;
mod yearly_data;
