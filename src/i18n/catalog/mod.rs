//! The report's fixed wording and its finding sentences, as Fluent messages.
//!
//! One Fluent file per language is embedded in the binary (`ftl/<lang>.ftl`).
//! An organisation may override any message for one language with its own
//! Fluent text ([`Catalog::with_overrides`]); such a message must keep the
//! built-in message's id and placeholders.
//!
//! Messages never format numbers: the Rust side passes numbers, dates, money
//! and percentages as finished strings, so the output is exactly what the
//! formatting functions of `locale` produce.

mod ids;
mod syntax;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentError, FluentResource};
use unic_langid::{LanguageIdentifier, langid};

use crate::core::{Direction, Lang, RagCode, Standing, Status};
pub use ids::*;
use syntax::*;

crate::core::error::sentence_error!(
    /// Why a wording catalog (built in, or a template folder's override)
    /// cannot be used: a message missing, or one that does not parse.
    CatalogError
);

type Bundle = FluentBundle<FluentResource>;

/// Message id → the names of the placeholders (`$name`, written without `$`)
/// that the message uses.
pub type Placeholders = BTreeMap<String, BTreeSet<String>>;

/// The built-in Fluent text of `lang`, as embedded in the binary.
pub fn builtin_source(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => include_str!("../ftl/nl.ftl"),
        Lang::Fr => include_str!("../ftl/fr.ftl"),
        Lang::De => include_str!("../ftl/de.ftl"),
        Lang::En => include_str!("../ftl/en.ftl"),
    }
}

/// One language: its bundle and the messages of its base (built-in) file.
struct Edition {
    bundle: Bundle,
    /// The messages of the base file with their placeholders. Overrides never
    /// add a message nor change placeholders, so this stays true.
    messages: Placeholders,
}

/// The wording of the reports in every language. `Send + Sync`: one catalog
/// serves the reports rendered on several threads.
pub struct Catalog {
    nl: Edition,
    fr: Edition,
    de: Edition,
    en: Edition,
}

fn language_identifier(lang: Lang) -> LanguageIdentifier {
    match lang {
        Lang::Nl => langid!("nl"),
        Lang::Fr => langid!("fr"),
        Lang::De => langid!("de"),
        Lang::En => langid!("en"),
    }
}

/// Parses one language's base file; also returns every problem found (parse
/// errors, duplicate ids, messages without a value), each naming `origin`.
fn load(lang: Lang, source: String, origin: &str) -> (Edition, Vec<String>) {
    let mut problems = Vec::new();
    let resource = match FluentResource::try_new(source) {
        Ok(resource) => resource,
        Err((resource, errors)) => {
            problems.extend(
                errors
                    .iter()
                    .map(|e| describe_parse_error(origin, resource.source(), e)),
            );
            resource
        }
    };
    let mut messages = Placeholders::new();
    for message in messages_of(&resource) {
        let id = message.id.name;
        if message.value.is_none() {
            problems.push(format!("{origin}: message `{id}` has no value"));
        }
        if messages
            .insert(id.to_string(), placeholders_of(message))
            .is_some()
        {
            problems.push(format!("{origin}: message `{id}` is defined twice"));
        }
    }
    let mut bundle = Bundle::new_concurrent(vec![language_identifier(lang)]);
    bundle.set_use_isolating(false);
    if let Err(errors) = bundle.add_resource(resource) {
        problems.extend(errors.iter().map(|e| format!("{origin}: {e}")));
    }
    (Edition { bundle, messages }, problems)
}

impl Catalog {
    /// The built-in catalog. It cannot fail: were an embedded file broken,
    /// what parses is used, and a message that is missing is written as its
    /// id. [`Catalog::try_builtin`] reports such problems, and the tests
    /// guarantee there are none.
    pub fn builtin() -> Catalog {
        Catalog::load_all(|lang| builtin_source(lang).to_string()).0
    }

    /// The built-in catalog, or every problem of its embedded files.
    pub fn try_builtin() -> Result<Catalog, CatalogError> {
        Catalog::from_sources(|lang| builtin_source(lang).to_string())
    }

    /// A catalog from the Fluent text `source(lang)` of each language, or
    /// every parse error, duplicate id and message without a value. It does
    /// not check the languages against each other: see
    /// [`Catalog::consistency_problems`].
    pub fn from_sources(source: impl Fn(Lang) -> String) -> Result<Catalog, CatalogError> {
        let (catalog, problems) = Catalog::load_all(source);
        if problems.is_empty() {
            Ok(catalog)
        } else {
            Err(problems.join("\n").into())
        }
    }

