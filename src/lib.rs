//! Standard Practice: the core library.
//!
//! Storage, domain and rules for staff, training and service standards. Nothing
//! here knows about Tauri: the desktop shell in `src-tauri/` and the CLI in
//! `src/main.rs` are both thin layers over these modules.

pub mod courses;
pub mod demo;
pub mod due;
pub mod error;
pub mod ids;
pub mod pages;
pub mod practice;
pub mod roles;
pub mod staff;
pub mod standards;
pub mod storage;
pub mod text;
pub mod training;

pub use error::{Error, ErrorCode, ErrorPayload, Result};
pub use storage::Db;
