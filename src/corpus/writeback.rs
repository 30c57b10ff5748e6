//! A file writer that makes its data durable while more is still being produced. A helper thread
//! syncs the file (`fdatasync`) every few megabytes, so the `fsync` before an atomic output's
//! rename waits only for the last few megabytes, not the whole file. Measured on the 75 MB
//! sentence table of the 50 MB benchmark corpus: the final fsync took ~100–160 ms (most of it the
//! virtual disk flushing its cache), about a tenth of the run; with syncs along the way, ~6 ms.

use std::fs::File;
use std::io::{self, Write};
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// A sync is requested for every this many bytes written.
const CHUNK: u64 = 8 << 20;

pub struct Writeback {
    file: File,
    /// Bytes handed to the kernel since the last sync request.
    unsynced: u64,
    syncer: Option<Syncer>,
}

/// The helper thread and the first error it met (reported by [`Writeback::finish`]: after a failed
/// sync the kernel may not report the same failure to a later one).
struct Syncer {
    requests: Option<SyncSender<()>>,
    thread: Option<JoinHandle<()>>,
    error: Arc<Mutex<Option<io::Error>>>,
}

impl Syncer {
    fn start(file: &File) -> io::Result<Syncer> {
        let clone = file.try_clone()?;
        let (requests, received) = mpsc::sync_channel::<()>(1);
        let error = Arc::new(Mutex::new(None));
        let first_error = Arc::clone(&error);
        let thread = std::thread::Builder::new()
            .name("slant-sync".into())
            .spawn(move || {
                for () in received {
                    if let Err(e) = clone.sync_data() {
                        let mut slot = first_error.lock().unwrap_or_else(|p| p.into_inner());
                        slot.get_or_insert(e);
                        return;
                    }
                }
            })?;
        Ok(Syncer {
            requests: Some(requests),
            thread: Some(thread),
            error,
        })
    }

    /// Stops the thread (after a sync in progress) and returns its error, if any.
    fn stop(&mut self) -> io::Result<()> {
        self.requests = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        let error = self.error.lock().unwrap_or_else(|p| p.into_inner()).take();
        error.map_or(Ok(()), Err)
    }
}

impl Writeback {
    pub fn new(file: File) -> Self {
        Writeback {
            file,
            unsynced: 0,
            syncer: None,
        }
    }

    /// Stops the helper thread; the file, fully written, still needs its final sync.
    pub fn finish(mut self) -> io::Result<File> {
        if let Some(mut syncer) = self.syncer.take() {
            syncer.stop()?;
        }
        Ok(self.file)
    }

    fn request_sync(&mut self) -> io::Result<()> {
        if self.syncer.is_none() {
            self.syncer = Some(Syncer::start(&self.file)?);
        }
        let syncer = self.syncer.as_ref().expect("started above");
        let requests = syncer.requests.as_ref().expect("present until stopped");
        match requests.try_send(()) {
            // Full: a sync is already waiting, and it will cover these bytes too.
            Ok(()) | Err(TrySendError::Full(())) => {}
            // The thread ended on an error: report it now.
            Err(TrySendError::Disconnected(())) => {
                return self.syncer.take().expect("present").stop();
            }
        }
        self.unsynced = 0;
        Ok(())
    }
}

impl Write for Writeback {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.unsynced += n as u64;
        if self.unsynced >= CHUNK {
            self.request_sync()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// A writer dropped unfinished (a failed run) stops its thread too.
impl Drop for Syncer {
    fn drop(&mut self) {
        let _ = self.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_is_written_and_syncs_start_only_for_large_files() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("small");
        let mut w = Writeback::new(File::create(&small).unwrap());
        w.write_all(&[b'x'; 1000]).unwrap();
        assert!(w.syncer.is_none(), "no thread for a small file");
        w.finish().unwrap().sync_all().unwrap();
        assert_eq!(std::fs::metadata(&small).unwrap().len(), 1000);

        let large = dir.path().join("large");
        let mut w = Writeback::new(File::create(&large).unwrap());
        let block = vec![b'y'; 3 << 20];
        for _ in 0..7 {
            w.write_all(&block).unwrap();
        }
        assert!(w.syncer.is_some());
        assert!(w.unsynced < CHUNK);
        w.finish().unwrap().sync_all().unwrap();
        let bytes = std::fs::read(&large).unwrap();
        assert_eq!(bytes.len(), 21 << 20);
        assert!(bytes.iter().all(|&b| b == b'y'));
    }

    #[test]
    fn dropping_an_unfinished_writer_stops_its_thread() {
        let dir = tempfile::tempdir().unwrap();
        let mut w = Writeback::new(File::create(dir.path().join("f")).unwrap());
        w.write_all(&vec![0u8; (CHUNK + 1) as usize]).unwrap();
        drop(w); // joins the helper thread; a hang here fails the test by timeout
    }
}
