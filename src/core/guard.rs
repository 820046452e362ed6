//! Third-party parsers that may panic on hostile bytes (calamine's `.xls`
//! reader does on some truncated records) are run behind a guard: a panic
//! becomes an error naming the file, and no panic message reaches the user.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Installs a panic hook that stays silent inside [`guarded`] and prints
/// as usual elsewhere. Called once, by the command line.
pub fn install_quiet_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !QUIET.with(Cell::get) {
            default(info);
        }
    }));
}

/// Runs `f`; a panic inside it is returned as an error in words.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, super::error::Panicked> {
    let was = QUIET.with(|q| q.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    result.map_err(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "an internal error".to_string());
        super::error::Panicked(format!("the reader failed on this file ({what})"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error() {
        assert_eq!(guarded(|| 7), Ok(7));
        let err = guarded(|| -> u8 { std::panic::panic_any("boom") });
        assert_eq!(
            err,
            Err(crate::core::error::Panicked(
                "the reader failed on this file (boom)".to_string()
            ))
        );
    }
}
