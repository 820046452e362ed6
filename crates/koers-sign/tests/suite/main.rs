//! The integration tests of koers-sign, as one binary: signing small PDFs
//! built with lopdf, tampering with them, and loading keys.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
mod keys;
mod signing;
mod tampering;
