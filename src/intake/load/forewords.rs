//! A year's foreword files (`foreword.<lang>.md`): read, attached, and the
//! plan's languages without one named.

use super::*;

/// Reads the year's foreword files (each attached like every input), and
/// says which of the plan's languages lack one that another has: that
/// edition shows the other language's text, marked.
pub(super) fn read_forewords(
    source: Source,
    framework: &Framework,
    data: &mut YearData,
    files: Vec<(Lang, String)>,
    diags: &mut Vec<Diagnostic>,
) {
    let priorities: Vec<&str> = framework.priorities.iter().map(|p| p.id.as_str()).collect();
    let languages = &framework.plan.languages;
    for (lang, relative) in files {
        let path = source.path(&relative);
        let bytes = match source.read(&relative) {
            Ok(bytes) => bytes,
            Err(err) => {
                diags.push(Diagnostic::error(
                    &path,
                    format!("cannot read the file: {err}"),
                ));
                continue;
            }
        };
        let (read, found) = foreword::parse(&bytes, lang, &path, &priorities);
        diags.extend(found);
        data.files.push(InputFile::new(&relative, bytes));
        let Some(read) = read else { continue };
        let texts = std::iter::once((None, &read.intro))
            .chain(read.priorities.iter().map(|(id, p)| (Some(id.as_str()), p)));
        for (priority, prose) in texts {
            let text = foreword::plain_text(prose);
            if let Some(other) = crate::core::lang::other_language(&text, lang, languages) {
                let part = match priority {
                    None => "the foreword".to_string(),
                    Some(id) => format!("the commentary on {id}"),
                };
                diags.push(
                    Diagnostic::warning(
                        &path,
                        format!("{part} reads as {other}, but the file is the {lang} one"),
                    )
                    .hint(format!(
                        "put the {other} text in {}",
                        foreword::file_name(other)
                    )),
                );
            }
        }
        data.forewords.push(read);
    }
    for foreword in &data.forewords {
        if !languages.contains(&foreword.lang) {
            diags.push(
                Diagnostic::warning(
                    data.dir.join(foreword::file_name(foreword.lang)),
                    format!(
                        "{} is not a language of the plan ({}): this foreword is shown only in a --lang {} edition",
                        foreword.lang,
                        languages.iter().map(|l| l.code()).collect::<Vec<_>>().join(", "),
                        foreword.lang
                    ),
                ),
            );
        }
    }
    // The one an edition without its own shows: the first of the plan's
    // languages that has one, as the report picks it.
    let Some(first) = languages
        .iter()
        .find_map(|l| data.forewords.iter().find(|f| f.lang == *l))
    else {
        return;
    };
    let dir = &data.dir;
    for lang in languages {
        let Some(own) = data.forewords.iter().find(|f| f.lang == *lang) else {
            diags.push(
                Diagnostic::warning(
                    dir.join(foreword::file_name(*lang)),
                    format!("no {lang} foreword: the {lang} organisation report shows the {} one, marked as {}", first.lang, first.lang),
                )
                .hint(format!("translate {} into {}", foreword::file_name(first.lang), foreword::file_name(*lang))),
            );
            continue;
        };
        for other in &data.forewords {
            for (id, _) in &other.priorities {
                if !own.priorities.iter().any(|(p, _)| p == id) {
                    diags.push(
                        Diagnostic::warning(
                            dir.join(foreword::file_name(*lang)),
                            format!("no commentary on {id} in {lang}: the {lang} report shows the {} one, marked", other.lang),
                        )
                        .hint(format!("add `## {id}` and its text to {}", foreword::file_name(*lang))),
                    );
                }
            }
        }
    }
}
