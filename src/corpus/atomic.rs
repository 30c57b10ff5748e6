//! Output that is never half-written: data goes to a temporary file beside the target, which is
//! renamed over the target only when the whole output was written. A failed or interrupted run
//! leaves the previous file (or nothing) in place.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::corpus::writeback::Writeback;
use crate::error::{Error, Result};

/// Temporary files being written, removed by [`remove_temp_files`] when the process is interrupted
/// (a signal ends the process without running `Drop`).
static TEMP_FILES: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn register(temp: &Path) {
    if let Ok(mut t) = TEMP_FILES.lock() {
        t.push(temp.to_path_buf());
    }
}

fn unregister(temp: &Path) {
    if let Ok(mut t) = TEMP_FILES.lock() {
        t.retain(|p| p != temp);
    }
}

/// Removes every temporary file still being written (for the Ctrl-C / SIGTERM handler).
pub fn remove_temp_files() {
    let temps = match TEMP_FILES.lock() {
        Ok(t) => t.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    };
    for t in temps {
        let _ = fs::remove_file(t);
    }
}

/// A file being written atomically. Dropping it without [`AtomicFile::commit`] removes the
/// temporary file.
pub struct AtomicFile {
    target: PathBuf,
    temp: PathBuf,
    writer: Option<BufWriter<Writeback>>,
}

impl AtomicFile {
    pub fn create(target: &Path) -> Result<Self> {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if target.is_dir() {
            return Err(Error::io(
                target,
                io::Error::other("is a directory, not a file"),
            ));
        }
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = dir.join(format!(".{name}.slant-tmp-{}", std::process::id()));
        register(&temp);
        let file = File::create(&temp).map_err(|e| {
            unregister(&temp);
            Error::io(target, e)
        })?;
        Ok(AtomicFile {
            target: target.to_path_buf(),
            temp,
            writer: Some(BufWriter::with_capacity(1 << 16, Writeback::new(file))),
        })
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flushes, syncs and renames the temporary file over the target.
    pub fn commit(mut self) -> Result<()> {
        let writer = self.writer.take().expect("writer present until commit");
        let result = writer
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|file| file.finish()?.sync_all())
            .and_then(|()| fs::rename(&self.temp, &self.target))
            .map_err(|e| Error::io(&self.target, e));
        if result.is_err() {
            let _ = fs::remove_file(&self.temp);
        }
        unregister(&self.temp);
        result
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
        if self.writer.take().is_some() {
            let _ = fs::remove_file(&self.temp);
            unregister(&self.temp);
        }
    }
}

/// Where a command's output goes: a file written atomically, or standard output.
pub enum Output {
    File(AtomicFile),
    Stdout(BufWriter<io::StdoutLock<'static>>),
}

impl Output {
    /// A file when `path` is given, else standard output.
    pub fn open(path: Option<&Path>) -> Result<Self> {
        match path {
            Some(p) => Ok(Output::File(AtomicFile::create(p)?)),
            None => Ok(Output::Stdout(BufWriter::with_capacity(
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
        match self {
            Output::File(f) => f.commit(),
            Output::Stdout(mut s) => s.flush().map_err(|e| Error::io(Path::new("<stdout>"), e)),
        }
    }
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

/// Refuses an output path that is also one of the inputs (it would be destroyed before it is read).
pub fn check_not_an_input(out: &Path, inputs: &[PathBuf]) -> Result<()> {
    let canon = |p: &Path| fs::canonicalize(p).ok();
    if let Some(out_c) = canon(out) {
        for input in inputs {
            let same =
                canon(input).is_some_and(|c| c == out_c || out_c.starts_with(&c) && c.is_file());
            if same {
                return Err(Error::Usage(format!(
                    "--out {} is also an input: choose another output file",
                    out.display()
                )));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_target_and_drop_leaves_it_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.csv");
        fs::write(&target, "old").unwrap();

        let mut f = AtomicFile::create(&target).unwrap();
        f.write_all(b"partial").unwrap();
        drop(f);
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "temp file removed"
        );

        let mut f = AtomicFile::create(&target).unwrap();
        f.write_all(b"new").unwrap();
        f.commit().unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn output_equal_to_an_input_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.csv");
        fs::write(&input, "x").unwrap();
        assert!(check_not_an_input(&input, std::slice::from_ref(&input)).is_err());
        assert!(check_not_an_input(&dir.path().join("other.csv"), &[input]).is_ok());
    }
}
