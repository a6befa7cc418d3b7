//! The JSON the template reads as `data.json`: the worksheets, their blocks and the
//! paper. User text reaches Typst only this way, as data, never as markup; blocks past
//! the model's limits are refused here too.

use serde_json::{json, Value as Json};

use crate::paper::Paper;
use crate::worksheet::limits::{
    MAX_PROMPT_LINES, MAX_SCALE_VALUES, MAX_TABLE_COLUMNS, MAX_TABLE_ROWS,
};
use crate::worksheet::{Block, Span, Worksheet};

/// The JSON handed to the template as `data.json`.
pub(super) fn document_data(sheets: &[&Worksheet], paper: Paper) -> Result<Json, Vec<String>> {
    let Some(first) = sheets.first() else {
        return Err(vec!["worksheet PDF: no worksheets to render".to_string()]);
    };
    let words = &first.words;
    let title = if sheets.len() == 1 {
        first.title.clone()
    } else {
        words.all_title.clone()
    };
    let mut problems = Vec::new();
    let sheets: Vec<Json> = sheets
        .iter()
        .map(|sheet| sheet_data(sheet, &mut problems))
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    let (lang, region) = lang_region(&words.language);
    Ok(json!({
        "title": title,
        "paper": paper.typst_name(),
        "lang": lang,
        "region": region,
        "rtl": words.dir == "rtl",
        // [{"text": "Page "}, "page", {"text": " of "}, "total"]
        "page_of": words.page_of,
        "sheets": sheets,
    }))
}

/// Typst takes the language (ISO 639) and the region (ISO 3166) of a BCP 47 tag apart.
pub(super) fn lang_region(tag: &str) -> (String, Option<String>) {
    let mut subtags = tag.split('-');
    let lang = subtags.next().unwrap_or("en").to_lowercase();
    let region = subtags
        .find(|s| s.len() == 2 && s.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_uppercase);
    (lang, region)
}

fn sheet_data(sheet: &Worksheet, problems: &mut Vec<String>) -> Json {
    // `link` needs a non-empty URL of at most 8000 bytes; other URLs print as
    // plain text.
    let link = (sheet.url.starts_with("https://") || sheet.url.starts_with("http://"))
        && sheet.url.len() <= 2000;
    let mut blocks = |blocks: &[Block]| -> Vec<Json> {
        (blocks.iter())
            .map(|block| block_data(block, &sheet.title, problems))
            .collect()
    };
    json!({
        "title": sheet.title,
        "site": sheet.site_title,
        "url": sheet.url,
        "link": link,
        "notice": blocks(&sheet.notice),
        "blocks": blocks(&sheet.blocks),
    })
}

/// Characters of text in some spans.
fn span_chars(spans: &[Span]) -> usize {
    spans.iter().map(|s| s.text.chars().count()).sum()
}

/// One block as JSON. `keep` says whether the block is small enough to be
/// kept on one page (`block(breakable: false)`); a block taller than a page
/// must be allowed to break, or Typst would cut it off at the page's edge.
pub(super) fn block_data(block: &Block, sheet: &str, problems: &mut Vec<String>) -> Json {
    let mut too_big = |what: String| {
        problems.push(format!("worksheet PDF: {sheet:?}: {what}"));
    };
    match block {
        Block::Heading { level, text } => json!({
            "kind": "heading",
            // Level 1 is the worksheet's title.
            "level": (*level).clamp(2, 6),
            "text": text,
            "keep": true,
        }),
        Block::Paragraph(text) => json!({
            "kind": "paragraph",
            "text": text,
            "keep": span_chars(text) <= 1500,
        }),
        Block::List { ordered, items } => {
            let chars: usize = items.iter().map(|item| span_chars(item)).sum();
            json!({
                "kind": "list",
                "ordered": ordered,
                "items": items,
                "keep": items.len() <= 30 && chars <= 1500,
            })
        }
        Block::Quote(text) => json!({
            "kind": "quote",
            "text": text,
            "keep": span_chars(text) <= 1500,
        }),
        Block::Prompt { question, lines } => {
            if *lines > MAX_PROMPT_LINES {
                too_big(format!(
                    "a prompt has {lines} lines; at most {MAX_PROMPT_LINES} can be printed"
                ));
            }
            let lines = (*lines).min(MAX_PROMPT_LINES);
            json!({
                "kind": "prompt",
                "question": question,
                "lines": lines,
                "keep": lines <= 20 && question.chars().count() <= 600,
            })
        }
        Block::Scale {
            question,
            min,
            max,
            low,
            high,
        } => {
            let count = i64::from(*max) - i64::from(*min) + 1;
            let values: Vec<i32> = if count > i64::from(MAX_SCALE_VALUES) {
                too_big(format!(
                    "a scale from {min} to {max} has {count} values; \
                     at most {MAX_SCALE_VALUES} can be printed"
                ));
                Vec::new()
            } else {
                (*min..=*max).collect()
            };
            json!({
                "kind": "scale",
                "question": question,
                "values": values,
                "low": low,
                "high": high,
                "keep": question.chars().count() <= 600,
            })
        }
        Block::Fields { labels } => json!({
            "kind": "fields",
            "labels": labels,
            "keep": labels.len() <= 20,
        }),
        Block::Table { columns, rows } => {
            if *rows > MAX_TABLE_ROWS {
                too_big(format!(
                    "a table has {rows} rows; at most {MAX_TABLE_ROWS} can be printed"
                ));
            }
            if columns.len() > MAX_TABLE_COLUMNS {
                too_big(format!(
                    "a table has {} columns; at most {MAX_TABLE_COLUMNS} fit on a page",
                    columns.len()
                ));
            }
            let rows = (*rows).min(MAX_TABLE_ROWS);
            json!({
                "kind": "table",
                "columns": columns,
                "rows": rows,
                "keep": rows <= 18,
            })
        }
        Block::Checklist { items } => {
            let chars: usize = items.iter().map(|item| item.chars().count()).sum();
            json!({
                "kind": "checklist",
                "items": items,
                "keep": items.len() <= 25 && chars <= 2000,
            })
        }
    }
}
