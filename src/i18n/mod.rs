//! The report in its reader's language: numbers, money and dates as each
//! language writes them ([`format`]), and every fixed word and finding
//! sentence from the Fluent catalogs ([`catalog`]), which an organisation
//! can override from its template folder.

pub mod catalog;
mod findings;
pub mod format;

pub use catalog::Catalog;
pub use findings::{finding, finding_kind};
pub use format::{date, money, money_short, number, percent, round, short_date};
