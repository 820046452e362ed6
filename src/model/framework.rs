//! The strategic plan as typed data: `framework.toml`'s one definition,
//! for reading (serde) and for every layer that uses the plan. Reading it
//! strictly, with every problem at its line, is `intake::framework`.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use crate::core::Lang;

/// An id from the framework, remembering where it was written so problems
/// with it can point at the line.
#[derive(Debug, Clone)]
pub struct Id {
    pub value: String,
    pub span: Range<usize>,
}

impl Id {
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = toml::Spanned::<String>::deserialize(deserializer)?;
        Ok(Id {
            span: spanned.span(),
            value: spanned.into_inner(),
        })
    }
}

/// Localized text: a plain string (the same in every language) or one text
/// per language.
///
/// Texts are cleaned as cell texts are: control and bidirectional control
/// characters removed (the first one kept in `removed` for the warning),
/// and words too long for a line given break opportunities.
#[derive(Debug, Clone)]
pub struct Loc {
    texts: LocTexts,
    pub span: Range<usize>,
    /// The first character cleaning removed, if any.
    pub removed: Option<char>,
}

#[derive(Debug, Clone)]
enum LocTexts {
    Plain(String),
    PerLang(BTreeMap<Lang, String>),
}

impl Loc {
    /// The text in `lang`; when that language is missing (which validation
    /// reports as an error), the first language present, so callers never
    /// get nothing.
    pub fn get(&self, lang: Lang) -> &str {
        match &self.texts {
            LocTexts::Plain(text) => text,
            LocTexts::PerLang(map) => map
                .get(&lang)
                .or_else(|| map.values().next())
                .map_or("", String::as_str),
        }
    }

    /// The text an edition in `lang` shows, and the language it is in when
    /// that is not `lang` (an edition in a language the plan does not
    /// have): `first`'s text, else any. A plain text is the plan's own.
    pub fn shown(&self, lang: Lang, first: Lang) -> (&str, Option<Lang>) {
        match &self.texts {
            LocTexts::Plain(text) => (text, None),
            LocTexts::PerLang(map) => {
                let found = map
                    .get_key_value(&lang)
                    .or_else(|| map.get_key_value(&first))
                    .or_else(|| map.iter().next());
                match found {
                    Some((l, text)) => (text, (*l != lang).then_some(*l)),
                    None => ("", None),
                }
            }
        }
    }

    pub fn has(&self, lang: Lang) -> bool {
        match &self.texts {
            LocTexts::Plain(_) => true,
            LocTexts::PerLang(map) => map.contains_key(&lang),
        }
    }
}

impl<'de> Deserialize<'de> for Loc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = toml::Spanned::<LocTexts>::deserialize(deserializer)?;
        let span = spanned.span();
        let mut removed = None;
        let mut shown = |text: String| {
            let (text, first) = crate::core::text::clean(&text);
            removed = removed.or(first);
            crate::core::text::breakable(&text)
        };
        let texts = match spanned.into_inner() {
            LocTexts::Plain(text) => LocTexts::Plain(shown(text)),
            LocTexts::PerLang(map) => LocTexts::PerLang(
                map.into_iter()
                    .map(|(lang, text)| (lang, shown(text)))
                    .collect(),
            ),
        };
        Ok(Loc {
            span,
            texts,
            removed,
        })
    }
}

impl<'de> Deserialize<'de> for LocTexts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LocVisitor;

        impl<'de> Visitor<'de> for LocVisitor {
            type Value = LocTexts;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a table of languages like { nl = \"…\", fr = \"…\" }")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<LocTexts, E> {
                Ok(LocTexts::Plain(v.to_string()))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LocTexts, A::Error> {
                let mut texts = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    let lang = Lang::from_code(&key).ok_or_else(|| {
                        de::Error::custom(format!(
                            "unknown language `{key}`, expected one of nl, fr, de, en"
                        ))
                    })?;
                    texts.insert(lang, map.next_value::<String>()?);
                }
                if texts.is_empty() {
                    return Err(de::Error::custom(
                        "a localized text needs at least one language",
                    ));
                }
                Ok(LocTexts::PerLang(texts))
            }
        }

        deserializer.deserialize_any(LocVisitor)
    }
}

