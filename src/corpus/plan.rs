//! What a command reads and writes, resolved to file identities before any data is read, so an
//! output never destroys an input: every command lists its outputs (`--out`, `--articles`,
//! `--report DIR`, standard output) and its inputs (article files and the files in article
//! folders, the model, outlet maps, boilerplate rules, lexicon files, labelled data, fold files,
//! scores) in an [`IoPlan`], whose [`IoPlan::check`] refuses, as usage errors naming both files:
//!
//! - an output that is an input (by device and inode, so also through another spelling, a
//!   symlink or a hard link);
//! - two outputs that are one file, or two outputs both on standard output;
//! - a report folder that holds an input, or a file output inside a report folder;
//! - standard output redirected to a file that is an input or another output (`>> input.txt`);
//! - a report folder holding files slant did not write ([`crate::corpus::report_dir`]).
//!
//! Resolving an output refuses (as I/O errors) a missing folder, a folder where a file is
//! expected, and anything that is not a regular file (FIFO, device, socket, or a symlink to one):
//! `-` asks for standard output instead. Once the plan holds, stale temporary files of killed runs
//! are removed from the folders the outputs go to (the returned notes say which).

use std::os::fd::AsFd;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::corpus::atomic::{output_target, remove_stale_temps, STDOUT_NAME};
use crate::corpus::identity::{self, FileId, Kind};
use crate::corpus::report_dir::check_report_dir;
use crate::error::{Error, Result};

/// Where an output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dest {
    Stdout,
    /// A file, as named (written through a symlink to its target).
    File(PathBuf),
    /// A report folder, as named.
    Dir(PathBuf),
}

impl Dest {
    /// The file or folder, `None` for standard output.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Dest::Stdout => None,
            Dest::File(p) | Dest::Dir(p) => Some(p),
        }
    }
}

struct PlannedInput {
    /// How the input was named: `--data`, `input`, `$SLANT_MODEL`…
    role: String,
    shown: PathBuf,
    id: FileId,
    /// Canonical path (symlinks followed).
    path: PathBuf,
}

struct PlannedOutput {
    flag: String,
    dest: Dest,
    /// Resolved path (`None` for standard output).
    real: Option<PathBuf>,
    id: Option<FileId>,
}

/// A command's inputs and outputs; see the module documentation.
#[derive(Default)]
pub struct IoPlan {
    inputs: Vec<PlannedInput>,
    outputs: Vec<PlannedOutput>,
}

impl IoPlan {
    pub fn new() -> IoPlan {
        IoPlan::default()
    }

    /// An input file (or folder) named `path`, described in messages as `role` (e.g. `--data`).
    /// One that cannot be resolved (missing) is left to its reader to report.
    pub fn input(&mut self, role: &str, path: &Path) -> &mut Self {
        if let Ok(r) = identity::resolve(path) {
            self.inputs.push(PlannedInput {
                role: role.to_string(),
                shown: path.to_path_buf(),
                id: r.id,
                path: r.path,
            });
        }
        self
    }

    /// Several inputs named by the same option.
    pub fn inputs<P: AsRef<Path>>(&mut self, role: &str, paths: &[P]) -> &mut Self {
        for p in paths {
            self.input(role, p.as_ref());
        }
        self
    }

    /// The article inputs of `slant score`: the files named and every file read from the folders
    /// named (the folders' own outlet maps are added by the caller as they are used).
    pub fn article_inputs(&mut self, inputs: &[PathBuf]) -> Result<&mut Self> {
        let mut skipped = crate::corpus::ReadReport::default();
        for p in inputs {
            self.input("input", p);
        }
        // A corpus may hold a million files: each is identified by one `stat` (device and
        // inode, symlinks followed as the reader follows them), without a canonical path. Only
        // report folders use canonical paths, and `score` writes none.
        for (file, _) in crate::corpus::articles::expand_inputs(inputs, &mut skipped)? {
            if let Ok(meta) = std::fs::metadata(&file) {
                let id = FileId::Inode {
                    dev: std::os::unix::fs::MetadataExt::dev(&meta),
                    ino: std::os::unix::fs::MetadataExt::ino(&meta),
                };
                self.inputs.push(PlannedInput {
                    role: "input".to_string(),
                    path: file.clone(),
                    shown: file,
                    id,
                });
            }
        }
        Ok(self)
    }

