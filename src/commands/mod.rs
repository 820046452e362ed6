//! The commands, each a list of named steps over the layers below: `check`,
//! `build`, `approve`, `verify`, `diff`, `sheets`, `status`, `templates` and `init`. They return outcomes as
//! values; the `cli` decides how to show them and which exit code they mean.

pub mod approve;
pub mod build;
pub mod check;
pub mod diff;
pub mod init;
pub mod keys;
pub mod sheets;
pub mod status;
pub mod templates;
pub mod verify;
