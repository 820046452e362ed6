//! The publishing officer's own words: a foreword and a commentary per
//! priority, per language, in `<year>/foreword.<lang>.md`.
//!
//! Markdown because officers write it in any editor and it reads as text in
//! the attached sources. Only what a report can show faithfully is accepted
//! (paragraphs, lists one level deep, emphasis, strong, links, line breaks);
//! anything else (a picture, HTML, a table of contents of its own) is an
//! error naming its line, never dropped: a report shows exactly the words
//! the organisation gave it. A priority's commentary starts at a heading
//! that is just the priority's id (`## P1`); the report prints the
//! priority's own title from the plan above it.

use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::core::Lang;
use crate::core::text::{clean, line_column, removed_message};
use crate::diagnostics::Diagnostic;

/// A foreword file's name: `foreword.<lang>.md`.
pub fn file_name(lang: Lang) -> String {
    format!("foreword.{}.md", lang.code())
}

/// What a year-folder file named like a foreword is: `Some(Ok(lang))` for
/// `foreword.nl.md`, `Some(Err(why))` for a foreword file Koers cannot
/// place (`foreword.md`, `foreword.xx.md`), `None` for any other file.
pub fn lang_of_name(name: &str) -> Option<Result<Lang, String>> {
    let lower = name.to_ascii_lowercase();
    let rest = lower.strip_prefix("foreword")?;
    let middle = rest.strip_suffix(".md")?;
    let code = middle.strip_prefix('.').unwrap_or(middle);
    Some(match Lang::from_code(code) {
        Some(lang) if name == file_name(lang) => Ok(lang),
        Some(lang) => Err(format!(
            "a foreword file must be named exactly `{}`",
            file_name(lang)
        )),
        None => Err(format!(
            "`{name}` does not say which language it is in: name it foreword.<lang>.md, e.g. foreword.nl.md"
        )),
    })
}

/// The most a foreword file may hold: a few pages of text is far less.
pub const MAX_BYTES: usize = 256 * 1024;

/// One language's foreword file, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Foreword {
    pub lang: Lang,
    /// The foreword proper: the text before the first priority heading.
    pub intro: Prose,
    /// Each priority's commentary, by priority id, in the file's order.
    pub priorities: Vec<(String, Prose)>,
}

/// Text as blocks, ready for a template: nothing in it is markup.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Prose {
    pub blocks: Vec<Block>,
}

impl Prose {
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    Paragraph {
        spans: Vec<Span>,
    },
    List {
        ordered: bool,
        items: Vec<Vec<Span>>,
    },
}

/// A run of text with one style. A line break is a span of its own.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Span {
    pub text: String,
    pub strong: bool,
    pub emph: bool,
    /// The address of a link (`https:`, `http:` or `mailto:` only).
    pub link: Option<String>,
    pub line_break: bool,
}

/// Reads a foreword file. `priorities` are the plan's priority ids.
/// Problems are diagnostics on `path`; `None` when the file cannot be used.
pub fn parse(
    bytes: &[u8],
    lang: Lang,
    path: &Path,
    priorities: &[&str],
) -> (Option<Foreword>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    if bytes.len() > MAX_BYTES {
        diags.push(
            Diagnostic::error(
                path,
                format!(
                    "the file holds {} bytes, more than a foreword can ({} KiB)",
                    bytes.len(),
                    MAX_BYTES / 1024
                ),
            )
            .hint("keep the foreword and commentaries to a few pages"),
        );
        return (None, diags);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid = bytes.get(..err.valid_up_to()).unwrap_or_default();
            let (line, column) = line_column(&String::from_utf8_lossy(valid), valid.len());
            diags.push(
                Diagnostic::error(path, "the file is not UTF-8 text")
                    .at(line, column)
                    .hint("save it as UTF-8 (every text editor offers it)"),
            );
            return (None, diags);
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (text, removed) = clean(text);
    if let Some(c) = removed {
        diags.push(Diagnostic::warning(path, removed_message(c)));
    }
    let mut reader = Reader {
        text: &text,
        path,
        priorities,
        diags: &mut diags,
        current: None,
        foreword: Foreword {
            lang,
            intro: Prose::default(),
            priorities: Vec::new(),
        },
    };
    reader.read();
    let foreword = reader.foreword;
    if diags.iter().any(Diagnostic::is_error) {
        return (None, diags);
    }
    if foreword.intro.is_empty() && foreword.priorities.is_empty() {
        diags.push(
            Diagnostic::warning(path, "the file holds no text: no foreword is shown")
                .hint("write the foreword, or remove the file"),
        );
        return (None, diags);
    }
    (Some(foreword), diags)
}

struct Reader<'a> {
    text: &'a str,
    path: &'a Path,
    priorities: &'a [&'a str],
    diags: &'a mut Vec<Diagnostic>,
    /// The priority whose commentary is being read; `None` for the intro.
    current: Option<String>,
    foreword: Foreword,
}

