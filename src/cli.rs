//! The command line: arguments, dispatch, and how results are shown.
//!
//! Exit codes follow ripgrep's convention: 0 all good, 1 the data has errors
//! (or a check failed), 2 the tool itself could not do its work.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use crate::build::{self, BuildConfig, Outcome};
use crate::diagnostics::{Diagnostic, Severity};
use crate::framework::Lang;
use crate::sign::SubFilter;
use crate::signoff::{ApproveOutcome, ApproveRequest};

#[derive(Debug, Parser)]
#[command(
    name = "koers",
    version,
    about = "Signed-off annual progress reports (PDF) from a strategic plan and its yearly progress data",
    long_about = "Koers turns a strategic plan (inputs/framework.toml) and the progress data of its \
annual operational plans (inputs/<year>/actions*.csv, indicators*.csv) into annual progress \
reports in PDF, one per year, language and scope (the whole organisation or one unit).\n\n\
Workflow: koers check, koers build (DRAFT), koers approve by each approver, koers build --final\n(FINAL, optionally signed), koers verify.\n\nExit codes: 0 success, 1 the input data has errors or a check failed, 2 the tool failed."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the inputs and list every problem, without rendering.
    Check {
        /// Folder holding framework.toml and one folder per year.
        #[arg(long, value_name = "DIR", default_value = "inputs")]
        inputs: PathBuf,
        /// How to print the diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Check the inputs and render every report into the output folder.
    ///
    /// Writes output/<year>/<lang>/<plan-id>-<year>-<scope>-<lang>.pdf for
    /// every year folder, every language of the plan and every scope, where
    /// scope is `org` (the whole organisation) or a unit id. Nothing is
    /// rendered when the inputs have errors.
    Build(BuildArgs),
    /// Approve a year's reports for the data as it is now (or revoke).
    ///
    /// Records NAME's approval in inputs/<year>/signoff.toml together with
    /// the fingerprint of the year's input files and template. The year's
    /// reports are FINAL once every approver of the framework has approved
    /// the current fingerprint; any later change to an input makes the
    /// approvals stale.
    Approve {
        /// Folder holding framework.toml and one folder per year.
        #[arg(long, value_name = "DIR", default_value = "inputs")]
        inputs: PathBuf,
        /// The year whose reports are approved.
        #[arg(long, value_name = "YEAR")]
        year: i32,
        /// The approver, exactly as named in framework.toml's [[approvers]].
        #[arg(long, value_name = "NAME")]
        name: String,
        /// Date of the approval (YYYY-MM-DD); default: today.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        date: Option<chrono::NaiveDate>,
        /// The template folder the reports are built with, if not the
        /// built-in one (it is part of the fingerprint).
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Withdraw NAME's approval instead.
        #[arg(long)]
        revoke: bool,
    },
    /// Check reports as an auditor: manifest, signatures, attached sources,
    /// approvals, and optionally a rebuild.
    ///
    /// For each PDF (folders are searched), prints one line per check and a
    /// verdict. Exit code 0 when every check passes, 1 otherwise.
    Verify {
        /// PDF files or output folders.
        #[arg(value_name = "PATH", required = true)]
        paths: Vec<PathBuf>,
        /// The certificate (PEM) every signature must have been made with;
        /// unsigned reports then fail.
        #[arg(long, value_name = "CERT.pem")]
        trust: Option<PathBuf>,
        /// Render each report again from its attached sources and compare
        /// the bytes.
        #[arg(long)]
        rebuild: bool,
    },
    /// Work with report templates.
    Templates {
        #[command(subcommand)]
        command: TemplatesCommand,
    },
}

