//! What a publishing officer adds to the yearly report: a foreword and a
//! commentary per priority from Markdown files in the year folder, and the
//! organisation's logo, each shown where it belongs, marked when in another
//! language, attached like every input, and refused with its line when it
//! holds what a report cannot show faithfully.

use std::path::Path;

use crate::common::{build_into, check_inputs, collapse, pdf_text, small_plan, stderr};

/// The small plan's 2023 data.
fn data() -> Vec<(&'static str, Vec<u8>)> {
    let dir = crate::common::fixture("small").join("2023");
    vec![
        (
            "actions.csv",
            std::fs::read(dir.join("actions.csv")).unwrap(),
        ),
        (
            "indicators.csv",
            std::fs::read(dir.join("indicators.csv")).unwrap(),
        ),
    ]
}

/// The small plan with `extra` files in 2023, and `logo` (name, bytes)
/// named in its framework.
fn plan_with(extra: &[(&str, &str)], logo: Option<(&str, &[u8])>) -> tempfile::TempDir {
    let mut files = data();
    files.extend(extra.iter().map(|(n, t)| (*n, t.as_bytes().to_vec())));
    let dir = small_plan(&files);
    if let Some((name, bytes)) = logo {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let framework = dir.path().join("framework.toml");
        let text = std::fs::read_to_string(&framework).unwrap();
        let text = text.replacen(
            "languages = [\"nl\", \"fr\"]",
            &format!("languages = [\"nl\", \"fr\"]\nlogo = \"{name}\""),
            1,
        );
        assert!(text.contains("logo ="));
        std::fs::write(framework, text).unwrap();
    }
    dir
}

const FOREWORD_NL: &str = "Dit jaar hebben de **diensten** hard gewerkt aan de *modernisering* van de dienstverlening, zoals het plan vroeg.\n\n## P1\nDe eerste prioriteit vorderde goed:\n\n- het nieuwe loket staat;\n- de opleiding volgt.\n\n## P2\nBij de tweede prioriteit liep het trager dan gehoopt.\n";
const FOREWORD_FR: &str = "Cette année, les **services** ont beaucoup travaillé à la *modernisation* du service public, comme le plan le demandait.\n\n## P1\nLa première priorité a bien avancé.\n";

fn org_pdf(out: &Path, lang: &str) -> String {
    collapse(&pdf_text(
        &out.join(format!("2023/{lang}/t-2023-org-{lang}.pdf")),
    ))
}

#[test]
fn foreword_and_commentaries_are_shown_in_each_language_or_marked() {
    let inputs = plan_with(
        &[
            ("foreword.nl.md", FOREWORD_NL),
            ("foreword.fr.md", FOREWORD_FR),
        ],
        None,
    );
    let (code, out) = check_inputs(inputs.path());
    assert_eq!(code, Some(0), "{out}");
    // French lacks P2's commentary: said, with the file to add it to.
    assert!(
        out.contains("foreword.fr.md: warning: no commentary on P2 in fr: the fr report shows the nl one, marked"),
        "{out}"
    );
    let output = tempfile::tempdir().unwrap();
    let built = build_into(inputs.path(), output.path(), &[]);
    assert!(built.status.success(), "{}", stderr(&built));
    let nl = org_pdf(output.path(), "nl");
    assert!(
        nl.contains("Voorwoord Dit jaar hebben de diensten hard gewerkt"),
        "{nl}"
    );
    assert!(
        nl.contains(
            "De eerste prioriteit vorderde goed:• het nieuwe loket staat; • de opleiding volgt."
        ),
        "{nl}"
    );
    assert!(
        nl.contains("Bij de tweede prioriteit liep het trager"),
        "{nl}"
    );
    let fr = org_pdf(output.path(), "fr");
    assert!(
        fr.contains("Avant-propos Cette année, les services ont beaucoup travaillé"),
        "{fr}"
    );
    assert!(fr.contains("La première priorité a bien avancé."), "{fr}");
    // The Dutch commentary on P2 stands in the French report, marked.
    assert!(
        fr.contains("NL Bij de tweede prioriteit liep het trager"),
        "{fr}"
    );
    assert!(!fr.contains("Dit jaar hebben"), "{fr}");
    // A unit's report is the unit's: no foreword.
    let unit = collapse(&pdf_text(&output.path().join("2023/nl/t-2023-U1-nl.pdf")));
    assert!(!unit.contains("Dit jaar hebben"), "{unit}");
    // The files are inputs: attached and in the sources annex.
    let pdf = std::fs::read(output.path().join("2023/nl/t-2023-org-nl.pdf")).unwrap();
    let (sources, _) = koers::readback::attached_sources(&pdf).unwrap();
    assert_eq!(
        sources.get("inputs/2023/foreword.fr.md").map(Vec::as_slice),
        Some(FOREWORD_FR.as_bytes())
    );
    assert!(nl.contains("2023/foreword.nl.md"), "{nl}");
}

