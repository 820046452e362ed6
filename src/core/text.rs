//! Small text helpers every layer needs: places in text (line and column),
//! "did you mean" suggestions, the natural order of ids, and paths written
//! with `/` on every platform (as audit records and reports show them).

use std::cmp::Ordering;
use std::path::Path;

/// 1-based line and column of a byte offset in `text`.
/// The longest id (of a unit, objective, action, KPI): ids end up in file
/// names and table cells.
pub const MAX_ID_CHARS: usize = 64;

/// Characters that show as nothing: zero-width spaces and joiners, word
/// joiners, the byte-order mark, the soft hyphen, and the bidirectional
/// controls.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}')
        || is_bidi_control(c)
}

/// The bidirectional controls (embeddings, overrides, isolates and marks):
/// they reorder what a reader sees without changing the text a program
/// reads, the "Trojan Source" trick. No report text needs them.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// A text as a report may show it: line ends as `\n`, and neither control
/// characters (which draw as nothing, or as a box no font has) nor
/// bidirectional controls. Returns the first character removed, for the
/// warning that names the place.
pub fn clean(text: &str) -> (String, Option<char>) {
    // Every character removed here is below U+0020, is U+007F, or starts
    // with one of three lead bytes (U+0080–U+009F: 0xC2; U+061C: 0xD8; the
    // U+20xx controls: 0xE2): most texts need no look at their characters.
    let suspect = |b: &u8| {
        (*b < 0x20 && !matches!(b, b'\n' | b'\t')) || matches!(b, 0x7F | 0xC2 | 0xD8 | 0xE2)
    };
    // Looked at 32 bytes at a time without stopping early inside a block,
    // which the compiler turns into vector instructions.
    let mut blocks = text.as_bytes().chunks_exact(32);
    let any_suspect = blocks
        .by_ref()
        .any(|block| block.iter().fold(false, |found, b| found | suspect(b)))
        || blocks.remainder().iter().any(suspect);
    if !any_suspect {
        return (text.to_string(), None);
    }
    let unwanted =
        |c: char| (c.is_control() && !matches!(c, '\n' | '\t' | '\r')) || is_bidi_control(c);
    let first = text.chars().find(|c| unwanted(*c));
    if first.is_none() && !text.contains('\r') {
        return (text.to_string(), None);
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    (text.chars().filter(|c| !unwanted(*c)).collect(), first)
}

/// A text whose words longer than a table cell (an URL, a reference number
/// run together) may break: a zero-width space every 20 characters inside
/// any word over 30, so the word wraps inside its cell instead of running
/// off the page. Ordinary words are left alone.
pub fn breakable(text: &str) -> String {
    const LONG: usize = 30;
    const EVERY: usize = 20;
    if !text.split_whitespace().any(|w| w.chars().count() > LONG) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + text.len() / EVERY * 3);
    for word in text.split_inclusive(char::is_whitespace) {
        if word.trim_end().chars().count() > LONG {
            for (n, c) in word.chars().enumerate() {
                if n > 0 && n % EVERY == 0 && !c.is_whitespace() {
                    out.push('\u{200B}');
                }
                out.push(c);
            }
        } else {
            out.push_str(word);
        }
    }
    out
}

/// The warning for a character [`clean`] removed.
pub fn removed_message(c: char) -> String {
    let what = match is_bidi_control(c) {
        true => "a bidirectional control character",
        false => "a control character",
    };
    format!("{what} (U+{:04X}) was removed from the text", u32::from(c))
}

/// What two ids must differ in to be two ids: in Unicode NFC, without
/// invisible characters, ignoring case (`DVZ` and `dvz` name one file on
/// Windows and macOS).
pub fn id_key(id: &str) -> IdKey<'_> {
    use unicode_normalization::UnicodeNormalization;
    // ASCII is already NFC and holds no invisible character: most ids are
    // their own key, compared without regard to ASCII case (a year's
    // 10,000 ids are not copied to be compared).
    if id.is_ascii() {
        return IdKey(id.into());
    }
    IdKey(
        id.nfc()
            .filter(|c| !is_invisible(*c))
            .flat_map(char::to_lowercase)
            .collect::<String>()
            .into(),
    )
}

/// An id as [`id_key`] compares it: hashed and compared without regard to
/// ASCII case (a key outside ASCII is already in lower case).
#[derive(Debug, Clone)]
pub struct IdKey<'a>(std::borrow::Cow<'a, str>);