    /// A lexicon folder: the folder and its `*.txt` files.
    pub fn lexicon_dir(&mut self, role: &str, dir: &Path) -> &mut Self {
        self.input(role, dir);
        if let Ok(entries) = std::fs::read_dir(dir) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "txt") {
                    self.input(role, &path);
                }
            }
        }
        self
    }

    /// An output file named by option `flag`: standard output when `path` is `None` or `-`.
    pub fn output(&mut self, flag: &str, path: Option<&Path>) -> Result<Dest> {
        let (dest, real, id) = match path {
            None => (Dest::Stdout, None, None),
            Some(p) if p == Path::new(STDOUT_NAME) => (Dest::Stdout, None, None),
            Some(p) => {
                let real = output_target(p)?;
                let id = identity::resolve(&real).map_err(|e| Error::io(p, e))?.id;
                (Dest::File(p.to_path_buf()), Some(real), Some(id))
            }
        };
        self.outputs.push(PlannedOutput {
            flag: flag.to_string(),
            dest: dest.clone(),
            real,
            id,
        });
        Ok(dest)
    }

    /// Standard output, written by the command whatever its options (a summary, a table).
    pub fn stdout(&mut self) -> &mut Self {
        self.outputs.push(PlannedOutput {
            flag: "standard output".into(),
            dest: Dest::Stdout,
            real: None,
            id: None,
        });
        self
    }

    /// A report folder named by option `flag`. `-` is a usage error (a folder is not a stream).
    pub fn report_dir(&mut self, flag: &str, dir: &Path) -> Result<Dest> {
        if dir == Path::new(STDOUT_NAME) {
            return Err(Error::Usage(format!(
                "{flag} needs a folder; leave it out to print the report on standard output"
            )));
        }
        let real = check_dir_kind(dir)?;
        let id = identity::resolve(&real).ok().map(|r| r.id);
        let dest = Dest::Dir(dir.to_path_buf());
        self.outputs.push(PlannedOutput {
            flag: flag.to_string(),
            dest: dest.clone(),
            real: Some(real),
            id,
        });
        Ok(dest)
    }

    /// Refuses any overlap (see the module documentation), then removes stale temporary files
    /// where the outputs go. Returns a note per file removed.
    pub fn check(&self) -> Result<Vec<String>> {
        let usage = |m: String| Err(Error::Usage(m));
        // Two outputs on standard output, or one file.
        for (i, a) in self.outputs.iter().enumerate() {
            for b in &self.outputs[i + 1..] {
                let explicit = |o: &PlannedOutput| o.flag != "standard output";
                if a.dest == Dest::Stdout && b.dest == Dest::Stdout && explicit(a) && explicit(b) {
                    return usage(format!(
                        "{} and {} both go to standard output: give one of them a file",
                        a.flag, b.flag
                    ));
                }
                if a.id.is_some() && a.id == b.id {
                    return usage(format!(
                        "{} and {} name the same file ({} and {}): give each its own file",
                        a.flag,
                        b.flag,
                        show(&a.dest),
                        show(&b.dest)
                    ));
                }
                for (file, dir) in [(a, b), (b, a)] {
                    if let (Dest::File(_), Dest::Dir(_), Some(f), Some(d)) =
                        (&file.dest, &dir.dest, &file.real, &dir.real)
                    {
                        if f.starts_with(d) {
                            return usage(format!(
                                "{} {} is inside {} {}, which slant replaces whole: choose a file outside it",
                                file.flag,
                                show(&file.dest),
                                dir.flag,
                                show(&dir.dest)
                            ));
                        }
                    }
                }
            }
        }
        // An output that is an input.
        for out in &self.outputs {
            match (&out.dest, &out.real) {
                (Dest::File(shown), Some(_)) => {
                    if let Some(input) = self.inputs.iter().find(|i| Some(&i.id) == out.id.as_ref())
                    {
                        return usage(format!(
                            "{} {} is also an input ({} {}): choose another output file",
                            out.flag,
                            shown.display(),
                            input.role,
                            input.shown.display()
                        ));
                    }
                }
                (Dest::Dir(shown), Some(real)) => {
                    let held = dir_ids(real);
                    let inside = self
                        .inputs
                        .iter()
                        .find(|i| i.path.starts_with(real) || held.contains(&i.id));
                    if let Some(input) = inside {
                        return usage(format!(
                            "{} {} holds an input ({} {}), and slant replaces the report folder whole: choose another folder",
                            out.flag,
                            shown.display(),
                            input.role,
                            input.shown.display()
                        ));
                    }
                    check_report_dir(&out.flag, shown)?;
                }
                _ => {}
            }
        }
        // Standard output redirected to a file that is an input or another output.
        if self.outputs.iter().any(|o| o.dest == Dest::Stdout) {
            if let Some(id) = stdout_id() {
                let flag = match self.outputs.iter().find(|o| o.dest == Dest::Stdout) {
                    Some(o) if o.flag != "standard output" => format!(" ({})", o.flag),
                    _ => String::new(),
                };
                if let Some(input) = self.inputs.iter().find(|i| i.id == id) {
                    return usage(format!(
                        "standard output{flag} is redirected to {}, which is an input ({} {}): redirect it to another file",
                        input.shown.display(),
                        input.role,
                        input.shown.display()
                    ));
                }
                if let Some(out) = self.outputs.iter().find(|o| o.id.as_ref() == Some(&id)) {
                    return usage(format!(
                        "standard output{flag} is redirected to {}, the file of {}: redirect it to another file",
                        show(&out.dest),
                        out.flag
                    ));
                }
            }
        }
        // All clear: stale temporary files of killed runs go, where the outputs go.
        let mut folders: Vec<PathBuf> = Vec::new();
        for out in &self.outputs {
            if let Some(real) = &out.real {
                if let Some(parent) = real.parent() {
                    folders.push(parent.to_path_buf());
                }
                if matches!(out.dest, Dest::Dir(_)) {
                    folders.push(real.clone());
                }
            }
        }
        folders.sort();
        folders.dedup();
        let notes: Vec<String> = folders.iter().flat_map(|f| remove_stale_temps(f)).collect();
        Ok(summarise(notes))
    }
}

