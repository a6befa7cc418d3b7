//! A two-page worksheet like the bundled ones, built from the model types: the PDF unit
//! tests (`src/pdf/maker.rs`) and the PDF benchmark both use it, each including this file
//! as a module whose parent has `Block`, `SheetWords`, `Span`, `Strings` and `Worksheet`
//! in scope.

use super::{Block, SheetWords, Span, Strings, Worksheet};

pub fn span(text: &str) -> Vec<Span> {
    vec![Span {
        text: text.to_string(),
        strong: false,
        emph: false,
    }]
}

/// A worksheet like the bundled ones, two pages long on A4 and Letter.
pub fn sample(title: &str) -> Worksheet {
    Worksheet {
        title: title.to_string(),
        site_title: "Rebuilding Trust".to_string(),
        url: "https://example.org/worksheets/acknowledge-the-hurt/".to_string(),
        words: SheetWords::new(&Strings::english(), "Rebuilding Trust"),
        notice: vec![],
        blocks: vec![
            Block::Paragraph(vec![
                Span {
                    text: "Take your time with this sheet. There are no right answers, ".into(),
                    strong: false,
                    emph: false,
                },
                Span {
                    text: "only honest ones".into(),
                    strong: false,
                    emph: true,
                },
                Span {
                    text: ". Write as much or as little as you like.".into(),
                    strong: false,
                    emph: false,
                },
            ]),
            Block::Fields {
                labels: vec!["Name".into(), "Date".into()],
            },
            Block::Heading {
                level: 2,
                text: span("Naming what happened"),
            },
            Block::Paragraph(span(
                "Naming a hurt plainly is the first step towards repairing it. \
                 Describe what happened in your own words, as calmly as you can.",
            )),
            Block::Prompt {
                question: "What did you feel in your body when you found out?".into(),
                lines: 6,
            },
            Block::Scale {
                question: "How safe do you feel sharing this with your partner today?".into(),
                min: 1,
                max: 10,
                low: Some("Not at all".into()),
                high: Some("Completely".into()),
            },
            Block::List {
                ordered: false,
                items: vec![
                    span("Breathe slowly before you answer."),
                    span("Pause when you need to."),
                ],
            },
            Block::Table {
                columns: vec!["What I need".into(), "What I can offer".into()],
                rows: 4,
            },
            Block::Quote(span("Trust is built in very small moments.")),
            Block::Checklist {
                items: vec![
                    "I said it without excuses".into(),
                    "I listened until the end".into(),
                    "I asked what would help".into(),
                ],
            },
            Block::Prompt {
                question: "What would you like your partner to understand?".into(),
                lines: 8,
            },
        ],
    }
}
