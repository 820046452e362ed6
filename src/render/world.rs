//! The Typst `World` of one report: the shared template files plus this
//! report's model. There is no file system, no package access and no clock,
//! which is what makes the output reproducible.

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use super::{DATA_PATH, Renderer, templates};

pub struct ReportWorld<'a> {
    renderer: &'a Renderer,
    data_id: FileId,
    data: Bytes,
    /// Files served by virtual path: the report's attachments.
    files: Vec<(FileId, Bytes)>,
}

impl<'a> ReportWorld<'a> {
    pub fn new(renderer: &'a Renderer, data: Bytes, files: Vec<(String, Bytes)>) -> Self {
        Self {
            renderer,
            data_id: templates::file_id(DATA_PATH),
            data,
            files: files
                .into_iter()
                .map(|(path, bytes)| (templates::file_id(&path), bytes))
                .collect(),
        }
    }
}

impl World for ReportWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.renderer.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.renderer.fonts.book()
    }

    fn main(&self) -> FileId {
        self.renderer.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.renderer
            .source(id)
            .cloned()
            .ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            return Ok(self.data.clone());
        }
        if let Some((_, bytes)) = self.files.iter().find(|(file, _)| *file == id) {
            return Ok(bytes.clone());
        }
        self.renderer
            .templates
            .bytes(id)
            .ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.renderer.fonts.font(index)
    }

    /// No clock: a report must not depend on when it was rendered.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_with_slash().into())
}
