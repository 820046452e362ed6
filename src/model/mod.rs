//! The plan's data, typed: the strategic plan (framework), the progress of
//! actions and indicators, and the sign-off. One definition for each format
//! that is both read and written; the readers (`intake`) and every layer
//! above use these types. Nothing here reads a file or judges the data.

pub mod framework;
pub mod progress;
pub mod signoff;
