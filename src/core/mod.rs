//! The bottom layer: vocabularies and helpers that every other layer shares
//! and that depend on nothing of Koers.

pub mod error;
pub mod files;
pub mod guard;
pub mod hash;
pub mod lang;
pub mod parallel;
pub mod state;
pub mod text;
pub mod vocab;

pub use hash::sha256_hex;
pub use lang::Lang;
pub use parallel::parallel_map;
pub use state::{RagCode, ReportState, Standing};
pub use vocab::{Direction, Status, normalize};
