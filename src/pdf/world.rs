//! The Typst world a worksheet PDF is compiled in: the template, `data.json` and the
//! embedded fonts, and nothing else (no file system, no packages, no clock).

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World};

use super::PdfMaker;

pub(super) struct SheetWorld<'a> {
    pub(super) maker: &'a PdfMaker,
    pub(super) data: Bytes,
}

impl World for SheetWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.maker.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.maker.book
    }

    fn main(&self) -> FileId {
        self.maker.template.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.maker.template.id() {
            Ok(self.maker.template.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.maker.data_id {
            Ok(self.data.clone())
        } else if id == self.maker.template.id() {
            Ok(Bytes::from_string(self.maker.template.clone()))
        } else {
            Err(not_found(id))
        }
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
