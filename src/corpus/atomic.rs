//! Output that is never half-written: data goes to a temporary file beside the target, which is
//! renamed over the target only when the whole output was written and synced. A failed or
//! interrupted run leaves the previous file (or nothing) in place.
//!
//! - Temporary files have unpredictable names (`.NAME.slant-tmp-PID-XXXXXX`, made by the
//!   `tempfile` crate with `O_CREAT | O_EXCL`, so a symlink planted at the name is never
//!   followed). They carry the writer's pid: a later run into the same folder removes those whose
//!   process is gone (killed by SIGKILL, say) with [`remove_stale_temps`], and never a live one's.
//! - A target that is a symlink is written through: the file it points to is replaced, the link
//!   stays. A target that exists and is not a regular file (a folder, a FIFO, a device, a socket)
//!   is refused: it is never replaced by a regular file.
//! - A command with several outputs finishes (writes and syncs) all of them before it renames any
//!   ([`commit_all`]): an error before the renames leaves every old output as it was.
//! - The Ctrl-C / SIGTERM handler removes every temporary file and folder still registered
//!   ([`remove_temp_files`]).

use std::ffi::OsStr;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::corpus::identity::{self, Kind};
use crate::corpus::writeback::Writeback;
use crate::error::{Error, Result};

/// Marks slant's temporary files and folders: `.NAME.slant-tmp-PID-XXXXXX`.
pub const TEMP_MARKER: &str = ".slant-tmp-";

/// The name given on the command line for standard output.
pub const STDOUT_NAME: &str = "-";

/// Temporary files and folders being written, removed by [`remove_temp_files`] when the process
/// is interrupted (a signal ends the process without running `Drop`).
static TEMP_PATHS: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

pub(crate) fn register(temp: &Path) {
    if let Ok(mut t) = TEMP_PATHS.lock() {
        t.push(temp.to_path_buf());
    }
}

pub(crate) fn unregister(temp: &Path) {
    if let Ok(mut t) = TEMP_PATHS.lock() {
        t.retain(|p| p != temp);
    }
}

/// Removes every temporary file or folder still being written (for the Ctrl-C / SIGTERM handler).
pub fn remove_temp_files() {
    let temps = match TEMP_PATHS.lock() {
        Ok(t) => t.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    };
    for t in temps {
        remove_entry(&t);
    }
}

/// Removes a file, a symlink (not its target) or a folder with its contents.
fn remove_entry(path: &Path) -> bool {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(path).is_ok(),
        Ok(_) => fs::remove_file(path).is_ok(),
        Err(_) => false,
    }
}

/// The name prefix of this process's temporary files for `target_name`: hidden, recognisable,
/// with the pid (a long name is shortened to keep within the file-name limit).
pub(crate) fn temp_prefix(target_name: &OsStr) -> String {
    let name = target_name.to_string_lossy();
    let mut end = name.len().min(96);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    format!(".{}{TEMP_MARKER}{}-", &name[..end], std::process::id())
}

/// The marker of a report folder's previous version while a swap without `RENAME_EXCHANGE` is
/// under way (`.NAME.slant-tmp-old-PID-XXXXXX`): not removed but restored if the swap was cut
/// short (see [`remove_stale_temps`]).
pub(crate) const OLD_MARKER: &str = "old-";

/// The prefix of the name under which a report folder's previous version waits during a swap.
pub(crate) fn old_report_prefix(target_name: &OsStr) -> String {
    temp_prefix(target_name).replacen(TEMP_MARKER, &format!("{TEMP_MARKER}{OLD_MARKER}"), 1)
}

/// The report folder a name made by [`old_report_prefix`] belongs to.
fn old_report_target(name: &str) -> Option<&str> {
    let at = name.rfind(&format!("{TEMP_MARKER}{OLD_MARKER}"))?;
    name.get(1..at).filter(|t| !t.is_empty())
}

