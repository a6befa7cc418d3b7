//! The syntax of worksheet blocks: which fenced blocks there are, their `key=value`
//! options, and the checks that turn a block's info string and body into a model
//! [`Block`] or a message saying what is wrong. Pure string functions; the Markdown
//! adaptor reports the message at the block's line.

use super::limits::{MAX_PROMPT_LINES, MAX_SCALE_VALUES, MAX_TABLE_COLUMNS, MAX_TABLE_ROWS};
use super::Block;

/// The fenced blocks and the options each accepts.
pub const BLOCKS: &[(&str, &[&str])] = &[
    ("prompt", &["lines"]),
    ("scale", &["min", "max", "low", "high"]),
    ("fields", &[]),
    ("table", &["columns", "rows"]),
];

/// Whether `name` is a worksheet block's name (`prompt`, `scale`, `fields`, `table`).
pub fn is_block_name(name: &str) -> bool {
    BLOCKS.iter().any(|(n, _)| *n == name)
}

/// Splits `key=value key="quoted value"` into pairs.
pub fn parse_options(s: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let mut chars = s.trim().chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            return Ok(out);
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c.is_whitespace() {
                break;
            }
            key.push(c);
            chars.next();
        }
        if chars.next() != Some('=') {
            return Err(format!("expected `{key}=value`"));
        }
        let mut value = String::new();
        if matches!(chars.peek(), Some('"') | Some('\'')) {
            let quote = chars.next().unwrap_or('"');
            let mut closed = false;
            for c in chars.by_ref() {
                if c == quote {
                    closed = true;
                    break;
                }
                value.push(c);
            }
            if !closed {
                return Err(format!("unclosed quote in the value of `{key}`"));
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                value.push(c);
                chars.next();
            }
        }
        if out.iter().any(|(k, _): &(String, String)| *k == key) {
            return Err(format!("`{key}` is given twice"));
        }
        out.push((key, value));
    }
}

fn number<T: std::str::FromStr + PartialOrd + std::fmt::Display>(
    key: &str,
    value: &str,
    lo: T,
    hi: T,
) -> Result<T, String> {
    match value.parse::<T>() {
        Ok(n) if n >= lo && n <= hi => Ok(n),
        _ => Err(format!(
            "`{key}` must be a whole number from {lo} to {hi}, not `{value}`"
        )),
    }
}

/// Parses one fenced block into a model block. `name` is known to be a block name.
pub fn parse_block(name: &str, info_rest: &str, body: &str) -> Result<Block, String> {
    let accepted = BLOCKS
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(&[][..], |(_, o)| *o);
    let options = parse_options(info_rest)?;
    for (k, _) in &options {
        if !accepted.contains(&k.as_str()) {
            return Err(if accepted.is_empty() {
                format!("`{name}` takes no options, but has `{k}`")
            } else {
                format!(
                    "unknown option `{k}` for `{name}` (accepted: {})",
                    accepted.join(", ")
                )
            });
        }
    }
    let get = |k: &str| {
        options
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let text = body.trim();
    let question = || -> Result<String, String> {
        if text.is_empty() {
            Err(format!("`{name}` needs its question as the block's text"))
        } else {
            Ok(text.split_whitespace().collect::<Vec<_>>().join(" "))
        }
    };
    match name {
        "prompt" => Ok(Block::Prompt {
            question: question()?,
            lines: get("lines").map_or(Ok(4), |v| number("lines", v, 1, MAX_PROMPT_LINES))?,
        }),
        "scale" => {
            let min = number(
                "min",
                get("min").ok_or("`scale` needs `min` and `max`, e.g. `min=1 max=10`")?,
                -100,
                100,
            )?;
            let max = number(
                "max",
                get("max").ok_or("`scale` needs `min` and `max`, e.g. `min=1 max=10`")?,
                -100,
                100,
            )?;
            if min >= max {
                return Err(format!("`min` ({min}) must be below `max` ({max})"));
            }
            if max - min + 1 > MAX_SCALE_VALUES {
                return Err(format!(
                    "a scale has at most {MAX_SCALE_VALUES} values; {min} to {max} has {}",
                    max - min + 1
                ));
            }
            let label = |k: &str| {
                get(k)
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            };
            Ok(Block::Scale {
                question: question()?,
                min,
                max,
                low: label("low"),
                high: label("high"),
            })
        }
        "fields" => {
            let labels: Vec<String> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect();
            if labels.is_empty() {
                return Err("`fields` needs one label per line, e.g. `Name`".into());
            }
            Ok(Block::Fields { labels })
        }
        "table" => {
            let columns: Vec<String> = get("columns")
                .ok_or("`table` needs `columns`, e.g. `columns=\"What I need|What I can offer\"`")?
                .split('|')
                .map(|c| c.trim().to_string())
                .collect();
            if columns.iter().any(String::is_empty) || columns.len() > MAX_TABLE_COLUMNS {
                return Err(format!(
                    "`columns` must be 1 to {MAX_TABLE_COLUMNS} non-empty headings separated by `|`"
                ));
            }
            if !text.is_empty() {
                return Err("`table` takes no text: its rows are blank for writing in".into());
            }
            Ok(Block::Table {
                columns,
                rows: get("rows").map_or(Ok(3), |v| number("rows", v, 1, MAX_TABLE_ROWS))?,
            })
        }
        _ => Err(format!("unknown worksheet block `{name}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_parse_quotes_and_report_problems() {
        assert_eq!(
            parse_options("min=1 max=10 low=\"Not at all\" high='Fully'").unwrap(),
            vec![
                ("min".into(), "1".into()),
                ("max".into(), "10".into()),
                ("low".into(), "Not at all".into()),
                ("high".into(), "Fully".into())
            ]
        );
        assert_eq!(
            parse_options("low=\"open").unwrap_err(),
            "unclosed quote in the value of `low`"
        );
        assert!(parse_options("lines").is_err());
        assert!(parse_options("a=1 a=2").unwrap_err().contains("twice"));
    }

    #[test]
    fn blocks_validate_their_options() {
        assert_eq!(
            parse_block("prompt", "lines=6", "Q?\n").unwrap(),
            Block::Prompt {
                question: "Q?".into(),
                lines: 6
            }
        );
        assert_eq!(
            parse_block("prompt", "lines=many", "Q").unwrap_err(),
            "`lines` must be a whole number from 1 to 40, not `many`"
        );
        assert!(parse_block("scale", "min=5 max=1", "Q")
            .unwrap_err()
            .contains("below"));
        assert!(parse_block("scale", "max=3", "Q")
            .unwrap_err()
            .contains("needs `min`"));
        assert!(parse_block("prompt", "size=2", "Q")
            .unwrap_err()
            .starts_with("unknown option `size` for `prompt`"));
        assert!(parse_block("fields", "", " \n").is_err());
        assert_eq!(
            parse_block("table", "columns=\"A|B\" rows=2", "").unwrap(),
            Block::Table {
                columns: vec!["A".into(), "B".into()],
                rows: 2
            }
        );
    }
}
