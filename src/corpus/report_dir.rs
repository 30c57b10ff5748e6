//! A report folder (`slant eval --report DIR`, `slant report --report DIR`), written as one
//! output: built aside, in a temporary folder beside DIR, and swapped in whole (Linux:
//! `renameat2(RENAME_EXCHANGE)`, one atomic step), so a failed or interrupted run leaves the old
//! report as it was, never half new and half old.
//!
//! slant never deletes or replaces a file it did not write: each report lists the files it wrote
//! in `DIR/.slant-report` (the manifest), and a DIR that holds anything else — a hand-made
//! `outlets.csv` in a corpus folder, the labelled data, a sub-folder, a report from a slant
//! without manifests — is refused with a message naming the file ([`check_report_dir`]). DIR may
//! be missing (it is created, with missing parent folders) or empty.

use std::ffi::OsStr;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::corpus::atomic::{
    hold_lock, is_stale_temp, old_report_prefix, register, temp_prefix, unregister,
};
use crate::corpus::identity::{self, Kind};
use crate::error::{Error, Result};

/// The manifest: the names of the files the report in this folder wrote, one per line.
pub const MANIFEST: &str = ".slant-report";

/// The manifest is read up to this size (a report writes about ten files).
const MAX_MANIFEST_BYTES: u64 = 1 << 20;

/// Where report folder `dir` is, with symlinks resolved: for a missing folder, the canonical path
/// of its nearest existing ancestor plus the missing components. `None` when it does not exist.
fn locate(dir: &Path) -> Result<(PathBuf, Option<Kind>)> {
    match identity::resolve(dir) {
        Ok(r) if r.kind == Kind::Missing => Ok((r.path, None)),
        Ok(r) => Ok((r.path, Some(r.kind))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            // Missing parent folders are created: resolve the part that exists.
            let absolute = std::path::absolute(dir).map_err(|e| Error::io(dir, e))?;
            let mut base = absolute.as_path();
            let mut rest = Vec::new();
            while fs::symlink_metadata(base).is_err() {
                match (base.file_name(), base.parent()) {
                    (Some(name), Some(parent)) => {
                        rest.push(name.to_os_string());
                        base = parent;
                    }
                    _ => return Err(Error::io(dir, e)),
                }
            }
            let mut path = fs::canonicalize(base).map_err(|e| Error::io(dir, e))?;
            path.extend(rest.iter().rev());
            Ok((path, None))
        }
        Err(e) => Err(Error::io(dir, e)),
    }
}

/// The names listed in `dir`'s manifest (none when it has none).
fn manifest(dir: &Path) -> Vec<String> {
    let mut text = String::new();
    if let Ok(f) = File::open(dir.join(MANIFEST)) {
        let _ = f.take(MAX_MANIFEST_BYTES).read_to_string(&mut text);
    }
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

/// Checks that a report can be written to `dir` (named by option `flag`): missing, empty, or
/// holding only the files an earlier report listed in its manifest. Returns where the folder is
/// (symlinks resolved). A foreign file is a usage error naming it; a `dir` that is a file (or a
/// FIFO, a device) is an I/O error.
pub fn check_report_dir(flag: &str, dir: &Path) -> Result<PathBuf> {
    let (real, kind) = locate(dir)?;
    match kind {
        None => return Ok(real),
        Some(Kind::Dir) => {}
        Some(other) => {
            return Err(Error::io(
                dir,
                io::Error::other(format!("is {}, not a folder", other.describe())),
            ))
        }
    }
    let ours = manifest(&real);
    let mut entries: Vec<_> = fs::read_dir(&real)
        .map_err(|e| Error::io(dir, e))?
        .collect::<io::Result<_>>()
        .map_err(|e| Error::io(dir, e))?;
    entries.sort_by_key(|e| e.file_name());
    let foreign: Vec<String> = entries
        .iter()
        .filter(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let regular = entry.file_type().is_ok_and(|t| t.is_file());
            !(name == MANIFEST
                || is_stale_temp(&name)
                || regular && ours.iter().any(|n| *n == name))
        })
        .map(|entry| dir.join(entry.file_name()).display().to_string())
        .collect();
    if let Some(first) = foreign.first() {
        let more = match foreign.len() {
            1 => String::new(),
            2..=5 => format!(" (also {})", foreign[1..].join(", ")),
            n => format!(" (and {} more: {}, …)", n - 1, foreign[1..5].join(", ")),
        };
        return Err(Error::Usage(format!(
            "{flag} {}: {first}{more} was not written by a slant report (not listed in {}): \
             slant never replaces or deletes files it did not write; choose a new or empty folder",
            dir.display(),
            dir.join(MANIFEST).display()
        )));
    }
    Ok(real)
}

