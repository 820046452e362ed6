//! A signed approval: the statement an approver signs, and the judgement of
//! a stored one. An approval counts only when its signature verifies over
//! exactly this statement, the statement is about this plan, year and
//! approver, the certificate is the one pinned for the approver, may sign,
//! and was valid when it signed, and the signing time is a fact: not in the
//! future, not before the year's as-of date.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::intake::TrustStore;
use crate::model::framework::{Approver, Framework};
use crate::model::signoff::{Approval, ApprovalSignature, SignedApproval};

crate::core::error::sentence_error!(
    /// Why a signed approval does not count: its signature, statement,
    /// certificate, path, time or revocation evidence does not hold.
    Refusal
);

/// What the `statement` field of every approval says, so the bytes cannot be
/// mistaken for anything else an approver might sign.
pub const STATEMENT: &str =
    "I approve the annual progress report for the data with this fingerprint";

/// Clocks differ; a signing time this far ahead of ours is still accepted.
const CLOCK_SKEW_SECONDS: i64 = 300;

/// With a timestamp, the signer's own clock may be this far behind the
/// authority's: signing and stamping are one step of `koers approve`, so a
/// larger gap is a clock set back (to sign with an expired certificate).
pub const TIMESTAMP_WINDOW_SECONDS: i64 = 3600;

/// The approval statement, signed as its canonical bytes: compact JSON in
/// this field order, written only by [`ApprovalStatement::to_bytes`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApprovalStatement {
    pub statement: String,
    pub plan: String,
    pub year: i32,
    pub fingerprint: String,
    pub approver: String,
    pub role: String,
    /// RFC 3339 UTC, to the second: `2025-02-03T10:15:00Z`.
    pub signed_at: String,
}

