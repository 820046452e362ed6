//! Rendering report models into PDF with Typst, used as a library.
//!
//! A [`Renderer`] is built once per run and renders many reports: fonts, the
//! standard library and the parsed template are shared, so the per-report cost
//! is layout and PDF export only. Each report's model reaches the template as
//! a virtual JSON file, never as template source.

mod figures;
mod fonts;
mod job;
mod templates;
mod web;
pub mod workbook;
mod world;

use std::fmt;

use chrono::Datelike;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::Datetime;
use typst::foundations::{Bytes, Smart};
use typst::syntax::{FileId, Source};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_kit::fonts::FontStore;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

pub use figures::figures_workbook;
pub use job::{PreparedJob, prepare_job, render_job};
pub use templates::{BUILTIN, Templates};
pub use web::{web_edition, web_name};
use world::ReportWorld;

/// The virtual path under which a report's model is served to the template.
pub const DATA_PATH: &str = "/report.json";
/// The template file that is compiled.
pub const MAIN_TEMPLATE: &str = "report.typ";

/// How one report is exported.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// A stable name for the document; it seeds the PDF's document id.
    pub ident: String,
    /// PDF/A-3a and PDF/UA-1 (for FINAL reports).
    pub archival: bool,
    /// The document date written into the PDF's metadata; never the clock.
    pub date: Option<chrono::NaiveDate>,
}

/// Shared state for rendering many reports.
pub struct Renderer {
    library: LazyHash<Library>,
    fonts: FontStore,
    templates: Templates,
    /// Parsed template sources, kept so that Typst's caches hit across reports.
    sources: Vec<Source>,
    main: FileId,
    /// The figures workbook of each year and language, made once per run
    /// (from the organisation report's model) and attached to every report
    /// of that year and language. A renderer serves one run.
    figures: std::sync::Mutex<Vec<FiguresEntry>>,
}

/// A year and language's figures workbook.
type FiguresEntry = ((i32, crate::core::Lang), std::sync::Arc<Vec<u8>>);

/// What can go wrong while rendering: the template has an error (shown with
/// its file and line), or Typst could not export.
#[derive(Debug)]
pub struct RenderError {
    pub messages: Vec<String>,
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.messages.join("\n"))
    }
}

impl std::error::Error for RenderError {}

impl Renderer {
    pub fn new(templates: Templates) -> Result<Self, RenderError> {
        let sources = templates.sources()?;
        let main = templates::file_id(MAIN_TEMPLATE);
        if !sources.iter().any(|s| s.id() == main) {
            return Err(RenderError {
                messages: vec![format!(
                    "{}: the template folder has no {MAIN_TEMPLATE}",
                    templates.origin()
                )],
            });
        }
        Ok(Self {
            library: LazyHash::new(Library::builder().build()),
            fonts: fonts::store(),
            templates,
            sources,
            main,
            figures: std::sync::Mutex::new(Vec::new()),
        })
    }

    /// The figures workbook of `year` in `lang`, made by `make` the first
    /// time it is asked for.
    pub fn figures(
        &self,
        year: i32,
        lang: crate::core::Lang,
        make: impl FnOnce() -> anyhow::Result<Vec<u8>>,
    ) -> anyhow::Result<std::sync::Arc<Vec<u8>>> {
        let known = |cache: &[FiguresEntry]| {
            cache
                .iter()
                .find(|(key, _)| *key == (year, lang))
                .map(|(_, bytes)| std::sync::Arc::clone(bytes))
        };
        if let Some(bytes) = self.figures.lock().ok().and_then(|c| known(&c)) {
            return Ok(bytes);
        }
        // Made outside the lock: two threads may both make it, and get the
        // same bytes.
        let bytes = std::sync::Arc::new(make()?);
        if let Ok(mut cache) = self.figures.lock() {
            if let Some(first) = known(&cache) {
                return Ok(first);
            }
            cache.push(((year, lang), std::sync::Arc::clone(&bytes)));
        }
        Ok(bytes)
    }

    pub fn templates(&self) -> &Templates {
        &self.templates
    }

