//! `koers check`: the exact diagnostics and exit codes for fixture folders
//! holding one of each problem class.

use std::process::{Command, Output};

/// Runs `koers check` from inside `tests/fixtures`, so the paths in the
/// diagnostics are the same on every machine.
fn check(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_koers"))
        .arg("check")
        .args(args)
        .current_dir(crate::common::fixture(""))
        .output()
        .expect("the koers binary runs")
}

fn human(inputs: &str) -> (Option<i32>, String) {
    let output = check(&["--inputs", inputs]);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

/// The output without its two lists, the reconciliation lines and the
/// missing translations.
fn split_lists(out: &str) -> (String, Vec<String>, Vec<String>) {
    let mut rest = String::new();
    let mut totals = Vec::new();
    let mut translations = Vec::new();
    let mut inside = None;
    for line in out.lines() {
        if line == "reconciliation, per input file:" {
            inside = Some(&mut totals);
        } else if line.starts_with("texts with no version in a plan language") {
            inside = Some(&mut translations);
        } else if let Some(list) = inside.as_mut().filter(|_| line.starts_with("  ")) {
            list.push(line.trim().to_string());
        } else {
            inside = None;
            rest.push_str(line);
            rest.push('\n');
        }
    }
    (rest, totals, translations)
}

#[test]
fn check_output_goes_to_stdout_without_colour_when_not_a_terminal() {
    let output = check(&["--inputs", "warnings"]);
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(out.contains("warning:"), "{out}");
    assert!(!out.contains('\u{1b}'), "{out}");
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn clean_data_exits_0_with_a_summary() {
    assert_eq!(
        human("small"),
        (
            Some(0),
            "reconciliation, per input file:\n  \
             small/2023/actions.csv: 6 action(s) (U1: 3, U2: 3), budget planned 3500.5, spent 600; 6 row(s) in the file\n  \
             small/2023/indicators.csv: 2 indicator(s); 2 row(s) in the file\n\
             texts with no version in a plan language (reports in it show another, marked):\n  \
             2023 fr, U1: 2 comment(s)\n  \
             2023 fr, U2: 1 KPI text(s)\n\
             0 error(s), 0 warning(s), 0 note(s)\n"
                .to_string()
        )
    );
}

#[test]
fn every_dialect_checks_clean() {
    let expected = [
        ("semicolon-1252-nl", "0 error(s), 0 warning(s), 0 note(s)\n"),
        ("bom-utf8-fr", "0 error(s), 0 warning(s), 0 note(s)\n"),
        (
            "tab-en",
            "dialects/tab-en/2023/actions.csv:1:13: note: column `Owner` is not used by koers and was ignored\n\
             0 error(s), 0 warning(s), 1 note(s)\n",
        ),
        (
            "xlsx",
            "dialects/xlsx/2023/actions.xlsx: note: read as actions: sheet `Acties`, header in row 1\n\
             dialects/xlsx/2023/actions.xlsx: note: sheet `Info` was not read: it holds no table of actions or indicators\n\
             dialects/xlsx/2023/indicators.xlsx: note: read as indicators: sheet `Indicatoren`, header in row 1\n\
             0 error(s), 0 warning(s), 3 note(s)\n",
        ),
        (
            "per-unit",
            "dialects/per-unit/2023/actions-U2.xlsx: note: read as actions: sheet `actions`, header in row 1\n\
             dialects/per-unit/2023/actions-U2.xlsx: note: sheet `Info` was not read: it holds no table of actions or indicators\n\
             0 error(s), 0 warning(s), 2 note(s)\n",
        ),
    ];
    for (dialect, summary) in expected {
        let (code, out) = human(&format!("dialects/{dialect}"));
        let (rest, totals, translations) = split_lists(&out);
        assert_eq!((code, rest), (Some(0), summary.to_string()), "{dialect}");
        assert_eq!(
            translations,
            ["2023 fr, U1: 2 comment(s)", "2023 fr, U2: 1 KPI text(s)"],
            "{dialect}"
        );
        // The same figures in every dialect, whatever the files are called.
        let figures: Vec<String> = totals
            .iter()
            .map(|line| line.split_once(": ").map_or("", |(_, f)| f).to_string())
            .collect();
        let expected = if dialect == "per-unit" {
            vec![
                "3 action(s) (U1: 3), budget planned 3000.5, spent 200; 3 row(s) in the file",
                "3 action(s) (U2: 3), budget planned 500, spent 400; 3 row(s) in the file",
                "2 indicator(s); 2 row(s) in the file",
            ]
        } else {
            vec![
                "6 action(s) (U1: 3, U2: 3), budget planned 3500.5, spent 600; 6 row(s) in the file",
                "2 indicator(s); 2 row(s) in the file",
            ]
        };
        assert_eq!(figures, expected, "{dialect}");
    }
}

#[test]
fn row_errors_are_all_listed_with_file_line_and_column() {
    let (code, err) = human("errors-rows");
    assert_eq!(code, Some(1));
    insta::assert_snapshot!(err);
}

#[test]
fn framework_errors_are_listed_with_lines() {
    let (code, err) = human("errors-framework");
    assert_eq!(code, Some(1));
    insta::assert_snapshot!(err);
}

#[test]
fn a_toml_syntax_error_has_its_position() {
    let (code, err) = human("errors-toml");
    assert_eq!(code, Some(1));
    insta::assert_snapshot!(err);
}

#[test]
fn warnings_do_not_fail_the_check() {
    let (code, err) = human("warnings");
    assert_eq!(code, Some(0));
    insta::assert_snapshot!(err);
}

#[test]
fn json_output_is_machine_readable() {
    let output = check(&["--inputs", "errors-toml", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("valid JSON on stdout");
    assert_eq!(
        json,
        serde_json::json!({
            "errors": 1,
            "warnings": 0,
            "notes": 0,
            "diagnostics": [{
                "severity": "error",
                "file": "errors-toml/framework.toml",
                "line": 1,
                "column": 6,
                "field": null,
                "message": "unclosed table, expected `]`",
                "hint": null,
            }],
            "files": [],
            "translations": [],
            "other_years": 0,
        })
    );
}

#[test]
fn a_missing_folder_is_a_tool_error() {
    let output = check(&["--inputs", "no-such-folder"]);
    let (code, err) = (output.status.code(), crate::common::stderr(&output));
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        "error: the inputs folder `no-such-folder` does not exist (pass --inputs DIR)\n"
    );
}

#[test]
fn a_sheet_claiming_a_huge_range_is_refused_not_allocated() {
    let (code, err) = human("errors-xlsx-huge");
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(
            "errors-xlsx-huge/2023/actions.xlsx:1048576:16384: error: sheet `actions` is too large"
        ),
        "{err}"
    );
}

#[test]
fn init_starts_a_plan_that_check_reads_and_never_overwrites_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = dir.path().join("plan");
    let plan_arg = plan.to_str().expect("utf-8");
    let init = crate::common::koers(&["init", plan_arg]);
    assert_eq!(
        init.status.code(),
        Some(0),
        "{}",
        crate::common::stderr(&init)
    );
    // The framework is valid; only the year's data is still missing.
    let (code, out) = human(plan_arg);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("error: year 2025 has no actions file"),
        "{out}"
    );
    assert!(
        out.ends_with("1 error(s), 1 warning(s), 0 note(s)\n"),
        "{out}"
    );
    let again = crate::common::koers(&["init", plan_arg]);
    assert_eq!(again.status.code(), Some(2));
    assert!(crate::common::stderr(&again).contains("never overwrites"));
}

