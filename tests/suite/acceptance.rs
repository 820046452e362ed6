//! The acceptance corpus (`tests/acceptance/cases/`, made by
//! `tests/acceptance/make-corpus.py`): realistic unit workbooks, each either
//! read with exactly the figures and texts its `expect.toml` gives, in both
//! editions, or refused by `koers check` with exit code 1 naming the file and
//! row. Never exit 0 with a wrong number.

use std::path::{Path, PathBuf};

use koers::core::Lang;
use koers::report::{Job, ScopeSel};
use serde::Deserialize;

use crate::common::{koers, load};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    exit: i32,
    #[serde(default)]
    action: Vec<Expected>,
    #[serde(default)]
    refused: Vec<Refusal>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    id: String,
    progress: String,
    budget_planned: Option<String>,
    budget_spent: Option<String>,
    due: Option<String>,
    title_nl: Option<String>,
    title_fr: Option<String>,
    comment_nl: Option<String>,
    comment_fr: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Refusal {
    file: String,
    row: usize,
}

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/acceptance/cases");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root)
        .expect("the corpus")
        .map(|e| e.expect("entry").path())
        .collect();
    cases.sort();
    cases
}

/// The case's year folder beside the small test plan's framework.
fn plan(case: &Path) -> tempfile::TempDir {
    let files = crate::common::files_of(&case.join("2023"));
    let files: Vec<(&str, Vec<u8>)> = files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    crate::common::small_plan(&files)
}

fn texts(nl: &Option<String>, fr: &Option<String>) -> koers::core::lang::Texts {
    [(Lang::Nl, nl), (Lang::Fr, fr)]
        .into_iter()
        .filter_map(|(l, t)| t.clone().map(|t| (l, t)))
        .collect()
}

/// What is wrong with the case, if anything.
fn judge(case: &Path) -> Vec<String> {
    let expect: Expect =
        toml::from_str(&std::fs::read_to_string(case.join("expect.toml")).expect("expect.toml"))
            .expect("a valid expect.toml");
    let dir = plan(case);
    let out = koers(&["check", "--inputs", dir.path().to_str().expect("utf-8")]);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut wrong = Vec::new();
    if out.status.code() != Some(expect.exit) {
        wrong.push(format!(
            "exit {:?}, expected {}:\n{stdout}",
            out.status.code(),
            expect.exit
        ));
        return wrong;
    }
    for refusal in &expect.refused {
        let place = format!("{}:{}:", refusal.file, refusal.row);
        let named = stdout
            .lines()
            .any(|l| l.contains(&place) && l.contains(": error: "));
        if !named {
            wrong.push(format!("no error names {place}\n{stdout}"));
        }
    }
    if expect.exit != 0 {
        return wrong;
    }
    let (inputs, diags) = load(dir.path());
    let inputs = inputs.expect("inputs");
    let year = inputs.year(2023).expect("2023");
    let text = |d: Option<rust_decimal::Decimal>| d.map(|d| d.normalize().to_string());
    for e in &expect.action {
        let Some(a) = year.actions.iter().find(|a| a.id == e.id) else {
            wrong.push(format!("action {} was not read", e.id));
            continue;
        };
        let read = (
            a.progress.normalize().to_string(),
            text(a.budget_planned),
            text(a.budget_spent),
            a.due.map(|d| d.to_string()),
            a.titles.clone(),
            a.comments.clone(),
        );
        let wanted = (
            e.progress.clone(),
            e.budget_planned.clone(),
            e.budget_spent.clone(),
            e.due.clone(),
            texts(&e.title_nl, &e.title_fr),
            texts(&e.comment_nl, &e.comment_fr),
        );
        if read != wanted {
            wrong.push(format!(
                "action {}: read {read:?}, expected {wanted:?}",
                e.id
            ));
        }
    }
    // Each edition shows the text in its own language, or another's tagged.
    for lang in [Lang::Nl, Lang::Fr] {
        let job = Job {
            year: 2023,
            lang,
            scope: ScopeSel::Organisation,
        };
        let model = crate::common::model(&inputs, &diags, &job);
        let rows: Vec<_> = model
            .priorities
            .into_iter()
            .flat_map(|p| p.strategic_objectives)
            .flat_map(|s| s.operational_objectives)
            .flat_map(|o| o.actions)
            .collect();
        for e in &expect.action {
            let titles = texts(&e.title_nl, &e.title_fr);
            let Some(row) = rows.iter().find(|r| r.id == e.id) else {
                wrong.push(format!("{lang}: action {} is not in the report", e.id));
                continue;
            };
            let shown = match titles.get(lang) {
                Some(own) => (own.clone(), None),
                None => titles
                    .iter()
                    .next()
                    .map(|(l, t)| (t.clone(), Some(l)))
                    .unwrap_or_default(),
            };
            if (row.title.clone(), row.title_lang) != shown {
                wrong.push(format!(
                    "{lang}: action {} shows {:?} ({:?}), expected {shown:?}",
                    e.id, row.title, row.title_lang
                ));
            }
        }
    }
    wrong
}

#[test]
fn every_case_is_read_exactly_or_refused_naming_file_and_row() {
    let cases = cases();
    assert!(cases.len() >= 10, "the corpus is missing");
    let failures: Vec<String> = cases
        .iter()
        .flat_map(|case| {
            let name = case.file_name().unwrap().to_string_lossy().into_owned();
            judge(case).into_iter().map(move |w| format!("{name}: {w}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
