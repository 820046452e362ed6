//! Errors that are a sentence: each layer says what went wrong in words a
//! user can act on, under a type of its own, so a function's signature says
//! which kind of failure it returns (never a bare `String` across a module
//! boundary) and callers turn it into a diagnostic or a check.

/// Defines `$name`, an error holding one sentence: `Display` is the
/// sentence, and text converts into it (so `?` works on the readers' and
/// parsers' own messages).
macro_rules! sentence_error {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name(pub String);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::error::Error for $name {}

        impl From<String> for $name {
            fn from(sentence: String) -> Self {
                $name(sentence)
            }
        }

        impl From<&str> for $name {
            fn from(sentence: &str) -> Self {
                $name(sentence.to_string())
            }
        }

        impl From<$name> for String {
            fn from(error: $name) -> String {
                error.0
            }
        }
    };
}

pub(crate) use sentence_error;

sentence_error!(
    /// A reader that panicked on a hostile file, caught and said in words.
    Panicked
);
