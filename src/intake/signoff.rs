//! Reading the approvals of an annual report: `inputs/<year>/signoff.toml`
//! and the signed approvals in `inputs/<year>/approvals/`.
//!
//! An approval is only worth something for the data it was given on, so each
//! one records the fingerprint of the year's inputs (see [`crate::audit`]). A
//! report is FINAL when every approver of the framework has approved the
//! current fingerprint; any later change to an input byte makes the approvals
//! stale and the report a DRAFT again.

use anyhow::Result;

use crate::diagnostics::Diagnostic;
pub use crate::model::signoff::*;

use super::source::Source;
use crate::core::text::line_column;

/// No statement or signature of a real approval comes near these.
const MAX_STATEMENT: usize = 64 * 1024;
const MAX_SIGNATURE: usize = 1024 * 1024;
/// Revocation lists stored with an approval: a few CRLs of a national CA
/// can be large, but not this large.
/// (They travel in every report's record, as hex: 16 MiB per approver keeps
/// a plan's reports well under what `verify` reads.)
const MAX_CRLS: usize = 16 * 1024 * 1024;

impl Signoff {
    /// Reads a signoff file; a missing file means no approvals. A file that
    /// cannot be read or parsed is an error naming the place.
    pub fn load(source: Source, relative: &str) -> Result<Signoff, Diagnostic> {
        let path = source.path(relative);
        let text = match source.read(relative) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
                Diagnostic::error(&path, "the file is not valid UTF-8")
                    .hint("save it as UTF-8 text, or remove it and approve again")
            })?,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Signoff::default()),
            Err(err) => {
                return Err(Diagnostic::error(
                    &path,
                    format!("cannot read the file: {err}"),
                ));
            }
        };
        Self::parse(&text).map_err(|(message, offset)| {
            let (line, column) = offset.map_or((1, 1), |o| line_column(&text, o));
            Diagnostic::error(&path, message)
                .at(line, column)
                .hint("koers approve writes this file; correct it, or remove it and approve again")
        })
    }

    /// Reads a year's recorded approvals (`<year>/signoff.toml`) and signed
    /// ones (`<year>/approvals/`). A statement without its signature, or the
    /// reverse, is an error naming it; what cannot be read is an error too,
    /// and the year then counts as having no approvals from it.
    pub fn load_year(source: Source, year: &str, diags: &mut Vec<Diagnostic>) -> Signoff {
        let mut signoff = Self::load(source, &format!("{year}/{FILE_NAME}")).unwrap_or_else(|d| {
            diags.push(d);
            Signoff::default()
        });
        let dir = format!("{year}/{APPROVALS_DIR}");
        let names = match source.list(&dir, false) {
            Ok(names) => names,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return signoff,
            Err(err) => {
                diags.push(Diagnostic::error(
                    source.path(&dir),
                    format!("cannot read the folder: {err}"),
                ));
                return signoff;
            }
        };
        let place = |name: &str| source.path(&format!("{dir}/{name}"));
        let read = |name: &str, limit: usize| -> Result<Vec<u8>, Diagnostic> {
            let bytes = source.read(&format!("{dir}/{name}")).map_err(|err| {
                Diagnostic::error(place(name), format!("cannot read the file: {err}"))
            })?;
            if bytes.len() > limit {
                return Err(Diagnostic::error(
                    place(name),
                    format!("the file is larger than {limit} bytes: not an approval"),
                ));
            }
            Ok(bytes)
        };
        for name in &names {
            let Some(stem) = name.strip_suffix(".json") else {
                let crl_of = name
                    .strip_suffix(".crl")
                    .or_else(|| name.strip_suffix(".ocsp"))
                    .is_some_and(|stem| names.contains(&format!("{stem}.json")));
                if crl_of {
                    // Read with its statement.
                } else if !name.ends_with(".p7s") && !name.starts_with('.') {
                    diags.push(
                        Diagnostic::error(
                            place(name),
                            "only <name>.json statements, <name>.p7s signatures, <name>.crl revocation lists and <name>.ocsp OCSP responses belong here",
                        )
                        .hint("move the file out of the approvals folder"),
                    );
                } else if name.starts_with('.') {
                    diags.push(Diagnostic::note(place(name), "a hidden file; ignored"));
                }
                continue;
            };
            let signature_name = format!("{stem}.p7s");
            if !names.contains(&signature_name) {
                diags.push(Diagnostic::error(
                    place(name),
                    format!("the approval statement has no signature {signature_name} beside it"),
                ));
                continue;
            }
            let crl_name = format!("{stem}.crl");
            let crls = match names.contains(&crl_name) {
                false => Vec::new(),
                true => match read(&crl_name, MAX_CRLS).and_then(|bytes| {
                    koers_sign::revocation::crls_of(&bytes)
                        .map_err(|why| Diagnostic::error(place(&crl_name), why))
                }) {
                    Ok(crls) => crls,
                    Err(diag) => {
                        diags.push(diag);
                        continue;
                    }
                },
            };
            let ocsp_name = format!("{stem}.ocsp");
            let ocsp = match names.contains(&ocsp_name) {
                false => Vec::new(),
                true => match read(&ocsp_name, MAX_CRLS).and_then(|bytes| {
                    koers_sign::ocsp::responses_of(&bytes)
                        .map_err(|why| Diagnostic::error(place(&ocsp_name), why))
                }) {
                    Ok(ocsp) => ocsp,
                    Err(diag) => {
                        diags.push(diag);
                        continue;
                    }
                },
            };
            match (
                read(name, MAX_STATEMENT),
                read(&signature_name, MAX_SIGNATURE),
            ) {
                (Ok(statement), Ok(signature)) => signoff.signed.push(SignedApproval {
                    path: format!("{dir}/{name}"),
                    statement,
                    signature,
                    crls,
                    ocsp,
                }),
                (statement, signature) => {
                    diags.extend(statement.err());
                    diags.extend(signature.err());
                }
            }
        }
        for name in names.iter().filter_map(|n| n.strip_suffix(".p7s")) {
            if !names.contains(&format!("{name}.json")) {
                diags.push(Diagnostic::error(
                    place(&format!("{name}.p7s")),
                    format!("a signature without its statement {name}.json"),
                ));
            }
        }
        signoff
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn round_trips_and_reports_parse_errors_with_place() {
        let mut signoff = Signoff::default();
        let date = NaiveDate::from_ymd_opt(2024, 2, 15).expect("date");
        signoff.approve(Approval {
            name: "A".into(),
            role: "R".into(),
            date,
            fingerprint: "f1".into(),
            signature: None,
        });
        signoff.approve(Approval {
            name: "A".into(),
            role: "R".into(),
            date,
            fingerprint: "f2".into(),
            signature: None,
        });
        let text = signoff.to_toml().expect("toml");
        assert_eq!(Signoff::parse(&text).expect("parse"), signoff);
        assert_eq!(signoff.approvals.len(), 1);
        assert_eq!(signoff.approvals[0].fingerprint, "f2");
        assert!(signoff.revoke("A"));
        assert!(!signoff.revoke("A"));
        let err = Signoff::parse("[[approvals]]\nname = 3\n").expect_err("bad");
        assert!(err.0.contains("invalid type"), "{err:?}");
        let by_hand =
            "[[approvals]]\nname = \"A\"\nrole = \"R\"\ndate = 2024-02-15\nfingerprint = \"f2\"\n";
        assert_eq!(
            Signoff::parse(by_hand).expect("TOML date").approvals[0].date,
            date
        );
    }
}
