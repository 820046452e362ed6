//! The command line: arguments parsed by clap and turned into checked
//! configurations, dispatch to the commands, exit codes and output.
//!
//! Exit codes follow ripgrep's convention: 0 all good, 1 the data has errors
//! (or a check failed), 2 the tool itself could not do its work.

mod output;
mod run;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::commands::approve::ApproveRequest;
use crate::commands::build::{BuildConfig, SignConfig};
use crate::commands::keys::KeySource;
use crate::commands::sheets::SheetsConfig;
use crate::commands::status::StatusConfig;
use crate::commands::verify::VerifyConfig;
use crate::core::Lang;
use koers_sign::SubFilter;
pub use run::{Exit, run};

#[derive(Debug, Parser)]
#[command(
    name = "koers",
    version,
    about = "Signed-off annual progress reports (PDF) from a strategic plan and its yearly progress data",
    long_about = "Koers turns a strategic plan (inputs/framework.toml) and the progress data of its \
annual operational plans (inputs/<year>/actions*, indicators*: CSV, .xlsx, .xls, .ods) into \
annual progress reports in PDF, one per year, language and scope (the whole organisation or \
one unit).\n\n\
Workflow: koers sheets (workbooks for the units), koers check, koers build (DRAFT), koers \
approve by each approver (signed with their eID, .p12 or key), koers build --final (FINAL, \
optionally sealed), koers verify; koers diff shows what changed.\n\nExit codes: 0 success, 1 the input data has errors or a check failed, 2 the tool failed."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Read input files up to this size (default 64).
    #[arg(long, global = true, value_name = "MB")]
    pub max_file_mb: Option<u64>,
    /// Read up to this many rows per input file or sheet (default 100000).
    #[arg(long, global = true, value_name = "ROWS")]
    pub max_rows: Option<usize>,
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
        /// List warnings, notes, totals and missing translations of this
        /// year only (repeat for several). Every year is still read and
        /// checked, errors of every year are listed, and the number of
        /// remarks about other years is said.
        #[arg(long = "year", value_name = "YEAR")]
        years: Vec<i32>,
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
    /// With signed approvals (the default), the approver signs a statement
    /// (plan, year, the fingerprint of the year's inputs and template, their
    /// name and role, the signing time) with their own key; it is stored as
    /// inputs/<year>/approvals/<name>.json with its signature <name>.p7s.
    /// The certificate must be the one pinned for the approver in
    /// framework.toml. The password is asked on the terminal, or read from
    /// KOERS_PASSWORD. The signing time is the clock's, never typed.
    ///
    /// Where framework.toml sets approvals = "recorded" under [signoff],
    /// `--name` alone records the approval in inputs/<year>/signoff.toml.
    ///
    /// The year's reports are FINAL once every approver has approved the
    /// current fingerprint; any later change to an input makes the
    /// approvals stale.
    Approve(ApproveArgs),
    /// Check reports as an auditor: manifest, signatures, attached sources,
    /// approvals, and optionally a rebuild.
    ///
    /// For each PDF (folders are searched), prints one line per check and a
    /// verdict. Exit code 0 when every check passes, 1 otherwise.
    Verify(VerifyArgs),
    /// Start a new plan: a commented framework.toml to fill in and an empty
    /// folder for its first year.
    ///
    /// Then describe the plan in DIR/framework.toml, put each year's
    /// progress files in DIR/<year>/ and run `koers check --inputs DIR`.
    Init {
        /// The new inputs folder (created if missing).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Show what changed in a year's data between two states.
    ///
    /// OLD and NEW are each an inputs folder or a report PDF (a report
    /// carries the data it was built from): for instance the FINAL report an
    /// approver signed against the inputs as they are now. Lists the files
    /// that changed, the actions and KPIs added and removed, and field by
    /// field what changed (old → new).
    Diff {
        /// The earlier state: an inputs folder or a report PDF.
        #[arg(value_name = "OLD")]
        old: PathBuf,
        /// The later state: an inputs folder or a report PDF.
        #[arg(value_name = "NEW")]
        new: PathBuf,
        /// The year to compare [default: the report's year, else the latest
        /// year both have].
        #[arg(long, value_name = "YEAR")]
        year: Option<i32>,
        /// The template folder an inputs folder's reports are built with, if
        /// not the built-in one.
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// How to print the result.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Write one workbook per unit to collect a year's progress data.
    ///
    /// Writes <output>/actions-<UNIT>.xlsx for every unit of the plan, in
    /// the unit's language (its `language` in framework.toml): an
    /// instructions sheet, the actions sheet with dropdown lists for status
    /// and objective and percent-formatted progress, and the unit's
    /// objectives. Last year's unfinished actions are already in it, with
    /// status and progress left for the unit to update; if the unit already
    /// sent data for YEAR, that data is in it instead. Put the returned
    /// workbooks in inputs/<YEAR>/ and run `koers check`.
    Sheets(SheetsArgs),
    /// Where a year's round stands: per unit, the files it sent and when they
    /// last changed, its actions read and rows refused, its KPIs with an
    /// actual value; then the year's approvals.
    ///
    /// Run it while the units' workbooks come back (after `koers sheets`):
    /// a unit with no file yet is listed as such. Exit code 0 whatever the
    /// round's state; 1 when the inputs cannot be read.
    Status(StatusArgs),
    /// Work with report templates.
    Templates {
        #[command(subcommand)]
        command: TemplatesCommand,
    },
}

/// Where an approver's key is: one of a PKCS#12 file, a PEM key with its
/// certificate, or a PKCS#11 token.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("cert_with").args(["key", "pkcs11"]).multiple(true)))]
pub struct ApproverKey {
    /// The approver's key and certificate as a PKCS#12 file (.p12, .pfx);
    /// its password is asked, or read from KOERS_PASSWORD.
    #[arg(long, value_name = "FILE.p12", conflicts_with_all = ["key", "pkcs11"])]
    p12: Option<PathBuf>,
    /// The approver's private key, PKCS#8 PEM (encrypted or not).
    #[arg(
        long,
        value_name = "KEY.pem",
        requires = "cert",
        conflicts_with = "pkcs11"
    )]
    key: Option<PathBuf>,
    /// The approver's certificate, PEM: with --key, or with --pkcs11 when
    /// the token does not hold it.
    #[arg(long, value_name = "CERT.pem", requires = "cert_with")]
    cert: Option<PathBuf>,
    /// The PKCS#11 module of the approver's token: for a Belgian eID,
    /// the eID middleware's libbeidpkcs11.so or OpenSC's opensc-pkcs11.so.
    /// The PIN is asked, or read from KOERS_PIN.
    #[arg(long, value_name = "MODULE.so")]
    pkcs11: Option<PathBuf>,
    /// The token's label, when several are present.
    #[arg(long, value_name = "LABEL", requires = "pkcs11")]
    token: Option<String>,
    /// The key's label on the token, when it holds several (an eID:
    /// `Signature`).
    #[arg(long, value_name = "LABEL", requires = "pkcs11")]
    key_label: Option<String>,
}

