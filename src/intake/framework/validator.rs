//! The checks of `framework.toml` that serde cannot make: ids that are
//! unique and well formed, references that resolve, and texts present in
//! every language of the plan, each reported on its line.

use std::collections::HashMap;
use std::path::Path;

use std::ops::Range;

use super::*;
use crate::core::text::{closest, line_column};
use crate::diagnostics::Diagnostic;

/// Checks what serde cannot: ids, references and languages.
pub(super) struct Validator<'a> {
    text: &'a str,
    file: &'a Path,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Validator<'a> {
    pub(super) fn new(text: &'a str, file: &'a Path) -> Self {
        Self {
            text,
            file,
            diagnostics: Vec::new(),
        }
    }

    fn error(&mut self, span: &Range<usize>, message: String, hint: Option<String>) {
        let (line, column) = line_column(self.text, span.start);
        let mut d = Diagnostic::error(self.file, message).at(line, column);
        if let Some(hint) = hint {
            d = d.hint(hint);
        }
        self.diagnostics.push(d);
    }

    /// With signed approvals, each approver needs a pin that can match.
    fn check_pin(&mut self, fw: &Framework, approver: &super::Approver) {
        let span = &approver.role.span;
        if approver
            .pinned_sha256()
            .is_some_and(|hex| !is_sha256_hex(&hex))
        {
            self.error(
                span,
                format!(
                    "certificate_sha256 of `{}` is not a SHA-256 in hex",
                    approver.name
                ),
                Some("take it from `openssl x509 -in cert.pem -noout -fingerprint -sha256`".into()),
            );
        }
        if approver.subject_serial.is_some() != approver.issuer.is_some() {
            self.error(
                span,
                format!(
                    "`{}` has only half a pin: subject_serial and issuer go together",
                    approver.name
                ),
                Some("give both, or certificate_sha256 instead".into()),
            );
        }
        if fw.signoff.approvals == super::ApprovalMode::Signed
            && approver.certificate_sha256.is_none()
            && approver.subject_serial.is_some()
            && fw.trust.anchors.is_empty()
        {
            self.error(
                span,
                format!(
                    "`{}` is pinned by an issuer's name, but the plan names no trust anchor: anyone can make a CA of that name",
                    approver.name
                ),
                Some(
                    "add [trust] anchors = [\"root-ca.pem\"] (the root CA certificate, a file beside framework.toml; and intermediates = […] if the signatures do not carry them), or pin certificate_sha256 instead"
                        .into(),
                ),
            );
        }
        if fw.signoff.approvals == super::ApprovalMode::Signed && !approver.has_pin() {
            self.error(
                span,
                format!(
                    "approver `{}` has no certificate pin, so no signature could count as theirs",
                    approver.name
                ),
                Some(
                    "add certificate_sha256 = \"…\", or subject_serial and issuer (for an eID); \
                      or, without a PKI, set approvals = \"recorded\" under [signoff]"
                        .into(),
                ),
            );
        }
    }

    pub(super) fn run(mut self, fw: &Framework) -> Vec<Diagnostic> {
        self.check_plan(fw);
        if fw.signoff.require_timestamp && fw.trust.timestamp_authorities.is_empty() {
            let at = self.text.find("require_timestamp").unwrap_or(0);
            self.error(
                &(at..at),
                "require_timestamp is set, but the plan names no timestamp authority it trusts".into(),
                Some("add [trust] timestamp_authorities = [\"tsa.pem\"] (the authority's certificate, or its CA's, beside framework.toml)".into()),
            );
        }
        if fw
            .seal
            .as_ref()
            .is_some_and(|seal| !is_sha256_hex(&seal.sha256()))
        {
            let at = self.text.find("[seal]").unwrap_or(0);
            self.error(
                &(at..at),
                "[seal] certificate_sha256 is not a SHA-256 in hex".into(),
                Some("openssl x509 -in seal.pem -noout -fingerprint -sha256".into()),
            );
        }
        self.check_ids("value", fw.values.iter().map(|v| &v.id));
        self.check_ids("unit", fw.units.iter().map(|u| &u.id));
        self.check_ids("priority", fw.priorities.iter().map(|p| &p.id));
        self.check_ids(
            "strategic objective",
            fw.strategic_objectives.iter().map(|o| &o.id),
        );
        self.check_ids(
            "operational objective",
            fw.operational_objectives.iter().map(|o| &o.id),
        );
        self.check_objective_ids_distinct(fw);
        let mut approvers: Vec<&str> = Vec::new();
        for approver in &fw.approvers {
            if approvers.contains(&approver.name.as_str()) {
                self.error(
                    &approver.role.span,
                    format!("approver `{}` is listed twice", approver.name),
                    Some("each approver approves once; remove the second entry".into()),
                );
            }
            approvers.push(&approver.name);
            self.check_pin(fw, approver);
        }
        for unit in &fw.units {
            if unit.id.as_str().eq_ignore_ascii_case(ORGANISATION_SCOPE) {
                self.error(
                    &unit.id.span,
                    format!(
                        "unit id `{}` is reserved for the whole-organisation report",
                        unit.id
                    ),
                    Some("choose another id for this unit".into()),
                );
            }
        }
        self.check_references(fw);
        self.check_languages(fw);
        let rag = fw.rag;
        if rag.group_amber > rag.group_red || rag.group_red > 100 || rag.kpi_tolerance > 100 {
            self.diagnostics.push(
                Diagnostic::error(self.file, "[rag] thresholds must satisfy group_amber <= group_red <= 100 and kpi_tolerance <= 100")
                    .hint("the defaults are kpi_tolerance = 10, group_amber = 10, group_red = 25"),
            );
        }
        if fw.priorities.is_empty() {
            self.diagnostics.push(Diagnostic::error(
                self.file,
                "the plan has no [[priorities]]",
            ));
        }
        self.diagnostics
    }

    fn check_plan(&mut self, fw: &Framework) {
        let plan = &fw.plan;
        self.check_id_syntax(&plan.id);
        if plan.start_year > plan.end_year {
            self.error(
                &plan.id.span,
                format!(
                    "plan.start_year ({}) is after plan.end_year ({})",
                    plan.start_year, plan.end_year
                ),
                None,
            );
        }
        if plan.languages.is_empty() {
            self.error(
                &plan.id.span,
                "plan.languages is empty".into(),
                Some("list the report languages, e.g. languages = [\"nl\", \"fr\"]".into()),
            );
        }
        let mut seen = Vec::new();
        for lang in &plan.languages {
            if seen.contains(lang) {
                self.error(
                    &plan.id.span,
                    format!("language `{lang}` is listed twice in plan.languages"),
                    None,
                );
            }
            seen.push(*lang);
        }
    }

    fn check_id_syntax(&mut self, id: &Id) {
        let valid = !id.value.is_empty()
            && id
                .value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if !valid {
            self.error(
                &id.span,
                format!("`{}` is not a valid id", id.value),
                Some("ids use only letters, digits, `.`, `_` and `-`".into()),
            );
        }
        let max = crate::core::text::MAX_ID_CHARS;
        if id.value.chars().count() > max {
            self.error(
                &id.span,
                format!("id `{}` is longer than {max} characters", id.value),
                None,
            );
        }
    }

    fn check_ids<'i>(&mut self, kind: &str, ids: impl IntoIterator<Item = &'i Id>) {
        // Ids name files (a unit's reports): `DVZ` and `dvz` would be one
        // file on Windows and macOS, so case does not tell ids apart.
        let mut seen: HashMap<crate::core::text::IdKey, &Id> = HashMap::new();
        for id in ids {
            self.check_id_syntax(id);
            let key = crate::core::text::id_key(id.as_str());
            if let Some(first) = seen.get(&key) {
                let (line, _) = line_column(self.text, first.span.start);
                let message = match first.as_str() == id.as_str() {
                    true => format!("duplicate {kind} id `{id}`"),
                    false => format!(
                        "duplicate {kind} id `{id}`: it differs from `{}` only in case",
                        first.as_str()
                    ),
                };
                self.error(
                    &id.span,
                    message,
                    Some(format!("it is first defined on line {line}")),
                );
            } else {
                seen.insert(key, id);
            }
        }
    }

    /// Actions may point at either kind of objective, so an id may not mean both.
    fn check_objective_ids_distinct(&mut self, fw: &Framework) {
        for oo in &fw.operational_objectives {
            if let Some(so) = fw.strategic_objective(oo.id.as_str()) {
                let (line, _) = line_column(self.text, so.id.span.start);
                self.error(
                    &oo.id.span,
                    format!(
                        "operational objective id `{}` is also a strategic objective id",
                        oo.id
                    ),
                    Some(format!("the strategic objective is defined on line {line}")),
                );
            }
        }
    }

    fn check_references(&mut self, fw: &Framework) {
        let priority_ids: Vec<&str> = fw.priorities.iter().map(|p| p.id.as_str()).collect();
        let so_ids: Vec<&str> = fw
            .strategic_objectives
            .iter()
            .map(|o| o.id.as_str())
            .collect();
        let unit_ids: Vec<&str> = fw.units.iter().map(|u| u.id.as_str()).collect();
        for so in &fw.strategic_objectives {
            if so.priorities.is_empty() {
                self.error(
                    &so.id.span,
                    format!("strategic objective `{}` has no priorities", so.id),
                    Some("add priorities = [\"P1\"] with at least one priority id".into()),
                );
            }
            for p in &so.priorities {
                self.reference(
                    p,
                    &priority_ids,
                    "priority",
                    &format!("strategic objective `{}`", so.id),
                );
            }
        }
        for oo in &fw.operational_objectives {
            let user = format!("operational objective `{}`", oo.id);
            self.reference(
                &oo.strategic_objective,
                &so_ids,
                "strategic objective",
                &user,
            );
            self.reference(&oo.unit, &unit_ids, "unit", &user);
        }
    }

    fn reference(&mut self, id: &Id, known: &[&str], kind: &str, user: &str) {
        if known.contains(&id.as_str()) {
            return;
        }
        let hint = match closest(id.as_str(), known.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("known {kind} ids: {}", known.join(", ")),
        };
        self.error(
            &id.span,
            format!("unknown {kind} id `{id}` in {user}"),
            Some(hint),
        );
    }

    fn check_languages(&mut self, fw: &Framework) {
        let languages = fw.plan.languages.clone();
        for unit in &fw.units {
            if let Some(lang) = unit.language.filter(|l| !languages.contains(l)) {
                self.error(
                    &unit.id.span,
                    format!(
                        "unit `{}` works in `{lang}`, which is not one of plan.languages",
                        unit.id.value
                    ),
                    Some(
                        "give the unit one of the plan's languages, or add it to plan.languages"
                            .into(),
                    ),
                );
            }
        }
        // A name is compared with certificates and typed on the command
        // line: one that hides characters is refused, not cleaned.
        let names = fw
            .plan
            .signatories
            .iter()
            .map(|s| (&s.name, &s.role.span))
            .chain(fw.approvers.iter().map(|a| (&a.name, &a.role.span)));
        for (name, span) in names {
            if let Some(c) = name
                .chars()
                .find(|c| c.is_control() || crate::core::text::is_invisible(*c))
            {
                self.error(
                    span,
                    format!(
                        "the name `{}` holds an invisible or control character (U+{:04X})",
                        name.escape_debug(),
                        u32::from(c)
                    ),
                    Some("retype the name".into()),
                );
            }
        }
        let mut texts: Vec<(&Loc, String)> = vec![
            (&fw.plan.organisation, "plan.organisation".into()),
            (&fw.plan.title, "plan.title".into()),
            (&fw.mission.text, "mission.text".into()),
            (&fw.vision.text, "vision.text".into()),
        ];
        texts.extend(
            fw.plan
                .signatories
                .iter()
                .map(|s| (&s.role, format!("role of {}", s.name))),
        );
        texts.extend(
            fw.mission
                .domains
                .iter()
                .enumerate()
                .map(|(i, d)| (d, format!("mission.domains[{}]", i + 1))),
        );
        texts.extend(
            fw.vision
                .commitments
                .iter()
                .enumerate()
                .map(|(i, c)| (c, format!("vision.commitments[{}]", i + 1))),
        );
        texts.extend(
            fw.values
                .iter()
                .map(|v| (&v.name, format!("name of value `{}`", v.id))),
        );
        texts.extend(
            fw.units
                .iter()
                .map(|u| (&u.name, format!("name of unit `{}`", u.id))),
        );
        texts.extend(
            fw.priorities
                .iter()
                .map(|p| (&p.title, format!("title of priority `{}`", p.id))),
        );
        texts.extend(
            fw.strategic_objectives
                .iter()
                .map(|o| (&o.title, format!("title of strategic objective `{}`", o.id))),
        );
        texts.extend(fw.operational_objectives.iter().map(|o| {
            (
                &o.title,
                format!("title of operational objective `{}`", o.id),
            )
        }));
        texts.extend(
            fw.approvers
                .iter()
                .map(|a| (&a.role, format!("role of approver {}", a.name))),
        );
        for (loc, what) in texts {
            if let Some(c) = loc.removed {
                let (line, column) = line_column(self.text, loc.span.start);
                self.diagnostics.push(
                    Diagnostic::warning(
                        self.file,
                        format!("{what}: {}", crate::core::text::removed_message(c)),
                    )
                    .at(line, column),
                );
            }
            let missing: Vec<&str> = languages
                .iter()
                .filter(|l| !loc.has(**l))
                .map(|l| l.code())
                .collect();
            if !missing.is_empty() {
                self.error(
                    &loc.span,
                    format!("{what} has no text in {}", missing.join(", ")),
                    Some(format!("add {} = \"…\"", missing.join(" = \"…\", "))),
                );
            }
        }
    }
}

/// Whether a pin, as compared, is a SHA-256: 64 hex digits.
fn is_sha256_hex(pin: &str) -> bool {
    pin.len() == 64 && pin.chars().all(|c| c.is_ascii_hexdigit())
}
