//! The report languages. Every layer speaks of them, so they live at the
//! bottom: the framework names its languages, intake reads per-language
//! columns, and each report is written in one.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A report language. The contract allows these four.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Nl,
    Fr,
    De,
    En,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::Nl, Lang::Fr, Lang::De, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::Fr => "fr",
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code.trim()))
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The language other than `column` (the language of the column or file
/// the text was given in) that `text` is evidently written in, among
/// `among` and `column`: `None` when it reads as `column`'s, or is too
/// short to tell (a title of a few words), or the model is not sure. A
/// unit that types French under `Toelichting` is caught by this; a Dutch
/// text that borrows a French term is not.
pub fn other_language(text: &str, column: Lang, among: &[Lang]) -> Option<Lang> {
    // The column's own language is always a candidate: an English title
    // under `title_en` of a Dutch and French plan is English.
    let mut candidates = [column; Lang::ALL.len() + 1];
    let mut n = 1;
    for lang in among.iter().filter(|l| **l != column) {
        if let Some(slot) = candidates.get_mut(n) {
            *slot = *lang;
            n += 1;
        }
    }
    let among = candidates.get(..n).unwrap_or_default();
    // Below this many letters a trigram model guesses.
    if among.len() < 2 || !has_letters(text, 40) {
        return None;
    }
    match by_function_words(text, among) {
        Told::Clearly(lang) => return Some(lang).filter(|l| *l != column),
        // More of the column's language than of any other: the text is not
        // evidently in another, and is not sent to the model (most titles a
        // function word or two long stop here).
        Told::Leaning(lang) if lang == column => return None,
        Told::Leaning(_) | Told::Nothing => {}
    }
    // The same text comes back year after year (a carried-over action's
    // title) and in several files: each is looked at once per run.
    let set = among.iter().fold(0u8, |set, l| set | 1 << Texts::slot(*l));
    let known = memo().lock().ok().and_then(|m| {
        m.get(text)
            .and_then(|found| found.iter().find(|(s, _)| *s == set))
            .map(|(_, lang)| *lang)
    });
    let found = match known {
        Some(known) => known,
        None => {
            let found = identify(text, among);
            if let Ok(mut memo) = memo().lock()
                && memo.len() < MEMO_TEXTS
            {
                memo.entry(text.to_string()).or_default().push((set, found));
            }
            found
        }
    };
    found.filter(|l| *l != column)
}

/// Whether `text` has at least `wanted` letters. Counted eight ASCII bytes
/// at a time, as most texts have enough ASCII letters alone; letters
/// outside ASCII count too, looked at one by one only when needed.
fn has_letters(text: &str, wanted: usize) -> bool {
    let mut chunks = text.as_bytes().chunks_exact(8);
    let mut ascii = 0;
    for chunk in chunks.by_ref() {
        ascii += ascii_letters(eight(chunk)).count_ones() as usize;
        if ascii >= wanted {
            return true;
        }
    }
    ascii += chunks
        .remainder()
        .iter()
        .filter(|b| b.is_ascii_alphabetic())
        .count();
    ascii >= wanted
        || text
            .chars()
            .filter(|c| c.is_alphabetic())
            .take(wanted)
            .count()
            >= wanted
}

/// A byte with only its high bit set, in each of a word's eight bytes.
const HIGH: u64 = 0x8080_8080_8080_8080;
const ONES: u64 = 0x0101_0101_0101_0101;

/// Eight bytes read as one little-endian word.
fn eight(chunk: &[u8]) -> u64 {
    u64::from_le_bytes(chunk.try_into().unwrap_or_default())
}

/// Of eight bytes read as one word, the high bit of each that is an ASCII
/// letter. Each byte is tested on its own (no carry or borrow crosses into
/// its neighbour): upper case is folded to lower by setting 0x20, and a
/// byte is a letter when it is then above 0x60 and below 0x7B with its
/// high bit clear (the "byte between m and n" test of the Bit Twiddling
/// Hacks, public domain).
fn ascii_letters(word: u64) -> u64 {
    let folded = word | (ONES * 0x20);
    let low = folded & (ONES * 0x7F);
    (ONES * (127 + 0x7B)).wrapping_sub(low) & !folded & (low + ONES * (127 - 0x60)) & HIGH
}

/// Texts remembered by [`other_language`] at most: a hostile folder of millions of
/// texts is looked at text by text past it, never held in memory.
const MEMO_TEXTS: usize = 200_000;

/// Per text, per set of languages looked among, the language found.
type Memo = std::sync::Mutex<std::collections::HashMap<String, Vec<(u8, Option<Lang>)>>>;

fn memo() -> &'static Memo {
    static MEMO: std::sync::OnceLock<Memo> = std::sync::OnceLock::new();
    MEMO.get_or_init(Default::default)
}

