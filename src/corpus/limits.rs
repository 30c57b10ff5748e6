//! Every limit on what slant reads, in one place. Each is checked as the bytes arrive (never after
//! reading a whole file), so a hostile or wrong input — a device, an endless pipe, a binary file, a
//! hand-edited model — fails within seconds with a message naming the file and the limit, and
//! nothing grows in memory past the limit. They are far above anything an analyst's data reaches:
//!
//! | what | limit | where it is checked |
//! |---|---|---|
//! | first block checked for binary data and UTF-16/UTF-32 | 8 KiB | every input file, before the rest is read |
//! | one `.txt` article (also `explain --file`) | 64 MiB | while reading it |
//! | one CSV record, one JSONL line (articles, training and evaluation data, scores, outlet maps, fold files, article tables) | 64 MiB | as the record's bytes arrive |
//! | an outlet map | 256 MiB | while reading it |
//! | a boilerplate rule file | 16 MiB | while reading it |
//! | one lexicon file | 64 MiB | while reading it |
//! | lexicon terms (all files together, or embedded in a model) | 200,000 | as the entries are parsed |
//! | one lexicon term | 20 words, 200 bytes | as the entries are checked, before the matcher is built |
//! | a model file | 2 GiB | before parsing (regular files), while reading (pipes, devices) |
//! | model weights and intercepts | magnitude at most 1e9 | at load |
//! | model idf values | greater than 0, at most 10,000 | at load |
//!
//! CSV and JSONL files are streamed record by record, so a file of any size (or a pipe carrying a
//! whole corpus) is read within the record limit; files read whole are bounded by their own limit.

/// Bytes of an input's first block, checked for binary data and other encodings.
pub const SNIFF_BYTES: usize = 8 << 10;

/// One `.txt` article.
pub const MAX_ARTICLE_BYTES: u64 = 64 << 20;

/// One CSV record (all its fields and line breaks) or one JSONL line.
pub const MAX_RECORD_BYTES: usize = 64 << 20;

/// An outlet map (`--outlets`, a folder's `outlets.csv`).
pub const MAX_OUTLET_MAP_BYTES: u64 = 256 << 20;

/// A boilerplate rule file (`--boilerplate`).
pub const MAX_BOILERPLATE_BYTES: u64 = 16 << 20;

/// One lexicon file.
pub const MAX_LEXICON_FILE_BYTES: u64 = 64 << 20;

/// Lexicon entries in all (all files of a folder, or the lexicon embedded in a model).
pub const MAX_LEXICON_TERMS: usize = 200_000;

/// Words (tokens) of one lexicon term.
pub const MAX_TERM_WORDS: usize = 20;

/// Bytes of one lexicon term as written.
pub const MAX_TERM_BYTES: usize = 200;

/// A model file.
pub const MAX_MODEL_BYTES: u64 = 2 << 30;

/// The largest magnitude of a model weight or intercept: a trained model's are below 100; past
/// this a sum of weights could overflow into infinities and empty probabilities.
pub const MAX_WEIGHT: f64 = 1e9;

/// The largest idf value in a model (a trained one's are below 50: `ln(1 + rows) + 1`).
pub const MAX_IDF: f32 = 1e4;

/// `bytes` as the tables above write it: "64 MiB", "2 GiB", "8 KiB", else bytes.
pub fn human(bytes: u64) -> String {
    for (unit, shift) in [("GiB", 30), ("MiB", 20), ("KiB", 10)] {
        if bytes >= 1 << shift && bytes % (1 << shift) == 0 {
            return format!("{} {unit}", bytes >> shift);
        }
    }
    format!("{bytes} bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_in_the_table() {
        assert_eq!(human(MAX_ARTICLE_BYTES), "64 MiB");
        assert_eq!(human(MAX_MODEL_BYTES), "2 GiB");
        assert_eq!(human(SNIFF_BYTES as u64), "8 KiB");
        assert_eq!(human(1000), "1000 bytes");
    }
}