/// A report folder being built aside. Dropped without [`ReportDir::commit`], it is removed and
/// the old report stays.
pub struct ReportDir {
    flag: String,
    /// As named (for messages).
    dir: PathBuf,
    /// Where it goes (symlinks resolved).
    real: PathBuf,
    /// The folder being built, beside `real`.
    aside: Option<PathBuf>,
    written: Vec<String>,
    /// Held open for its lock on `aside` (see `atomic::hold_lock`).
    _lock: Option<fs::File>,
}

impl ReportDir {
    /// Starts a report for `dir` (named by option `flag`), checked with [`check_report_dir`].
    pub fn create(flag: &str, dir: &Path) -> Result<ReportDir> {
        let real = check_report_dir(flag, dir)?;
        let parent = real.parent().unwrap_or(Path::new("/"));
        fs::create_dir_all(parent).map_err(|e| Error::io(dir, e))?;
        let name = real.file_name().unwrap_or(OsStr::new("report"));
        // The old folder's mode, else the usual one (0777 less the umask).
        let mode = fs::metadata(&real).map_or(0o777, |m| {
            std::os::unix::fs::PermissionsExt::mode(&m.permissions()) & 0o7777
        });
        let aside = tempfile::Builder::new()
            .prefix(&temp_prefix(name))
            .permissions(std::os::unix::fs::PermissionsExt::from_mode(mode))
            .tempdir_in(parent)
            .map_err(|e| Error::io(dir, e))?
            .keep();
        register(&aside);
        let lock = fs::File::open(&aside).ok();
        if let Some(lock) = &lock {
            hold_lock(lock);
        }
        Ok(ReportDir {
            flag: flag.to_string(),
            dir: dir.to_path_buf(),
            real,
            aside: Some(aside),
            written: Vec::new(),
            _lock: lock,
        })
    }

    /// The folder as named.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    fn aside(&self) -> &Path {
        self.aside.as_deref().expect("present until committed")
    }

    /// Writes file `name` of the report (complete and synced; in place only at commit).
    pub fn write(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        assert!(
            !name.contains('/') && name != MANIFEST && !name.starts_with('.'),
            "a report file name: {name}"
        );
        let shown = self.dir.join(name);
        let path = self.aside().join(name);
        File::create_new(&path)
            .and_then(|mut f| {
                f.write_all(bytes)?;
                f.sync_all()
            })
            .map_err(|e| Error::io(&shown, e))?;
        self.written.push(name.to_string());
        Ok(())
    }

    /// Writes the manifest and swaps the new folder in for the old one (or renames it into place),
    /// then removes the old one. The folder is checked again first: a file that appeared in it
    /// meanwhile is not deleted.
    pub fn commit(mut self) -> Result<()> {
        let mut list = String::from(
            "# The files slant wrote in this report folder (slant replaces only these).\n",
        );
        for name in &self.written {
            list.push_str(name);
            list.push('\n');
        }
        let aside = self.aside().to_path_buf();
        File::create_new(aside.join(MANIFEST))
            .and_then(|mut f| {
                f.write_all(list.as_bytes())?;
                f.sync_all()
            })
            .and_then(|()| File::open(&aside)?.sync_all())
            .map_err(|e| Error::io(&self.dir.join(MANIFEST), e))?;
        let real = check_report_dir(&self.flag, &self.dir)?;
        if real != self.real {
            return Err(Error::io(
                &self.dir,
                io::Error::other("changed while slant ran: not replaced"),
            ));
        }
        let swapped = swap_in(&aside, &real).map_err(|e| Error::io(&self.dir, e))?;
        // `aside` now holds the old report (after an exchange) or nothing.
        if swapped {
            let _ = fs::remove_dir_all(&aside);
        }
        unregister(&aside);
        self.aside = None;
        if let Some(parent) = real.parent() {
            let _ = File::open(parent).and_then(|d| d.sync_all());
        }
        Ok(())
    }
}

