//! The Typst world a PDF is compiled in: the templates, `data.json`, the images the
//! document shows and the embedded fonts, and nothing else (no file system, no packages,
//! no clock).

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use super::PdfMaker;

pub(super) struct SheetWorld<'a> {
    pub(super) maker: &'a PdfMaker,
    /// The template compiled: `worksheet.typ` or `book.typ`.
    pub(super) main: FileId,
    pub(super) data: Bytes,
    /// Image files by their virtual path's id.
    pub(super) files: &'a [(FileId, Bytes)],
}

impl World for SheetWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.maker.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.maker.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        (self.maker.sources.iter())
            .find(|s| s.id() == id)
            .cloned()
            .ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.maker.data_id {
            return Ok(self.data.clone());
        }
        if let Ok(source) = self.source(id) {
            return Ok(Bytes::from_string(source));
        }
        (self.files.iter())
            .find(|(file, _)| *file == id)
            .map(|(_, bytes)| bytes.clone())
            .ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.maker.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // No clock: output must not depend on when it was made.
        None
    }
}

/// The id of a file in the template's virtual directory, `/kintsugi/`.
pub(super) fn file_id(name: &str) -> FileId {
    match VirtualPath::new(format!("/kintsugi/{name}")) {
        Ok(path) => RootedPath::new(VirtualRoot::Project, path).intern(),
        // Unreachable for the constant names used here; a wrong id would
        // only make compiling fail with a Typst error.
        Err(_) => Source::detached(String::new()).id(),
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_with_slash().into())
}
