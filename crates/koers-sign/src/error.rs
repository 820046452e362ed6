//! The one error type of the crate's public API. Inside, modules say what
//! went wrong as text; at the boundary the text is placed in the kind of
//! failure it is, so a caller can tell "this signature (or certificate,
//! CRL, PDF) does not hold" from "this could not be done".

use std::fmt;
use std::path::PathBuf;

/// What went wrong.
#[derive(Debug)]
pub enum Error {
    /// What was given does not hold: a signature, certificate, key, CRL,
    /// OCSP response or PDF that is unreadable, invalid or does not verify.
    Invalid(String),
    /// A file could not be read: what it is (`the key`), where, and why.
    Io {
        what: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    /// An operation could not be done: signing, timestamping (the authority
    /// unreachable or refusing), or writing an update.
    Failed(String),
}

/// The crate's result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(why) | Error::Failed(why) => f.write_str(why),
            Error::Io { what, path, source } => {
                write!(f, "cannot read {what} {}: {source}", path.display())
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Text from inside the crate is, unless said otherwise, about what was
/// given.
impl From<String> for Error {
    fn from(why: String) -> Self {
        Error::Invalid(why)
    }
}

impl From<&str> for Error {
    fn from(why: &str) -> Self {
        Error::Invalid(why.to_string())
    }
}

impl Error {
    /// `why`, as a failure to do something.
    pub(crate) fn failed(context: &str) -> impl Fn(String) -> Error + '_ {
        move |why| Error::Failed(format!("{context}: {why}"))
    }

    /// A read of `what` (`the key`) at `path` that failed.
    pub(crate) fn io<'a>(
        what: &'static str,
        path: &'a std::path::Path,
    ) -> impl Fn(std::io::Error) -> Error + 'a {
        move |source| Error::Io {
            what,
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Inside the crate, an error from a public function is text again.
impl From<Error> for String {
    fn from(error: Error) -> String {
        error.to_string()
    }
}
