//! The catalogs against each other, against what the code asks for, and
//! the rules for an organisation's overrides.

use super::*;

fn builtin() -> Catalog {
    Catalog::try_builtin().expect("the built-in files parse")
}

/// A catalog whose languages all have `common`, plus each its own extra.
fn in_memory(common: &str, extra: impl Fn(Lang) -> &'static str) -> Catalog {
    Catalog::from_sources(|lang| format!("{common}\n{}\n", extra(lang))).expect("parses")
}

fn refused(result: Result<Catalog, CatalogError>) -> String {
    match result {
        Ok(_) => panic!("the override was accepted"),
        Err(message) => message.to_string(),
    }
}

#[test]
fn builtin_files_parse_without_any_problem() {
    let (_, problems) = Catalog::load_all(|lang| builtin_source(lang).to_string());
    assert_eq!(problems, Vec::<String>::new());
    assert!(Catalog::try_builtin().is_ok());
}

#[test]
fn every_message_is_in_every_language_with_the_same_placeholders() {
    let catalog = builtin();
    assert_eq!(catalog.consistency_problems(), Vec::<String>::new());
    let nl = catalog.messages(Lang::Nl);
    for lang in Lang::ALL {
        assert_eq!(catalog.messages(lang), nl, "{lang}");
    }
    assert_eq!(
        nl["finding-negative-budget"],
        BTreeSet::from(["id".to_string(), "kind".to_string()])
    );
}

#[test]
fn every_language_has_exactly_what_the_code_asks_for() {
    let catalog = builtin();
    assert_eq!(catalog.expectation_problems(), Vec::<String>::new());
    assert_eq!(
        expected_messages().len(),
        126 + 6 + 3 + 4 + 2 + 4 + 10 + 9 + 3 + 2 + 2 + 3
    );
}

#[test]
fn every_message_writes_without_error() {
    let catalog = builtin();
    for lang in Lang::ALL {
        for id in catalog.messages(lang).keys() {
            let text = catalog.verify(lang, id).expect("writes");
            assert!(!text.is_empty(), "{id} in {lang}");
            assert!(
                // Labels the template fills in (`fill-in`) keep `{name}`.
                !text.contains(['\u{2068}', '\u{2069}', '{', '}'])
                    || id.starts_with("rule_")
                    || [
                        "attention_more",
                        "actions_in_unit_reports",
                        "findings_attached"
                    ]
                    .contains(&id.as_str()),
                "{id} in {lang}: {text:?}"
            );
        }
    }
}

#[test]
fn a_message_missing_in_one_language_is_found() {
    let catalog = in_memory("a = A\nb = B { $x }", |lang| match lang {
        Lang::De => "",
        _ => "c = C",
    });
    assert_eq!(
        catalog.consistency_problems(),
        vec!["message `c` is missing in de".to_string()]
    );
    // And what the code asks for is missing everywhere.
    assert!(
        catalog
            .expectation_problems()
            .contains(&"message `summary` is missing in fr".to_string())
    );
}

#[test]
fn a_placeholder_differing_in_one_language_is_found() {
    let catalog = in_memory("a = A", |lang| match lang {
        Lang::Fr => "b = B { $x } { $z ->\n    [one] un\n   *[other] { $y }\n}",
        _ => "b = B { $x } { $y }",
    });
    assert_eq!(
        catalog.consistency_problems(),
        vec!["message `b` uses $x, $y, $z in fr but $x, $y in nl".to_string()]
    );
}

#[test]
fn placeholders_are_read_from_every_kind_of_expression() {
    let source = "-term = T { $own }\n\
        m = { $a } { -term($b, p: \"lit\") } { NUMBER($c) } { { $d } } { other } { \"s\" }\n\
        \x20   .attr = { $e }\n\
        other = { $f ->\n   *[x] { $g }\n}\n";
    let resource = FluentResource::try_new(source.to_string()).expect("parses");
    let found = message_placeholders(&resource);
    let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(found["m"], names(&["a", "b", "c", "d", "e"]));
    assert_eq!(found["other"], names(&["f", "g"]));
    assert!(!found.contains_key("-term") && !found.contains_key("term"));
}