impl ApproverKey {
    pub(crate) fn source(self) -> Option<KeySource> {
        if let Some(module) = self.pkcs11 {
            return Some(KeySource::Pkcs11 {
                module,
                token: self.token,
                key_label: self.key_label,
                cert: self.cert,
            });
        }
        if let Some(p12) = self.p12 {
            return Some(KeySource::Pkcs12(p12));
        }
        self.key
            .zip(self.cert)
            .map(|(key, cert)| KeySource::Pem { key, cert })
    }
}

/// The arguments of `koers approve`.
#[derive(Debug, clap::Args)]
pub struct ApproveArgs {
    /// Folder holding framework.toml and one folder per year.
    #[arg(long, value_name = "DIR", default_value = "inputs")]
    pub inputs: PathBuf,
    /// The year whose reports are approved.
    #[arg(long, value_name = "YEAR")]
    pub year: i32,
    /// The approver, as named in framework.toml's [[approvers]]; with a
    /// key, the approver whose pin the certificate matches by default.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    #[command(flatten)]
    pub keys: ApproverKey,
    /// Timestamp the signature at this RFC 3161 timestamp authority
    /// (http:// URL), so its time is not only the signer's word.
    #[arg(long, value_name = "URL")]
    pub tsa: Option<String>,
    /// A certificate revocation list (PEM or DER) of the CA that issued
    /// the certificate, stored with the approval as the evidence that it
    /// was not revoked when it signed (repeat for several; fetch it
    /// beforehand, e.g. `curl -o ca.crl <the certificate's CRL
    /// distribution point>`: Koers itself never reaches the network).
    #[arg(long, value_name = "FILE")]
    pub crl: Vec<PathBuf>,
    /// An OCSP response (DER) on the approver's certificate, from the
    /// CA's responder, stored with the approval as the same evidence
    /// (repeat for several; fetch it beforehand, e.g. `openssl ocsp
    /// -issuer ca.pem -cert me.pem -url <the certificate's OCSP URL>
    /// -respout me.ocsp`).
    #[arg(long, value_name = "FILE")]
    pub ocsp: Vec<PathBuf>,
    /// The built reports: when the approver approved other data before,
    /// a report of that data here shows what changed since.
    #[arg(long, value_name = "DIR", default_value = "output")]
    pub reports: PathBuf,
    /// The template folder the reports are built with, if not the
    /// built-in one (it is part of the fingerprint).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Withdraw NAME's approval instead.
    #[arg(long, requires = "name")]
    pub revoke: bool,
}