#[test]
fn year_lists_that_years_remarks_and_counts_the_others() {
    let inputs = crate::common::sample_inputs();
    let inputs = inputs.to_str().unwrap();
    let output = check(&["--inputs", inputs, "--year", "2024"]);
    assert_eq!(output.status.code(), Some(0));
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(out.contains("/2024/actions.csv:"), "{out}");
    for other in ["/2022/", "/2023/", "2023 fr,", "2022 nl,"] {
        assert!(!out.contains(other), "`{other}` in:\n{out}");
    }
    let (_, all) = crate::common::check_inputs(&crate::common::sample_inputs());
    // `0 error(s), 84 warning(s), 0 note(s)`: warnings and notes together.
    let remarks = |summary: &str| -> usize {
        let words: Vec<&str> = summary.split(' ').collect();
        words[2].parse::<usize>().unwrap() + words[4].parse::<usize>().unwrap()
    };
    let summary = |text: &str| {
        text.lines()
            .find(|l| l.contains(" error(s), "))
            .unwrap()
            .to_string()
    };
    let line = out.lines().last().unwrap();
    assert!(
        line.ends_with("warning(s) and note(s) about other years are not listed; run without --year to list them"),
        "{line}"
    );
    let hidden: usize = line.split(' ').next().unwrap().parse().unwrap();
    assert!(hidden > 0);
    assert_eq!(remarks(&summary(&out)) + hidden, remarks(&summary(&all)));

    let output = check(&["--inputs", inputs, "--year", "2031"]);
    assert_eq!(output.status.code(), Some(1));
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        out.contains("2031 is not a year of the plan (2022–2024)"),
        "{out}"
    );
}