    /// Whether some font of the report can draw `c` (Typst falls back
    /// across all of them). What none can draw would come out as an empty
    /// box, the `.notdef` glyph PDF/A forbids.
    pub fn can_draw(&self, c: char) -> bool {
        // Inter draws all of ASCII; most text never goes further.
        if c.is_ascii() || c.is_whitespace() || crate::core::text::is_invisible(c) {
            return true;
        }
        let book = self.fonts.book();
        (0..)
            .map_while(|i| book.info(i))
            .any(|info| info.coverage.contains(u32::from(c)))
    }

    /// What stands in for a character no font can draw: a replacement
    /// character the fonts do have.
    pub fn stand_in(&self) -> char {
        ['\u{FFFD}', '\u{25A1}', '?']
            .into_iter()
            .find(|c| self.can_draw(*c))
            .unwrap_or('?')
    }

    /// Renders one report. `model` is the report's JSON; `files` are served
    /// to the template by virtual path (for attachments).
    pub fn render(
        &self,
        model: Vec<u8>,
        files: Vec<(String, Bytes)>,
        options: &RenderOptions,
    ) -> Result<Vec<u8>, RenderError> {
        let world = ReportWorld::new(self, Bytes::new(model), files);
        let result = typst::compile::<PagedDocument>(&world);
        let document = result
            .output
            .map_err(|errors| self.error(&world, &errors))?;
        let standards = if options.archival {
            // PDF/A-3a (archival, with attachments) and PDF/UA-1 (accessible)
            // in one file.
            PdfStandards::new(&[PdfStandard::A_3a, PdfStandard::Ua_1]).map_err(|e| RenderError {
                messages: vec![format!("error: PDF standards: {}", e.message())],
            })?
        } else {
            // A draft is read by the approvers, some with screen readers:
            // accessible (PDF/UA-1), not archival.
            PdfStandards::new(&[PdfStandard::Ua_1]).map_err(|e| RenderError {
                messages: vec![format!("error: PDF standards: {}", e.message())],
            })?
        };
        let timestamp = options
            .date
            .and_then(|d| Datetime::from_ymd(d.year(), d.month() as u8, d.day() as u8))
            .map(Timestamp::new_utc);
        let options = PdfOptions {
            ident: Smart::Custom(options.ident.clone()),
            creator: Smart::Custom(Some(format!("Koers {}", env!("CARGO_PKG_VERSION")))),
            timestamp,
            standards,
            ..PdfOptions::default()
        };
        let pdf =
            typst_pdf::pdf(&document, &options).map_err(|errors| self.error(&world, &errors))?;
        // Keep memory flat over a long batch: a report's layout is never
        // reused by the next one, and at hundreds of pages Typst's caches
        // held 1 GB per report (the fonts and the parsed template are the
        // renderer's, not the cache's). Measured in benches/scale.sh: a
        // third of the memory and no slower.
        typst::comemo::evict(0);
        Ok(pdf)
    }

    /// Turns Typst's diagnostics into `file:line:column: error: message` lines
    /// that name the template file.
    fn error(&self, world: &ReportWorld, diagnostics: &[SourceDiagnostic]) -> RenderError {
        let messages = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| {
                let mut place = self.templates.origin();
                if let Some(id) = d.span.id()
                    && let Some(range) = world.range(d.span)
                    && let Ok(source) = world.source(id)
                {
                    let (line, column) = source
                        .lines()
                        .byte_to_line_column(range.start)
                        .unwrap_or((0, 0));
                    let name = id.vpath().get_without_slash().to_string();
                    place = format!(
                        "{}:{}:{}",
                        self.templates.display_path(&name),
                        line + 1,
                        column + 1
                    );
                }
                let mut message = format!("{place}: error: {}", d.message);
                for hint in &d.hints {
                    message.push_str(&format!("\n  hint: {}", hint.v));
                }
                message
            })
            .collect();
        RenderError { messages }
    }

    fn source(&self, id: FileId) -> Option<&Source> {
        self.sources.iter().find(|s| s.id() == id)
    }
}
