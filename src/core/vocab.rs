//! The fixed vocabularies of the input contract: action statuses and KPI
//! directions, with every spelling the units may use, and the folding rule
//! (case, accents, spaces) they are matched under. Intake parses them,
//! validation and the report reason about them, the wording catalogs name
//! them: one definition for all.

use serde::Serialize;

use super::Lang;

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
                "nicht begonnen",
                "todo",
            ],
            Status::OnTrack => &[
                "on_track",
                "on track",
                "op schema",
                "lopend",
                "en cours",
                "in uitvoering",
                "planmäßig",
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
                "gefährdet",
            ],
            Status::Delayed => &["delayed", "vertraagd", "en retard", "verzögert", "late"],
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
                "abgeschlossen",
            ],
            Status::Cancelled => &[
                "cancelled",
                "canceled",
                "geannuleerd",
                "annulé",
                "stopgezet",
                "abgebrochen",
            ],
        }
    }

    /// The word a unit picks from the status list of a sheet Koers writes
    /// (`koers sheets`), in the sheet's language; [`Status::parse`] reads it
    /// back.
    pub fn sheet_word(self, lang: crate::core::Lang) -> &'static str {
        use crate::core::Lang::{De, En, Fr, Nl};
        match (self, lang) {
            (Status::NotStarted, Nl) => "niet gestart",
            (Status::NotStarted, Fr) => "pas commencé",
            (Status::NotStarted, De) => "nicht begonnen",
            (Status::NotStarted, En) => "not started",
            (Status::OnTrack, Nl) => "op schema",
            (Status::OnTrack, Fr) => "en cours",
            (Status::OnTrack, De) => "planmäßig",
            (Status::OnTrack, En) => "on track",
            (Status::AtRisk, Nl) => "risico",
            (Status::AtRisk, Fr) => "à risque",
            (Status::AtRisk, De) => "gefährdet",
            (Status::AtRisk, En) => "at risk",
            (Status::Delayed, Nl) => "vertraagd",
            (Status::Delayed, Fr) => "en retard",
            (Status::Delayed, De) => "verzögert",
            (Status::Delayed, En) => "delayed",
            (Status::Completed, Nl) => "afgerond",
            (Status::Completed, Fr) => "terminé",
            (Status::Completed, De) => "abgeschlossen",
            (Status::Completed, En) => "completed",
            (Status::Cancelled, Nl) => "geannuleerd",
            (Status::Cancelled, Fr) => "annulé",
            (Status::Cancelled, De) => "abgebrochen",
            (Status::Cancelled, En) => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        // Every synonym folded once: a status is parsed for every row.
        static FOLDED: std::sync::OnceLock<Vec<(String, Status)>> = std::sync::OnceLock::new();
        let folded = FOLDED.get_or_init(|| {
            Status::ALL
                .into_iter()
                .flat_map(|s| s.synonyms().iter().map(move |syn| (normalize(syn), s)))
                .collect()
        });
        // Most cells hold a synonym exactly as the contract spells it.
        let exact = Status::ALL
            .into_iter()
            .find(|s| s.synonyms().contains(&text));
        if exact.is_some() {
            return exact;
        }
        let wanted = normalize(text);
        folded
            .iter()
            .find(|(syn, _)| *syn == wanted)
            .map(|(_, s)| *s)
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
    /// The word a unit's sheet shows (English for German sheets, whose
    /// words the reader does not know).
    pub fn sheet_word(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Direction::Higher, Lang::Nl) => "hoger",
            (Direction::Lower, Lang::Nl) => "lager",
            (Direction::Higher, Lang::Fr) => "hausse",
            (Direction::Lower, Lang::Fr) => "baisse",
            (Direction::Higher, _) => "higher",
            (Direction::Lower, _) => "lower",
        }
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Lang;

    #[test]
    fn every_sheet_word_reads_back_as_its_status() {
        for status in Status::ALL {
            for lang in Lang::ALL {
                assert_eq!(Status::parse(status.sheet_word(lang)), Some(status));
            }
        }
    }
}