const NL: u8 = 1 << 0;
const FR: u8 = 1 << 1;
const DE: u8 = 1 << 2;
const EN: u8 = 1 << 3;

/// The languages `word` (in lower case, as UTF-8 bytes) is a frequent
/// function word of, as a set of [`Texts::slot`] bits. A word of two
/// languages ("de": Dutch and French) still tells a plan in Dutch and
/// German which one a text is in.
fn function_word(word: &[u8]) -> u8 {
    const ETE: &[u8] = "été".as_bytes();
    const A_GRAVE: &[u8] = "à".as_bytes();
    const FUR: &[u8] = "für".as_bytes();
    const GEMASS: &[u8] = "gemäß".as_bytes();
    const VOOR: &[u8] = "vóór".as_bytes();
    const APRES: &[u8] = "après".as_bytes();
    match word {
        b"het" | b"een" | b"van" | b"voor" | b"met" | b"zijn" | b"niet" | b"wordt" | b"worden"
        | b"door" | b"dat" | b"naar" | b"bij" | b"ook" | b"nog" | b"aan" | b"tot" | b"uit"
        | b"werd" | b"heeft" | b"geen" | b"deze" | b"maar" | b"wel" | b"zal" | b"moet"
        | b"werden" | b"hebben" | b"na" | b"tussen" | b"volgens" | b"op" | b"onder" | b"sinds"
        | b"waarvan" | b"om" | b"te" | b"kan" | b"hun" | VOOR => NL,
        b"le" | b"la" | b"les" | b"du" | b"et" | b"est" | b"une" | b"un" | b"pour" | b"dans"
        | b"sur" | b"par" | b"au" | b"aux" | b"avec" | b"qui" | b"que" | b"sont" | b"depuis"
        | b"se" | b"ce" | b"ne" | b"aucun" | b"aucune" | b"comme" | b"sans" | b"ont" | b"dont"
        | b"lors" | APRES | b"avant" | ETE | b"cette" | b"ces" | b"ses" | b"leur" | b"mais"
        | b"ou" | b"l" | b"d" | b"qu" | b"entre" | b"selon" | b"vers" | A_GRAVE | b"sous" => FR,
        b"der" | b"das" | b"und" | b"ist" | b"nicht" | b"mit" | b"von" | b"zu" | b"den"
        | b"dem" | b"ein" | b"eine" | FUR | b"auf" | b"wird" | b"sich" | b"auch" | b"im"
        | b"bei" | b"nach" | b"wurde" | b"oder" | b"zum" | b"zur" | GEMASS => DE,
        b"the" | b"and" | b"to" | b"are" | b"for" | b"with" | b"by" | b"this" | b"that" | b"be"
        | b"has" | b"have" | b"not" | b"from" | b"will" | b"it" | b"at" | b"which" | b"been"
        | b"their" | b"between" => EN,
        b"de" | b"en" => NL | FR,
        // "pas sinds kort": Dutch too.
        b"pas" => NL | FR,
        b"die" | b"er" => NL | DE,
        b"is" | b"of" | b"was" | b"over" => NL | EN,
        b"des" => FR | DE,
        b"on" | b"a" => FR | EN,
        b"an" => DE | EN,
        b"in" => NL | DE | EN,
        _ => 0,
    }
}

/// Bytes of a text [`function_word_hits`] reads: a few sentences tell the
/// language as well as a page does (the same reasoning as [`identify`]'s
/// sample), and a comment may run to thousands of characters.
const FUNCTION_WORD_BYTES: usize = 480;

/// What a text's function words tell, among the languages looked among.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Told {
    /// No doubt: two or more of one language and none of another, or three
    /// times as many as of any other.
    Clearly(Lang),
    /// More of this language than of any other, but too few to be sure.
    Leaning(Lang),
    /// None, or as many of two languages.
    Nothing,
}

