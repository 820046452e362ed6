//! Page layout read back from the PDFs, as a reader sees it: no page under
//! a third full except the last page of a chapter, and no heading alone at
//! the foot of a page, on the sample and on a generated plan of 3,000
//! actions a year.
//!
//! Read with lopdf from the drawing itself: the lowest point anything that
//! is not page furniture (header, footer, watermark: artifacts) is drawn at,
//! and where each outline entry (every heading) points.

use std::collections::BTreeMap;
use std::path::Path;

use lopdf::content::Content;
use lopdf::{Document, Object, ObjectId};

/// The body of an A4 page of the built-in template, in points from the
/// bottom: between the bottom margin (2.2 cm) and the top margin (2.4 cm).
const BODY_BOTTOM: f64 = 2.2 / 2.54 * 72.0;
const BODY_TOP: f64 = 841.89 - 2.4 / 2.54 * 72.0;

type Matrix = [f64; 6];

fn multiply(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn number(object: &Object) -> f64 {
    match object {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        _ => 0.0,
    }
}

/// The lowest point (from the page's bottom) at which something of the
/// page's content, not an artifact, is placed: the origins of the
/// transformations its drawing is placed with. `None` for an empty page.
fn lowest_content(doc: &Document, page: ObjectId) -> Option<f64> {
    let content = Content::decode(&doc.get_page_content(page).ok()?).ok()?;
    let mut ctm: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
    let mut saved = Vec::new();
    // Per marked-content level: whether it is an artifact.
    let mut marked: Vec<bool> = Vec::new();
    let mut lowest: Option<f64> = None;
    for op in &content.operations {
        match op.operator.as_str() {
            "q" => saved.push(ctm),
            "Q" => ctm = saved.pop().unwrap_or(ctm),
            "cm" if op.operands.len() == 6 => {
                let m: Vec<f64> = op.operands.iter().map(number).collect();
                ctm = multiply(&[m[0], m[1], m[2], m[3], m[4], m[5]], &ctm);
                if !marked.iter().any(|artifact| *artifact) {
                    lowest = Some(lowest.map_or(ctm[5], |l: f64| l.min(ctm[5])));
                }
            }
            "BDC" | "BMC" => {
                let artifact = op
                    .operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .is_some_and(|n| n == b"Artifact");
                marked.push(artifact);
            }
            "EMC" => {
                marked.pop();
            }
            _ => {}
        }
    }
    lowest
}

/// Each outline entry (every heading): its level (1 for a chapter), title,
/// page number (from 1) and the height it points at.
fn headings(doc: &Document) -> Vec<(usize, String, usize, f64)> {
    let pages: BTreeMap<ObjectId, u32> =
        doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let mut found = Vec::new();
    let first = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Outlines").ok())
        .and_then(|o| o.as_reference().ok())
        .and_then(|id| doc.get_dictionary(id).ok())
        .and_then(|d| d.get(b"First").ok())
        .and_then(|f| f.as_reference().ok());
    let mut stack = vec![(first, 1usize)];
    while let Some((item, level)) = stack.pop() {
        let Some(id) = item else { continue };
        let Ok(dict) = doc.get_dictionary(id) else {
            continue;
        };
        let next = dict.get(b"Next").ok().and_then(|n| n.as_reference().ok());
        stack.push((next, level));
        let child = dict.get(b"First").ok().and_then(|n| n.as_reference().ok());
        stack.push((child, level + 1));
        let title = dict
            .get(b"Title")
            .ok()
            .and_then(|t| lopdf::decode_text_string(t).ok())
            .unwrap_or_default();
        let dest = match dict.get(b"Dest") {
            Ok(Object::Reference(r)) => doc.get_object(*r).ok(),
            Ok(other) => Some(other),
            Err(_) => None,
        };
        let Some(Ok(dest)) = dest.map(Object::as_array) else {
            continue;
        };
        let page = dest
            .first()
            .and_then(|p| p.as_reference().ok())
            .and_then(|p| pages.get(&p));
        if let (Some(page), Some(y)) = (page, dest.get(3)) {
            found.push((level, title, *page as usize, number(y)));
        }
    }
    found
}

/// Every page of the report at `path` but the cover is at least a third
/// full, unless it ends a chapter (the next page starts one, or it is the
/// last); no heading stands at the foot of a page with nothing under it.
fn check_layout(path: &Path) -> Vec<String> {
    let doc = Document::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let headings = headings(&doc);
    assert!(!headings.is_empty(), "{}: no outline", path.display());
    let chapter_starts: Vec<usize> = headings.iter().filter(|h| h.0 == 1).map(|h| h.2).collect();
    let name = path.file_name().unwrap().to_string_lossy();
    let mut problems = Vec::new();
    let lowest: Vec<Option<f64>> = pages.iter().map(|p| lowest_content(&doc, *p)).collect();
    for (index, low) in lowest.iter().enumerate().skip(1) {
        let number = index + 1;
        let ends_chapter = number == pages.len() || chapter_starts.contains(&(number + 1));
        let fill = low.map_or(0.0, |low| (BODY_TOP - low) / (BODY_TOP - BODY_BOTTOM));
        if !ends_chapter && fill < 1.0 / 3.0 {
            problems.push(format!("{name} page {number}: {:.0} % full", fill * 100.0));
        }
    }
    for (level, title, page, y) in &headings {
        let Some(Some(low)) = lowest.get(page - 1) else {
            continue;
        };
        // A heading's own line is under 20 pt; anything more below it on
        // its page is what it introduces.
        if y - low < 20.0 {
            problems.push(format!(
                "{name} page {page}: heading (level {level}) `{title}` alone at the foot"
            ));
        }
    }
    problems
}

#[test]
fn the_sample_reports_have_no_near_empty_page_and_no_lonely_heading() {
    let out = crate::common::sample();
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in crate::common::files_under(out) {
        if file.ends_with(".pdf") {
            problems.extend(check_layout(&out.join(file)));
            checked += 1;
        }
    }
    assert_eq!(checked, 48);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The reader of the layout sees what is drawn: a page whose content stops
/// a fifth of the way down is found, and so is a heading with nothing under
/// it (a test that cannot fail is no test).
#[test]
fn the_layout_reader_sees_a_near_empty_page_and_a_lonely_heading() {
    let dir = tempfile::tempdir().unwrap();
    // A title, as PDF/UA-1 (every report, drafts too) asks.
    let source = "#set document(title: \"t\")\n#set page(paper: \"a4\", margin: (top: 2.4cm, bottom: 2.2cm, x: 2.1cm))\nCover\n#pagebreak()\n= One\n#lorem(40)\n#pagebreak()\n= Two\n#lorem(40)\n#pagebreak()\n#lorem(40)\n#v(1fr)\n== Alone\n";
    let pdf = render_plain(dir.path(), source);
    let path = dir.path().join("t.pdf");
    std::fs::write(&path, pdf).unwrap();
    let problems = check_layout(&path);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("page 3: ") && p.contains("% full")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("heading (level 2) `Alone` alone at the foot")),
        "{problems:?}"
    );
    // The last page of chapter One is short, and allowed to be.
    assert!(
        !problems.iter().any(|p| p.contains("page 2: ")),
        "{problems:?}"
    );
}