/// The arguments of `koers verify`.
#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// PDF files or output folders.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// The certificate (PEM) every signature must have been made with;
    /// unsigned reports then fail.
    #[arg(long, value_name = "CERT.pem")]
    pub trust: Option<PathBuf>,
    /// Render each report again from its attached sources and compare
    /// the bytes.
    #[arg(long)]
    pub rebuild: bool,
    /// Let DRAFT reports pass, reported as "DRAFT — not approved"
    /// (without it a DRAFT fails: it is not approved).
    #[arg(long)]
    pub allow_draft: bool,
    /// How to print the result: lines for people, or JSON with the
    /// same content (every check of every report, and the verdicts).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// The arguments of `koers sheets`.
#[derive(Debug, clap::Args)]
pub struct SheetsArgs {
    /// Folder holding framework.toml and one folder per year.
    #[arg(long, value_name = "DIR", default_value = "inputs")]
    pub inputs: PathBuf,
    /// The year the units report on.
    #[arg(long, value_name = "YEAR")]
    pub year: i32,
    /// Where to write the workbooks [default: output/sheets/<YEAR>].
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Date the workbooks as this Unix time (for reproducible files).
    #[arg(long, env = "SOURCE_DATE_EPOCH", value_name = "SECONDS", value_parser = parse_epoch)]
    pub source_date_epoch: Option<chrono::NaiveDate>,
}

/// The arguments of `koers status`.
#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// Folder holding framework.toml and one folder per year.
    #[arg(long, value_name = "DIR", default_value = "inputs")]
    pub inputs: PathBuf,
    /// The year of the round.
    #[arg(long, value_name = "YEAR")]
    pub year: i32,
    /// The templates the reports are built with (part of what is
    /// approved) [default: the built-in ones].
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// How to print the status.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// The options of `koers build`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("sign_cert_with").args(["sign_key", "sign_pkcs11"]).multiple(true)))]
#[command(group(clap::ArgGroup::new("sign_any").args(["sign_key", "sign_p12", "sign_pkcs11"]).multiple(true)))]
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
    /// Render every report, even those nothing changed for (by default a
    /// report is rendered again only when its content key in manifest.json
    /// differs: its data, template, options or the Koers version), and
    /// replace FINAL reports even when their bytes would change.
    #[arg(long)]
    pub force: bool,
    /// Print errors only: no progress, notes or summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Sign every FINAL report (PAdES) with this PKCS#8 private key
    /// (ECDSA P-256 or RSA of 2048 bits or more, PEM, encrypted or not).
    #[arg(long, value_name = "KEY.pem", requires = "sign_cert")]
    pub sign_key: Option<PathBuf>,
    /// The signer's X.509 certificate (PEM; may be followed by its chain):
    /// with --sign-key, or with --sign-pkcs11 when the token lacks it.
    #[arg(long, value_name = "CERT.pem", requires = "sign_cert_with")]
    pub sign_cert: Option<PathBuf>,
    /// Sign every FINAL report with the key and certificate of this PKCS#12
    /// file (.p12, .pfx); its password is asked, or read from KOERS_PASSWORD.
    #[arg(long, value_name = "FILE.p12", conflicts_with = "sign_key")]
    pub sign_p12: Option<PathBuf>,
    /// Sign every FINAL report with a key on a PKCS#11 token (an HSM): the
    /// token's module; the PIN is asked, or read from KOERS_PIN.
    #[arg(long, value_name = "MODULE.so", conflicts_with_all = ["sign_key", "sign_p12"])]
    pub sign_pkcs11: Option<PathBuf>,
    /// Timestamp the seal at this RFC 3161 timestamp authority (http://
    /// URL): PAdES B-T. The signed bytes then differ between builds.
    #[arg(long, value_name = "URL")]
    pub tsa: Option<String>,
    /// After the seal, add a long-term validation store (PAdES B-LT) with
    /// the seal's chain and the --seal-crl CRLs; with --tsa, then a
    /// document timestamp over it all (B-LTA). Updates after the seal:
    /// strict PDF/A validators then report that the signature no longer
    /// covers the whole file.
    #[arg(long, requires = "sign_any")]
    pub long_term: bool,
    /// A CRL (PEM or DER) of a CA on the seal's chain, for the long-term
    /// validation store; repeat for each CA. Fetch it beforehand: Koers
    /// never reaches the network.
    #[arg(long, value_name = "FILE", requires = "long_term")]
    pub seal_crl: Vec<PathBuf>,
    /// The token's label, with --sign-pkcs11.
    #[arg(long, value_name = "LABEL", requires = "sign_pkcs11")]
    pub sign_token: Option<String>,
    /// The key's label on the token, with --sign-pkcs11.
    #[arg(long, value_name = "LABEL", requires = "sign_pkcs11")]
    pub sign_key_label: Option<String>,
    /// The signature's kind: ETSI.CAdES.detached (PAdES B-B) or
    /// adbe.pkcs7.detached.
    #[arg(long, value_name = "SUBFILTER", default_value = "ETSI.CAdES.detached", value_parser = parse_sub_filter)]
    pub subfilter: SubFilter,
    /// Render in these languages (nl, fr, de, en; comma-separated)
    /// instead of the plan's own.
    #[arg(long = "lang", value_name = "LANGS", value_delimiter = ',', value_parser = parse_lang)]
    pub languages: Option<Vec<Lang>>,
    /// Write this date (seconds since 1970, UTC) into every PDF instead of
    /// the approvals' date, for reproducible builds of a release.
    #[arg(long, env = "SOURCE_DATE_EPOCH", value_name = "SECONDS", value_parser = parse_epoch)]
    pub source_date_epoch: Option<chrono::NaiveDate>,
}