/// The pid in a temporary name made by [`temp_prefix`] (or by slant before 0.2:
/// `.NAME.slant-tmp-PID`), if `name` is one.
fn temp_owner(name: &str) -> Option<u32> {
    if !name.starts_with('.') {
        return None;
    }
    let at = name.rfind(TEMP_MARKER)?;
    let rest = &name[at + TEMP_MARKER.len()..];
    let rest = rest.strip_prefix(OLD_MARKER).unwrap_or(rest);
    let digits = rest.split('-').next()?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Whether `name` is a temporary file or folder of a slant process that no longer runs (one that
/// [`remove_stale_temps`] removes).
pub(crate) fn is_stale_temp(name: &str) -> bool {
    temp_owner(name).is_some_and(|pid| !running(pid))
}

/// Takes an exclusive advisory lock on an open temporary file or folder for as long as it stays
/// open: the kernel drops it when the process dies, even by SIGKILL. A process in another pid
/// namespace (a container sharing the folder) may look dead by its pid; its lock still says it
/// runs. File systems without `flock` simply give no lock.
pub(crate) fn hold_lock(file: &fs::File) {
    let _ = rustix::fs::flock(file, rustix::fs::FlockOperation::NonBlockingLockExclusive);
}

/// Whether another process holds the lock of [`hold_lock`] on `path`.
fn locked_elsewhere(path: &Path) -> bool {
    let Ok(file) = fs::File::open(path) else {
        return false;
    };
    matches!(
        rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockShared),
        Err(e) if e == rustix::io::Errno::WOULDBLOCK
    )
}

/// Whether process `pid` still runs (on this machine).
fn running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    // kill(pid, 0): ESRCH when there is no such process; EPERM means it runs under another user.
    !matches!(
        rustix::process::test_kill_process(pid),
        Err(e) if e == rustix::io::Errno::SRCH
    )
}

/// Removes the temporary files and folders that slant processes which no longer run left in
/// `dir` (a run killed by SIGKILL cannot clean up). Returns one note per removal. A live
/// process's temporary file is never touched, nor one owned by another user.
pub fn remove_stale_temps(dir: &Path) -> Vec<String> {
    let mut notes = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return notes;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_owner) else {
            continue;
        };
        if !is_stale_temp(&name.to_string_lossy()) || locked_elsewhere(&entry.path()) {
            continue;
        }
        // Only this user's: in a shared folder, another user's files are not ours to remove.
        let path = entry.path();
        let owner = fs::symlink_metadata(&path).map(|m| std::os::unix::fs::MetadataExt::uid(&m));
        if owner.ok() != Some(rustix::process::geteuid().as_raw()) {
            continue;
        }
        // A report folder's previous version, moved aside during a swap that was cut short:
        // where the report is missing, it goes back.
        if let Some(target) = name.to_str().and_then(old_report_target) {
            let target = dir.join(target);
            if !target.exists() && fs::rename(&path, &target).is_ok() {
                notes.push(format!(
                    "restored {} from {}, where slant process {pid} had moved it before it was stopped",
                    target.display(),
                    path.display()
                ));
                continue;
            }
        }
        if remove_entry(&path) {
            notes.push(format!(
                "removed {}, a temporary file left by slant process {pid}, which no longer runs",
                path.display()
            ));
        }
    }
    notes
}

/// Where an output named `path` is written: `path` itself, or the file a symlink there points to.
/// Refuses an existing target that is not a regular file, and a target whose folder is missing.
pub fn output_target(path: &Path) -> Result<PathBuf> {
    let r = identity::resolve(path).map_err(|e| Error::io(path, e))?;
    match r.kind {
        Kind::File | Kind::Missing => Ok(r.path),
        Kind::Dir => Err(Error::io(
            path,
            io::Error::other("is a directory, not a file"),
        )),
        other => Err(not_regular(path, other)),
    }
}

fn not_regular(path: &Path, kind: Kind) -> Error {
    Error::io(
        path,
        io::Error::other(format!(
            "is {}, not a regular file: slant replaces only regular files (to write to standard output, give `-`)",
            kind.describe()
        )),
    )
}