/// What the function words of `text` tell. A word counts for a language
/// when no other language looked among has it. Most texts of a progress
/// report are told this way at a fraction of a trigram model's cost.
fn by_function_words(text: &str, among: &[Lang]) -> Told {
    let hits = function_word_hits(text, among);
    let count = |l: &Lang| hits.get(Texts::slot(*l)).copied().unwrap_or(0);
    let Some(best) = among.iter().copied().max_by_key(count) else {
        return Told::Nothing;
    };
    let most = count(&best);
    let runner_up = among
        .iter()
        .filter(|l| **l != best)
        .map(count)
        .max()
        .unwrap_or(0);
    if (most >= 2 && runner_up == 0) || (most >= 3 && most >= 3 * runner_up) {
        Told::Clearly(best)
    } else if most > runner_up {
        Told::Leaning(best)
    } else {
        Told::Nothing
    }
}

/// Per [`Texts::slot`], the function words of only that language among
/// `among` in the first [`FUNCTION_WORD_BYTES`] of `text`.
fn function_word_hits(text: &str, among: &[Lang]) -> [usize; 4] {
    let mask = among.iter().fold(0u8, |set, l| set | 1 << Texts::slot(*l));
    let mut hits = [0usize; 4];
    // Words are runs of ASCII letters and non-ASCII bytes, compared as
    // bytes: a run never splits a character, and the list is UTF-8.
    let bytes = text.as_bytes();
    let end = bytes.len().min(FUNCTION_WORD_BYTES);
    let is_letter = |b: &u8| b.is_ascii_alphabetic() || !b.is_ascii();
    let mut at = 0;
    while at < end {
        let start = at;
        while bytes.get(at).is_some_and(is_letter) {
            at += 1;
        }
        let len = at - start;
        at += 1;
        if len == 0 || len > 8 {
            continue;
        }
        let mut lower = [0u8; 8];
        for (to, from) in lower
            .iter_mut()
            .zip(bytes.get(start..start + len).unwrap_or_default())
        {
            *to = from.to_ascii_lowercase();
        }
        let set = function_word(lower.get(..len).unwrap_or_default()) & mask;
        if set.count_ones() == 1
            && let Some(hit) = hits.get_mut(set.trailing_zeros() as usize)
        {
            *hit += 1;
        }
    }
    hits
}

fn identify(text: &str, among: &[Lang]) -> Option<Lang> {
    let model = |lang: Lang| match lang {
        Lang::Nl => whatlang::Lang::Nld,
        Lang::Fr => whatlang::Lang::Fra,
        Lang::De => whatlang::Lang::Deu,
        Lang::En => whatlang::Lang::Eng,
    };
    // A sentence or two tells the language as well as a page does, and
    // the model's cost grows with the text.
    const SAMPLE_CHARS: usize = 160;
    let sample = text
        .char_indices()
        .nth(SAMPLE_CHARS)
        .and_then(|(end, _)| text.get(..end))
        .unwrap_or(text);
    let info = whatlang::Detector::with_allowlist(among.iter().map(|l| model(*l)).collect())
        .detect(sample)?;
    if !info.is_reliable() {
        return None;
    }
    among.iter().copied().find(|l| model(*l) == info.lang())
}

/// One text in each language that has it: an action's titles, a KPI's
/// names. Held in place, one slot a language, so 10,000 actions do not
/// cost 20,000 small maps; it iterates in [`Lang::ALL`] order.
///
/// A text's slot is the column it was typed in; the language it is
/// evidently written in, when [`Texts::detect_languages`] found another,
/// is kept beside it, so a report marks it with the language it is in.
#[derive(Debug, Clone, Default)]
pub struct Texts {
    texts: [Option<String>; 4],
    written: [Option<Lang>; 4],
}

/// Two sets of texts are equal when their texts are: the languages found
/// follow from the texts.
impl PartialEq for Texts {
    fn eq(&self, other: &Self) -> bool {
        self.texts == other.texts
    }
}

impl Eq for Texts {}

impl Texts {
    fn slot(lang: Lang) -> usize {
        match lang {
            Lang::Nl => 0,
            Lang::Fr => 1,
            Lang::De => 2,
            Lang::En => 3,
        }
    }

    pub fn get(&self, lang: Lang) -> Option<&String> {
        self.texts.get(Self::slot(lang)).and_then(Option::as_ref)
    }

    /// The language the text in `lang`'s column is written in: `lang`,
    /// unless detection found it evidently in another.
    pub fn written_in(&self, lang: Lang) -> Lang {
        self.written
            .get(Self::slot(lang))
            .copied()
            .flatten()
            .unwrap_or(lang)
    }

