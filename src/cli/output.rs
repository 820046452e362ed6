//! What the user sees on the terminal: compiler-like diagnostics, colour
//! only on a terminal, and the progress of a build.

use std::io::IsTerminal;
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::commands::build::Progress;
use crate::diagnostics::{Diagnostic, Severity, count};

/// Prints diagnostics like a compiler, with a summary line; colour only on a
/// terminal.
pub fn print_human(diags: &[Diagnostic]) {
    let colour = std::io::stderr().is_terminal();
    for d in diags {
        let text = d.to_string();
        if colour {
            let code = match d.severity {
                Severity::Error => "31",
                Severity::Warning => "33",
                Severity::Note => "36",
            };
            let (head, rest) = text.split_once('\n').unwrap_or((&text, ""));
            eprintln!("\x1b[1;{code}m{head}\x1b[0m");
            if !rest.is_empty() {
                eprintln!("\x1b[2m{rest}\x1b[0m");
            }
        } else {
            eprintln!("{text}");
        }
    }
    eprintln!("{}", summary_line(diags));
}

/// `2 error(s), 5 warning(s), 1 note(s)`.
fn summary_line(diags: &[Diagnostic]) -> String {
    format!(
        "{} error(s), {} warning(s), {} note(s)",
        count(diags, Severity::Error),
        count(diags, Severity::Warning),
        count(diags, Severity::Note)
    )
}

/// A progress bar on a terminal, nothing otherwise.
pub struct BuildProgress {
    bar: ProgressBar,
}

impl BuildProgress {
    pub fn new() -> Self {
        Self {
            bar: ProgressBar::hidden(),
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for BuildProgress {
    fn start(&self, total: usize) {
        if std::io::stderr().is_terminal() {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.bar.set_length(total as u64);
            self.bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} rendering [{bar:30}] {pos}/{len} {wide_msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
        }
    }

    fn rendered(&self, path: &Path) {
        self.bar.set_message(path.display().to_string());
        self.bar.inc(1);
    }
}
