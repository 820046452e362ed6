//! Unit tests of the parent module, kept apart so the module reads as
//! what it does.

use super::*;
use crate::core::Lang;
use chrono::NaiveDate;

const MINIMAL: &str = r#"
[plan]
id = "sp"
organisation = { nl = "FOD", fr = "SPF" }
title = "Plan"
start_year = 2022
end_year = 2024
signed_on = 2022-05-17
languages = ["nl", "fr"]

[mission]
text = { nl = "Missie", fr = "Mission" }

[vision]
text = { nl = "Visie", fr = "Vision" }

[[units]]
id = "U1"
name = { nl = "Eenheid", fr = "Unité" }

[[priorities]]
id = "P1"
title = { nl = "Prioriteit", fr = "Priorité" }

[[strategic_objectives]]
id = "SD1"
priorities = ["P1"]
title = { nl = "SD", fr = "OS" }

[[operational_objectives]]
id = "OD1"
strategic_objective = "SD1"
unit = "U1"
title = { nl = "OD", fr = "OO" }
"#;

fn parse(text: &str) -> (Option<Framework>, Vec<String>) {
    let (fw, diags) = Framework::parse(text, Path::new("framework.toml"));
    (fw, diags.iter().map(ToString::to_string).collect())
}

#[test]
fn minimal_framework_is_clean() {
    let (fw, diags) = parse(MINIMAL);
    assert_eq!(diags, Vec::<String>::new());
    let fw = fw.expect("parsed");
    assert_eq!(
        fw.plan.signed_on,
        NaiveDate::from_ymd_opt(2022, 5, 17).expect("date")
    );
    assert_eq!(fw.plan.organisation.get(Lang::Fr), "SPF");
    assert_eq!(fw.plan.title.get(Lang::Fr), "Plan");
}

#[test]
fn dangling_reference_names_id_line_and_closest() {
    let text = MINIMAL.replace("unit = \"U1\"", "unit = \"U2\"");
    let (_, diags) = parse(&text);
    assert_eq!(
        diags,
        vec![
            "framework.toml:33:8: error: unknown unit id `U2` in operational objective `OD1`\n  hint: did you mean `U1`?"
        ]
    );
}

#[test]
fn missing_language_is_an_error() {
    let text = MINIMAL.replace(
        "title = { nl = \"Prioriteit\", fr = \"Priorité\" }",
        "title = { nl = \"Prioriteit\" }",
    );
    let (_, diags) = parse(&text);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        diags[0].contains("title of priority `P1` has no text in fr"),
        "{diags:?}"
    );
}

#[test]
fn duplicate_id_points_at_first() {
    let text = format!("{MINIMAL}\n[[priorities]]\nid = \"P1\"\ntitle = \"Again\"\n");
    let (_, diags) = parse(&text);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(diags[0].contains("duplicate priority id `P1`"), "{diags:?}");
    assert!(diags[0].contains("first defined on line 22"), "{diags:?}");
}

#[test]
fn an_approver_listed_twice_is_an_error() {
    let text = format!(
        "{MINIMAL}\n[signoff]\napprovals = \"recorded\"\n[[approvers]]\nname = \"A\"\nrole = \"R\"\n[[approvers]]\nname = \"A\"\nrole = \"R\"\n"
    );
    let (_, diags) = parse(&text);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        diags[0].contains("approver `A` is listed twice"),
        "{diags:?}"
    );
}

#[test]
fn signed_approvals_need_a_pin_that_can_match() {
    let approver = |pin: &str| {
        let text = format!("{MINIMAL}\n[[approvers]]\nname = \"A\"\nrole = \"R\"\n{pin}");
        parse(&text).1
    };
    let none = approver("");
    assert!(
        none.iter()
            .any(|d| d.contains("approver `A` has no certificate pin")),
        "{none:?}"
    );
    let half = approver("subject_serial = \"1\"\n");
    assert!(
        half.iter().any(|d| d.contains("only half a pin")),
        "{half:?}"
    );
    let bad = approver("certificate_sha256 = \"abc\"\n");
    assert!(
        bad.iter().any(|d| d.contains("is not a SHA-256 in hex")),
        "{bad:?}"
    );
    // A rule on the issuer's name needs the anchors a path must reach.
    let rule = approver("subject_serial = \"1\"\nissuer = \"Citizen CA\"\n");
    assert!(
        rule.iter()
            .any(|d| d.contains("pinned by an issuer's name, but the plan names no trust anchor")),
        "{rule:?}"
    );
    let anchored = approver(
        "subject_serial = \"1\"\nissuer = \"Citizen CA\"\n[trust]\nanchors = [\"root.pem\"]\n",
    );
    assert!(anchored.is_empty(), "{anchored:?}");
    let hash = format!("certificate_sha256 = \"{}\"\n", "AB:".repeat(31) + "AB");
    assert!(approver(&hash).is_empty());
}

#[test]
fn a_seal_pin_must_be_a_sha256() {
    let (_, diags) = parse(&format!(
        "{MINIMAL}\n[seal]\ncertificate_sha256 = \"abc\"\n"
    ));
    assert!(
        diags
            .iter()
            .any(|d| d.contains("[seal] certificate_sha256 is not a SHA-256 in hex")),
        "{diags:?}"
    );
    let pin = "AB:".repeat(31) + "AB";
    let (fw, diags) = parse(&format!(
        "{MINIMAL}\n[seal]\ncertificate_sha256 = \"{pin}\"\n"
    ));
    assert_eq!(diags, Vec::<String>::new());
    assert_eq!(
        fw.and_then(|f| f.seal).map(|s| s.sha256()),
        Some("ab".repeat(32))
    );
}

#[test]
fn syntax_error_has_location() {
    let (fw, diags) = parse("[plan]\nid = \n");
    assert!(fw.is_none());
    assert!(diags[0].starts_with("framework.toml:2:"), "{diags:?}");
}

#[test]
fn unknown_key_is_an_error() {
    let text = MINIMAL.replace("start_year = 2022", "start_year = 2022\nstartyear = 2022");
    let (fw, diags) = parse(&text);
    assert!(fw.is_none());
    assert!(diags[0].contains("unknown field `startyear`"), "{diags:?}");
}
