//! Dispatch: each command's configuration handed to its command, and each
//! outcome mapped to one exit code.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use super::output::{BuildProgress, Output, print_human, summary_line};
use super::{Cli, Command, Format, TemplatesCommand};
use crate::commands::approve::{ApproveOutcome, ApproveRequest, Secrets, approve};
use crate::commands::build::{BuildConfig, Outcome, build};
use crate::commands::sheets::{self, SheetsConfig, SheetsOutcome};
use crate::commands::status::{self, StatusConfig, StatusOutcome};
use crate::commands::verify::{self, VerifyConfig};
use crate::commands::{check, templates};
use crate::core::{ReportState, Standing};
use crate::diagnostics::{self, Severity};
use crate::intake::limits::Limits;

/// How a run of `koers` ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Success; warnings and notes allowed.
    Success = 0,
    /// The user's data has errors, or a check or verification failed.
    Failed = 1,
    /// The tool itself could not do its work.
    ToolError = 2,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    crate::core::guard::install_quiet_hook();
    // Part of every command's configuration: what its inputs are read within.
    let limits = Limits::raised(cli.max_file_mb, cli.max_rows);
    let result = match cli.command {
        Command::Build(args) => {
            let quiet = args.quiet;
            run_build(&args.config(limits), quiet)
        }
        Command::Templates {
            command: TemplatesCommand::Export { dir, force },
        } => run_export(&dir, force),
        Command::Check {
            inputs,
            format,
            years,
        } => run_check(&inputs, &years, limits, format),
        Command::Init { dir } => run_init(&dir),
        Command::Diff {
            old,
            new,
            year,
            templates,
            format,
        } => run_diff(&old, &new, year, templates.as_deref(), limits, format),
        Command::Sheets(args) => run_sheets(&args.config(limits)),
        Command::Status(args) => run_status(&args.config(limits), args.format),
        Command::Verify(args) => run_verify(&args.paths, &args.config(limits), args.format),
        Command::Approve(args) => run_approve(&args.config(limits)),
    };
    match result {
        Ok(exit) => exit.into(),
        Err(err) => {
            eprintln!("error: {err:#}");
            Exit::ToolError.into()
        }
    }
}

fn run_build(config: &BuildConfig, quiet: bool) -> Result<Exit> {
    let progress = BuildProgress::new(quiet);
    let outcome = build(config, &progress, &TerminalSecrets)?;
    progress.finish();
    match outcome {
        Outcome::Invalid(diags) => {
            print_human(&diags);
            eprintln!("nothing was rendered: fix the errors above and run `koers build` again");
            Ok(Exit::Failed)
        }
        Outcome::NotFinal(reasons) => {
            for reason in &reasons {
                eprintln!("{reason}");
            }
            eprintln!("nothing was rendered: --final needs every selected year approved");
            Ok(Exit::Failed)
        }
        Outcome::Built {
            written,
            unchanged,
            diagnostics,
            skipped_template_files,
            font_warnings,
        } => {
            if quiet {
                return Ok(Exit::Success);
            }
            if !font_warnings.is_empty() {
                Output::stderr().diagnostics(&font_warnings);
            }
            for (path, why) in &skipped_template_files {
                eprintln!(
                    "note: {} is not a template file ({why}): not read, not attached",
                    path.display()
                );
            }
            let warnings = diagnostics::count(&diagnostics, Severity::Warning);
            if warnings > 0 {
                eprintln!(
                    "{warnings} warning(s) in the inputs; run `koers check --inputs {}` to list them",
                    config.inputs.display()
                );
            }
            eprintln!("{}", built_line(&written, unchanged, &config.output));
            Ok(Exit::Success)
        }
    }
}

/// The last line of a build: `wrote 3 DRAFT and 2 FINAL report(s) to
/// output (43 unchanged)`.
fn built_line(written: &[(PathBuf, ReportState)], unchanged: usize, output: &Path) -> String {
    let finals = written.iter().filter(|(_, s)| s.is_final()).count();
    let drafts = written.len() - finals;
    let mut counts = Vec::new();
    if drafts > 0 {
        counts.push(format!("{drafts} DRAFT"));
    }
    if finals > 0 {
        counts.push(format!("{finals} FINAL"));
    }
    if counts.is_empty() {
        return format!(
            "nothing changed: the {unchanged} report(s) in {} are up to date",
            output.display()
        );
    }
    let mut line = format!(
        "wrote {} report(s) to {}",
        counts.join(" and "),
        output.display()
    );
    if unchanged > 0 {
        line.push_str(&format!(" ({unchanged} unchanged)"));
    }
    line
}

