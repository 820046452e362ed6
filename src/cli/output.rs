//! What the user sees on the terminal: compiler-like diagnostics, colour
//! only on a terminal, and the progress of a build.

use std::io::IsTerminal;
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::commands::build::Progress;
use crate::diagnostics::{Diagnostic, Severity, count};

/// Where human output goes: standard output (a report the user may keep,
/// `koers check > check.txt`) or standard error (messages beside a
/// command's real work). Colour only on a terminal and never with
/// `NO_COLOR`.
pub struct Output {
    to_stdout: bool,
    colour: bool,
}

impl Output {
    pub fn stdout() -> Self {
        Self {
            to_stdout: true,
            colour: colour_for(std::io::stdout().is_terminal()),
        }
    }

    pub fn stderr() -> Self {
        Self {
            to_stdout: false,
            colour: colour_for(std::io::stderr().is_terminal()),
        }
    }

    pub fn line(&mut self, text: &str) {
        if self.to_stdout {
            println!("{text}");
        } else {
            eprintln!("{text}");
        }
    }

    /// Diagnostics like a compiler's.
    pub fn diagnostics(&mut self, diags: &[Diagnostic]) {
        for d in diags {
            let text = d.to_string();
            if !self.colour {
                self.line(&text);
                continue;
            }
            let code = match d.severity {
                Severity::Error => "31",
                Severity::Warning => "33",
                Severity::Note => "36",
            };
            let (head, rest) = text.split_once('\n').unwrap_or((&text, ""));
            self.line(&format!("\x1b[1;{code}m{head}\x1b[0m"));
            if !rest.is_empty() {
                self.line(&format!("\x1b[2m{rest}\x1b[0m"));
            }
        }
    }
}

fn colour_for(terminal: bool) -> bool {
    terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Prints diagnostics on standard error with a summary line: the problems
/// that stopped a command.
pub fn print_human(diags: &[Diagnostic]) {
    let mut out = Output::stderr();
    out.diagnostics(diags);
    out.line(&summary_line(diags));
}

/// `2 error(s), 5 warning(s), 1 note(s)`.
pub fn summary_line(diags: &[Diagnostic]) -> String {
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