#[test]
fn no_break_spaces_and_braces_survive() {
    let catalog = in_memory(
        "a = \u{a0}x\u{202f}\u{a0}\nb = {\"{\"}tol{\"}\"} %\u{202f}\nc = { $v }",
        |_| "",
    );
    assert_eq!(catalog.text(Lang::Fr, "a", &[]), "\u{a0}x\u{202f}\u{a0}");
    assert_eq!(catalog.text(Lang::Fr, "b", &[]), "{tol} %\u{202f}");
    // No isolation marks around placeholders.
    assert_eq!(
        catalog.text(Lang::Fr, "c", &[("v", " 1\u{202f}€ ")]),
        " 1\u{202f}€ "
    );
}

#[test]
fn a_missing_message_is_written_as_its_id() {
    let catalog = builtin();
    assert_eq!(
        catalog.text(Lang::En, "no-such-message", &[]),
        "no-such-message"
    );
    assert!(catalog.try_text(Lang::En, "no-such-message", &[]).is_err());
    // A missing placeholder is an error for try_text.
    let problem = catalog
        .try_text(Lang::En, "finding-no-target", &[])
        .expect_err("missing $id")
        .to_string();
    assert!(problem.contains("finding-no-target"), "{problem}");
}

#[test]
fn labels_are_exactly_the_label_table() {
    let catalog = builtin();
    for lang in Lang::ALL {
        let labels = catalog.labels(lang);
        let keys: Vec<&str> = labels.keys().map(String::as_str).collect();
        let mut expected: Vec<&str> = LABEL_IDS.to_vec();
        expected.sort_unstable();
        assert_eq!(keys, expected);
        assert!(!labels.contains_key("status-at_risk"));
    }
    assert_eq!(catalog.labels(Lang::Fr)["summary"], "Synthèse");
}

#[test]
fn the_catalog_is_send_and_sync() {
    fn shared<T: Send + Sync>(_: &T) {}
    let catalog = builtin();
    shared(&catalog);
    let catalog = std::sync::Arc::new(catalog);
    let threads: Vec<_> = Lang::ALL
        .into_iter()
        .map(|lang| {
            let catalog = std::sync::Arc::clone(&catalog);
            std::thread::spawn(move || catalog.labels(lang)["summary"].clone())
        })
        .collect();
    let summaries: Vec<String> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(
        summaries,
        [
            "Samenvatting",
            "Synthèse",
            "Zusammenfassung",
            "Executive summary"
        ]
    );
}

#[test]
fn an_override_replaces_only_its_messages() {
    let before = builtin();
    let after = builtin()
        .with_overrides(
            Lang::Fr,
            "# Our wording.\nsummary = Résumé\u{a0}exécutif\n",
            "templates/acme/i18n/fr.ftl",
        )
        .expect("accepted");
    assert_eq!(after.labels(Lang::Fr)["summary"], "Résumé\u{a0}exécutif");
    for lang in Lang::ALL {
        let mut expected = before.labels(lang);
        if lang == Lang::Fr {
            expected.insert("summary".into(), "Résumé\u{a0}exécutif".into());
        }
        assert_eq!(after.labels(lang), expected, "{lang}");
        let messages = before.messages(lang);
        for (id, names) in messages
            .iter()
            .filter(|(id, _)| !LABEL_IDS.contains(&id.as_str()))
        {
            let args: Vec<(&str, &str)> = names.iter().map(|name| (name.as_str(), "x")).collect();
            assert_eq!(after.text(lang, id, &args), before.text(lang, id, &args));
        }
    }
    assert_eq!(after.consistency_problems(), Vec::<String>::new());
}

#[test]
fn an_override_may_use_terms_references_and_selects() {
    let catalog = builtin()
        .with_overrides(
            Lang::Nl,
            "-org = Stad Gent\n\
             generated_by = Opgemaakt door { -org }\n\
             finding-negative-budget = { $kind ->\n    [spent] Besteed\n   *[planned] Gepland\n} budget van { $id } is negatief ({ annual_report }).\n",
            "acme/i18n/nl.ftl",
        )
        .expect("accepted");
    assert_eq!(
        catalog.labels(Lang::Nl)["generated_by"],
        "Opgemaakt door Stad Gent"
    );
    assert_eq!(
        catalog.text(
            Lang::Nl,
            "finding-negative-budget",
            &[("id", "A1"), ("kind", "spent")]
        ),
        "Besteed budget van A1 is negatief (Jaarrapport)."
    );
}

#[test]
fn an_override_of_an_unknown_message_is_refused() {
    let problem = refused(builtin().with_overrides(
        Lang::Fr,
        "summary = Résumé\nsumary = Résumé\n",
        "acme/i18n/fr.ftl",
    ));
    assert!(problem.contains("acme/i18n/fr.ftl"), "{problem}");
    assert!(problem.contains("unknown message `sumary`"), "{problem}");
    assert!(!problem.contains("`summary`"), "{problem}");
}