impl Reader<'_> {
    fn error(&mut self, offset: usize, message: impl Into<String>, hint: &str) {
        let (line, column) = line_column(self.text, offset);
        self.diags.push(
            Diagnostic::error(self.path, message)
                .at(line, column)
                .hint(hint),
        );
    }

    fn prose(&mut self) -> &mut Prose {
        let Some(id) = &self.current else {
            return &mut self.foreword.intro;
        };
        let list = &mut self.foreword.priorities;
        if !list.iter().any(|(p, _)| p == id) {
            list.push((id.clone(), Prose::default()));
        }
        match list.iter_mut().find(|(p, _)| p == id) {
            Some((_, prose)) => prose,
            None => &mut self.foreword.intro,
        }
    }

    fn read(&mut self) {
        const UNSUPPORTED: &str = "a foreword holds paragraphs, lists, *emphasis*, **strong** text, links and `## <priority id>` headings; write this as plain text";
        let mut events = Parser::new_ext(self.text, Options::empty())
            .into_offset_iter()
            .peekable();
        // The open list (ordered or not) and its items; the spans of the
        // paragraph or item being read; the styles in force.
        let mut list: Option<(bool, Vec<Vec<Span>>)> = None;
        let mut spans: Vec<Span> = Vec::new();
        let (mut strong, mut emph) = (0usize, 0usize);
        let mut link: Option<String> = None;
        let mut depth = 0usize;
        while let Some((event, range)) = events.next() {
            let at = range.start;
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    let mut title = String::new();
                    for (event, _) in events.by_ref() {
                        match event {
                            Event::End(TagEnd::Heading(_)) => break,
                            Event::Text(t) | Event::Code(t) => title.push_str(&t),
                            _ => {}
                        }
                    }
                    let title = title.trim().to_string();
                    if level != HeadingLevel::H2 {
                        self.error(
                            at,
                            format!("a heading `{title}` of level {}: only `## <priority id>` headings are read", level as usize),
                            "start a priority's commentary with `## P1` (the report shows the priority's title); write other titles as **strong** text",
                        );
                    } else if let Some(id) = self.priorities.iter().find(|p| **p == title) {
                        if self.foreword.priorities.iter().any(|(p, _)| p == id) {
                            self.error(
                                at,
                                format!("priority `{id}` has a second commentary heading"),
                                "write each priority's commentary under one heading",
                            );
                        }
                        self.current = Some(id.to_string());
                        let _ = self.prose();
                    } else {
                        let starts = self.priorities.iter().copied().find(|p| {
                            title
                                .strip_prefix(p)
                                .is_some_and(|rest| rest.starts_with([' ', '·', ':', '-', '–']))
                        });
                        let closest =
                            crate::core::text::closest(&title, self.priorities.iter().copied());
                        let hint = match (starts, closest) {
                            (Some(c), _) => format!(
                                "write the heading as just `## {c}`: the report shows the priority's own title from framework.toml"
                            ),
                            (None, Some(c)) => format!(
                                "did you mean `## {c}`? the plan's priorities are {}",
                                self.priorities.join(", ")
                            ),
                            (None, None) => {
                                format!("the plan's priorities are {}", self.priorities.join(", "))
                            }
                        };
                        self.error(
                            at,
                            format!("`## {title}` is not a priority of the plan"),
                            &hint,
                        );
                    }
                }
                Event::Start(Tag::Paragraph) => spans.clear(),
                Event::End(TagEnd::Paragraph) => {
                    if let Some((_, items)) = &mut list {
                        if let Some(item) = items.last_mut() {
                            if !item.is_empty() {
                                item.push(Span {
                                    line_break: true,
                                    ..Span::default()
                                });
                            }
                            item.append(&mut spans);
                        }
                    } else if !spans.is_empty() {
                        let block = Block::Paragraph {
                            spans: std::mem::take(&mut spans),
                        };
                        self.prose().blocks.push(block);
                    }
                }
                Event::Start(Tag::List(first)) => {
                    depth += 1;
                    if depth > 1 {
                        self.error(
                            at,
                            "a list inside a list: a foreword's lists are one level deep",
                            "write the inner items as items of the outer list, or as text",
                        );
                    } else {
                        list = Some((first.is_some(), Vec::new()));
                    }
                }
                Event::End(TagEnd::List(_)) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0
                        && let Some((ordered, items)) = list.take()
                    {
                        self.prose().blocks.push(Block::List { ordered, items });
                    }
                }
                Event::Start(Tag::Item) => {
                    if depth == 1
                        && let Some((_, items)) = &mut list
                    {
                        items.push(Vec::new());
                    }
                    spans.clear();
                }
                Event::End(TagEnd::Item) => {
                    // A tight list's item holds its text without a paragraph.
                    if depth == 1
                        && let Some((_, items)) = &mut list
                        && let Some(item) = items.last_mut()
                    {
                        item.append(&mut spans);
                    }
                }
                Event::Start(Tag::Emphasis) => emph += 1,
                Event::End(TagEnd::Emphasis) => emph = emph.saturating_sub(1),
                Event::Start(Tag::Strong) => strong += 1,
                Event::End(TagEnd::Strong) => strong = strong.saturating_sub(1),
                Event::Start(Tag::Link { dest_url, .. }) => {
                    let lower = dest_url.to_ascii_lowercase();
                    if ["https://", "http://", "mailto:"]
                        .iter()
                        .any(|s| lower.starts_with(s))
                    {
                        link = Some(dest_url.to_string());
                    } else {
                        self.error(
                            at,
                            format!("a link to `{dest_url}`: a report links only to web addresses (https://…) and e-mail addresses (mailto:…)"),
                            "write the full address, or the text without a link",
                        );
                    }
                }
                Event::End(TagEnd::Link) => link = None,
                Event::Text(text) => spans.push(Span {
                    text: text.to_string(),
                    strong: strong > 0,
                    emph: emph > 0,
                    link: link.clone(),
                    line_break: false,
                }),
                Event::SoftBreak => spans.push(Span {
                    text: " ".into(),
                    strong: strong > 0,
                    emph: emph > 0,
                    link: link.clone(),
                    line_break: false,
                }),
                Event::HardBreak => spans.push(Span {
                    line_break: true,
                    ..Span::default()
                }),
                Event::Start(Tag::Image { .. }) => {
                    self.error(
                        at,
                        "a picture: a foreword is text only",
                        "the logo is set in framework.toml; leave other pictures out",
                    );
                    skip_to_end(&mut events);
                }
                Event::Html(_) | Event::InlineHtml(_) => {
                    self.error(at, "HTML in a foreword", UNSUPPORTED)
                }
                Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => {
                    self.error(at, "code in a foreword", UNSUPPORTED);
                    if matches!(event, Event::Start(_)) {
                        skip_to_end(&mut events);
                    }
                }
                Event::Start(Tag::BlockQuote(_)) => {
                    self.error(at, "a quotation block (`>`) in a foreword", UNSUPPORTED);
                    skip_to_end(&mut events);
                }
                Event::Rule => {
                    self.error(at, "a horizontal rule (`---`) in a foreword", UNSUPPORTED)
                }
                Event::Start(_) => {
                    self.error(at, "this Markdown is not read in a foreword", UNSUPPORTED);
                    skip_to_end(&mut events);
                }
                _ => {}
            }
        }
        for (id, prose) in &self.foreword.priorities {
            if prose.is_empty() {
                self.diags.push(Diagnostic::warning(
                    self.path,
                    format!("the heading `## {id}` has no text under it: no commentary is shown for {id}"),
                ));
            }
        }
        self.foreword.priorities.retain(|(_, p)| !p.is_empty());
    }
}