fn date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    let value = toml::Value::deserialize(deserializer)?;
    let text = match &value {
        toml::Value::Datetime(dt) => dt.to_string(),
        toml::Value::String(s) => s.clone(),
        other => {
            return Err(de::Error::custom(format!(
                "expected a date like 2022-05-17, found {}",
                other.type_str()
            )));
        }
    };
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map_err(|_| de::Error::custom(format!("expected a date like 2022-05-17, found `{text}`")))
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    pub plan: Plan,
    pub mission: Mission,
    #[serde(default)]
    pub values: Vec<Value>,
    pub vision: Vision,
    pub units: Vec<Unit>,
    pub priorities: Vec<Priority>,
    #[serde(default)]
    pub strategic_objectives: Vec<StrategicObjective>,
    #[serde(default)]
    pub operational_objectives: Vec<OperationalObjective>,
    #[serde(default)]
    pub approvers: Vec<Approver>,
    #[serde(default)]
    pub signoff: SignoffRules,
    /// The certificates approvers' certificates must chain to.
    #[serde(default)]
    pub trust: TrustFiles,
    /// The seal every FINAL report must carry, when the plan requires one.
    #[serde(default)]
    pub seal: Option<SealRule>,
    #[serde(default)]
    pub rag: RagRules,
    #[serde(default)]
    pub report: ReportRules,
}

/// How much a report shows, so it stays readable at any size of plan.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReportRules {
    /// How many actions the summary's "actions needing attention" shows
    /// (the most urgent first); the rest are counted and left to the
    /// chapters and unit reports.
    pub attention: usize,
    /// Above this many actions in a year, the organisation report shows the
    /// objectives with their figures and leaves the action lists to the
    /// unit reports.
    pub list_actions_up_to: usize,
    /// How many examples of each kind of finding the data-quality annex
    /// shows per unit; all of them are in the attached findings CSV.
    pub finding_examples: usize,
}

impl Default for ReportRules {
    fn default() -> Self {
        Self {
            attention: 10,
            list_actions_up_to: 400,
            finding_examples: 3,
        }
    }
}

/// The thresholds of the red/amber/green statuses, printed in every report's
/// annex so a reader can re-perform them. All are percentages.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RagRules {
    /// A KPI that misses its target by at most this share of the target is
    /// amber rather than red.
    pub kpi_tolerance: u32,
    /// A group whose share of actions at risk or delayed exceeds this is amber.
    pub group_amber: u32,
    /// A group whose share of actions at risk or delayed exceeds this is red.
    pub group_red: u32,
}

impl Default for RagRules {
    fn default() -> Self {
        Self {
            kpi_tolerance: 10,
            group_amber: 10,
            group_red: 25,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub id: Id,
    pub organisation: Loc,
    pub title: Loc,
    pub start_year: i32,
    pub end_year: i32,
    #[serde(deserialize_with = "date")]
    pub signed_on: NaiveDate,
    pub languages: Vec<Lang>,
    #[serde(default)]
    pub signatories: Vec<Person>,
    /// The organisation's logo: an SVG or PNG file beside framework.toml,
    /// shown on the cover and in the running header.
    #[serde(default)]
    pub logo: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    pub role: Loc,
}

/// Who must approve each annual report, and how their signature is known.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approver {
    pub name: String,
    pub role: Loc,
    /// The certificate the approver signs with, by its SHA-256 (hex, colons
    /// allowed): the strictest pin.
    #[serde(default)]
    pub certificate_sha256: Option<String>,
    /// Or a rule: the serialNumber attribute of the certificate's subject
    /// (on a Belgian eID, the national register number) ...
    #[serde(default)]
    pub subject_serial: Option<String>,
    /// ... together with its issuer: the issuer's common name
    /// (`Citizen CA`) or its whole name as RFC 4514 text.
    #[serde(default)]
    pub issuer: Option<String>,
}

impl Approver {
    /// The `certificate_sha256` pin, in the form it is compared in.
    pub fn pinned_sha256(&self) -> Option<String> {
        self.certificate_sha256.as_deref().map(sha256_pin)
    }

    pub fn has_pin(&self) -> bool {
        self.certificate_sha256.is_some()
            || (self.subject_serial.is_some() && self.issuer.is_some())
    }
}

/// `[trust]`: the CA certificates an approver's certificate must chain to,
/// as files beside framework.toml (PEM or DER). They are inputs like the
/// data: fingerprinted, attached, and covered by the approvals.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustFiles {
    /// Root (or other trusted) CA certificates: where a path must end.
    #[serde(default)]
    pub anchors: Vec<String>,
    /// CA certificates between an anchor and the approvers' certificates,
    /// when the signatures do not carry them.
    #[serde(default)]
    pub intermediates: Vec<String>,
    /// The timestamp authorities whose time counts: each its own
    /// certificate or the CA certificate that issued it.
    #[serde(default)]
    pub timestamp_authorities: Vec<String>,
}