/// A file being written atomically. Dropping it without [`AtomicFile::commit`] removes the
/// temporary file.
pub struct AtomicFile {
    /// The target as named (for messages).
    target: PathBuf,
    /// Where it is renamed to: the target, or the file a symlink there points to.
    real: PathBuf,
    temp: Option<tempfile::TempPath>,
    writer: Option<BufWriter<Writeback>>,
}

impl AtomicFile {
    pub fn create(target: &Path) -> Result<Self> {
        let real = output_target(target)?;
        let dir = real.parent().unwrap_or(Path::new("/"));
        let name = real.file_name().unwrap_or(OsStr::new("output"));
        // rw for everyone the umask allows, as `File::create`: the output keeps the usual mode.
        let mode = std::os::unix::fs::PermissionsExt::from_mode(0o666);
        let (file, temp) = tempfile::Builder::new()
            .prefix(&temp_prefix(name))
            .permissions(mode)
            .tempfile_in(dir)
            .map_err(|e| Error::io(target, e))?
            .into_parts();
        hold_lock(&file);
        register(&temp);
        Ok(AtomicFile {
            target: target.to_path_buf(),
            real,
            temp: Some(temp),
            writer: Some(BufWriter::with_capacity(1 << 16, Writeback::new(file))),
        })
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flushes and syncs the temporary file: the data is complete and durable, not yet in place.
    pub fn finish(mut self) -> Result<Finished> {
        let writer = self.writer.take().expect("writer present until finished");
        let temp = self.temp.take().expect("temp present until finished");
        let finished = Finished {
            target: std::mem::take(&mut self.target),
            real: std::mem::take(&mut self.real),
            temp: Some(temp),
        };
        writer
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|file| file.finish()?.sync_all())
            .map_err(|e| Error::io(&finished.target, e))?;
        Ok(finished)
    }

    /// Flushes, syncs and renames the temporary file over the target.
    pub fn commit(self) -> Result<()> {
        self.finish()?.rename()
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer
            .as_mut()
            .expect("writer present until commit")
            .write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer
            .as_mut()
            .expect("writer present until commit")
            .flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        self.writer.take();
        if let Some(temp) = self.temp.take() {
            unregister(&temp);
            drop(temp); // removes the file
        }
    }
}

/// An output written and synced, waiting to be renamed into place. Dropped without
/// [`Finished::rename`], its temporary file is removed.
pub struct Finished {
    target: PathBuf,
    real: PathBuf,
    temp: Option<tempfile::TempPath>,
}

impl Finished {
    /// Checks that the target has not meanwhile become something other than a regular file.
    fn check(&self) -> Result<()> {
        match fs::symlink_metadata(&self.real) {
            Ok(meta) if !meta.is_file() => Err(match identity::resolve(&self.real) {
                Ok(r) if r.kind == Kind::Dir => {
                    Error::io(&self.target, io::Error::other("is a directory, not a file"))
                }
                Ok(r) if r.kind != Kind::File && r.kind != Kind::Missing => {
                    not_regular(&self.target, r.kind)
                }
                _ => Error::io(
                    &self.target,
                    io::Error::other("changed while slant ran: not replaced"),
                ),
            }),
            _ => Ok(()),
        }
    }

    /// Renames the temporary file over the target, unless the target has meanwhile become
    /// something other than a regular file.
    pub fn rename(mut self) -> Result<()> {
        self.check()?;
        let temp = self.temp.take().expect("temp present until renamed");
        let path = temp.to_path_buf();
        let result = temp
            .persist(&self.real)
            .map_err(|e| Error::io(&self.target, e.error));
        unregister(&path);
        result
    }
}

impl Drop for Finished {
    fn drop(&mut self) {
        if let Some(temp) = self.temp.take() {
            unregister(&temp);
        }
    }
}