impl ApprovalStatement {
    pub fn new(
        framework: &Framework,
        approver: &Approver,
        year: i32,
        fingerprint: &str,
        signed_at: NaiveDateTime,
    ) -> Self {
        Self {
            statement: STATEMENT.to_string(),
            plan: framework.plan.id.value.clone(),
            year,
            fingerprint: fingerprint.to_string(),
            approver: approver.name.clone(),
            role: approver.role.get(framework.first_language()).to_string(),
            signed_at: rfc3339(signed_at),
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// Reads statement bytes, which must be canonical: written back they
    /// give the same bytes (so no two byte strings say the same thing).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Refusal> {
        let statement: Self = serde_json::from_slice(bytes)
            .map_err(|e| format!("the statement is not a Koers approval: {e}"))?;
        if statement.to_bytes() != bytes {
            return Err("the statement is not in its canonical form".into());
        }
        if statement.statement != STATEMENT {
            return Err("the statement does not say that it approves a report".into());
        }
        Ok(statement)
    }

    pub fn signed_at(&self) -> Result<NaiveDateTime, Refusal> {
        NaiveDateTime::parse_from_str(&self.signed_at, "%Y-%m-%dT%H:%M:%SZ").map_err(|_| {
            Refusal(format!(
                "the signing time `{}` is not RFC 3339 UTC",
                self.signed_at
            ))
        })
    }
}

pub fn rfc3339(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A signed approval that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JudgedApproval {
    pub statement: ApprovalStatement,
    pub certificate: koers_sign::CertificateFacts,
    pub signed_at: NaiveDateTime,
    /// A timestamp authority's word on when the signature existed.
    pub timestamp: Option<koers_sign::Timestamp>,
}

impl JudgedApproval {
    /// The approval as the report's record carries it.
    pub fn approval(&self, signed: &SignedApproval) -> Approval {
        Approval {
            name: self.statement.approver.clone(),
            role: self.statement.role.clone(),
            date: self.signed_at.date(),
            fingerprint: self.statement.fingerprint.clone(),
            signature: Some(ApprovalSignature {
                statement: String::from_utf8_lossy(&signed.statement).into_owned(),
                cms: hex(&signed.signature),
                signer: self.certificate.subject.clone(),
                certificate_sha256: self.certificate.sha256.clone(),
                signed_at: self.statement.signed_at.clone(),
                timestamp: self
                    .timestamp
                    .as_ref()
                    .map(|t| format!("{} by {}", rfc3339(t.time), t.authority)),
                crls: signed.crls.iter().map(|c| hex(c)).collect(),
                ocsp: signed.ocsp.iter().map(|c| hex(c)).collect(),
            }),
        }
    }
}

/// What a signed approval must be about.
#[derive(Debug, Clone, Copy)]
pub struct Expected<'a> {
    pub framework: &'a Framework,
    pub year: i32,
    pub as_of: NaiveDate,
    /// The time to judge against (the clock, in UTC).
    pub now: NaiveDateTime,
    /// The plan's trust anchors and intermediates.
    pub trust: &'a TrustStore,
}

/// Checks one stored signed approval; the reason in words when it fails.
pub fn judge(signed: &SignedApproval, expected: Expected) -> Result<JudgedApproval, Refusal> {
    let verified =
        koers_sign::verify_detached(&signed.statement, &signed.signature).map_err(|why| {
            let why = why.to_string();
            // Which of the two files changed cannot be told from the bytes:
            // say both, the .p7s by name when it has one.
            match why.starts_with("message digest mismatch") {
                false => why,
                true => format!(
                    "message digest mismatch: the signature {} is not over this statement's bytes: the statement was edited after it was signed, or the signature is another statement's (a copied .p7s)",
                    signed
                        .path
                        .strip_suffix(".json")
                        .map(|stem| format!("{stem}.p7s"))
                        .unwrap_or_else(|| "in the record".into())
                ),
            }
        })?;
    let statement = ApprovalStatement::from_bytes(&signed.statement)?;
    let framework = expected.framework;
    if statement.plan != framework.plan.id.value {
        return Err(format!(
            "the approval is for plan `{}`, not `{}`",
            statement.plan, framework.plan.id.value
        )
        .into());
    }
    if statement.year != expected.year {
        return Err(format!(
            "the approval is for {}, not {}",
            statement.year, expected.year
        )
        .into());
    }
    let approver = framework
        .approvers
        .iter()
        .find(|a| a.name == statement.approver)
        .ok_or_else(|| format!("`{}` is not an approver of the plan", statement.approver))?;
    let signed_at = statement.signed_at()?;
    if verified.signing_time != Some(signed_at) {
        return Err("the signature's signing time is not the statement's".into());
    }
    // What the statement says of its time first: a report approved before
    // its data existed is refused whatever the certificate.
    if signed_at.date() < expected.as_of {
        return Err(format!(
            "the signing time {} is before the year's as-of date {}",
            statement.signed_at, expected.as_of
        )
        .into());
    }
    let certificate =
        koers_sign::CertificateFacts::from_der(&verified.certificate_der).map_err(String::from)?;
    // The time the checks use: the timestamp authority's, when there is
    // one (the signer's own claim must then be close to it), else the
    // signer's claim.
    if let Some(stamp) = &verified.timestamp {
        timestamp_trusted(stamp, expected.trust)?;
    } else if framework.signoff.require_timestamp {
        return Err(
            "the approval has no timestamp, and the plan requires one from an authority it trusts"
                .into(),
        );
    }
    let proven = match &verified.timestamp {
        Some(stamp) => {
            if (stamp.time - signed_at).num_seconds() > TIMESTAMP_WINDOW_SECONDS {
                return Err(format!(
                    "the signer's claimed time {} is more than {} minutes before the timestamp {}: the signer's clock was set back",
                    statement.signed_at,
                    TIMESTAMP_WINDOW_SECONDS / 60,
                    rfc3339(stamp.time)
                ).into());
            }
            stamp.time
        }
        None => signed_at,
    };
    let path = certificate_holds(
        approver,
        &certificate,
        &verified.certificate_der,
        &verified.other_certificates,
        expected.trust,
        proven,
    )?;
    not_revoked(
        &path,
        &signed.crls,
        &signed.ocsp,
        proven,
        framework.signoff.revocation == crate::model::framework::RevocationRule::Required,
    )?;
    if !certificate.signing_usage {
        return Err(format!(
            "the certificate of {} may not sign (no digital-signature or non-repudiation key usage)",
            approver.name
        ).into());
    }
    for (at, what) in [(signed_at, "signing time"), (proven, "timestamp")] {
        if at < certificate.not_before || at > certificate.not_after {
            return Err(format!(
                "the certificate of {} was not valid at the {what} {} (valid {} to {})",
                approver.name,
                rfc3339(at),
                rfc3339(certificate.not_before),
                rfc3339(certificate.not_after)
            )
            .into());
        }
    }
    if (signed_at - expected.now).num_seconds() > CLOCK_SKEW_SECONDS {
        return Err(format!("the signing time {} is in the future", statement.signed_at).into());
    }
    if let Some(stamp) = &verified.timestamp {
        // The authority saw the signature at `time`: it cannot have been
        // made later, and an authority's clock is not in the future either.
        if (signed_at - stamp.time).num_seconds() > CLOCK_SKEW_SECONDS {
            return Err(format!(
                "the signing time {} is after the timestamp {}",
                statement.signed_at,
                rfc3339(stamp.time)
            )
            .into());
        }
        if (stamp.time - expected.now).num_seconds() > CLOCK_SKEW_SECONDS {
            return Err(format!("the timestamp {} is in the future", rfc3339(stamp.time)).into());
        }
    }
    Ok(JudgedApproval {
        statement,
        certificate,
        signed_at,
        timestamp: verified.timestamp,
    })
}

/// The revocation check of a certification path (`path`, the signer's
/// certificate first) against the CRLs and OCSP responses stored with its
/// approval. Each must be from a CA on the path (an OCSP response: about a
/// certificate on it, signed by its issuer or the issuer's responder) and
/// verify: evidence that cannot be placed is refused, not skipped. A
/// certificate on the path revoked at or before `at` (the proven signing
/// time) makes the approval not count; one revoked later signed while it
/// was valid. With `required`, some CRL of the signer's own CA, or OCSP
/// response on the signer's certificate, must be in force at `at` (its
/// next update not before it).
fn not_revoked(
    path: &[Vec<u8>],
    crls: &[Vec<u8>],
    ocsp: &[Vec<u8>],
    at: NaiveDateTime,
    required: bool,
) -> Result<(), String> {
    if crls.is_empty() && ocsp.is_empty() && !required {
        return Ok(());
    }
    if path.len() < 2 {
        return Err(
            "the CA that issued the certificate is not known (neither the signature nor the plan carries it), so no CRL or OCSP response can be checked"
                .into(),
        );
    }
    let whose = |i: usize, certificate: &[u8]| match i {
        0 => "the certificate".to_string(),
        _ => format!(
            "the certificate of the CA {}",
            koers_sign::CertificateFacts::from_der(certificate)
                .map(|f| f.subject)
                .unwrap_or_default()
        ),
    };
    let mut in_force = false;
    for response in ocsp {
        let link = path
            .windows(2)
            .enumerate()
            .find_map(|(i, pair)| match pair {
                [certificate, issuer]
                    if koers_sign::ocsp::is_about(response, certificate, issuer) =>
                {
                    Some((i, certificate, issuer))
                }
                _ => None,
            });
        let Some((i, certificate, issuer)) = link else {
            return Err(
                "an OCSP response stored with the approval is about no certificate on the certificate's path (or from another CA with the same name)"
                    .into(),
            );
        };
        let status = koers_sign::ocsp::verify(response, certificate, issuer).map_err(|why| {
            format!("an OCSP response stored with the approval does not hold: {why}")
        })?;
        if let Some(revoked) = status.revoked
            && revoked <= at
        {
            return Err(format!(
                "{} was revoked on {} (OCSP response of {}), before the signing time {}",
                whose(i, certificate),
                rfc3339(revoked),
                status.responder,
                rfc3339(at)
            ));
        }
        if i == 0 {
            in_force |= status
                .next_update
                .map_or(status.this_update >= at, |next| next >= at);
        }
    }
    for crl in crls {
        // The link this CRL speaks for: a certificate and the CA that
        // issued it, found by the CRL's signature.
        let link = path.windows(2).enumerate().find_map(|(i, pair)| {
            let [certificate, issuer] = pair else {
                return None;
            };
            koers_sign::revocation::verify(crl, issuer)
                .ok()
                .map(|crl| (i, certificate, crl))
        });
        let Some((i, certificate, crl)) = link else {
            // Said as the CRL of the signer's own CA, whose error explains.
            let why = path
                .get(1)
                .map(|issuer| koers_sign::revocation::verify(crl, issuer))
                .and_then(Result::err)
                .unwrap_or_else(|| "it is from no CA on the certificate's path".into());
            return Err(format!(
                "a CRL stored with the approval does not hold: {why}"
            ));
        };
        if let Some(revoked) = crl.revoked_at(certificate)
            && revoked <= at
        {
            return Err(format!(
                "{} was revoked on {} (CRL of {}), before the signing time {}",
                whose(i, certificate),
                rfc3339(revoked),
                crl.issuer,
                rfc3339(at)
            ));
        }
        if i == 0 {
            in_force |= crl
                .next_update
                .map_or(crl.this_update >= at, |next| next >= at);
        }
    }
    match (required, in_force) {
        (true, false) => Err(format!(
            "no CRL in force at the signing time {} is stored with the approval (nor an OCSP response), and the plan requires revocation evidence",
            rfc3339(at)
        )),
        _ => Ok(()),
    }
}

/// Whether a timestamp's authority is one the plan trusts, when it names
/// any (`[trust] timestamp_authorities`): its certificate is one of them or
/// was issued by one, and was valid at the time it vouches for. A plan that
/// names none takes any authority whose token verifies.
fn timestamp_trusted(stamp: &koers_sign::Timestamp, trust: &TrustStore) -> Result<(), String> {
    if trust.timestamp_authorities.is_empty() {
        return Ok(());
    }
    let facts = koers_sign::CertificateFacts::from_der(&stamp.certificate_der)?;
    let listed = trust.timestamp_authorities.contains(&stamp.certificate_der);
    let issued = !listed
        && trust
            .timestamp_authorities
            .iter()
            .any(|ca| koers_sign::issued_by(&stamp.certificate_der, ca));
    if !listed && !issued {
        return Err(format!(
            "the timestamp is from {}, an authority the plan does not trust",
            stamp.authority
        ));
    }
    // A CA the plan names vouches only for timestamp authorities: a
    // certificate it issued for anything else (an approver's own) is not
    // a clock.
    if !koers_sign::is_timestamping(&stamp.certificate_der)
        || (issued && koers_sign::is_ca(&stamp.certificate_der))
    {
        return Err(format!(
            "the timestamp is signed by {}, whose certificate is not a timestamp authority's (a critical extended key usage for timestamping alone, and no CA)",
            stamp.authority
        ));
    }
    if stamp.time < facts.not_before || stamp.time > facts.not_after {
        return Err(format!(
            "the timestamp authority's certificate was not valid at {}",
            rfc3339(stamp.time)
        ));
    }
    Ok(())
}

/// Whether a certificate is the one an approver's pin is about (its
/// fingerprint, or its subject's serial number), before any judgement of it:
/// how `approve` finds whose certificate it was given.
pub fn pin_names(approver: &Approver, certificate: &koers_sign::CertificateFacts) -> bool {
    match (approver.pinned_sha256(), &approver.subject_serial) {
        (Some(pin), _) => pin == certificate.sha256,
        (None, Some(serial)) => certificate.subject_serial.as_deref() == Some(serial.as_str()),
        (None, None) => false,
    }
}

/// Whether a certificate is the approver's, judged at `at` (the proven
/// signing time), and if not, why. A `certificate_sha256` pin names the
/// certificate itself. A `subject_serial` + `issuer` pin is a rule on a
/// validated certification path: the certificate must chain to one of the
/// plan's trust anchors (through the certificates its signature carries or
/// the plan's intermediates), every certificate on the path valid at `at`,
/// and the CA that issued it on that path must be the pinned issuer. A name
/// alone proves nothing: anyone can make a CA of any name.
pub fn certificate_holds(
    approver: &Approver,
    certificate: &koers_sign::CertificateFacts,
    der: &[u8],
    carried: &[Vec<u8>],
    trust: &TrustStore,
    at: NaiveDateTime,
) -> Result<Vec<Vec<u8>>, Refusal> {
    if at < certificate.not_before || at > certificate.not_after {
        return Err(format!(
            "the certificate of {} was not valid at the signing time {} (valid {} to {})",
            approver.name,
            rfc3339(at),
            rfc3339(certificate.not_before),
            rfc3339(certificate.not_after)
        )
        .into());
    }
    if let Some(pin) = approver.pinned_sha256() {
        if pin != certificate.sha256 {
            return Err(format!(
                "the certificate (SHA-256 {}) is not the one pinned for {}",
                certificate.sha256, approver.name
            )
            .into());
        }
        // The pin names the certificate; its issuer, when the signature or
        // the plan carries it, is what a CRL is checked against.
        let issuer = carried
            .iter()
            .chain(&trust.intermediates)
            .chain(&trust.anchors)
            .find(|ca| koers_sign::issued_by(der, ca));
        return Ok(std::iter::once(der.to_vec())
            .chain(issuer.cloned())
            .collect());
    }
    let (Some(serial), Some(issuer)) = (&approver.subject_serial, &approver.issuer) else {
        return Err(format!("no certificate is pinned for {}", approver.name).into());
    };
    if certificate.subject_serial.as_deref() != Some(serial.as_str()) {
        return Err(format!(
            "the certificate's subject serial number ({}) is not the one pinned for {}",
            certificate.subject_serial.as_deref().unwrap_or("none"),
            approver.name
        )
        .into());
    }
    let candidates: Vec<Vec<u8>> = carried
        .iter()
        .chain(&trust.intermediates)
        .cloned()
        .collect();
    let path = koers_sign::path::validate(der, &candidates, &trust.anchors, at).map_err(|why| {
        format!(
            "the certificate of {} ({}) does not chain to the plan's trust anchors: {why}",
            approver.name, certificate.subject
        )
    })?;
    let issuing = path
        .get(1)
        .and_then(|der| koers_sign::CertificateFacts::from_der(der).ok())
        .ok_or("the certification path has no issuer")?;
    match issuing.subject_common_name.as_deref() == Some(issuer.as_str())
        || issuing.subject == *issuer
    {
        true => Ok(path),
        false => Err(format!(
            "the certificate was issued by {}, not by the issuer pinned for {} ({issuer})",
            issuing.subject, approver.name
        )
        .into()),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The bytes of a hex string; `None` when it is not one.
pub fn unhex(text: &str) -> Option<Vec<u8>> {
    let digits = text.as_bytes();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    digits
        .chunks_exact(2)
        .map(|pair| {
            std::str::from_utf8(pair)
                .ok()
                .and_then(|p| u8::from_str_radix(p, 16).ok())
        })
        .collect()
}