#[test]
fn an_override_with_other_placeholders_is_refused() {
    for text in [
        "finding-no-target = Indicateur sans cible.",
        "finding-no-target = L'indicateur { $ident } n'a pas de cible.",
        "finding-no-target = L'indicateur { $id } ({ $year }) n'a pas de cible.",
        "summary = Synthèse { $year }",
    ] {
        let problem = refused(builtin().with_overrides(Lang::Fr, text, "acme/i18n/fr.ftl"));
        assert!(
            problem.starts_with("acme/i18n/fr.ftl: message `"),
            "{problem}"
        );
        assert!(
            problem.contains("but the built-in message uses"),
            "{problem}"
        );
    }
    let problem = refused(builtin().with_overrides(
        Lang::De,
        "finding-no-target = Kennzahl ohne Zielwert.",
        "x.ftl",
    ));
    assert!(problem.contains("$id"), "{problem}");
    assert!(problem.contains("`finding-no-target`"), "{problem}");
}

#[test]
fn an_override_with_a_syntax_error_is_refused() {
    let problem = refused(builtin().with_overrides(
        Lang::En,
        "title = Title\nsummary = Summary {\nscope = Scope\n",
        "acme/i18n/en.ftl",
    ));
    assert!(problem.starts_with("acme/i18n/en.ftl line "), "{problem}");
    assert!(
        problem.contains("syntax error in message `summary`"),
        "{problem}"
    );
    let problem = refused(builtin().with_overrides(
        Lang::En,
        "rule_kpi = At most {tol}%.",
        "acme/i18n/en.ftl",
    ));
    assert!(problem.contains("`rule_kpi`"), "{problem}");
}

#[test]
fn an_override_that_cannot_be_written_is_refused() {
    for (text, named) in [
        ("summary = { -missing-term }", "`summary`"),
        ("summary = { no-such-message }", "`summary`"),
        ("summary = { title }\ntitle = { summary }", "`title`"),
        ("summary = A\nsummary = B", "defined twice"),
        ("summary =\n    .attr = A", "`summary`"),
    ] {
        let problem = refused(builtin().with_overrides(Lang::Nl, text, "acme/i18n/nl.ftl"));
        assert!(problem.contains("acme/i18n/nl.ftl"), "{text}: {problem}");
        assert!(problem.contains(named), "{text}: {problem}");
    }
}

#[test]
fn a_count_of_one_is_singular_in_every_language() {
    let c = builtin();
    let one = c.count(Lang::Nl, "count-attention-more", 1);
    assert!(one.contains("nog 1 andere actie met"), "{one}");
    let many = c.count(Lang::Nl, "count-attention-more", 1200);
    assert!(many.contains("nog 1.200 andere acties met"), "{many}");
    let one = c.count(Lang::Fr, "count-actions-in-unit-reports", 1);
    assert!(
        one.starts_with("Cette année compte 1 action\u{202f}:"),
        "{one}"
    );
    let one = c.count(Lang::En, "count-attention-more", 1);
    assert!(one.contains("1 more action at risk"), "{one}");
    let none = c.count(Lang::En, "count-attention-more", 0);
    assert!(none.contains("0 more actions"), "{none}");
    let one = c.count(Lang::De, "count-actions-in-unit-reports", 1);
    assert!(one.starts_with("Dieses Jahr zählt 1 Maßnahme:"), "{one}");
}

#[test]
fn french_puts_a_no_break_space_before_double_punctuation() {
    let c = builtin();
    for (id, text) in c.labels(Lang::Fr) {
        for mark in [" :", " ;", " ?", " !", "« ", " »"] {
            assert!(!text.contains(mark), "label `{id}`: `{mark}` in {text}");
        }
    }
    assert_eq!(c.text(Lang::Fr, "colon", &[]), "\u{202f}:");
    let sentence = c.count(Lang::Fr, "count-attention-more", 2);
    assert!(
        !sentence.contains(" :") && !sentence.contains(" ;"),
        "{sentence}"
    );
}

#[test]
fn the_reports_never_speak_to_readers_of_commands() {
    let c = builtin();
    for lang in Lang::ALL {
        for (id, text) in c.labels(lang) {
            assert!(!text.contains("koers "), "{lang} label `{id}`: {text}");
        }
    }
}