/// A Typst source rendered by Koers's renderer, as a template folder.
fn render_plain(dir: &Path, source: &str) -> Vec<u8> {
    let templates = dir.join("template");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(templates.join("report.typ"), source).unwrap();
    let renderer =
        koers::render::Renderer::new(koers::render::Templates::from_dir(&templates).unwrap())
            .unwrap();
    renderer
        .render(
            b"{}".to_vec(),
            Vec::new(),
            &koers::render::RenderOptions::default(),
        )
        .unwrap()
}

/// A year of 3,000 actions over the sample plan's objectives and units,
/// with titles and comments of every length: the organisation report
/// shows objectives only, each unit report lists hundreds of actions.
#[test]
fn a_three_thousand_action_year_has_no_near_empty_page_and_no_lonely_heading() {
    let dir = tempfile::tempdir().unwrap();
    let sample = crate::common::sample_inputs();
    std::fs::copy(
        sample.join("framework.toml"),
        dir.path().join("framework.toml"),
    )
    .unwrap();
    let text = std::fs::read_to_string(sample.join("framework.toml")).unwrap();
    let (framework, _) =
        koers::intake::framework::Framework::parse(&text, Path::new("framework.toml"));
    let framework = framework.unwrap();
    let objectives: Vec<(&str, &str)> = framework
        .operational_objectives
        .iter()
        .map(|o| (o.id.as_str(), o.unit.as_str()))
        .collect();
    let words = "de uitvoering van het actieplan vraagt overleg met de partners en een bijsturing van de planning";
    let mut csv = String::from(
        "id,objective,title,title_fr,unit,status,progress,due,budget_planned,budget_spent,comment,comment_fr\n",
    );
    for n in 0..3000usize {
        let (objective, unit) = objectives[(n * 7 + n / 13) % objectives.len()];
        let (status, progress) = [
            ("on_track", 40),
            ("at_risk", 30),
            ("delayed", 20),
            ("completed", 100),
            ("not_started", 0),
        ][n % 5];
        let title: String = words
            .split(' ')
            .take(3 + n % 14)
            .collect::<Vec<_>>()
            .join(" ");
        let comment = match n % 4 {
            0 => String::new(),
            1 => "Kort.".to_string(),
            _ => words.repeat(1 + n % 3),
        };
        csv.push_str(&format!(
            "A{n:05},{objective},Actie {n} {title},Action {n} {title},{unit},{status},{progress},2023-12-31,{},{},{comment},{comment}\n",
            1000 + n,
            500 + n
        ));
    }
    std::fs::create_dir(dir.path().join("2023")).unwrap();
    std::fs::write(dir.path().join("2023/actions.csv"), csv).unwrap();
    let out = tempfile::tempdir().unwrap();
    let built = crate::common::build_into(dir.path(), out.path(), &["--year", "2023"]);
    assert!(built.status.success(), "{}", crate::common::stderr(&built));
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in crate::common::files_under(out.path()) {
        if file.ends_with(".pdf") {
            problems.extend(check_layout(&out.path().join(file)));
            checked += 1;
        }
    }
    assert_eq!(checked, 16);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