    fn load_all(source: impl Fn(Lang) -> String) -> (Catalog, Vec<String>) {
        let mut problems = Vec::new();
        let mut edition = |lang: Lang| {
            let origin = format!("ftl/{}.ftl", lang.code());
            let (edition, found) = load(lang, source(lang), &origin);
            problems.extend(found);
            edition
        };
        let catalog = Catalog {
            nl: edition(Lang::Nl),
            fr: edition(Lang::Fr),
            de: edition(Lang::De),
            en: edition(Lang::En),
        };
        (catalog, problems)
    }

    fn edition(&self, lang: Lang) -> &Edition {
        match lang {
            Lang::Nl => &self.nl,
            Lang::Fr => &self.fr,
            Lang::De => &self.de,
            Lang::En => &self.en,
        }
    }

    fn edition_mut(&mut self, lang: Lang) -> &mut Edition {
        match lang {
            Lang::Nl => &mut self.nl,
            Lang::Fr => &mut self.fr,
            Lang::De => &mut self.de,
            Lang::En => &mut self.en,
        }
    }

    /// This catalog with the messages of `ftl_text` replacing those of `lang`.
    ///
    /// `origin` names the text in errors (e.g. the override file's path).
    /// Refused, with every problem named: a syntax error; a message the
    /// built-in catalog does not have; a message without a value or with
    /// attributes; a message defined twice; a message whose placeholders
    /// differ from the built-in message's; a message that cannot be written
    /// (a reference to an unknown message or term, a cycle). Terms
    /// (`-name = ...`) may be defined and used freely. Overrides of several
    /// files or languages chain: `builtin().with_overrides(..)?.with_overrides(..)?`.
    pub fn with_overrides(
        mut self,
        lang: Lang,
        ftl_text: &str,
        origin: &str,
    ) -> Result<Catalog, CatalogError> {
        let resource = match FluentResource::try_new(ftl_text.to_string()) {
            Ok(resource) => resource,
            Err((resource, errors)) => {
                let problems: Vec<String> = errors
                    .iter()
                    .map(|e| describe_parse_error(origin, resource.source(), e))
                    .collect();
                return Err(problems.join("\n").into());
            }
        };
        let edition = self.edition_mut(lang);
        let mut problems = Vec::new();
        let mut overridden = BTreeSet::new();
        for message in messages_of(&resource) {
            let id = message.id.name;
            if !overridden.insert(id.to_string()) {
                problems.push(format!("{origin}: message `{id}` is defined twice"));
                continue;
            }
            let Some(builtin) = edition.messages.get(id) else {
                problems.push(format!(
                    "{origin}: unknown message `{id}`: the built-in {lang} catalog has no message with this id"
                ));
                continue;
            };
            if message.value.is_none() {
                problems.push(format!("{origin}: message `{id}` has no value"));
            }
            if !message.attributes.is_empty() {
                problems.push(format!(
                    "{origin}: message `{id}` has attributes, which are never shown"
                ));
            }
            let used = placeholders_of(message);
            if &used != builtin {
                problems.push(format!(
                    "{origin}: message `{id}` uses {} but the built-in message uses {}",
                    describe_placeholders(&used),
                    describe_placeholders(builtin)
                ));
            }
        }
        if !problems.is_empty() {
            return Err(problems.join("\n").into());
        }
        edition.bundle.add_resource_overriding(resource);
        for id in &overridden {
            if let Err(problem) = self.verify(lang, id) {
                problems.push(format!("{origin}: message `{id}`: {problem}"));
            }
        }
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(problems.join("\n").into())
        }
    }

    /// Writes message `id` with every placeholder set, so a reference to an
    /// unknown message or term, or a cycle, shows up as an error.
    fn verify(&self, lang: Lang, id: &str) -> Result<String, String> {
        let names = self
            .edition(lang)
            .messages
            .get(id)
            .cloned()
            .unwrap_or_default();
        let args: Vec<(&str, &str)> = names.iter().map(|name| (name.as_str(), "x")).collect();
        self.write_checked(lang, id, &args)
    }

    /// Message `id` in `lang` with the placeholders `args` (name without `$`,
    /// finished text). A message that does not exist is written as its id,
    /// so a gap shows in the report instead of stopping it; a placeholder
    /// without a value is written as `{$name}`. The tests make sure neither
    /// happens.
    pub fn text(&self, lang: Lang, id: &str, args: &[(&str, &str)]) -> String {
        match self.format(lang, id, args) {
            Some((text, _)) => text,
            None => id.to_string(),
        }
    }

    /// Like [`Catalog::text`], but a missing message or any error writing it
    /// (a missing placeholder, an unknown reference) is an error.
    pub fn try_text(
        &self,
        lang: Lang,
        id: &str,
        args: &[(&str, &str)],
    ) -> Result<String, CatalogError> {
        self.write_checked(lang, id, args)
            .map_err(|problem| CatalogError(format!("message `{id}` in {lang}: {problem}")))
    }

    fn write_checked(&self, lang: Lang, id: &str, args: &[(&str, &str)]) -> Result<String, String> {
        match self.format(lang, id, args) {
            None => Err("no such message".to_string()),
            Some((text, errors)) if errors.is_empty() => Ok(text),
            Some((_, errors)) => {
                let errors: Vec<String> = errors.iter().map(describe_fluent_error).collect();
                Err(errors.join("; "))
            }
        }
    }

    fn format(
        &self,
        lang: Lang,
        id: &str,
        args: &[(&str, &str)],
    ) -> Option<(String, Vec<FluentError>)> {
        let bundle = &self.edition(lang).bundle;
        let pattern = bundle.get_message(id)?.value()?;
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent_args.set(*name, *value);
        }
        let mut errors = Vec::new();
        let text = bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned();
        Some((text, errors))
    }

    /// A sentence with a count (one of [`COUNT_MESSAGES`]): `$count` is the
    /// number, so Fluent picks singular or plural by the language's rules,
    /// and `$number` the number as the report writes it.
    pub fn count(&self, lang: Lang, id: &str, count: usize) -> String {
        let bundle = &self.edition(lang).bundle;
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_string();
        };
        let mut args = FluentArgs::with_capacity(2);
        args.set("count", fluent_bundle::FluentValue::from(count));
        args.set(
            "number",
            crate::i18n::number(rust_decimal::Decimal::from(count), 0, lang),
        );
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, Some(&args), &mut errors)
            .into_owned()
    }

    /// Every label of the report template in `lang`, keyed by [`LABEL_IDS`].
    pub fn labels(&self, lang: Lang) -> BTreeMap<String, String> {
        LABEL_IDS
            .iter()
            .map(|id| (id.to_string(), self.text(lang, id, &[])))
            .collect()
    }

    pub fn status(&self, status: Status, lang: Lang) -> String {
        self.text(lang, &status_id(status), &[])
    }

    /// The word for a RAG code, so status is never shown by colour alone.
    pub fn rag(&self, code: RagCode, lang: Lang) -> String {
        self.text(lang, rag_id(code), &[])
    }

    pub fn standing(&self, standing: Standing, lang: Lang) -> String {
        self.text(lang, standing_id(standing), &[])
    }

    pub fn direction(&self, direction: Direction, lang: Lang) -> String {
        self.text(lang, direction_id(direction), &[])
    }

    /// The name of language `named` as it stands inside a sentence in `lang`
    /// (`het Frans` in Dutch).
    pub fn language_name(&self, named: Lang, lang: Lang) -> String {
        self.text(lang, &language_id(named), &[])
    }

    /// The messages of `lang` with the placeholders each uses.
    pub fn messages(&self, lang: Lang) -> Placeholders {
        self.edition(lang).messages.clone()
    }

    /// Where the languages disagree: a message missing in a language that
    /// another has, or a message whose placeholders differ between languages.
    /// Empty when they agree.
    pub fn consistency_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let all: BTreeSet<&String> = Lang::ALL
            .iter()
            .flat_map(|lang| self.edition(*lang).messages.keys())
            .collect();
        for id in all {
            let mut seen: Vec<(Lang, &BTreeSet<String>)> = Vec::new();
            for lang in Lang::ALL {
                match self.edition(lang).messages.get(id) {
                    Some(placeholders) => seen.push((lang, placeholders)),
                    None => problems.push(format!("message `{id}` is missing in {lang}")),
                }
            }
            if let Some((first_lang, first)) = seen.first() {
                for (lang, placeholders) in seen.iter().skip(1) {
                    if placeholders != first {
                        problems.push(format!(
                            "message `{id}` uses {} in {lang} but {} in {first_lang}",
                            describe_placeholders(placeholders),
                            describe_placeholders(first)
                        ));
                    }
                }
            }
        }
        problems
    }

    /// Where a language differs from what the code asks for
    /// ([`expected_messages`]): a missing message, one that nothing uses, or
    /// one whose placeholders are not those the code passes. Empty when none.
    pub fn expectation_problems(&self) -> Vec<String> {
        let expected = expected_messages();
        let mut problems = Vec::new();
        for lang in Lang::ALL {
            let messages = &self.edition(lang).messages;
            for (id, placeholders) in &expected {
                match messages.get(id) {
                    None => problems.push(format!("message `{id}` is missing in {lang}")),
                    Some(found) if found != placeholders => problems.push(format!(
                        "message `{id}` uses {} in {lang} but the code passes {}",
                        describe_placeholders(found),
                        describe_placeholders(placeholders)
                    )),
                    Some(_) => {}
                }
            }
            for id in messages.keys().filter(|id| !expected.contains_key(*id)) {
                problems.push(format!("message `{id}` in {lang} is used by nothing"));
            }
        }
        problems
    }
}
