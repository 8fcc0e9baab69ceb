//! Ctrl+C and SIGTERM: whatever kitpress was writing, it removes its own
//! temporary folders before it exits, and the previous output stays as it
//! was.
//!
//! Folders (or files) are [`register`]ed while they exist. Every write into them goes
//! through [`writing`], which holds a shared guard; on a signal the handler
//! first stops new writes, then waits for the writes under way to finish
//! (it takes the guard exclusively), removes the registered folders (a
//! folder is renamed at once and deleted without waiting: [`crate::trash`])
//! and exits with the conventional status (130 for Ctrl+C). A process killed
//! with SIGKILL cannot do this: the next build removes what it left (see
//! [`crate::output`]).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, Once, RwLock, RwLockReadGuard};

/// The registered folders, each with the name it is renamed to before it
/// is deleted.
static FOLDERS: Mutex<Vec<(PathBuf, PathBuf)>> = Mutex::new(Vec::new());
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
            for (f, trash) in folders {
                if f.is_dir() {
                    crate::trash::remove(&f, &trash, crate::trash::Reap::Never);
                } else {
                    let _ = std::fs::remove_file(&f);
                }
            }
            eprintln!("\nkitpress : interrompu, dossiers temporaires retirés ; la sortie précédente est intacte.");
            std::process::exit(130);
        });
    });
}

/// A folder removed on a signal until this value is dropped.
pub struct Registered(PathBuf);

/// Removes `folder` if the process is interrupted while the result lives
/// (a folder through `.<name>.kitpress-trash-<pid>` beside it).
pub fn register(folder: PathBuf) -> Registered {
    let trash = default_trash(&folder);
    register_with_trash(folder, trash)
}

/// [`register`], the folder renamed to `trash` before it is deleted.
pub fn register_with_trash(folder: PathBuf, trash: PathBuf) -> Registered {
    if let Ok(mut f) = FOLDERS.lock() {
        f.push((folder.clone(), trash));
    }
    Registered(folder)
}

fn default_trash(folder: &Path) -> PathBuf {
    let name = folder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    folder.with_file_name(format!(".{name}.kitpress-trash-{}", std::process::id()))
}

impl Registered {
    /// The folder moved (renamed): follow it.
    pub fn moved_to(&mut self, to: PathBuf) {
        if let Ok(mut f) = FOLDERS.lock() {
            if let Some((p, _)) = f.iter_mut().find(|(p, _)| *p == self.0) {
                *p = to.clone();
            }
        }
        self.0 = to;
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        if let Ok(mut f) = FOLDERS.lock() {
            if let Some(i) = f.iter().position(|(p, _)| *p == self.0) {
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