#[test]
fn only_the_plan_language_editions_without_a_foreword_show_another_marked() {
    let inputs = plan_with(&[("foreword.nl.md", FOREWORD_NL)], None);
    let (code, out) = check_inputs(inputs.path());
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("foreword.fr.md: warning: no fr foreword: the fr organisation report shows the nl one, marked as nl"), "{out}");
    let output = tempfile::tempdir().unwrap();
    let built = build_into(inputs.path(), output.path(), &[]);
    assert!(built.status.success(), "{}", stderr(&built));
    let fr = org_pdf(output.path(), "fr");
    assert!(
        fr.contains("Avant-propos NL Dit jaar hebben de diensten"),
        "{fr}"
    );
}

#[test]
fn a_foreword_a_report_cannot_show_is_refused_with_its_line() {
    for (text, says) in [
        (
            "Intro\n\n## P7\nTekst\n",
            "2023/foreword.nl.md:3:1: error: `## P7` is not a priority of the plan",
        ),
        (
            "Intro met een ![foto](x.png).\n",
            "2023/foreword.nl.md:1:15: error: a picture",
        ),
        (
            "Intro <script>alert(1)</script>\n",
            "2023/foreword.nl.md:1:7: error: HTML in a foreword",
        ),
    ] {
        let inputs = plan_with(&[("foreword.nl.md", text)], None);
        let (code, out) = check_inputs(inputs.path());
        assert_eq!(code, Some(1), "{text:?}: {out}");
        assert!(out.contains(says), "{text:?}: {out}");
    }
    // A foreword without its language in the name is never skipped.
    let inputs = plan_with(&[("foreword.md", "Tekst\n")], None);
    let (code, out) = check_inputs(inputs.path());
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("2023/foreword.md: error: `foreword.md` does not say which language"),
        "{out}"
    );
}

#[test]
fn a_foreword_in_the_wrong_language_is_named() {
    let inputs = plan_with(&[("foreword.nl.md", FOREWORD_FR)], None);
    let (_, out) = check_inputs(inputs.path());
    assert!(
        out.contains(
            "foreword.nl.md: warning: the foreword reads as fr, but the file is the nl one"
        ),
        "{out}"
    );
}

const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40"><rect width="40" height="40" fill="#1d3557"/><rect x="46" y="10" width="30" height="8" fill="#2f7f9e"/></svg>"##;

#[test]
fn the_logo_is_on_the_cover_and_in_the_header_and_attached() {
    let inputs = plan_with(&[], Some(("logo.svg", LOGO.as_bytes())));
    let (code, out) = check_inputs(inputs.path());
    assert_eq!(code, Some(0), "{out}");
    // Named in framework.toml: not "a file that is not part of the plan".
    assert!(!out.contains("logo.svg: note"), "{out}");
    let output = tempfile::tempdir().unwrap();
    let built = build_into(inputs.path(), output.path(), &[]);
    assert!(built.status.success(), "{}", stderr(&built));
    let path = output.path().join("2023/fr/t-2023-U2-fr.pdf");
    let pdf = std::fs::read(&path).unwrap();
    let (sources, _) = koers::readback::attached_sources(&pdf).unwrap();
    assert_eq!(
        sources.get("inputs/logo.svg").map(Vec::as_slice),
        Some(LOGO.as_bytes())
    );
    // On the cover, an image with the organisation's name as its
    // alternative text (the running header's copy is page furniture, an
    // artifact, as the header's text is).
    let figures = crate::common::figure_alt_texts(&path);
    assert!(
        figures.iter().any(|a| a == "Service de test"),
        "{figures:?}"
    );
    let (code, text) = crate::common::verify(&path, &["--rebuild"]);
    assert!(text.contains("ok   rebuild"), "{code:?} {text}");
}