    /// Looks at each text long enough to tell, among `among`, and keeps the
    /// language of each that is evidently not its column's.
    pub fn detect_languages(&mut self, among: &[Lang]) {
        for (lang, (text, written)) in Lang::ALL
            .into_iter()
            .zip(self.texts.iter().zip(self.written.iter_mut()))
        {
            *written = text.as_deref().and_then(|t| other_language(t, lang, among));
        }
    }

    pub fn contains(&self, lang: Lang) -> bool {
        self.get(lang).is_some()
    }

    /// Sets `lang`'s text, returning the one it replaces.
    pub fn insert(&mut self, lang: Lang, text: String) -> Option<String> {
        let slot = Self::slot(lang);
        if let Some(written) = self.written.get_mut(slot) {
            *written = None;
        }
        self.texts.get_mut(slot).and_then(|t| t.replace(text))
    }

    pub fn iter(&self) -> impl Iterator<Item = (Lang, &String)> {
        Lang::ALL
            .into_iter()
            .zip(&self.texts)
            .filter_map(|(lang, text)| Some((lang, text.as_ref()?)))
    }

    pub fn langs(&self) -> impl Iterator<Item = Lang> + '_ {
        self.iter().map(|(lang, _)| lang)
    }

    pub fn values(&self) -> impl Iterator<Item = &String> {
        self.iter().map(|(_, text)| text)
    }

    pub fn is_empty(&self) -> bool {
        self.texts.iter().all(Option::is_none)
    }
}

impl FromIterator<(Lang, String)> for Texts {
    fn from_iter<I: IntoIterator<Item = (Lang, String)>>(iter: I) -> Self {
        let mut texts = Texts::default();
        for (lang, text) in iter {
            texts.insert(lang, text);
        }
        texts
    }
}

/// As a map from language code to text, as the templates read it.
impl Serialize for Texts {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_keep_one_text_a_language_in_language_order() {
        let mut texts: Texts = [(Lang::En, "e".to_string()), (Lang::Nl, "n".to_string())]
            .into_iter()
            .collect();
        assert_eq!(texts.insert(Lang::En, "E".into()), Some("e".into()));
        assert_eq!(texts.langs().collect::<Vec<_>>(), [Lang::Nl, Lang::En]);
        assert!(texts.contains(Lang::Nl) && !texts.contains(Lang::Fr));
        assert_eq!(
            serde_json::to_string(&texts).unwrap(),
            r#"{"nl":"n","en":"E"}"#
        );
        assert!(Texts::default().is_empty() && !texts.is_empty());
    }

    #[test]
    fn a_text_long_enough_is_known_by_its_language() {
        let both = [Lang::Nl, Lang::Fr];
        let french =
            "Le marché a été attribué, mais le prestataire n'a pu démarrer qu'en septembre 2024.";
        let dutch =
            "Levering van het materieel vertraagd; de leverancier meldt een tekort aan onderdelen.";
        assert_eq!(other_language(french, Lang::Nl, &both), Some(Lang::Fr));
        assert_eq!(other_language(dutch, Lang::Fr, &both), Some(Lang::Nl));
        assert_eq!(other_language(french, Lang::Fr, &both), None);
        assert_eq!(other_language(dutch, Lang::Nl, &both), None);
        // Too short to tell, or nothing to choose between.
        assert_eq!(
            other_language("Module de rendez-vous", Lang::Nl, &both),
            None
        );
        assert_eq!(other_language(french, Lang::Nl, &[Lang::Nl]), None);
        // Letters outside ASCII count: 40 letters, 16 of them accented.
        let accented = "éèêëàâäôöûüçïîÿæ abcdefghijklmnopqrstuvwx";
        assert!(has_letters(accented, 40) && !has_letters(&accented[2..], 40));
        assert!(!has_letters(
            "1234567890 ,.;:!? 1234567890 ,.;:!? 1234567890",
            1
        ));
        assert!(has_letters("AZaz@[`{", 4) && !has_letters("AZaz@[`{", 5));
    }

