//! Standard Practice: the core library.
//!
//! Storage, domain and rules for staff, training, service standards and
//! evaluations, and the scoring that every screen and document shares. Nothing
//! here knows about Tauri: the desktop shell in `src-tauri/` and the CLI in
//! `src/main.rs` are both thin layers over these modules.

pub mod access;
pub mod accounts;
pub mod attachments;
pub mod audit;
pub mod backup;
pub mod check_ins;
pub mod colleague_feedback;
pub mod courses;
pub mod dashboard;
pub mod demo;
pub mod documents;
pub mod due;
pub mod error;
pub mod evaluations;
pub mod evidence;
pub mod export;
pub mod ids;
pub mod import;
pub mod job_swaps;
pub mod keys;
pub mod licences;
pub mod locale;
pub mod offsite;
pub mod output;
pub mod pages;
pub mod patient_feedback;
pub mod practice;
pub mod printers;
pub mod projects;
pub mod recognition;
pub mod release;
pub mod roles;
mod schema;
pub mod scoring;
pub mod service_checks;
pub mod staff;
pub mod standards;
pub mod storage;
pub mod suggestions;
pub mod swot;
pub mod templates;
pub mod text;
pub mod todo;
pub mod training;

pub use error::{Error, ErrorCode, ErrorPayload, Result};
pub use storage::Db;
