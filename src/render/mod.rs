//! Rendering report models into PDF with Typst, used as a library.
//!
//! A [`Renderer`] is built once per run and renders many reports: fonts, the
//! standard library and the parsed template are shared, so the per-report cost
//! is layout and PDF export only. Each report's model reaches the template as
//! a virtual JSON file, never as template source.

mod fonts;
mod templates;
mod world;

use std::fmt;

use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Smart};
use typst::syntax::{FileId, Source};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_kit::fonts::FontStore;
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

pub use templates::{BUILTIN, Templates};
use world::ReportWorld;

/// The virtual path under which a report's model is served to the template.
pub const DATA_PATH: &str = "/report.json";
/// The template file that is compiled.
pub const MAIN_TEMPLATE: &str = "report.typ";

/// Shared state for rendering many reports.
pub struct Renderer {
    library: LazyHash<Library>,
    fonts: FontStore,
    templates: Templates,
    /// Parsed template sources, kept so that Typst's caches hit across reports.
    sources: Vec<Source>,
    main: FileId,
}

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
        })
    }

    pub fn templates(&self) -> &Templates {
        &self.templates
    }

    /// Renders one report. `model` is the report's JSON; `ident` a stable
    /// name for the document (it seeds the PDF's document id).
    pub fn render(&self, model: Vec<u8>, ident: &str) -> Result<Vec<u8>, RenderError> {
        let world = ReportWorld::new(self, Bytes::new(model));
        let result = typst::compile::<PagedDocument>(&world);
        let document = result
            .output
            .map_err(|errors| self.error(&world, &errors))?;
        let options = PdfOptions {
            ident: Smart::Custom(ident.to_string()),
            creator: Smart::Custom(Some(format!("Koers {}", env!("CARGO_PKG_VERSION")))),
            ..PdfOptions::default()
        };
        let pdf =
            typst_pdf::pdf(&document, &options).map_err(|errors| self.error(&world, &errors))?;
        // Keep memory flat over a long batch while leaving the template's
        // parse and the fonts cached for the next report.
        typst::comemo::evict(10);
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