/// Where a command's output goes: a file written atomically, or standard output.
pub enum Output {
    File(AtomicFile),
    Stdout(BufWriter<io::StdoutLock<'static>>),
}

impl Output {
    /// A file when `path` is given (`-` is standard output), else standard output.
    pub fn open(path: Option<&Path>) -> Result<Self> {
        match path {
            Some(p) if p != Path::new(STDOUT_NAME) => Ok(Output::File(AtomicFile::create(p)?)),
            _ => Ok(Output::Stdout(BufWriter::with_capacity(
                1 << 16,
                io::stdout().lock(),
            ))),
        }
    }

    /// The name used in error messages.
    pub fn path(&self) -> &Path {
        match self {
            Output::File(f) => f.target(),
            Output::Stdout(_) => Path::new("<stdout>"),
        }
    }

    /// Flushes; a file is renamed into place only now.
    pub fn commit(self) -> Result<()> {
        commit_all(vec![self])
    }
}

/// Commits a command's outputs together: every file is written and synced, and standard output
/// flushed, before any file is renamed into place. An error before the renames leaves every
/// existing output untouched and removes every temporary file.
pub fn commit_all(outputs: Vec<Output>) -> Result<()> {
    let mut finished = Vec::with_capacity(outputs.len());
    let mut stdout = Vec::new();
    for output in outputs {
        match output {
            Output::File(f) => finished.push(f.finish()?),
            Output::Stdout(s) => stdout.push(s),
        }
    }
    for mut s in stdout {
        s.flush().map_err(|e| Error::io(Path::new("<stdout>"), e))?;
    }
    for f in &finished {
        f.check()?;
    }
    for f in finished {
        f.rename()?;
    }
    Ok(())
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::File(f) => f.write(buf),
            Output::Stdout(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::File(f) => f.flush(),
            Output::Stdout(s) => s.flush(),
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
    fn a_locked_temporary_file_is_kept_even_when_its_pid_looks_dead() {
        let dir = tempfile::tempdir().unwrap();
        // A pid far above any pid_max: "no longer runs".
        let name = format!(".out.csv{TEMP_MARKER}4294967000-abcdef");
        let path = dir.path().join(&name);
        fs::write(&path, "being written in another pid namespace").unwrap();
        let held = fs::File::open(&path).unwrap();
        hold_lock(&held);
        assert!(remove_stale_temps(dir.path()).is_empty());
        assert!(path.exists());
        drop(held); // the writer is gone: its lock with it
        let notes = remove_stale_temps(dir.path());
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(!path.exists());
    }

    #[test]
    fn an_old_report_left_by_a_cut_swap_is_restored_not_removed() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir
            .path()
            .join(format!(".rep{TEMP_MARKER}{OLD_MARKER}4294967000-xyz"));
        fs::create_dir(&old).unwrap();
        fs::write(old.join("report.md"), "the old report").unwrap();
        assert_eq!(
            old_report_target(&old.file_name().unwrap().to_string_lossy()),
            Some("rep")
        );
        let notes = remove_stale_temps(dir.path());
        assert!(notes[0].contains("restored"), "{notes:?}");
        assert_eq!(
            fs::read_to_string(dir.path().join("rep/report.md")).unwrap(),
            "the old report"
        );
    }

    #[test]
    fn commit_replaces_target_and_drop_leaves_it_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        fs::write(&target, "old").unwrap();

        let mut f = AtomicFile::create(&target).unwrap();
        f.write_all(b"partial").unwrap();
        drop(f);
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(names(dir.path()), ["out.csv"], "temp file removed");

        let mut f = AtomicFile::create(&target).unwrap();
        f.write_all(b"new").unwrap();
        f.commit().unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(names(dir.path()), ["out.csv"]);
    }