/// Skips to the end of the element just started (its nested ones too).
fn skip_to_end<'a>(events: &mut impl Iterator<Item = (Event<'a>, std::ops::Range<usize>)>) {
    let mut depth = 1usize;
    for (event, _) in events {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            }
            _ => {}
        }
    }
}

/// The text of prose, for language identification.
pub fn plain_text(prose: &Prose) -> String {
    let spans = |spans: &[Span]| spans.iter().map(|s| s.text.as_str()).collect::<String>();
    prose
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { spans: s } => spans(s),
            Block::List { items, .. } => {
                items.iter().map(|i| spans(i)).collect::<Vec<_>>().join(" ")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Option<Foreword>, Vec<String>) {
        let (f, d) = parse(
            text.as_bytes(),
            Lang::Nl,
            Path::new("foreword.nl.md"),
            &["P1", "P2"],
        );
        (f, d.iter().map(ToString::to_string).collect())
    }

    fn span(text: &str) -> Span {
        Span {
            text: text.into(),
            ..Span::default()
        }
    }

    #[test]
    fn intro_and_commentaries_with_styles_and_lists() {
        let (f, d) = read(
            "Dit jaar *was* **goed**.\nTweede regel.\n\n## P2\n- een\n- [twee](https://example.be)\n\n## P1\n1. a\n",
        );
        assert_eq!(d, Vec::<String>::new());
        let f = f.expect("read");
        assert_eq!(
            f.intro.blocks,
            vec![Block::Paragraph {
                spans: vec![
                    span("Dit jaar "),
                    Span {
                        emph: true,
                        ..span("was")
                    },
                    span(" "),
                    Span {
                        strong: true,
                        ..span("goed")
                    },
                    span("."),
                    span(" "),
                    span("Tweede regel."),
                ]
            }]
        );
        let ids: Vec<&str> = f.priorities.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(ids, ["P2", "P1"]);
        assert_eq!(
            f.priorities[0].1.blocks,
            vec![Block::List {
                ordered: false,
                items: vec![
                    vec![span("een")],
                    vec![Span {
                        link: Some("https://example.be".into()),
                        ..span("twee")
                    }]
                ]
            }]
        );
    }

    #[test]
    fn what_a_report_cannot_show_is_an_error_on_its_line() {
        for (text, says) in [
            (
                "Intro\n\n# Titel\n",
                "foreword.nl.md:3:1: error: a heading `Titel` of level 1",
            ),
            (
                "Intro\n\n## P9\n",
                "foreword.nl.md:3:1: error: `## P9` is not a priority of the plan",
            ),
            (
                "Intro\n\n## P1 Klantgericht\n",
                "hint: write the heading as just `## P1`",
            ),
            ("a ![logo](x.png)\n", "foreword.nl.md:1:3: error: a picture"),
            ("a <b>b</b>\n", "error: HTML in a foreword"),
            ("    code\n", "error: code in a foreword"),
            ("> quote\n", "error: a quotation block"),
            (
                "[x](file:///etc/passwd)\n",
                "error: a link to `file:///etc/passwd`",
            ),
            ("- a\n  - b\n", "error: a list inside a list"),
            (
                "## P1\na\n\n## P1\nb\n",
                "error: priority `P1` has a second commentary heading",
            ),
        ] {
            let (f, d) = read(text);
            assert!(f.is_none(), "{text:?} was accepted");
            assert!(d.iter().any(|l| l.contains(says)), "{text:?}: {d:?}");
        }
    }

    #[test]
    fn bytes_that_are_not_text_are_refused() {
        let (f, d) = parse(b"Voorwoord\n\xe9t\xe9\n", Lang::Nl, Path::new("f.md"), &[]);
        assert!(f.is_none());
        assert!(
            d[0].to_string()
                .contains("f.md:2:1: error: the file is not UTF-8 text"),
            "{d:?}"
        );
    }

    #[test]
    fn an_empty_heading_and_an_empty_file_are_warned_about() {
        let (f, d) = read("Intro\n\n## P1\n");
        assert!(f.is_some_and(|f| f.priorities.is_empty()));
        assert!(
            d[0].contains("warning: the heading `## P1` has no text under it"),
            "{d:?}"
        );
        let (f, d) = read("\n\n");
        assert!(f.is_none());
        assert!(d[0].contains("warning: the file holds no text"), "{d:?}");
    }

    #[test]
    fn file_names() {
        assert_eq!(lang_of_name("foreword.fr.md"), Some(Ok(Lang::Fr)));
        assert!(matches!(lang_of_name("foreword.md"), Some(Err(_))));
        assert!(matches!(lang_of_name("foreword.xx.md"), Some(Err(_))));
        assert!(matches!(lang_of_name("Foreword.NL.md"), Some(Err(_))));
        assert_eq!(lang_of_name("notes.md"), None);
    }
}