    #[test]
    fn a_few_function_words_of_the_column_spare_the_model() {
        let both = [Lang::Nl, Lang::Fr];
        // One Dutch function word ("van"; "de" is French too): too few to
        // be sure, but leaning to Dutch.
        let title = "Vernieuwing van de telefooncentrale en de netwerkapparatuur";
        assert_eq!(by_function_words(title, &both), Told::Leaning(Lang::Nl));
        // (The model's answers are remembered per text: what it was asked
        // shows in the memo. No other test uses this title.)
        let asked = || memo().lock().unwrap().contains_key(title);
        // Under a Dutch column it is taken as Dutch without the model...
        assert_eq!(other_language(title, Lang::Nl, &both), None);
        assert!(!asked());
        // ...and under a French one, the model decides: Dutch.
        assert_eq!(other_language(title, Lang::Fr, &both), Some(Lang::Nl));
        assert!(asked());
    }

    #[test]
    fn function_words_never_contradict_the_trigram_model() {
        // Every text of the sample plan that the word list settles, or that
        // leans to its column's language, the model either agrees with or
        // cannot tell.
        let mut settled = 0;
        let mut leaning = 0;
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs");
        let both = [Lang::Nl, Lang::Fr];
        for year in std::fs::read_dir(&root).unwrap() {
            let year = year.unwrap().path();
            if !year.is_dir() {
                continue;
            }
            for file in std::fs::read_dir(&year).unwrap() {
                let file = file.unwrap().path();
                if file.extension().and_then(|e| e.to_str()) != Some("csv") {
                    continue;
                }
                let mut reader = csv::Reader::from_path(&file).unwrap();
                let columns: Vec<Option<Lang>> = reader
                    .headers()
                    .unwrap()
                    .iter()
                    .map(|h| match h {
                        "title" | "comment" => Some(Lang::Nl),
                        _ if h.ends_with("_fr") => Some(Lang::Fr),
                        _ => None,
                    })
                    .collect();
                for record in reader.records() {
                    for (text, column) in record.unwrap().iter().zip(&columns) {
                        let model = || identify(text, &both);
                        match by_function_words(text, &both) {
                            Told::Clearly(found) => {
                                settled += 1;
                                if let Some(model) = model() {
                                    assert_eq!(found, model, "{text}");
                                }
                            }
                            // Where the model is spared, it would not have
                            // said another language either.
                            Told::Leaning(lang) if Some(lang) == *column => {
                                leaning += 1;
                                if let Some(model) = model() {
                                    assert_eq!(lang, model, "{text}");
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
        assert!(
            settled > 100 && leaning > 10,
            "only {settled} texts settled by function words, {leaning} leaning"
        );
        // Too few lean (the model decides unless they lean to the text's
        // column); a tie tells nothing.
        assert_eq!(
            by_function_words("Audit van de applicatieportefeuille", &both),
            Told::Leaning(Lang::Nl)
        );
        assert_eq!(
            by_function_words("Le rapport van het comité et de la werkgroep", &both),
            Told::Leaning(Lang::Fr)
        );
        assert_eq!(
            by_function_words("Le rapport van het comité et de werkgroep", &both),
            Told::Nothing
        );
        assert_eq!(
            by_function_words("Audit van de applicaties voor de diensten", &both),
            Told::Clearly(Lang::Nl)
        );
        // `pas` is Dutch too ("pas sinds kort"), so it tells nothing here.
        assert_eq!(
            by_function_words("Le projet est pas sinds kort opnieuw verzekerd", &both),
            Told::Leaning(Lang::Fr)
        );
        // A few sentences tell: a long comment is read to its first
        // FUNCTION_WORD_BYTES bytes, never to its end.
        let dutch = "Het project is op schema en de levering van het materieel is voorzien. "
            .repeat(FUNCTION_WORD_BYTES / 60 + 1);
        let french = " le la les du et est une pour dans sur par".repeat(100);
        assert_eq!(
            by_function_words(&(dutch + &french), &both),
            Told::Clearly(Lang::Nl)
        );
    }

    #[test]
    fn a_column_of_a_language_outside_the_plan_is_not_forced_into_it() {
        let english = "The supplier delivered a version that does not meet the specifications; acceptance tests must be redone.";
        let mut texts: Texts = [(Lang::En, english.to_string())].into_iter().collect();
        texts.detect_languages(&[Lang::Nl, Lang::Fr]);
        assert_eq!(texts.written_in(Lang::En), Lang::En);
        // And English typed under the Dutch column is English.
        let mut texts: Texts = [(Lang::Nl, english.to_string())].into_iter().collect();
        texts.detect_languages(&[Lang::Nl, Lang::Fr, Lang::En]);
        assert_eq!(texts.written_in(Lang::Nl), Lang::En);
    }
}