fn run_export(dir: &Path, force: bool) -> Result<Exit> {
    for path in templates::export(dir, force)? {
        eprintln!("wrote {}", path.display());
    }
    eprintln!(
        "render with them: koers build --templates {}",
        dir.display()
    );
    Ok(Exit::Success)
}

fn run_init(dir: &Path) -> Result<Exit> {
    for path in crate::commands::init::init(dir)? {
        eprintln!("wrote {}", path.display());
    }
    eprintln!(
        "describe your plan in {}, put each year's progress files in {}/<year>/, then run `koers check --inputs {}`",
        dir.join(crate::intake::FRAMEWORK_FILE).display(),
        dir.display(),
        dir.display()
    );
    Ok(Exit::Success)
}

fn run_diff(
    old: &Path,
    new: &Path,
    year: Option<i32>,
    templates: Option<&Path>,
    limits: Limits,
    format: Format,
) -> Result<Exit> {
    let diff = crate::commands::diff::diff(old, new, year, templates, limits)?;
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&diff).context("cannot write JSON")?
        ),
        Format::Human => {
            for line in diff.lines() {
                println!("{line}");
            }
        }
    }
    Ok(Exit::Success)
}

fn run_status(config: &StatusConfig, format: Format) -> Result<Exit> {
    let round = match status::status(config)? {
        StatusOutcome::Invalid(diags) => {
            print_human(&diags);
            return Ok(Exit::Failed);
        }
        StatusOutcome::Round(round) => round,
    };
    if format == Format::Json {
        println!("{}", serde_json::to_string_pretty(&round)?);
        return Ok(Exit::Success);
    }
    let mut out = Output::stdout();
    let sent = round.units.iter().filter(|u| u.has_sent()).count();
    out.line(&format!(
        "{}: {sent} of {} unit(s) have sent data",
        round.year,
        round.units.len()
    ));
    for unit in &round.units {
        if !unit.has_sent() {
            out.line(&format!(
                "  {}: nothing yet (no file with its rows or its id in the name)",
                unit.unit
            ));
            continue;
        }
        out.line(&format!(
            "  {}: {} action(s) read; KPIs of its objectives: {} of {} with an actual value; {} error(s), {} warning(s)",
            unit.unit, unit.actions, unit.kpis_with_actual, unit.kpis, unit.errors, unit.warnings
        ));
        for file in &unit.files {
            out.line(&format!("    {}", file_line(file)));
        }
    }
    for file in &round.unassigned {
        out.line(&format!("  other file: {}", file_line(file)));
    }
    let current = round
        .approvals
        .iter()
        .filter(|a| a.standing == Standing::Valid)
        .count();
    out.line(&format!(
        "approvals: {current} of {} current; the reports would be {}",
        round.approvals.len(),
        match round.state {
            ReportState::Final => "FINAL",
            ReportState::Draft => "DRAFT",
        }
    ));
    for approval in &round.approvals {
        let standing = match approval.standing {
            Standing::Valid => "approved the current data",
            Standing::Stale => "approved earlier data: an input changed since",
            Standing::Missing => "has not approved",
            Standing::Invalid => "stored approval does not hold (see koers check)",
        };
        out.line(&format!("  {}: {standing}", approval.name));
    }
    out.line(&format!(
        "{} error(s), {} warning(s) about {}: koers check --year {} lists them",
        round.errors, round.warnings, round.year, round.year
    ));
    Ok(Exit::Success)
}

/// `2024/actions-DVZ.xlsx, changed 2026-11-28 14:02 UTC: 13 row(s), 0 refused`
fn file_line(file: &status::ReturnedFile) -> String {
    let changed = file
        .modified
        .as_deref()
        .map(|m| format!(", changed {m}"))
        .unwrap_or_default();
    let rows = match (file.rows, file.refused) {
        (Some(rows), Some(refused)) => format!("{rows} row(s), {refused} not read"),
        _ => "not read (see koers check)".to_string(),
    };
    format!("{}{changed}: {rows}", file.path)
}