/// The three lists of `[trust]`, by their key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrustList {
    Anchors,
    Intermediates,
    TimestampAuthorities,
}

impl TrustList {
    pub const ALL: [TrustList; 3] = [
        TrustList::Anchors,
        TrustList::Intermediates,
        TrustList::TimestampAuthorities,
    ];

    /// The key in framework.toml, as diagnostics name the field.
    pub fn field(self) -> &'static str {
        match self {
            TrustList::Anchors => "trust.anchors",
            TrustList::Intermediates => "trust.intermediates",
            TrustList::TimestampAuthorities => "trust.timestamp_authorities",
        }
    }
}

impl TrustFiles {
    pub fn list(&self, list: TrustList) -> &[String] {
        match list {
            TrustList::Anchors => &self.anchors,
            TrustList::Intermediates => &self.intermediates,
            TrustList::TimestampAuthorities => &self.timestamp_authorities,
        }
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        TrustList::ALL
            .into_iter()
            .flat_map(|l| self.list(l))
            .map(String::as_str)
    }
}

/// How approvals are given (`[signoff]` in framework.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ApprovalMode {
    /// Each approver signs with their own key (eID, `.p12`, token); the
    /// signature is checked against the approver's pinned certificate.
    #[default]
    Signed,
    /// Approvals are names recorded by `koers approve --name`, for
    /// organisations without a PKI; every report says so in words.
    Recorded,
}

/// `[seal]`: the organisation's seal every FINAL report of the plan must
/// carry. In the plan, so the approvals (over its fingerprint) cover the
/// requirement: a report with its seal cut off cannot claim it had none.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealRule {
    /// The seal's certificate, by its SHA-256 (hex, colons allowed).
    pub certificate_sha256: String,
}

impl SealRule {
    /// The pinned SHA-256, lower-case hex without separators.
    pub fn sha256(&self) -> String {
        sha256_pin(&self.certificate_sha256)
    }
}

/// A certificate's SHA-256 as a pin is written (hex, either case, colons
/// and spaces allowed) in the form it is compared in: lower-case hex.
pub fn sha256_pin(written: &str) -> String {
    written
        .chars()
        .filter(|c| *c != ':' && !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase()
}

#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignoffRules {
    #[serde(default)]
    pub approvals: ApprovalMode,
    /// Every signed approval must carry a timestamp from an authority of
    /// `[trust] timestamp_authorities`.
    #[serde(default)]
    pub require_timestamp: bool,
    /// Whether each signed approval must carry revocation evidence.
    #[serde(default)]
    pub revocation: RevocationRule,
}

/// `[signoff] revocation`: CRLs stored with an approval are always checked;
/// `"required"` also refuses an approval without a CRL, from the CA that
/// issued its certificate, in force at the signing time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RevocationRule {
    #[default]
    Checked,
    Required,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mission {
    pub text: Loc,
    #[serde(default)]
    pub domains: Vec<Loc>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Value {
    pub id: Id,
    pub name: Loc,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vision {
    pub text: Loc,
    #[serde(default)]
    pub commitments: Vec<Loc>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub id: Id,
    pub name: Loc,
    /// The language the unit works in: its sheets (`koers sheets`) are in
    /// it. One of the plan's languages; the plan's first when absent.
    #[serde(default)]
    pub language: Option<Lang>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Priority {
    pub id: Id,
    pub title: Loc,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StrategicObjective {
    pub id: Id,
    pub priorities: Vec<Id>,
    pub title: Loc,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationalObjective {
    pub id: Id,
    pub strategic_objective: Id,
    pub unit: Id,
    pub title: Loc,
}

/// The scope name of the whole-organisation report; no unit may take it.
pub const ORGANISATION_SCOPE: &str = "org";

impl Framework {
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.id.as_str() == id)
    }

    pub fn strategic_objective(&self, id: &str) -> Option<&StrategicObjective> {
        self.strategic_objectives
            .iter()
            .find(|o| o.id.as_str() == id)
    }

    pub fn operational_objective(&self, id: &str) -> Option<&OperationalObjective> {
        self.operational_objectives
            .iter()
            .find(|o| o.id.as_str() == id)
    }

    /// The language a unit works in (its sheets are in it).
    pub fn unit_language(&self, unit: &Unit) -> Lang {
        unit.language.unwrap_or_else(|| self.first_language())
    }

    /// The language that `title` columns of the progress files are in.
    pub fn first_language(&self) -> Lang {
        self.plan.languages.first().copied().unwrap_or(Lang::Nl)
    }
}
