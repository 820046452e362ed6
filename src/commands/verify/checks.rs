//! The checks of one report, each passing or failing on its own: the file
//! against the manifest, its signature, the attached sources against the
//! fingerprint, and the approvals.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Check, VerifyConfig};
use crate::audit::{ApprovalsRecord, MANIFEST, Manifest, RECORD_NAME, fingerprint::parse_lines};
use crate::core::sha256_hex;
use crate::render::Templates;

/// The file's SHA-256 against a `manifest.json` in its folder or above.
pub(super) fn manifest_check(path: &Path, bytes: &[u8]) -> Check {
    const NAME: &str = "manifest";
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    for dir in absolute.ancestors().skip(1) {
        let manifest_path = dir.join(MANIFEST);
        let Ok(text) = std::fs::read(&manifest_path) else {
            continue;
        };
        let manifest = match Manifest::from_json(&text) {
            Ok(m) => m,
            Err(err) => {
                return Check::fail(
                    NAME,
                    format!("{} is not a Koers manifest: {err}", manifest_path.display()),
                );
            }
        };
        let relative = absolute
            .strip_prefix(dir)
            .map(|p| {
                p.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .unwrap_or_default();
        let Some(entry) = manifest.outputs.iter().find(|o| o.path == relative) else {
            return Check::fail(
                NAME,
                format!("{relative} is not listed in {}", manifest_path.display()),
            );
        };
        // A signed report is the rendered bytes plus its signature; the
        // manifest records the file as finally written.
        let actual = sha256_hex(bytes);
        return if actual == entry.sha256 {
            Check::pass(NAME, format!("SHA-256 matches {}", manifest_path.display()))
        } else {
            Check::fail(
                NAME,
                format!(
                    "SHA-256 {actual} differs from {} in {}",
                    entry.sha256,
                    manifest_path.display()
                ),
            )
        };
    }
    Check::skip(NAME, "no manifest.json beside the file")
}

pub(super) fn signature_checks(
    bytes: &[u8],
    claims_final: bool,
    sealed: bool,
    required_seal: Option<&str>,
    config: &VerifyConfig,
) -> Vec<Check> {
    const NAME: &str = "signature";
    let trusted = match &config.trust {
        Some(path) => match koers_sign::certificate_der(path) {
            Ok(der) => Some(der),
            Err(err) => {
                return vec![Check::fail(
                    NAME,
                    format!("cannot read --trust {}: {err:#}", path.display()),
                )];
            }
        },
        None => None,
    };
    // A document timestamp (PAdES B-LTA) is the one signature value that
    // may follow the seal; what its update may hold is checked with the seal.
    let stamps = koers_sign::document_timestamp_count(bytes);
    let count = koers_sign::signature_count(bytes);
    if count.saturating_sub(stamps.min(1)) > 1 || stamps > 1 {
        return vec![Check::fail(
            NAME,
            format!("{count} signatures: the report was changed after it was sealed"),
        )];
    }
    if stamps == 1 && !koers_sign::is_signed(bytes) {
        return vec![Check::fail(
            NAME,
            "a document timestamp without a seal: never a report as Koers writes it",
        )];
    }
    if !koers_sign::is_signed(bytes) {
        // DRAFT reports are never signed; a FINAL one is when its record
        // says it was sealed, or when the auditor names the certificate.
        if let (true, Some(wanted)) = (claims_final, required_seal) {
            return vec![Check::fail(
                NAME,
                format!(
                    "unsigned FINAL report, but its plan requires the seal with certificate SHA-256 {wanted}: the seal was removed or never made"
                ),
            )];
        }
        return vec![match (claims_final, sealed, trusted) {
            // Something shaped like a signature that is not one: never a
            // report as Koers wrote it.
            (true, _, _) | (_, true, _) if count == 1 => Check::fail(
                NAME,
                "the signature dictionary is not a /Type /Sig signature: the seal was tampered with",
            ),
            (_, true, _) => Check::fail(
                NAME,
                "unsigned, but its record says it was sealed: the signature was removed",
            ),
            (true, _, Some(_)) => Check::fail(
                NAME,
                "unsigned FINAL report, but --trust asks for a signature",
            ),
            (true, _, None) => Check::skip(NAME, "unsigned FINAL report (built without a seal)"),
            (false, _, _) => Check::skip(NAME, "unsigned DRAFT report (drafts are not signed)"),
        }];
    }
    match koers_sign::verify(bytes) {
        Err(err) => vec![Check::fail(NAME, err)],
        Ok(signature) => {
            let mut checks = vec![Check::pass(
                NAME,
                format!(
                    "{} covers the whole file but its value, digest matches, signed by {}",
                    signature.sub_filter, signature.signer
                ),
            )];
            checks.push(match signature.long_term {
                true => Check::pass(
                    "long-term",
                    "a validation store (DSS) with the seal's certificates and revocation data follows the seal, and nothing else (PAdES B-LT)",
                ),
                false => Check::skip("long-term", "no validation store (DSS): PAdES B-B/B-T"),
            });
            if let Some(t) = &signature.document_timestamp {
                checks.push(Check::pass(
                    "document timestamp",
                    format!(
                        "the sealed report and its validation store existed at {} (RFC 3161 document timestamp by {}, PAdES B-LTA)",
                        crate::audit::approval::rfc3339(t.time),
                        t.authority
                    ),
                ));
            }
            checks.push(match &signature.timestamp {
                Some(t) => Check::pass(
                    "timestamp",
                    format!(
                        "the signature existed at {} (RFC 3161, by {})",
                        crate::audit::approval::rfc3339(t.time),
                        t.authority
                    ),
                ),
                None => Check::skip(
                    "timestamp",
                    "none: the signing time is the signer's own claim (PAdES B-B)",
                ),
            });
            if let (true, Some(wanted)) = (claims_final, required_seal) {
                let given = crate::core::sha256_hex(&signature.certificate_der);
                checks.push(match given == wanted {
                    true => Check::pass("seal", "the seal the plan requires (its certificate's SHA-256 is the plan's)"),
                    false => Check::fail(
                        "seal",
                        format!("sealed by {} (certificate SHA-256 {given}), not with the seal the plan requires ({wanted})", signature.signer),
                    ),
                });
            }
            match trusted {
                None => checks.push(Check::skip(
                    "trust",
                    format!(
                        "the signer {} is NOT trusted: nothing says this certificate is the organisation's; \
                         give --trust CERT.pem to require it",
                        signature.signer
                    ),
                )),
                Some(trusted) => checks.push(if trusted == signature.certificate_der {
                    Check::pass("trust", "signed with the trusted certificate")
                } else if koers_sign::issued_by(&signature.certificate_der, &trusted) {
                    Check::pass("trust", "signed with a certificate the trusted certificate issued")
                } else {
                    Check::fail(
                        "trust",
                        format!(
                            "signed by {}, not by the trusted certificate nor one it issued",
                            signature.signer
                        ),
                    )
                }),
            }
            checks
        }
    }
}

/// Recomputes the fingerprint from the attached files and compares it with
/// the one the approvals were given for.
pub(super) fn fingerprint_check(
    attachments: &BTreeMap<String, Vec<u8>>,
) -> (Check, Option<ApprovalsRecord>) {
    const NAME: &str = "sources";
    let Some(json) = attachments.get(RECORD_NAME) else {
        return (
            Check::fail(NAME, format!("no {RECORD_NAME} attached")),
            None,
        );
    };
    let approvals = match ApprovalsRecord::from_json(json) {
        Ok(a) => a,
        Err(err) => {
            return (
                Check::fail(NAME, format!("approvals.json is unreadable: {err}")),
                None,
            );
        }
    };
    let lines = parse_lines(&approvals.fingerprint_lines);
    let mut problems = Vec::new();
    for (name, bytes) in attachments {
        let Some(path) = name
            .strip_prefix("inputs/")
            .map(str::to_string)
            .or_else(|| name.starts_with("template/").then(|| name.clone()))
        else {
            continue;
        };
        match lines.get(&path) {
            Some(hash) if *hash == sha256_hex(bytes) => {}
            Some(_) => problems.push(format!(
                "attached {path} is not the file that was fingerprinted"
            )),
            None => problems.push(format!("attached {path} is not in the fingerprint")),
        }
    }
    for path in lines.keys() {
        let attached =
            attachments.contains_key(&format!("inputs/{path}")) || attachments.contains_key(path);
        let builtin = path.starts_with("template/") && builtin_template_line(path, &lines);
        if !attached && !builtin {
            problems.push(format!(
                "{path} is fingerprinted but neither attached nor this Koers's built-in template"
            ));
        }
    }
    let recomputed = sha256_hex(approvals.fingerprint_lines.as_bytes());
    if recomputed != approvals.fingerprint {
        problems.push(format!(
            "the fingerprint lines hash to {recomputed}, not {}",
            approvals.fingerprint
        ));
    }
    let check = if problems.is_empty() {
        Check::pass(
            NAME,
            format!(
                "attached inputs and template give fingerprint {}",
                approvals.fingerprint
            ),
        )
    } else {
        Check::fail(NAME, problems.join("; "))
    };
    (check, Some(approvals))
}

/// Whether a `template/<name>` fingerprint line is this binary's built-in
/// template file.
fn builtin_template_line(path: &str, lines: &BTreeMap<String, String>) -> bool {
    let Some(name) = path.strip_prefix("template/") else {
        return false;
    };
    Templates::builtin().files().any(|(builtin, bytes)| {
        builtin == name && lines.get(path).is_some_and(|h| *h == sha256_hex(bytes))
    })
}

/// Every approval must be for the attached data and hold: a signed one is
/// judged again from its statement and signature against the attached plan's
/// pins; a recorded one counts only where the plan allows recorded approvals,
/// and is named as such. A FINAL report must have them all; a DRAFT fails
/// unless `allow_draft`.
pub(super) fn approvals_check(
    approvals: &ApprovalsRecord,
    marked_final: bool,
    framework: Result<&crate::model::framework::Framework, &str>,
    attachments: &BTreeMap<String, Vec<u8>>,
    allow_draft: bool,
) -> Check {
    const NAME: &str = "approvals";
    if marked_final != approvals.state.is_final() {
        return Check::fail(
            NAME,
            format!(
                "the PDF's archival marking and its attached approvals ({}) disagree about FINAL",
                approvals.state.code()
            ),
        );
    }
    let stale: Vec<&str> = approvals
        .approvals
        .iter()
        .filter(|a| a.fingerprint != approvals.fingerprint)
        .map(|a| a.name.as_str())
        .collect();
    if !stale.is_empty() {
        return Check::fail(
            NAME,
            format!(
                "stale approvals (given for other data): {}",
                stale.join(", ")
            ),
        );
    }
    let framework = match framework {
        Ok(framework) => framework,
        Err(why) => return Check::fail(NAME, why),
    };
    // The plan's trust anchors, as attached: the approvals are judged
    // against what the plan says, never against what this machine trusts.
    let mut trust = crate::intake::TrustStore::default();
    for list in crate::model::framework::TrustList::ALL {
        for name in framework.trust.list(list) {
            let Some(bytes) = attachments.get(&format!("inputs/{name}")) else {
                return Check::fail(
                    NAME,
                    format!("the plan's trust file {name} is not attached"),
                );
            };
            match koers_sign::certificates_of(bytes) {
                Ok(certificates) => trust.list_mut(list).extend(certificates),
                Err(why) => return Check::fail(NAME, format!("the attached {name}: {why}")),
            }
        }
    }
    // The as-of date from the attached year.toml, as a build reads it, not
    // the record's word: an approval signed before it does not count.
    let as_of = attached_as_of(attachments, approvals.year);
    if approvals.as_of.is_some() && approvals.as_of != as_of {
        return Check::fail(
            NAME,
            format!(
                "the record's as-of date {} is not the one the attached inputs give ({})",
                approvals.as_of.map(|d| d.to_string()).unwrap_or_default(),
                as_of
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "none".into())
            ),
        );
    }
    let mut names = Vec::new();
    for approval in &approvals.approvals {
        match judge_recorded_or_signed(approval, approvals, framework, &trust, as_of) {
            Ok(line) => names.push(line),
            Err(why) => {
                return Check::fail(NAME, format!("the approval of {}: {why}", approval.name));
            }
        }
    }
    if !marked_final {
        let so_far = match names.is_empty() {
            true => String::new(),
            false => format!("; approvals so far: {}", names.join("; ")),
        };
        return match allow_draft {
            true => Check::pass(
                NAME,
                format!("DRAFT — not approved (allowed by --allow-draft){so_far}"),
            ),
            false => Check::fail(NAME, format!("DRAFT — not approved{so_far}")),
        };
    }
    // FINAL: every approver of the attached plan approved these data.
    let missing: Vec<&str> = framework
        .approvers
        .iter()
        .filter(|p| !approvals.approvals.iter().any(|a| a.name == p.name))
        .map(|p| p.name.as_str())
        .collect();
    if framework.approvers.is_empty() || !missing.is_empty() {
        return Check::fail(
            NAME,
            format!("FINAL without the approval of: {}", missing.join(", ")),
        );
    }
    Check::pass(
        NAME,
        format!("FINAL, approved for these data: {}", names.join("; ")),
    )
}

/// The plan a report carries (its attached `framework.toml`), read once
/// for every check that judges the report against it.
pub(super) fn attached_framework(
    attachments: &BTreeMap<String, Vec<u8>>,
) -> Result<crate::model::framework::Framework, &'static str> {
    let bytes = attachments
        .get(&format!("inputs/{}", crate::intake::FRAMEWORK_FILE))
        .ok_or("the plan (framework.toml) is not attached")?;
    let text = String::from_utf8_lossy(bytes);
    crate::model::framework::Framework::parse(&text, Path::new("framework.toml"))
        .0
        .ok_or("the attached framework.toml does not parse")
}