fn run_sheets(config: &SheetsConfig) -> Result<Exit> {
    match sheets::sheets(config)? {
        SheetsOutcome::Invalid(diags) => {
            print_human(&diags);
            eprintln!("no sheets were written: fix the errors above and run `koers sheets` again");
            Ok(Exit::Failed)
        }
        SheetsOutcome::Written(written) => {
            for sheet in &written {
                if sheet.unit.is_empty() {
                    eprintln!(
                        "wrote {} ({}, the {} KPI(s) no unit leads, for you to fill in)",
                        sheet.path.display(),
                        sheet.lang,
                        sheet.kpis
                    );
                    continue;
                }
                let rows = match (sheet.rows, sheet.current) {
                    (0, _) => "no rows yet".to_string(),
                    (n, true) => format!("{n} action(s) already sent for {}", config.year),
                    (n, false) => format!(
                        "{n} unfinished action(s) of {} carried over",
                        config.year - 1
                    ),
                };
                eprintln!(
                    "wrote {} ({}, {rows}, {} KPI(s))",
                    sheet.path.display(),
                    sheet.lang,
                    sheet.kpis
                );
            }
            eprintln!(
                "send each unit its workbook; put the returned files in {}/{}/ and run `koers check --inputs {}`",
                config.inputs.display(),
                config.year,
                config.inputs.display()
            );
            Ok(Exit::Success)
        }
    }
}

/// Passwords from the environment (scripts) or asked on the terminal.
struct TerminalSecrets;

impl TerminalSecrets {
    fn ask(variable: &str, what: &str) -> Result<String> {
        if let Ok(secret) = std::env::var(variable) {
            return Ok(secret);
        }
        if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            anyhow::bail!("the {what} is needed: set {variable}, or run on a terminal");
        }
        rpassword::prompt_password(format!("{what}: "))
            .map_err(|e| anyhow::anyhow!("cannot read the {what}: {e}"))
    }
}

impl Secrets for TerminalSecrets {
    fn password(&self, what: &str) -> Result<String> {
        Self::ask("KOERS_PASSWORD", what)
    }

    fn pin(&self, what: &str) -> Result<String> {
        Self::ask("KOERS_PIN", what)
    }

    fn show(&self, text: &str) {
        eprintln!("{text}");
    }
}

fn run_approve(request: &ApproveRequest) -> Result<Exit> {
    match approve(request, &TerminalSecrets)? {
        ApproveOutcome::Refused(diags) => {
            print_human(&diags);
            eprintln!("nothing was approved");
            Ok(Exit::Failed)
        }
        ApproveOutcome::Done { message } => {
            eprintln!("{message}");
            Ok(Exit::Success)
        }
    }
}

fn run_verify(paths: &[PathBuf], config: &VerifyConfig, format: Format) -> Result<Exit> {
    let report = verify::verify_all(paths, config)?;
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&report).context("cannot write JSON")?
        ),
        Format::Human => {
            for verdict in &report.reports {
                println!("{}", verdict.path);
                for check in &verdict.checks {
                    println!("{}", check.line());
                }
                println!(
                    "  => {}",
                    if verdict.verified {
                        "VERIFIED"
                    } else {
                        "FAILED"
                    }
                );
            }
            for missing in &report.missing {
                println!("{missing}: FAIL listed in the manifest but missing");
            }
            for stray in &report.stray_pages {
                println!("{stray}");
            }
            println!("{} of {} report(s) verified", report.verified, report.total);
        }
    }
    Ok(match report.all_verified() {
        true => Exit::Success,
        false => Exit::Failed,
    })
}

fn run_check(inputs: &Path, years: &[i32], limits: Limits, format: Format) -> Result<Exit> {
    let report = check::check(inputs, years, limits)?;
    let diags = &report.diagnostics;
    match format {
        Format::Human => {
            let mut out = Output::stdout();
            out.diagnostics(diags);
            if !report.files.is_empty() {
                out.line("reconciliation, per input file:");
                for file in &report.files {
                    out.line(&format!("  {}", file.line()));
                }
            }
            if !report.translations.is_empty() {
                out.line("texts with no version in a plan language (reports in it show another, marked):");
                for line in report.translations.iter().flat_map(|y| y.lines()) {
                    out.line(&format!("  {line}"));
                }
            }
            out.line(&summary_line(diags));
            if report.other_years > 0 {
                out.line(&format!(
                    "{} warning(s) and note(s) about other years are not listed; run without --year to list them",
                    report.other_years
                ));
            }
        }
        Format::Json => {
            use diagnostics::count;
            let json = serde_json::json!({
                "errors": count(diags, Severity::Error),
                "warnings": count(diags, Severity::Warning),
                "notes": count(diags, Severity::Note),
                "diagnostics": diags,
                "files": report.files,
                "translations": report.translations,
                "other_years": report.other_years,
            });
            println!("{}", serde_json::to_string_pretty(&json)?);
        }
    }
    Ok(if diagnostics::has_errors(diags) {
        Exit::Failed
    } else {
        Exit::Success
    })
}
