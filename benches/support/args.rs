//! The benchmarks' options: what follows `cargo bench --bench NAME --`.

// Each benchmark uses only some of these.
#![allow(dead_code)]

pub struct Args(Vec<String>);

impl Args {
    /// The process arguments without the `--bench` cargo adds.
    pub fn from_env() -> Args {
        Args(
            std::env::args()
                .skip(1)
                .filter(|a| a != "--bench")
                .collect(),
        )
    }

    pub fn get(&self, i: usize) -> Option<&str> {
        self.0.get(i).map(String::as_str)
    }

    pub fn has(&self, flag: &str) -> bool {
        self.0.iter().any(|a| a == flag)
    }

    /// The value after `flag`, as in `--runs 5`.
    pub fn value(&self, flag: &str) -> Option<&str> {
        let i = self.0.iter().position(|a| a == flag)?;
        self.get(i + 1)
    }
}
