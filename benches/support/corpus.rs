//! The project's own generator of synthetic sites for benchmarks: deterministic
//! (a fixed-seed generator), realistic prose with headings, lists, tables, footnotes,
//! relative `.md` links between pages and Pandoc citations into a hayagriva
//! bibliography. Same seed and sizes give byte-identical sites.

use std::fmt::Write as _;
use std::path::Path;

/// A small, fast, seedable generator (SplitMix64), so the corpus never depends on a crate's
/// random algorithm changing.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const SUBJECTS: &[&str] = &[
    "Trust",
    "A calm conversation",
    "The listening partner",
    "Each of you",
    "A small ritual",
    "An honest apology",
    "Regular check-ins",
    "A shared plan",
    "Your body",
    "The next hard moment",
    "A written note",
    "Time apart",
    "A weekly walk",
    "Curiosity",
    "Patience",
];
const VERBS: &[&str] = &[
    "supports",
    "depends on",
    "grows from",
    "makes room for",
    "slowly rebuilds",
    "softens",
    "clarifies",
    "protects",
    "invites",
    "strengthens",
    "reveals",
    "steadies",
];
const OBJECTS: &[&str] = &[
    "the feeling of safety",
    "a sense of being heard",
    "honest answers",
    "small promises kept",
    "the story you tell together",
    "moments of closeness",
    "clear boundaries",
    "repair after conflict",
    "the courage to ask",
    "a gentler tone",
    "shared meaning",
    "the needs underneath the anger",
];
const TAILS: &[&str] = &[
    "over many weeks",
    "when both partners take part",
    "even on difficult days",
    "if you go slowly",
    "in most couples",
    "after the first conversation",
    "with practice",
];
const HEADINGS: &[&str] = &[
    "Why it matters",
    "What it looks like",
    "What to say",
    "What to avoid",
    "Signs of progress",
    "Common stumbles",
    "A worked example",
    "Going further",
    "Summary",
    "Questions to ask",
];
const SURNAMES: &[&str] = &[
    "Johnson", "Field", "Kross", "Rahe", "Nguyen", "Garcia", "Okafor", "Tanaka", "Silva", "Larsen",
    "Patel", "Novak", "Haddad", "Moreau", "Weber", "Costa",
];

/// Sizes of a synthetic site.
pub struct Spec {
    pub pages: usize,
    pub references: usize,
    pub section_size: usize,
    /// Citations per page (the same for every page).
    pub cites_per_page: usize,
    pub seed: u64,
}

impl Spec {
    /// The benchmarks' standard site of `pages` pages: sections of 50, a tenth as many
    /// references (at least 50), two citations per page.
    pub fn pages(pages: usize) -> Spec {
        Spec {
            pages,
            references: (pages / 10).max(50),
            section_size: 50,
            cites_per_page: 2,
            seed: 1,
        }
    }
}

fn sentence(rng: &mut Rng) -> String {
    let mut s = format!(
        "{} {} {}",
        rng.pick(SUBJECTS),
        rng.pick(VERBS),
        rng.pick(OBJECTS)
    );
    if rng.chance(50) {
        s.push(' ');
        s.push_str(rng.pick(TAILS));
    }
    s
}

fn paragraph(rng: &mut Rng, extras: &mut Vec<String>) -> String {
    let n = 3 + rng.below(4);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let mut s = sentence(rng);
        if rng.chance(10) {
            s = s.replacen(' ', " *", 1) + "*";
        }
        if !extras.is_empty() && (i == n - 1 || rng.chance(30)) {
            s.push(' ');
            s.push_str(&extras.remove(0));
        }
        out.push(s + ".");
    }
    out.join(" ")
}

fn page_path(i: usize, spec: &Spec) -> (String, String) {
    let section = i / spec.section_size;
    (format!("sec{section:03}"), format!("p{i:05}.md"))
}

