//! Inputs named twice: one file under two spellings (`a.txt` and `./a.txt`, a symlink and its
//! target, a hard link), or a file and the folder that holds it. Such a file is read once (with
//! a warning): read twice, its articles would be scored twice and its rows counted twice.
//!
//! Files are the same when they have the same device and inode (the file's identity, whatever
//! path names it, as in [`crate::corpus::identity`]).

use std::path::{Path, PathBuf};

use crate::corpus::identity::FileId;

/// The identity of the existing file at `path` (following symlinks; see
/// [`crate::corpus::identity`]), or `None` if it cannot be found.
pub fn file_id(path: &Path) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    Some(FileId::Inode {
        dev: meta.dev(),
        ino: meta.ino(),
    })
}

/// A file named again: `path` is the same file as the earlier `first`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeat {
    pub path: PathBuf,
    pub first: PathBuf,
}

impl Repeat {
    /// "b/../a.txt is the same file as a.txt (named twice): read once".
    pub fn message(&self) -> String {
        if self.path == self.first {
            format!("{} is named twice: read once", self.path.display())
        } else {
            format!(
                "{} is the same file as {} (named twice): read once",
                self.path.display(),
                self.first.display()
            )
        }
    }
}

/// Keeps the first of the entries that name one file, in order; the others are returned as
/// repeats. Entries whose identity cannot be found (missing files) are kept: reading them reports
/// the problem.
pub fn drop_repeats<T>(entries: Vec<(PathBuf, T)>) -> (Vec<(PathBuf, T)>, Vec<Repeat>) {
    let mut seen: std::collections::HashMap<FileId, PathBuf> = Default::default();
    let mut kept = Vec::with_capacity(entries.len());
    let mut repeats = Vec::new();
    for (path, value) in entries {
        match file_id(&path) {
            Some(id) => match seen.get(&id) {
                Some(first) => repeats.push(Repeat {
                    path,
                    first: first.clone(),
                }),
                None => {
                    seen.insert(id, path.clone());
                    kept.push((path, value));
                }
            },
            None => kept.push((path, value)),
        }
    }
    (kept, repeats)
}

/// [`drop_repeats`] for a plain list of paths.
pub fn drop_repeated_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Repeat>) {
    let (kept, repeats) = drop_repeats(paths.iter().map(|p| (p.clone(), ())).collect());
    (kept.into_iter().map(|(p, ())| p).collect(), repeats)
}

/// Warning kind of a file named twice.
pub const NAMED_TWICE: &str = "input named twice";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_file_under_two_spellings_is_kept_once() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("sub")).unwrap();
        std::fs::write(d.join("a.txt"), "x").unwrap();
        std::fs::write(d.join("b.txt"), "x").unwrap();
        let paths = vec![
            d.join("a.txt"),
            d.join("sub/../a.txt"),
            d.join("b.txt"),
            d.join("missing.txt"),
            d.join("./a.txt"),
        ];
        let (kept, repeats) = drop_repeated_paths(&paths);
        assert_eq!(
            kept,
            [d.join("a.txt"), d.join("b.txt"), d.join("missing.txt")]
        );
        assert_eq!(repeats.len(), 2);
        assert_eq!(repeats[0].first, d.join("a.txt"));
        assert!(
            repeats[1].message().contains("named twice"),
            "{:?}",
            repeats[1]
        );
        std::os::unix::fs::symlink(d.join("b.txt"), d.join("link.txt")).unwrap();
        let (kept, repeats) = drop_repeated_paths(&[d.join("link.txt"), d.join("b.txt")]);
        assert_eq!((kept.len(), repeats.len()), (1, 1));
    }
}
