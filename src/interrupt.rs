//! Ctrl+C and SIGTERM: whatever kitpress was writing, it removes its own
//! temporary folders before it exits, and the previous output stays as it
//! was.
//!
//! Folders (or files) are [`register`]ed while they exist. Every write into them goes
//! through [`writing`], which holds a shared guard; on a signal the handler
//! first stops new writes, then waits for the writes under way to finish
//! (it takes the guard exclusively), removes the registered folders and
//! exits with the conventional status (130 for Ctrl+C). A process killed
//! with SIGKILL cannot do this: the next build removes what it left (see
//! [`crate::output`]).

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, Once, RwLock, RwLockReadGuard};

static FOLDERS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static WRITES: RwLock<()> = RwLock::new(());
static STOPPING: AtomicBool = AtomicBool::new(false);
static INSTALL: Once = Once::new();

/// Installs the handler (once per process). Without it (a library user, a
/// test), signals keep their default effect.
pub fn install() {
    INSTALL.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            STOPPING.store(true, Ordering::SeqCst);
            let _all_writes_done = WRITES.write();
            let folders = FOLDERS.lock().map(|f| f.clone()).unwrap_or_default();
            for f in folders {
                let _ = if f.is_dir() {
                    std::fs::remove_dir_all(&f)
                } else {
                    std::fs::remove_file(&f)
                };
            }
            eprintln!("\nkitpress : interrompu, dossiers temporaires retirés ; la sortie précédente est intacte.");
            std::process::exit(130);
        });
    });
}

/// A folder removed on a signal until this value is dropped.
pub struct Registered(PathBuf);

/// Removes `folder` if the process is interrupted while the result lives.
pub fn register(folder: PathBuf) -> Registered {
    if let Ok(mut f) = FOLDERS.lock() {
        f.push(folder.clone());
    }
    Registered(folder)
}

impl Registered {
    /// The folder moved (renamed): follow it.
    pub fn moved_to(&mut self, to: PathBuf) {
        if let Ok(mut f) = FOLDERS.lock() {
            if let Some(p) = f.iter_mut().find(|p| **p == self.0) {
                *p = to.clone();
            }
        }
        self.0 = to;
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        if let Ok(mut f) = FOLDERS.lock() {
            if let Some(i) = f.iter().position(|p| *p == self.0) {
                f.swap_remove(i);
            }
        }
    }
}

/// Permission to write into a registered folder; `None` once the process
/// is stopping (the write must not start).
pub fn writing() -> Option<RwLockReadGuard<'static, ()>> {
    let guard = WRITES.read().ok()?;
    (!STOPPING.load(Ordering::SeqCst)).then_some(guard)
}

/// The error a write gets when the process is stopping.
pub fn stopping() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::Interrupted, "interrompu")
}