impl PartialEq for IdKey<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(&other.0)
    }
}

impl Eq for IdKey<'_> {}

impl std::hash::Hash for IdKey<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let mut lower = [0u8; 32];
        for chunk in self.0.as_bytes().chunks(lower.len()) {
            for (to, from) in lower.iter_mut().zip(chunk) {
                *to = from.to_ascii_lowercase();
            }
            state.write(lower.get(..chunk.len()).unwrap_or_default());
        }
        state.write_u8(0xFF);
    }
}

pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before
        .get(line_start..)
        .map_or(1, |s| s.chars().count() + 1);
    (line, column)
}

/// The candidate closest to `wanted` by edit distance, for "did you mean"
/// hints. Only offered when it is plausibly a typo.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&wanted_lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(wanted.chars().count()) / 2).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = Vec::with_capacity(previous.len());
        current.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous
                .get(j)
                .map_or(usize::MAX, |d| d + usize::from(ca != *cb));
            let deletion = previous.get(j + 1).map_or(usize::MAX, |d| d + 1);
            let insertion = current.last().map_or(usize::MAX, |d| d + 1);
            current.push(substitution.min(deletion).min(insertion));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or_default()
}

/// Compares ids so that numbers inside them sort by value: `A-2` < `A-10`.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    fn chunks(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut previous: Option<bool> = None;
        for (i, c) in s.char_indices() {
            let digit = c.is_ascii_digit();
            if let Some(was) = previous.filter(|was| *was != digit) {
                out.extend(s.get(start..i).map(|chunk| (was, chunk)));
                start = i;
            }
            previous = Some(digit);
        }
        if let Some(was) = previous {
            out.extend(s.get(start..).map(|chunk| (was, chunk)));
        }
        out
    }
    let (ca, cb) = (chunks(a), chunks(b));
    for ((da, x), (db, y)) in ca.iter().zip(&cb) {
        let order = if *da && *db {
            let (x, y) = (x.trim_start_matches('0'), y.trim_start_matches('0'));
            x.len().cmp(&y.len()).then_with(|| x.cmp(y))
        } else {
            x.cmp(y)
        };
        if order.is_ne() {
            return order;
        }
    }
    ca.len().cmp(&cb.len()).then_with(|| a.cmp(b))
}

/// A relative path with `/` separators, whatever the platform.
pub fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_differing_in_case_accents_encoding_or_invisibles_are_one_key() {
        use std::hash::BuildHasher;
        let one = std::collections::hash_map::RandomState::new();
        let hash = |id: &str| one.hash_one(id_key(id));
        for (a, b) in [
            ("DVZ-2023-01", "dvz-2023-01"),
            ("A\u{200B}B", "ab"),
            ("Caf\u{E9}", "CAFE\u{301}"),
            (
                "a-very-long-action-identifier-of-40-chars",
                "A-VERY-LONG-ACTION-IDENTIFIER-OF-40-CHARS",
            ),
        ] {
            assert_eq!(id_key(a), id_key(b), "{a} {b}");
            assert_eq!(hash(a), hash(b), "{a} {b}");
        }
        for (a, b) in [("A-1", "A-2"), ("ab", "a-b"), ("caf\u{E9}", "cafe")] {
            assert_ne!(id_key(a), id_key(b), "{a} {b}");
        }
    }

    #[test]
    fn line_column_counts_from_one() {
        let text = "ab\ncdé\nf";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, 7), (2, 4));
        assert_eq!(line_column(text, 999), (3, 2));
    }

    #[test]
    fn closest_suggests_typos_only() {
        let ids = ["OD1.1.1", "OD1.1.2", "OD2.1.1"];
        assert_eq!(closest("OD1.1.3", ids), Some("OD1.1.1"));
        assert_eq!(closest("od2.1.1", ids), Some("OD2.1.1"));
        assert_eq!(closest("completely-else", ids), None);
    }

    #[test]
    fn ids_sort_naturally() {
        let mut ids = vec!["A-DVZ-10", "A-DVZ-2", "A-CS-1", "A-DVZ-02", "B", "A"];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            ids,
            vec!["A", "A-CS-1", "A-DVZ-02", "A-DVZ-2", "A-DVZ-10", "B"]
        );
    }
}