impl BuildArgs {
    /// The checked configuration of a build: these arguments and the
    /// limits the inputs are read within.
    pub fn config(self, limits: crate::intake::limits::Limits) -> BuildConfig {
        let args = self;
        BuildConfig {
            limits,
            inputs: args.inputs,
            output: args.output,
            templates: args.templates,
            years: args.years,
            languages: args.languages,
            final_only: args.final_only,
            force: args.force,
            sign: match (args.sign_pkcs11, args.sign_p12) {
                (Some(module), _) => Some(KeySource::Pkcs11 {
                    module,
                    token: args.sign_token,
                    key_label: args.sign_key_label,
                    cert: args.sign_cert.clone(),
                }),
                (None, Some(p12)) => Some(KeySource::Pkcs12(p12)),
                (None, None) => args
                    .sign_key
                    .zip(args.sign_cert)
                    .map(|(key, cert)| KeySource::Pem { key, cert }),
            }
            .map(|key| SignConfig {
                key,
                sub_filter: args.subfilter,
                tsa: args.tsa,
                long_term: args.long_term,
                crls: args.seal_crl,
            }),
            date: args.source_date_epoch,
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

fn parse_epoch(text: &str) -> Result<chrono::NaiveDate, String> {
    text.trim()
        .parse::<i64>()
        .ok()
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map(|at| at.date_naive())
        .ok_or_else(|| {
            format!("`{text}` is not a number of seconds since 1970-01-01 (SOURCE_DATE_EPOCH)")
        })
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

impl ApproveArgs {
    /// The checked request of an approval.
    pub fn config(self, limits: crate::intake::limits::Limits) -> ApproveRequest {
        ApproveRequest {
            inputs: self.inputs,
            limits,
            templates: self.templates,
            year: self.year,
            name: self.name,
            key: self.keys.source(),
            tsa: self.tsa,
            crls: self.crl,
            ocsp: self.ocsp,
            reports: self.reports,
            revoke: self.revoke,
        }
    }
}

impl VerifyArgs {
    /// The checked configuration of a verification.
    pub fn config(&self, limits: crate::intake::limits::Limits) -> VerifyConfig {
        VerifyConfig {
            limits,
            trust: self.trust.clone(),
            rebuild: self.rebuild,
            allow_draft: self.allow_draft,
        }
    }
}

impl SheetsArgs {
    /// The checked configuration of `koers sheets`: the output folder
    /// defaults to `output/sheets/<year>`, the date to today.
    pub fn config(self, limits: crate::intake::limits::Limits) -> SheetsConfig {
        SheetsConfig {
            output: self.output.unwrap_or_else(|| {
                crate::commands::sheets::default_output(std::path::Path::new("output"), self.year)
            }),
            inputs: self.inputs,
            limits,
            year: self.year,
            date: self
                .source_date_epoch
                .unwrap_or_else(|| chrono::Local::now().date_naive()),
        }
    }
}

impl StatusArgs {
    /// The checked configuration of `koers status`.
    pub fn config(&self, limits: crate::intake::limits::Limits) -> StatusConfig {
        StatusConfig {
            inputs: self.inputs.clone(),
            limits,
            year: self.year,
            templates: self.templates.clone(),
        }
    }
}