/// Puts folder `new` at `target`. Returns true when the old `target` was moved to `new`'s name
/// (to be removed), false when there was no old folder.
fn swap_in(new: &Path, target: &Path) -> io::Result<bool> {
    if fs::symlink_metadata(target).is_err() {
        fs::rename(new, target)?;
        return Ok(false);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, new, CWD, target, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(true),
            // A file system without RENAME_EXCHANGE: two renames below.
            Err(e)
                if e == rustix::io::Errno::INVAL
                    || e == rustix::io::Errno::NOSYS
                    || e == rustix::io::Errno::OPNOTSUPP => {}
            Err(e) => return Err(e.into()),
        }
    }
    // The old folder goes to an empty folder of ours (rename replaces an empty folder), the new
    // one to its place; on failure the old one comes back.
    let parent = target.parent().unwrap_or(Path::new("/"));
    // Its name marks it as the old report: a run stopped between the two renames leaves it to be
    // restored, not removed, by the next run (`atomic::remove_stale_temps`). It is not registered
    // for the signal handler, which would delete it with the report in it.
    let old = tempfile::Builder::new()
        .prefix(&old_report_prefix(
            target.file_name().unwrap_or(OsStr::new("old")),
        ))
        .tempdir_in(parent)?
        .keep();
    let result = fs::rename(target, &old).and_then(|()| {
        fs::rename(new, target).inspect_err(|_| {
            let _ = fs::rename(&old, target);
        })
    });
    if result.is_ok() {
        let _ = fs::remove_dir_all(&old);
    } else {
        let _ = fs::remove_dir(&old);
    }
    result.map(|()| {
        let _ = fs::remove_dir(new);
        false
    })
}

impl Drop for ReportDir {
    fn drop(&mut self) {
        if let Some(aside) = self.aside.take() {
            let _ = fs::remove_dir_all(&aside);
            unregister(&aside);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(d: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_report_replaces_its_own_files_only() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("nested/rep");
        let mut r = ReportDir::create("--report", &dir).unwrap();
        r.write("a.md", b"one").unwrap();
        r.write("b.csv", b"x,y\n").unwrap();
        r.commit().unwrap();
        assert_eq!(names(&dir), [".slant-report", "a.md", "b.csv"]);

        // Again: the old files go, the new ones come; nothing else is left beside the folder.
        let mut r = ReportDir::create("--report", &dir).unwrap();
        r.write("a.md", b"two").unwrap();
        r.commit().unwrap();
        assert_eq!(names(&dir), [".slant-report", "a.md"]);
        assert_eq!(fs::read_to_string(dir.join("a.md")).unwrap(), "two");
        assert_eq!(names(&tmp.path().join("nested")), ["rep"]);

        // A dropped report leaves the old one.
        let mut r = ReportDir::create("--report", &dir).unwrap();
        r.write("a.md", b"three").unwrap();
        drop(r);
        assert_eq!(fs::read_to_string(dir.join("a.md")).unwrap(), "two");
        assert_eq!(names(&tmp.path().join("nested")), ["rep"]);

        // A file slant did not write: refused, named, untouched.
        fs::write(dir.join("notes.txt"), "mine").unwrap();
        let err = ReportDir::create("--report", &dir).err().unwrap();
        assert!(matches!(err, Error::Usage(_)));
        assert!(err.to_string().contains("notes.txt"), "{err}");
        assert_eq!(fs::read_to_string(dir.join("notes.txt")).unwrap(), "mine");
    }

    #[test]
    fn a_file_or_an_empty_folder() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("f"), "x").unwrap();
        let err = check_report_dir("--report", &tmp.path().join("f")).unwrap_err();
        assert!(err.to_string().contains("not a folder"), "{err}");
        fs::create_dir(tmp.path().join("empty")).unwrap();
        let mut r = ReportDir::create("--report", &tmp.path().join("empty")).unwrap();
        r.write("x.md", b"x").unwrap();
        r.commit().unwrap();
        assert_eq!(names(&tmp.path().join("empty")), [".slant-report", "x.md"]);
    }
}
