//! The fixed vocabularies of the input contract: action statuses and KPI
//! directions, with every spelling the units may use, and the folding rule
//! (case, accents, spaces) they are matched under. Intake parses them,
//! validation and the report reason about them, the wording catalogs name
//! them: one definition for all.

use serde::Serialize;

/// The status of an action, canonical codes as in the input contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    NotStarted,
    OnTrack,
    AtRisk,
    Delayed,
    Completed,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::NotStarted,
        Status::OnTrack,
        Status::AtRisk,
        Status::Delayed,
        Status::Completed,
        Status::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::OnTrack => "on_track",
            Status::AtRisk => "at_risk",
            Status::Delayed => "delayed",
            Status::Completed => "completed",
            Status::Cancelled => "cancelled",
        }
    }

    /// Accepted spellings, canonical first; compared after [`normalize`].
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Status::NotStarted => &[
                "not_started",
                "not started",
                "niet gestart",
                "pas commencé",
                "pas commence",
                "non commencé",
                "todo",
            ],
            Status::OnTrack => &[
                "on_track",
                "on track",
                "op schema",
                "lopend",
                "en cours",
                "in uitvoering",
                "ongoing",
                "in progress",
            ],
            Status::AtRisk => &[
                "at_risk",
                "at risk",
                "risico",
                "à risque",
                "a risque",
                "en risque",
            ],
            Status::Delayed => &["delayed", "vertraagd", "en retard", "late"],
            Status::Completed => &[
                "completed",
                "afgerond",
                "voltooid",
                "terminé",
                "achevé",
                "fini",
                "finie",
                "clôturé",
                "done",
                "gerealiseerd",
                "réalisé",
            ],
            Status::Cancelled => &[
                "cancelled",
                "canceled",
                "geannuleerd",
                "annulé",
                "stopgezet",
            ],
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        let wanted = normalize(text);
        Status::ALL
            .into_iter()
            .find(|s| s.synonyms().iter().any(|syn| normalize(syn) == wanted))
    }
}

/// Whether a higher or a lower value of an indicator is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Higher,
    Lower,
}

impl Direction {
    pub fn parse(text: &str) -> Option<Direction> {
        match normalize(text).as_str() {
            "higher" | "hoger" | "hausse" | "up" | "plushaut" | "higherisbetter" => {
                Some(Direction::Higher)
            }
            "lower" | "lager" | "baisse" | "down" | "plusbas" | "lowerisbetter" => {
                Some(Direction::Lower)
            }
            _ => None,
        }
    }
}

/// Folds a header or vocabulary word the way the contract says: lower case,
/// accents removed, spaces, `_` and `-` dropped.
pub fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '\u{feff}'))
        .flat_map(char::to_lowercase)
        .map(fold_accent)
        .collect()
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        '’' => '\'',
        other => other,
    }
}