    #[test]
    fn temp_names_are_unpredictable_and_never_follow_a_planted_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("victim"), "precious").unwrap();
        // The name older versions used, and the prefix this one uses, planted as symlinks.
        let pid = std::process::id();
        std::os::unix::fs::symlink(
            d.join("victim"),
            d.join(format!(".out.csv.slant-tmp-{pid}")),
        )
        .unwrap();
        let a = AtomicFile::create(&d.join("out.csv")).unwrap();
        let b = AtomicFile::create(&d.join("out.csv")).unwrap();
        assert_ne!(a.temp.as_deref(), b.temp.as_deref());
        drop((a, b));
        let mut f = AtomicFile::create(&d.join("out.csv")).unwrap();
        f.write_all(b"new").unwrap();
        f.commit().unwrap();
        assert_eq!(fs::read_to_string(d.join("victim")).unwrap(), "precious");
        assert_eq!(fs::read_to_string(d.join("out.csv")).unwrap(), "new");
    }

    #[test]
    fn a_symlink_target_is_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir(d.join("real")).unwrap();
        fs::write(d.join("real/out.csv"), "old").unwrap();
        std::os::unix::fs::symlink("real/out.csv", d.join("link.csv")).unwrap();
        let mut f = AtomicFile::create(&d.join("link.csv")).unwrap();
        f.write_all(b"new").unwrap();
        f.commit().unwrap();
        assert!(fs::symlink_metadata(d.join("link.csv"))
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(d.join("real/out.csv")).unwrap(), "new");
        assert_eq!(names(&d.join("real")), ["out.csv"]);
    }

    #[test]
    fn non_regular_targets_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let fifo = d.join("pipe");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        let err = AtomicFile::create(&fifo).err().unwrap().to_string();
        assert!(err.contains("FIFO") && err.contains("pipe"), "{err}");
        std::os::unix::fs::symlink("pipe", d.join("to-pipe")).unwrap();
        assert!(AtomicFile::create(&d.join("to-pipe")).is_err());
        let err = AtomicFile::create(d).err().unwrap().to_string();
        assert!(err.contains("is a directory"), "{err}");
        use std::os::unix::fs::FileTypeExt;
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    }

    #[test]
    fn outputs_commit_together() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("a.csv"), "old a").unwrap();
        let mut a = Output::open(Some(&d.join("a.csv"))).unwrap();
        a.write_all(b"new a").unwrap();
        // The second output cannot be finished: its target became a folder meanwhile.
        let mut b = Output::open(Some(&d.join("b.csv"))).unwrap();
        b.write_all(b"new b").unwrap();
        fs::create_dir(d.join("b.csv")).unwrap();
        assert!(commit_all(vec![a, b]).is_err());
        assert_eq!(fs::read_to_string(d.join("a.csv")).unwrap(), "old a");
        let leftovers: Vec<_> = names(d)
            .into_iter()
            .filter(|n| n.contains(TEMP_MARKER))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn stale_temps_of_dead_processes_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // A pid that is not running: a child that has been waited for.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let live = std::process::id();
        fs::write(d.join(format!(".s.csv{TEMP_MARKER}{dead}-AbC123")), "x").unwrap();
        fs::write(d.join(format!(".m.json{TEMP_MARKER}{dead}")), "x").unwrap();
        fs::create_dir(d.join(format!(".rep{TEMP_MARKER}{dead}-XyZ987"))).unwrap();
        fs::write(d.join(format!(".s.csv{TEMP_MARKER}{live}-QwE456")), "x").unwrap();
        fs::write(d.join("s.csv.slant-tmp-1"), "x").unwrap(); // not hidden: not ours
        let notes = remove_stale_temps(d);
        assert_eq!(notes.len(), 3, "{notes:?}");
        assert!(notes[0].contains(&dead.to_string()), "{notes:?}");
        assert_eq!(
            names(d),
            [
                format!(".s.csv{TEMP_MARKER}{live}-QwE456"),
                "s.csv.slant-tmp-1".to_string()
            ]
        );
    }

    #[test]
    fn temp_owner_parses_old_and_new_names() {
        assert_eq!(temp_owner(".a.csv.slant-tmp-42-x1Y2z3"), Some(42));
        assert_eq!(temp_owner(".a.csv.slant-tmp-42"), Some(42));
        assert_eq!(temp_owner("a.csv.slant-tmp-42"), None);
        assert_eq!(temp_owner(".a.csv.slant-tmp-x"), None);
        let long = "n".repeat(300);
        assert!(temp_prefix(OsStr::new(&long)).len() < 130);
    }
}