/// The options of `koers build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Folder holding framework.toml and one folder per year.
    #[arg(long, value_name = "DIR", default_value = "inputs")]
    pub inputs: PathBuf,
    /// Folder the reports are written to.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub output: PathBuf,
    /// Template folder to use instead of the built-in template
    /// (start from `koers templates export DIR`).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Render only this year (repeat for several); default: every year
    /// with data.
    #[arg(long = "year", value_name = "YEAR")]
    pub years: Vec<i32>,
    /// Refuse to render (exit 1) unless every selected year is FINAL:
    /// approved by every approver for the current inputs.
    #[arg(long = "final")]
    pub final_only: bool,
    /// Replace FINAL reports in the output folder even when their bytes
    /// would change.
    #[arg(long)]
    pub force: bool,
    /// Sign every FINAL report (PAdES) with this PKCS#8 private key
    /// (ECDSA P-256 or RSA, PEM).
    #[arg(long, value_name = "KEY.pem", requires = "sign_cert")]
    pub sign_key: Option<PathBuf>,
    /// The signer's X.509 certificate (PEM; may be followed by its chain).
    #[arg(long, value_name = "CERT.pem", requires = "sign_key")]
    pub sign_cert: Option<PathBuf>,
    /// The signature's kind: ETSI.CAdES.detached (PAdES B-B) or
    /// adbe.pkcs7.detached.
    #[arg(long, value_name = "SUBFILTER", default_value = "ETSI.CAdES.detached", value_parser = parse_sub_filter)]
    pub subfilter: SubFilter,
    /// Render in these languages (nl, fr, de, en; comma-separated)
    /// instead of the plan's own.
    #[arg(long = "lang", value_name = "LANGS", value_delimiter = ',', value_parser = parse_lang)]
    pub languages: Option<Vec<Lang>>,
}