/// Writes the site into `root` (which must be empty or absent).
pub fn generate(root: &Path, spec: &Spec) -> std::io::Result<()> {
    let mut rng = Rng(spec.seed);
    let content = root.join("content");
    std::fs::create_dir_all(&content)?;
    std::fs::write(
        root.join("site.yaml"),
        "title: Synthetic guide\nbase_url: https://example.org/\ndescription: A synthetic site for benchmarks.\n",
    )?;
    std::fs::write(
        content.join("_index.md"),
        "---\ntitle: Synthetic guide\n---\n\nWelcome to the synthetic guide.\n",
    )?;
    let keys: Vec<String> = (0..spec.references).map(|i| format!("ref{i:05}")).collect();
    let mut bib = String::new();
    for (i, key) in keys.iter().enumerate() {
        let a = SURNAMES[i % SURNAMES.len()];
        let b = SURNAMES[(i / SURNAMES.len() + 3) % SURNAMES.len()];
        let year = 1980 + (i * 7) % 45;
        if i % 3 == 0 {
            let _ = write!(bib, "{key}:\n  type: Book\n  title: \"Notes on repair, volume {i}\"\n  author: [\"{a}, A.\"]\n  date: {year}\n  publisher: Example Press\n\n");
        } else {
            let _ = write!(bib, "{key}:\n  type: Article\n  title: \"A study of trust number {i}\"\n  author: [\"{a}, B.\", \"{b}, C.\"]\n  date: {year}\n  page-range: {}-{}\n  parent:\n    type: Periodical\n    title: Journal of Synthetic Studies\n    volume: {}\n\n", 10 + i % 90, 20 + i % 90, 1 + i % 40);
        }
    }
    if spec.references > 0 {
        std::fs::write(content.join("references.yaml"), bib)?;
    }
    let sections = spec.pages.div_ceil(spec.section_size.max(1));
    for s in 0..sections {
        let dir = content.join(format!("sec{s:03}"));
        std::fs::create_dir_all(&dir)?;
        std::fs::write(
            dir.join("_index.md"),
            format!(
                "---\ntitle: Section {s}\nweight: {s}\n---\n\n{}.\n",
                sentence(&mut rng)
            ),
        )?;
    }
    for i in 0..spec.pages {
        let (sec, file) = page_path(i, spec);
        let mut extras: Vec<String> = Vec::new();
        for _ in 0..spec.cites_per_page {
            if keys.is_empty() {
                break;
            }
            let key = &keys[rng.below(keys.len())];
            extras.push(if rng.chance(40) {
                format!("[@{key}, p. {}]", 3 + rng.below(300))
            } else {
                format!("[@{key}]")
            });
        }
        for _ in 0..(2 + rng.below(3)) {
            let j = rng.below(spec.pages);
            let (osec, ofile) = page_path(j, spec);
            let target = if osec == sec {
                ofile
            } else {
                format!("../{osec}/{ofile}")
            };
            extras.push(format!("(see [a related page]({target}))"));
        }
        let mut body = String::new();
        let _ = write!(body, "---\ntitle: \"Page {i}: {}\"\ndescription: \"{}.\"\nweight: {}\ndate: 2024-01-{:02}\ntags: [trust, repair]\n---\n\n", rng.pick(HEADINGS), sentence(&mut rng), i % spec.section_size, 1 + i % 28);
        body.push_str(&paragraph(&mut rng, &mut extras));
        body.push_str("\n\n");
        let sections_in_page = 3 + rng.below(3);
        for h in 0..sections_in_page {
            let _ = write!(body, "## {}\n\n", HEADINGS[(i + h) % HEADINGS.len()]);
            for _ in 0..(2 + rng.below(2)) {
                body.push_str(&paragraph(&mut rng, &mut extras));
                body.push_str("\n\n");
            }
            if h == 0 {
                body.push_str("| Moment | What helps | Minutes |\n| --- | --- | ---: |\n");
                for r in 0..4 {
                    let _ = writeln!(
                        body,
                        "| {} | {} | {} |",
                        rng.pick(SUBJECTS),
                        rng.pick(OBJECTS),
                        5 * (r + 1)
                    );
                }
                body.push('\n');
            }
            if h == 1 {
                for _ in 0..4 {
                    let _ = writeln!(body, "- {}.", sentence(&mut rng));
                }
                body.push('\n');
                let _ = write!(
                    body,
                    "### {} in detail\n\n{}[^1]\n\n",
                    rng.pick(SUBJECTS),
                    paragraph(&mut rng, &mut Vec::new())
                );
                let _ = write!(body, "> {}.\n\n", sentence(&mut rng));
            }
        }
        while !extras.is_empty() {
            body.push_str(&paragraph(&mut rng, &mut extras));
            body.push_str("\n\n");
        }
        let _ = writeln!(body, "[^1]: {}.", sentence(&mut rng));
        std::fs::write(content.join(&sec).join(&file), body)?;
    }
    Ok(())
}
