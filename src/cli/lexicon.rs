//! `slant lexicon`: check lexicon files and list their categories, as an analyst edits them.

use std::fmt::Write;
use std::path::PathBuf;

use crate::cli::{write_output, Console};
use crate::error::Result;
use crate::lexicon::Lexicon;

#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  slant lexicon data/lexicons")]
pub struct LexiconArgs {
    /// Lexicon folder (default: data/lexicons).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

pub fn run(args: &LexiconArgs, console: &Console) -> Result<()> {
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(crate::defaults::lexicon_dir);
    crate::corpus::IoPlan::new()
        .stdout()
        .lexicon_dir("the lexicon folder", &dir)
        .check()?;
    let (lexicon, warnings) = Lexicon::load_dir(&dir)?;
    for w in &warnings {
        console.warn(&format!("{}: {}", w.origin, w.message));
    }
    let mut counts = vec![0usize; lexicon.categories().len()];
    lexicon
        .entries()
        .iter()
        .for_each(|e| counts[e.category] += 1);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}: {} entries in {} categories",
        dir.display(),
        lexicon.entries().len(),
        counts.len()
    );
    for (c, n) in lexicon.categories().iter().zip(&counts) {
        let _ = writeln!(
            s,
            "  {:<18} {:<9} {:>4}  {}",
            c.name,
            format!("{:?}", c.kind).to_lowercase(),
            n,
            c.description
        );
    }
    let _ = writeln!(s, "sha256 {}", lexicon.content_hash());
    write_output(None, s.as_bytes())
}
