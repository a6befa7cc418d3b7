//! Paper sizes: the one `Paper` that settings read (`paper: a4 | letter`), worksheet PDFs
//! are laid out on, and PDF files and links are named after.

use serde::{Deserialize, Serialize};

/// A paper size for worksheet PDFs and the print view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    /// ISO A4, 210 x 297 mm (595 x 842 pt).
    A4,
    /// US Letter, 8.5 x 11 in (612 x 792 pt).
    Letter,
}

impl Paper {
    /// The name in `site.yaml` and in PDF file names (`worksheet-a4.pdf`).
    pub fn name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "letter",
        }
    }

    /// The name readers see on download links.
    pub fn label(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::Letter => "US Letter",
        }
    }

    /// Typst's name for the paper.
    pub fn typst_name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "us-letter",
        }
    }

    /// Both papers, `preferred` first: the order PDFs are offered in.
    pub fn both(preferred: Paper) -> [Paper; 2] {
        match preferred {
            Paper::A4 => [Paper::A4, Paper::Letter],
            Paper::Letter => [Paper::Letter, Paper::A4],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_order() {
        assert_eq!(Paper::both(Paper::Letter), [Paper::Letter, Paper::A4]);
        assert_eq!(Paper::both(Paper::A4), [Paper::A4, Paper::Letter]);
        assert_eq!(Paper::Letter.name(), "letter");
        assert_eq!(Paper::Letter.typst_name(), "us-letter");
        assert_eq!(Paper::A4.label(), "A4");
    }
}