#[test]
fn a_logo_that_cannot_be_drawn_or_reaches_out_is_refused() {
    let mut huge = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    huge.extend(100_000u32.to_be_bytes());
    huge.extend(10u32.to_be_bytes());
    huge.extend([8, 6, 0, 0, 0]);
    for (name, bytes, says) in [
        (
            "logo.svg",
            br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><image href="/etc/passwd" width="10" height="10"/></svg>"#.to_vec(),
            "logo.svg: error: [logo] the SVG refers to another file (`/etc/passwd`)",
        ),
        ("logo.svg", b"<svg".to_vec(), "logo.svg: error: [logo] the SVG cannot be read"),
        ("logo.png", huge, "logo.png: error: [logo] the picture is 100000 × 10 pixels"),
        ("logo.png", b"GIF89a....................".to_vec(), "logo.png: error: [logo] the file is not a PNG picture"),
        ("logo.jpg", b"x".to_vec(), "logo.jpg: error: [logo] `logo.jpg` is neither an SVG nor a PNG file"),
    ] {
        let inputs = plan_with(&[], Some((name, &bytes)));
        let (code, out) = check_inputs(inputs.path());
        assert_eq!(code, Some(1), "{says}: {out}");
        assert!(out.contains(says), "{out}");
    }
    let inputs = plan_with(&[], Some(("logo.svg", LOGO.as_bytes())));
    let framework = inputs.path().join("framework.toml");
    let text = std::fs::read_to_string(&framework)
        .unwrap()
        .replace("logo = \"logo.svg\"", "logo = \"../logo.svg\"");
    std::fs::write(&framework, text).unwrap();
    let (code, out) = check_inputs(inputs.path());
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains(
            "error: [logo] logo `../logo.svg` must be the name of a file beside framework.toml"
        ),
        "{out}"
    );
}

/// A sheet of a figures workbook as rows of cells, the header first.
fn sheet(path: &Path, index: usize) -> Vec<Vec<calamine::Data>> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).expect("workbook");
    let name = book.sheet_names()[index].clone();
    let range = book.worksheet_range(&name).expect("sheet");
    range.rows().map(<[calamine::Data]>::to_vec).collect()
}

