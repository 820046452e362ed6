//! What the user sees on the terminal: compiler-like diagnostics, colour
//! only on a terminal, and the progress of a build.

use std::io::IsTerminal;
use std::path::Path;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::commands::build::Progress;
use crate::core::ReportState;
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

/// The progress of a build: a labelled bar with elapsed time and ETA on a
/// terminal, one plain line per finished report otherwise (a log or CI
/// keeps no control characters), nothing with `--quiet`.
pub struct BuildProgress {
    bar: ProgressBar,
    mode: Mode,
    done: AtomicUsize,
    total: AtomicUsize,
    started: Instant,
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Bar,
    Lines,
    Quiet,
}

impl BuildProgress {
    pub fn new(quiet: bool) -> Self {
        let mode = if quiet {
            Mode::Quiet
        } else if std::io::stderr().is_terminal() {
            Mode::Bar
        } else {
            Mode::Lines
        };
        let bar = if mode == Mode::Bar {
            // Labelled and ticking from the first draw: reading a large
            // plan takes a moment before rendering starts.
            let bar = ProgressBar::new_spinner();
            bar.set_draw_target(ProgressDrawTarget::hidden());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.set_message("reading and checking the inputs");
            bar
        } else {
            ProgressBar::hidden()
        };
        Self {
            bar,
            mode,
            done: AtomicUsize::new(0),
            total: AtomicUsize::new(0),
            started: Instant::now(),
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for BuildProgress {
    fn loading(&self) {
        // Ticking starts only now: a PIN or password prompt before this
        // must not be drawn over.
        if self.mode == Mode::Bar {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.bar.enable_steady_tick(Duration::from_millis(120));
        }
    }

    fn start(&self, total: usize, unchanged: usize) {
        self.total.store(total, Ordering::Relaxed);
        match self.mode {
            Mode::Bar => {
                self.bar.set_length(total as u64);
                self.bar.set_position(0);
                self.bar.set_style(
                    ProgressStyle::with_template(
                        "{spinner} rendering {pos}/{len} [{bar:24}] {elapsed} elapsed, ETA {eta}  {wide_msg}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
                );
                self.bar.set_message(if unchanged > 0 {
                    format!("({unchanged} unchanged)")
                } else {
                    String::new()
                });
            }
            Mode::Lines if total > 0 => {
                eprintln!("rendering {total} report(s), {unchanged} unchanged")
            }
            Mode::Lines => {}
            Mode::Quiet => {}
        }
    }

    fn rendering(&self, path: &Path) {
        if self.mode == Mode::Bar {
            let name = path.file_name().unwrap_or(path.as_os_str());
            self.bar.set_message(name.to_string_lossy().into_owned());
        }
    }

    fn rendered(&self, path: &Path, state: ReportState) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        match self.mode {
            Mode::Bar => self.bar.inc(1),
            Mode::Lines => eprintln!(
                "rendered {done}/{} ({:.1} s): {} {}",
                self.total.load(Ordering::Relaxed),
                self.started.elapsed().as_secs_f64(),
                state_word(state),
                path.display()
            ),
            Mode::Quiet => {}
        }
    }
}

/// `DRAFT` or `FINAL`, as the reports' watermark and the summary say it.
pub fn state_word(state: ReportState) -> &'static str {
    if state.is_final() { "FINAL" } else { "DRAFT" }
}
