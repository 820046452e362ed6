//! The web edition: the report model, the very JSON the PDF is rendered
//! from, into one self-contained HTML page through `templates/report.html`.
//!
//! A template engine over the model, not Typst's HTML export: Typst 0.15
//! marks that export experimental and drops what the PDF leans on (placed
//! elements, grid cells, shapes, figure alt texts), while a page built from
//! the model is semantic HTML we control line by line, with the same
//! numbers and wording by construction. minijinja escapes every value (the
//! template is `.html`), runs no code a template could bring, and renders
//! the same bytes for the same model, so `verify --rebuild` can compare.

use anyhow::{Context, Result};
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};

/// The built-in web template.
const TEMPLATE: &str = include_str!("../../templates/report.html");

/// The web template, parsed once for the whole build (every report of
/// every core renders from it).
fn environment() -> Result<&'static Environment<'static>> {
    static ENVIRONMENT: std::sync::OnceLock<Result<Environment<'static>, String>> =
        std::sync::OnceLock::new();
    ENVIRONMENT
        .get_or_init(|| {
            let mut env = Environment::new();
            env.set_auto_escape_callback(|_| AutoEscape::Html);
            // A field the template names that the model lacks is a template
            // bug, never an empty cell in a published report.
            env.set_undefined_behavior(UndefinedBehavior::Strict);
            env.add_template("report.html", TEMPLATE)
                .map_err(|e| format!("the web template does not parse: {e:#}"))?;
            Ok(env)
        })
        .as_ref()
        .map_err(|e| anyhow::anyhow!("{e}"))
}

/// The file name of a report's web edition: its PDF's, as `.html`.
pub fn web_name(pdf_name: &str) -> String {
    match pdf_name.strip_suffix(".pdf") {
        Some(stem) => format!("{stem}.html"),
        None => format!("{pdf_name}.html"),
    }
}

/// The web edition of the report whose model is `json` (as prepared for
/// Typst) and whose PDF is `pdf_file`, beside it, which the page links to.
pub fn web_edition(json: &[u8], pdf_file: &str) -> Result<Vec<u8>> {
    let mut model: serde_json::Value =
        serde_json::from_slice(json).context("the report model is not JSON")?;
    without_break_hints(&mut model);
    let template = environment()?.get_template("report.html")?;
    let mut context = match model {
        serde_json::Value::Object(map) => map,
        _ => anyhow::bail!("the report model is not an object"),
    };
    context.insert(
        "pdf_file".into(),
        serde_json::Value::String(pdf_file.into()),
    );
    let actions = all_actions(&context);
    context.insert("all_actions".into(), serde_json::Value::Array(actions));
    // Each unit's own web edition, beside this one: where its figures
    // come from, action by action.
    let unit_pages = unit_pages(&context);
    context.insert("unit_pages".into(), serde_json::Value::Object(unit_pages));
    let html = template
        .render(Value::from_serialize(&context))
        .map_err(|e| anyhow::anyhow!("cannot render the web edition: {e:#}"))?;
    Ok(html.into_bytes())
}

/// The model's texts without the zero-width spaces [`crate::core::text::breakable`]
/// puts into long words for the PDF's table cells: a browser breaks a long
/// word itself (`overflow-wrap` in the template), and a reader who copies
/// a reference or an address from the page gets it as it was written.
fn without_break_hints(value: &mut serde_json::Value) {
    use serde_json::Value as Json;
    match value {
        Json::String(text) if text.contains('\u{200B}') => text.retain(|c| c != '\u{200B}'),
        Json::Array(items) => items.iter_mut().for_each(without_break_hints),
        Json::Object(map) => map.values_mut().for_each(without_break_hints),
        _ => {}
    }
}

/// Every action of the report once, in chapter order, with the priorities
/// it counts under (a strategic objective may serve several) and the
/// objective it hangs on: the list a reader filters and sorts.
fn all_actions(model: &serde_json::Map<String, serde_json::Value>) -> Vec<serde_json::Value> {
    use serde_json::Value as Json;
    let mut order: Vec<String> = Vec::new();
    let mut by_id: std::collections::BTreeMap<String, Json> = std::collections::BTreeMap::new();
    let list = |value: Option<&Json>| value.and_then(Json::as_array).cloned().unwrap_or_default();
    for priority in list(model.get("priorities")) {
        let priority_id = priority.get("id").cloned().unwrap_or(Json::Null);
        for strategic in list(priority.get("strategic_objectives")) {
            let mut groups = vec![(strategic.get("id").cloned(), list(strategic.get("actions")))];
            for operational in list(strategic.get("operational_objectives")) {
                groups.push((
                    operational.get("id").cloned(),
                    list(operational.get("actions")),
                ));
            }
            for (objective, actions) in groups {
                for action in actions {
                    let Some(id) = action.get("id").and_then(Json::as_str).map(str::to_string)
                    else {
                        continue;
                    };
                    let entry = by_id.entry(id.clone()).or_insert_with(|| {
                        order.push(id);
                        let mut row = action.clone();
                        if let Some(row) = row.as_object_mut() {
                            row.insert("objective".into(), objective.clone().unwrap_or(Json::Null));
                            row.insert("priorities".into(), Json::Array(Vec::new()));
                        }
                        row
                    });
                    if let Some(Json::Array(priorities)) = entry.get_mut("priorities")
                        && !priorities.contains(&priority_id)
                    {
                        priorities.push(priority_id.clone());
                    }
                }
            }
        }
    }
    order
        .into_iter()
        .filter_map(|id| by_id.remove(&id))
        .collect()
}

/// The web edition of each unit the report compares, by unit id: its file
/// name beside this page (the same plan, year and language).
fn unit_pages(
    model: &serde_json::Map<String, serde_json::Value>,
) -> serde_json::Map<String, serde_json::Value> {
    let text =
        |value: Option<&serde_json::Value>| value.and_then(|v| v.as_str()).map(str::to_string);
    let plan = text(model.get("plan").and_then(|p| p.get("id")));
    let year = model.get("year").and_then(serde_json::Value::as_i64);
    let lang = model
        .get("lang")
        .and_then(|l| serde_json::from_value::<crate::core::Lang>(l.clone()).ok());
    let (Some(plan), Some(year), Some(lang)) = (plan, year, lang) else {
        return serde_json::Map::new();
    };
    model
        .get("units")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|unit| text(unit.get("id")))
        .map(|id| {
            let pdf = crate::audit::report_file_name(&plan, year as i32, &id, lang);
            (id, serde_json::Value::String(web_name(&pdf)))
        })
        .collect()
}