impl From<BuildArgs> for BuildConfig {
    fn from(args: BuildArgs) -> Self {
        BuildConfig {
            inputs: args.inputs,
            output: args.output,
            templates: args.templates,
            years: args.years,
            languages: args.languages,
            final_only: args.final_only,
            force: args.force,
            sign: args
                .sign_key
                .zip(args.sign_cert)
                .map(|(key, cert)| crate::build::SignConfig {
                    key,
                    cert,
                    sub_filter: args.subfilter,
                }),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Write the built-in template files into DIR, as a start for your own
    /// (then use `koers build --templates DIR`).
    Export {
        /// Folder to write the template files into (created if missing).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Overwrite template files that already exist in DIR.
        #[arg(long)]
        force: bool,
    },
}

fn parse_sub_filter(text: &str) -> Result<SubFilter, String> {
    match text {
        "ETSI.CAdES.detached" => Ok(SubFilter::CadesDetached),
        "adbe.pkcs7.detached" => Ok(SubFilter::Pkcs7Detached),
        _ => Err(format!(
            "`{text}` is not ETSI.CAdES.detached or adbe.pkcs7.detached"
        )),
    }
}

fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date like 2024-02-15"))
}

fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::from_code(text)
        .ok_or_else(|| format!("`{text}` is not a report language (nl, fr, de, en)"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Build(args) => run_build(&args.into()),
        Command::Templates {
            command: TemplatesCommand::Export { dir, force },
        } => export_templates(&dir, force),
        Command::Check { inputs, format } => run_check(&inputs, format),
        Command::Verify {
            paths,
            trust,
            rebuild,
        } => run_verify(&paths, &crate::verify::VerifyConfig { trust, rebuild }),
        Command::Approve {
            inputs,
            year,
            name,
            date,
            templates,
            revoke,
        } => run_approve(&ApproveRequest {
            inputs,
            templates,
            year,
            name,
            date: date.unwrap_or_else(|| chrono::Local::now().date_naive()),
            revoke,
        }),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run_build(config: &BuildConfig) -> Result<ExitCode> {
    let bar = ProgressBar::hidden();
    let on_start = |total: usize| {
        if std::io::stderr().is_terminal() {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            bar.set_length(total as u64);
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} rendering [{bar:30}] {pos}/{len} {wide_msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
        }
    };
    let on_report = |path: &std::path::Path| {
        bar.set_message(path.display().to_string());
        bar.inc(1);
    };
    let outcome = build::build(config, &on_start, &on_report)?;
    bar.finish_and_clear();
    match outcome {
        Outcome::Invalid(diags) => {
            print_human(&diags);
            eprintln!("nothing was rendered: fix the errors above and run `koers build` again");
            Ok(ExitCode::from(1))
        }
        Outcome::NotFinal(reasons) => {
            for reason in &reasons {
                eprintln!("{reason}");
            }
            eprintln!("nothing was rendered: --final needs every selected year approved");
            Ok(ExitCode::from(1))
        }
        Outcome::Built {
            written,
            diagnostics,
        } => {
            let warnings = crate::diagnostics::count(&diagnostics, Severity::Warning);
            if warnings > 0 {
                eprintln!(
                    "{warnings} warning(s) in the inputs; run `koers check --inputs {}` to list them",
                    config.inputs.display()
                );
            }
            eprintln!(
                "wrote {} report(s) to {}",
                written.len(),
                config.output.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn export_templates(dir: &std::path::Path, force: bool) -> Result<ExitCode> {
    use anyhow::Context;
    let existing: Vec<&str> = crate::render::BUILTIN
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| dir.join(name).exists())
        .collect();
    if !force && !existing.is_empty() {
        anyhow::bail!(
            "{} already holds {}; pass --force to overwrite",
            dir.display(),
            existing.join(", ")
        );
    }
    for (name, bytes) in crate::render::BUILTIN {
        let path = dir.join(name);
        build::write_atomically(&path, bytes).with_context(|| format!("cannot export {name}"))?;
        eprintln!("wrote {}", path.display());
    }
    eprintln!(
        "render with them: koers build --templates {}",
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn run_approve(request: &ApproveRequest) -> Result<ExitCode> {
    match crate::signoff::approve(request)? {
        ApproveOutcome::Refused(diags) => {
            print_human(&diags);
            eprintln!("nothing was approved");
            Ok(ExitCode::from(1))
        }
        ApproveOutcome::Done { message } => {
            eprintln!("{message}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn run_verify(paths: &[PathBuf], config: &crate::verify::VerifyConfig) -> Result<ExitCode> {
    let pdfs = crate::verify::pdfs(paths)?;
    if pdfs.is_empty() {
        anyhow::bail!(
            "no PDF found in {}",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let mut failed = 0;
    for pdf in &pdfs {
        let checks = crate::verify::verify_pdf(pdf, config);
        let ok = checks.iter().all(|c| c.passed != Some(false));
        println!("{}", pdf.display());
        for check in &checks {
            println!("{}", check.line());
        }
        println!("  => {}", if ok { "VERIFIED" } else { "FAILED" });
        failed += usize::from(!ok);
    }
    for dir in paths.iter().filter(|p| p.is_dir()) {
        for missing in crate::verify::missing_outputs(dir) {
            println!("{}: FAIL listed in the manifest but missing", missing);
            failed += 1;
        }
    }
    println!(
        "{} of {} report(s) verified",
        pdfs.len() - failed.min(pdfs.len()),
        pdfs.len()
    );
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn run_check(inputs: &std::path::Path, format: Format) -> Result<ExitCode> {
    let (_, diags) = build::load_and_validate(inputs)?;
    match format {
        Format::Human => print_human(&diags),
        Format::Json => {
            use crate::diagnostics::count;
            let report = serde_json::json!({
                "errors": count(&diags, Severity::Error),
                "warnings": count(&diags, Severity::Warning),
                "notes": count(&diags, Severity::Note),
                "diagnostics": diags,
            });
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
    }
    Ok(if crate::diagnostics::has_errors(&diags) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Prints diagnostics like a compiler, with a summary line; colour only on a
/// terminal.
fn print_human(diags: &[Diagnostic]) {
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
    use crate::diagnostics::count;
    format!(
        "{} error(s), {} warning(s), {} note(s)",
        count(diags, Severity::Error),
        count(diags, Severity::Warning),
        count(diags, Severity::Note)
    )
}
