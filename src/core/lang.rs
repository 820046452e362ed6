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

/// One text in each language that has it: an action's titles, a KPI's
/// names. Held in place, one slot a language, so 10,000 actions do not
/// cost 20,000 small maps; it iterates in [`Lang::ALL`] order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Texts([Option<String>; 4]);

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
        self.0.get(Self::slot(lang)).and_then(Option::as_ref)
    }

    pub fn contains(&self, lang: Lang) -> bool {
        self.get(lang).is_some()
    }

    /// Sets `lang`'s text, returning the one it replaces.
    pub fn insert(&mut self, lang: Lang, text: String) -> Option<String> {
        self.0
            .get_mut(Self::slot(lang))
            .and_then(|slot| slot.replace(text))
    }

    pub fn iter(&self) -> impl Iterator<Item = (Lang, &String)> {
        Lang::ALL
            .into_iter()
            .zip(&self.0)
            .filter_map(|(lang, text)| Some((lang, text.as_ref()?)))
    }

    pub fn langs(&self) -> impl Iterator<Item = Lang> + '_ {
        self.iter().map(|(lang, _)| lang)
    }

    pub fn values(&self) -> impl Iterator<Item = &String> {
        self.iter().map(|(_, text)| text)
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(Option::is_none)
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
}