/// The first few notes, then how many more (a folder may hold many stale files).
fn summarise(mut notes: Vec<String>) -> Vec<String> {
    const SHOWN: usize = 3;
    if notes.len() > SHOWN + 1 {
        let more = notes.len() - SHOWN;
        notes.truncate(SHOWN);
        notes.push(format!(
            "removed {more} more temporary files left by slant processes that no longer run"
        ));
    }
    notes
}

fn show(dest: &Dest) -> String {
    match dest {
        Dest::Stdout => "standard output".into(),
        Dest::File(p) | Dest::Dir(p) => p.display().to_string(),
    }
}

/// Checks that a report folder is a folder or missing; returns where it is.
fn check_dir_kind(dir: &Path) -> Result<PathBuf> {
    match identity::resolve(dir) {
        Ok(r) if r.kind == Kind::Dir || r.kind == Kind::Missing => Ok(r.path),
        Ok(r) => Err(Error::io(
            dir,
            std::io::Error::other(format!("is {}, not a folder", r.kind.describe())),
        )),
        // Missing parent folders are created when the report is written.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::path::absolute(dir).map_err(|e| Error::io(dir, e))
        }
        Err(e) => Err(Error::io(dir, e)),
    }
}

/// The identities of the entries of folder `dir` (hard links to inputs count as inputs).
fn dir_ids(dir: &Path) -> Vec<FileId> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| identity::resolve(&e.path()).ok().map(|r| r.id))
        .collect()
}

/// The identity of the file standard output is redirected to, when it is a regular file.
fn stdout_id() -> Option<FileId> {
    let fd = std::io::stdout().as_fd().try_clone_to_owned().ok()?;
    let meta = std::fs::File::from(fd).metadata().ok()?;
    meta.is_file().then(|| FileId::Inode {
        dev: meta.dev(),
        ino: meta.ino(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn overlaps_are_refused_naming_both() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path();
        fs::write(d.join("in.csv"), "x").unwrap();
        fs::hard_link(d.join("in.csv"), d.join("hard.csv")).unwrap();
        std::os::unix::fs::symlink("in.csv", d.join("link.csv")).unwrap();

        for out in ["in.csv", "hard.csv", "link.csv", "./in.csv"] {
            let mut plan = IoPlan::new();
            plan.output("--out", Some(&d.join(out))).unwrap();
            plan.input("--data", &d.join("in.csv"));
            let err = plan.check().unwrap_err();
            assert!(matches!(err, Error::Usage(_)));
            assert!(
                err.to_string().contains("is also an input (--data"),
                "{err}"
            );
        }

        let mut plan = IoPlan::new();
        plan.output("--out", Some(&d.join("same.csv"))).unwrap();
        plan.output("--articles", Some(&d.join("./same.csv")))
            .unwrap();
        let err = plan.check().unwrap_err().to_string();
        assert!(
            err.contains("--out and --articles name the same file"),
            "{err}"
        );

        let mut plan = IoPlan::new();
        plan.output("--out", None).unwrap();
        plan.output("--articles", Some(Path::new("-"))).unwrap();
        let err = plan.check().unwrap_err().to_string();
        assert!(err.contains("both go to standard output"), "{err}");

        let mut plan = IoPlan::new();
        plan.report_dir("--report", d).unwrap();
        plan.input("--data", &d.join("in.csv"));
        let err = plan.check().unwrap_err().to_string();
        assert!(err.contains("holds an input (--data"), "{err}");

        let mut plan = IoPlan::new();
        plan.output("--out", Some(&d.join("new.csv"))).unwrap();
        plan.stdout();
        plan.input("--data", &d.join("in.csv"));
        assert!(plan.check().unwrap().is_empty());
    }
}
