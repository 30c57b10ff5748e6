//! File identities: which file a path names, whatever its spelling. An existing file is its
//! device and inode (so `x.csv`, `./x.csv`, a symlink to it and a hard link to it are one file);
//! a file that does not exist yet is the canonical path of its folder plus its name. Symlinks are
//! followed, also dangling ones (to where the file would be created). Nothing is opened: a FIFO
//! or a device is only looked at (`stat`), never read.

use std::fs::{self, Metadata};
use std::io;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};

/// Symlinks followed at most (as the kernel's limit, `ELOOP`).
const MAX_SYMLINKS: usize = 40;

/// Which file a path names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FileId {
    /// An existing file: device and inode.
    Inode { dev: u64, ino: u64 },
    /// A file that does not exist (yet): canonical folder + name.
    Path(PathBuf),
}

/// What a path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Missing,
    File,
    Dir,
    Fifo,
    CharDevice,
    BlockDevice,
    Socket,
}

impl Kind {
    fn of(meta: &Metadata) -> Kind {
        let t = meta.file_type();
        if t.is_file() {
            Kind::File
        } else if t.is_dir() {
            Kind::Dir
        } else if t.is_fifo() {
            Kind::Fifo
        } else if t.is_char_device() {
            Kind::CharDevice
        } else if t.is_block_device() {
            Kind::BlockDevice
        } else {
            Kind::Socket
        }
    }

    /// "a FIFO (named pipe)", "a character device"…: for messages about what is not a file.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Missing => "missing",
            Kind::File => "a regular file",
            Kind::Dir => "a directory",
            Kind::Fifo => "a FIFO (named pipe)",
            Kind::CharDevice => "a character device",
            Kind::BlockDevice => "a block device",
            Kind::Socket => "a socket",
        }
    }
}

/// A path resolved: where it leads (absolute, symlinks followed), which file that is, what kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The canonical path of an existing file; for a missing one, its canonical folder + name.
    pub path: PathBuf,
    pub id: FileId,
    pub kind: Kind,
    /// The path as given is (or passes through) a symlink.
    pub symlink: bool,
}

fn existing(path: &Path, meta: &Metadata, symlink: bool) -> io::Result<Resolved> {
    Ok(Resolved {
        path: fs::canonicalize(path)?,
        id: FileId::Inode {
            dev: meta.dev(),
            ino: meta.ino(),
        },
        kind: Kind::of(meta),
        symlink,
    })
}

/// Resolves `path` without opening it. A missing file whose folder is missing is an error
/// (`NotFound`, naming the folder).
pub fn resolve(path: &Path) -> io::Result<Resolved> {
    let mut p = path.to_path_buf();
    let mut symlink = false;
    for _ in 0..MAX_SYMLINKS {
        match fs::symlink_metadata(&p) {
            Ok(meta) if meta.file_type().is_symlink() => {
                symlink = true;
                match fs::metadata(&p) {
                    Ok(target) => return existing(&p, &target, symlink),
                    // Dangling: follow the link by hand to where the file would be.
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {
                        let link = fs::read_link(&p)?;
                        p = match p.parent() {
                            Some(dir) if link.is_relative() => dir.join(link),
                            _ => link,
                        };
                    }
                    Err(e) => return Err(e),
                }
            }
            Ok(meta) => return existing(&p, &meta, symlink),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return missing(&p, symlink, e),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

fn missing(p: &Path, symlink: bool, not_found: io::Error) -> io::Result<Resolved> {
    let Some(name) = p.file_name() else {
        return Err(not_found);
    };
    let dir = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let dir = fs::canonicalize(dir).map_err(|e| {
        if e.kind() == io::ErrorKind::NotFound {
            io::Error::new(
                io::ErrorKind::NotFound,
                format!("folder {} does not exist", dir.display()),
            )
        } else {
            e
        }
    })?;
    let path = dir.join(name);
    Ok(Resolved {
        id: FileId::Path(path.clone()),
        path,
        kind: Kind::Missing,
        symlink,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn spellings_links_and_missing_files_resolve_to_one_identity() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("a.csv"), "x").unwrap();
        fs::create_dir(d.join("sub")).unwrap();
        symlink(d.join("a.csv"), d.join("link.csv")).unwrap();
        fs::hard_link(d.join("a.csv"), d.join("hard.csv")).unwrap();
        let a = resolve(&d.join("a.csv")).unwrap();
        assert_eq!(a.kind, Kind::File);
        assert!(!a.symlink);
        for other in ["sub/../a.csv", "./a.csv", "link.csv", "hard.csv"] {
            assert_eq!(resolve(&d.join(other)).unwrap().id, a.id, "{other}");
        }
        assert!(resolve(&d.join("link.csv")).unwrap().symlink);

        // Not there yet: folder + name, also through "..", and through a dangling symlink.
        let new = resolve(&d.join("new.csv")).unwrap();
        assert_eq!(new.kind, Kind::Missing);
        assert_eq!(resolve(&d.join("sub/../new.csv")).unwrap().id, new.id);
        symlink("new.csv", d.join("dangling.csv")).unwrap();
        let dangling = resolve(&d.join("dangling.csv")).unwrap();
        assert_eq!(dangling.id, new.id);
        assert!(dangling.symlink);

        let err = resolve(&d.join("no/such/x.csv")).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
        assert!(err.to_string().contains("no/such"), "{err}");

        symlink("loop", d.join("loop")).unwrap();
        assert!(resolve(&d.join("loop")).is_err());
    }

    #[test]
    fn a_fifo_is_described_without_being_opened() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        let r = resolve(&fifo).unwrap();
        assert_eq!(r.kind, Kind::Fifo);
        assert_eq!(r.kind.describe(), "a FIFO (named pipe)");
    }
}
