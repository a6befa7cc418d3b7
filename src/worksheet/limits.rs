//! How big a worksheet block may be. The Markdown side refuses a bigger block with an
//! error at its line; the PDF side checks again before layout, so a model built any other
//! way cannot ask Typst for thousands of boxes. One table, so the two never disagree.

/// Most writing lines a prompt may have.
pub const MAX_PROMPT_LINES: u32 = 40;
/// Most values a scale may have (`min` to `max` inclusive).
pub const MAX_SCALE_VALUES: i32 = 21;
/// Most columns a table may have and still fit a page.
pub const MAX_TABLE_COLUMNS: usize = 8;
/// Most empty rows a table may have.
pub const MAX_TABLE_ROWS: u32 = 30;
