//! Unit tests of the parent module, kept apart so the module reads as
//! what it does.

use super::*;

/// The header tables of `docs/inputs.md`: (table, field, words), the
/// actions table first, then the indicators table.
fn documented() -> Vec<(usize, String, Vec<String>)> {
    let doc = include_str!("../../../../docs/inputs.md");
    let section = doc
        .split("### Headers by language")
        .nth(1)
        .expect("the section");
    let mut table = 0;
    let mut rows = Vec::new();
    for line in section.lines() {
        if line.starts_with("Indicators:") {
            table = 1;
        }
        if line.starts_with("## ") {
            break;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let [_, field, nl, fr, en, _] = cells.as_slice() else {
            continue;
        };
        if *field == "field" || field.starts_with("---") {
            continue;
        }
        let words = [nl, fr, en]
            .iter()
            .flat_map(|c| c.split(", "))
            .map(str::to_string)
            .collect();
        rows.push((table, field.to_string(), words));
    }
    rows
}

#[test]
fn every_documented_header_is_read_as_its_field() {
    let rows = documented();
    assert_eq!(rows.len(), 11 + 9);
    for (table, field, words) in rows {
        for word in words {
            let found = if table == 0 {
                action_field(&word).map(|f| match f {
                    ActionField::Title(_) => "title".to_string(),
                    ActionField::Comment(_) => "comment".to_string(),
                    other => format!("{other:?}"),
                })
            } else {
                indicator_field(&word).map(|f| match f {
                    IndicatorField::Name(_) => "name".to_string(),
                    IndicatorField::Measure(_) => "measure".to_string(),
                    IndicatorField::Comment(_) => "comment".to_string(),
                    other => format!("{other:?}"),
                })
            };
            let expected = field.replace('_', "").to_lowercase();
            let found = found.map(|f| f.to_lowercase());
            assert_eq!(
                found.as_deref(),
                Some(expected.as_str()),
                "`{word}` for {field}"
            );
        }
    }
}