/// A year's as-of date as its attached `year.toml` sets it (31 December
/// without one); `None` when the attached file does not say a date.
fn attached_as_of(attachments: &BTreeMap<String, Vec<u8>>, year: i32) -> Option<chrono::NaiveDate> {
    let december = chrono::NaiveDate::from_ymd_opt(year, 12, 31);
    let Some(bytes) = attachments.get(&format!("inputs/{year}/year.toml")) else {
        return december;
    };
    let table: toml::Table = toml::from_str(&String::from_utf8_lossy(bytes)).ok()?;
    match table.get("as_of") {
        None => december,
        Some(value) => {
            chrono::NaiveDate::parse_from_str(&value.as_datetime()?.to_string(), "%Y-%m-%d").ok()
        }
    }
}

/// One approval of a record, judged: a line for the report when it holds.
fn judge_recorded_or_signed(
    approval: &crate::model::signoff::Approval,
    record: &ApprovalsRecord,
    framework: &crate::model::framework::Framework,
    trust: &crate::intake::TrustStore,
    as_of: Option<chrono::NaiveDate>,
) -> Result<String, String> {
    use crate::audit::approval::{self, Expected};
    use crate::model::framework::ApprovalMode;
    let Some(signature) = &approval.signature else {
        return match framework.signoff.approvals {
            ApprovalMode::Recorded => Ok(format!(
                "{} ({}, recorded, not signed)",
                approval.name, approval.date
            )),
            ApprovalMode::Signed => {
                Err("recorded, not signed, but the plan requires signed approvals".into())
            }
        };
    };
    let signed = crate::model::signoff::SignedApproval {
        path: String::new(),
        statement: signature.statement.clone().into_bytes(),
        signature: approval::unhex(&signature.cms).ok_or("the signature is not hex")?,
        crls: signature
            .crls
            .iter()
            .map(|c| approval::unhex(c).ok_or("a CRL of the record is not hex"))
            .collect::<Result<_, _>>()?,
        ocsp: signature
            .ocsp
            .iter()
            .map(|c| approval::unhex(c).ok_or("an OCSP response of the record is not hex"))
            .collect::<Result<_, _>>()?,
    };
    let as_of = as_of.ok_or("no as-of date")?;
    let judged = approval::judge(
        &signed,
        Expected {
            framework,
            year: record.year,
            as_of,
            now: chrono::Utc::now().naive_utc(),
            trust,
        },
    )?;
    // Every field of the record a reader sees must be what was signed.
    let differs = [
        ("approver", judged.statement.approver != approval.name),
        (
            "fingerprint",
            judged.statement.fingerprint != approval.fingerprint,
        ),
        ("role", judged.statement.role != approval.role),
        ("date", judged.signed_at.date() != approval.date),
        (
            "signing time",
            judged.statement.signed_at != signature.signed_at,
        ),
        ("signer", judged.certificate.subject != signature.signer),
        (
            "certificate",
            judged.certificate.sha256 != signature.certificate_sha256,
        ),
        (
            "timestamp",
            judged
                .timestamp
                .as_ref()
                .map(|t| format!("{} by {}", approval::rfc3339(t.time), t.authority))
                != signature.timestamp,
        ),
    ];
    if let Some((field, _)) = differs.iter().find(|(_, differs)| *differs) {
        return Err(format!(
            "the record's {field} is not what the signed statement and its certificate say"
        ));
    }
    let stamped = match &judged.timestamp {
        Some(t) => format!(
            ", timestamped {} by {}",
            crate::audit::approval::rfc3339(t.time),
            t.authority
        ),
        None => ", not timestamped: the signing time is the signer's own claim".to_string(),
    };
    let pinned = match framework
        .approvers
        .iter()
        .find(|a| a.name == approval.name)
        .and_then(|a| a.certificate_sha256.as_ref())
    {
        Some(_) => "the pinned certificate",
        None => "a certificate on a validated path to the plan's trust anchors,",
    };
    Ok(format!(
        "{} signed {} with {pinned} {} (SHA-256 {}…){stamped}",
        approval.name,
        judged.statement.signed_at,
        judged.certificate.subject,
        judged.certificate.sha256.get(..16).unwrap_or_default()
    ))
}