fn cell_text(cell: &calamine::Data) -> String {
    match cell {
        calamine::Data::String(s) => s.clone(),
        calamine::Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn cell_number(cell: &calamine::Data) -> f64 {
    match cell {
        calamine::Data::Float(f) => *f,
        calamine::Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// A number as the Dutch report prints it: `94,4` or `2.172.283`.
fn nl(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let (whole, fraction) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(w, f)| (w, Some(f)));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    match fraction {
        Some(f) => format!("{grouped},{f}"),
        None => grouped,
    }
}

#[test]
fn the_figures_workbook_holds_the_numbers_the_pdf_prints() {
    let out = crate::common::sample();
    for year in [2023, 2024] {
        let figures = out.join(format!("{year}/nl/ibz-sp-{year}-figures-nl.xlsx"));
        let pdf = out.join(format!("{year}/nl/ibz-sp-{year}-org-nl.pdf"));
        // Compared without spaces: where a line breaks, the PDF's text may
        // lose or gain one.
        let squash = |t: &str| t.split_whitespace().collect::<String>();
        let text = squash(&pdf_text(&pdf));
        // The workbook attached to the report is the one beside it.
        let (sources, _) =
            koers::readback::attached_sources(&std::fs::read(&pdf).unwrap()).unwrap();
        assert_eq!(
            sources.get(&format!("ibz-sp-{year}-figures-nl.xlsx")),
            Some(&std::fs::read(&figures).unwrap())
        );
        let column = |rows: &[Vec<calamine::Data>], header: &str| {
            rows[0]
                .iter()
                .position(|c| cell_text(c) == header)
                .unwrap_or_else(|| panic!("no column {header}: {:?}", rows[0]))
        };
        // Priorities: "P1 · title" and its progress line.
        let rows = sheet(&figures, 1);
        let progress = column(&rows, "Voortgang (%)");
        assert!(rows.len() > 4, "{rows:?}");
        for row in &rows[1..] {
            let shown = format!(
                "{} · {} {}%",
                cell_text(&row[0]),
                cell_text(&row[1]),
                nl(cell_number(&row[progress]), 1)
            );
            assert!(
                text.contains(&squash(&shown)),
                "{year}: `{shown}` is not in the PDF"
            );
        }
        // Objectives: each heading with its progress (and an operational
        // one's lead unit).
        let rows = sheet(&figures, 2);
        let progress = column(&rows, "Voortgang (%)");
        let lead = column(&rows, "Trekker");
        let mut operational = 0;
        for row in &rows[1..] {
            let (id, title) = (cell_text(&row[1]), cell_text(&row[4]));
            let shown = match cell_text(&row[lead]) {
                unit if unit.is_empty() => {
                    format!("{id} · {title} {}%", nl(cell_number(&row[progress]), 1))
                }
                unit => {
                    operational += 1;
                    format!(
                        "{id} · {title} Trekker: {unit} · Voortgang: {}%",
                        nl(cell_number(&row[progress]), 1)
                    )
                }
            };
            assert!(
                text.contains(&squash(&shown)),
                "{year}: `{shown}` is not in the PDF"
            );
        }
        assert!(operational > 20, "{operational}");
        // Units: the comparison table's row, budget spent to the euro.
        let rows = sheet(&figures, 3);
        let (actions, progress, rag) = (
            column(&rows, "Acties"),
            column(&rows, "Voortgang (%)"),
            column(&rows, "Beoordeling"),
        );
        let (risk, late, spent) = (
            column(&rows, "Risico"),
            column(&rows, "Vertraagd"),
            column(&rows, "Besteed"),
        );
        assert_eq!(rows.len(), 8, "{rows:?}");
        for row in &rows[1..] {
            let shown = format!(
                "{} ({}) {} {} {} {}% {} € {}",
                cell_text(&row[1]),
                cell_text(&row[0]),
                cell_number(&row[actions]),
                cell_number(&row[risk]),
                cell_number(&row[late]),
                nl(cell_number(&row[progress]), 1),
                cell_text(&row[rag]),
                nl(cell_number(&row[spent]).round(), 0),
            );
            assert!(
                text.contains(&squash(&shown)),
                "{year}: `{shown}` is not in the PDF"
            );
        }
        // KPIs: id, name, target, actual and judgement as the table prints them.
        let rows = sheet(&figures, 4);
        assert!(rows.len() > 10, "{rows:?}");
        for row in &rows[1..] {
            assert!(
                text.contains(&squash(&format!(
                    "{} {}",
                    cell_text(&row[0]),
                    cell_text(&row[2])
                ))),
                "{row:?}"
            );
        }
    }
}

#[test]
fn a_figures_workbook_that_is_not_the_reports_own_fails_verify() {
    let out = crate::common::sample();
    let copy = tempfile::tempdir().unwrap();
    let dir = copy.path().join("2024/fr");
    std::fs::create_dir_all(&dir).unwrap();
    let report = dir.join("ibz-sp-2024-VP-fr.pdf");
    std::fs::copy(out.join("2024/fr/ibz-sp-2024-VP-fr.pdf"), &report).unwrap();
    // The 2023 workbook under 2024's name.
    std::fs::copy(
        out.join("2023/fr/ibz-sp-2023-figures-fr.xlsx"),
        dir.join("ibz-sp-2024-figures-fr.xlsx"),
    )
    .unwrap();
    let (code, text) = crate::common::verify(&report, &["--allow-draft"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("FAIL figures: ibz-sp-2024-figures-fr.xlsx beside the report differs from the one attached"), "{text}");
    std::fs::copy(
        out.join("2024/fr/ibz-sp-2024-figures-fr.xlsx"),
        dir.join("ibz-sp-2024-figures-fr.xlsx"),
    )
    .unwrap();
    let (_, text) = crate::common::verify(&report, &["--allow-draft"]);
    assert!(
        text.contains(
            "ok   figures: ibz-sp-2024-figures-fr.xlsx beside the report is the one attached"
        ),
        "{text}"
    );
}

#[test]
fn a_foreword_in_a_language_outside_the_plan_is_named() {
    let inputs = plan_with(
        &[(
            "foreword.en.md",
            "This year the services worked hard on the modernisation of public service.\n",
        )],
        None,
    );
    let (code, out) = check_inputs(inputs.path());
    assert_eq!(code, Some(0), "{out}");
    assert!(
        out.contains("foreword.en.md: warning: en is not a language of the plan (nl, fr): this foreword is shown only in a --lang en edition"),
        "{out}"
    );
}
