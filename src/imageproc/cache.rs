//! The image cache: every variant ever produced, kept beside the output in
//! `.kitpress-cache/images-v1/<hash>/<variant>` where `<hash>` is the
//! BLAKE3 hash of the source's bytes and `<variant>` names every parameter
//! of the encoding ([`super::plan::Variant::cache_name`]). A rebuild finds
//! its variants there and decodes nothing; a changed image has a new hash,
//! so only its variants are made again; what a build did not use is swept.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Bump when the encoding changes, so that old variants are not reused.
const VERSION: &str = "images-v1";
pub const FOLDER: &str = ".kitpress-cache";

pub struct Cache {
    dir: PathBuf,
    /// Only read: `check` uses what `build` made and writes nothing.
    read_only: bool,
    touched: Mutex<HashSet<PathBuf>>,
}

/// The `.kitpress-cache/` of the builds writing into `output`: beside it,
/// in its parent folder (the images' variants, the QR codes).
pub fn folder_beside(output: &Path) -> PathBuf {
    output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(FOLDER)
}

impl Cache {
    /// The cache of the builds writing into `output`.
    pub fn beside(output: &Path, read_only: bool) -> Cache {
        Cache {
            dir: folder_beside(output).join(VERSION),
            read_only,
            touched: Mutex::new(HashSet::new()),
        }
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Where a variant of the source with this hash lives.
    pub fn path(&self, hash: &str, name: &str) -> PathBuf {
        self.dir.join(hash).join(name)
    }

    /// Whether the variant is there; it is then kept by [`Cache::sweep`].
    pub fn has(&self, path: &Path) -> bool {
        let there = path.is_file();
        if there {
            self.touch(path);
        }
        there
    }

    fn touch(&self, path: &Path) {
        if let Ok(mut t) = self.touched.lock() {
            t.insert(path.to_path_buf());
        }
    }

    /// Stores a variant, whole or not at all (written aside, then renamed:
    /// a build killed half-way never leaves a truncated variant to reuse).
    pub fn store(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        self.touch(path);
        if self.read_only {
            return Ok(());
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        let tmp = path.with_extension(format!("tmp{}", std::process::id()));
        fs::write(&tmp, bytes)?;
        fs::rename(&tmp, path)
    }

    /// Removes every variant this build did not use; how many.
    pub fn sweep(&self) -> usize {
        if self.read_only {
            return 0;
        }
        let touched = match self.touched.lock() {
            Ok(t) => t.clone(),
            Err(_) => return 0,
        };
        let Ok(sources) = fs::read_dir(&self.dir) else {
            return 0;
        };
        let mut removed = 0;
        for source in sources.flatten() {
            let folder = source.path();
            let Ok(files) = fs::read_dir(&folder) else {
                continue;
            };
            for file in files.flatten() {
                let path = file.path();
                if !touched.contains(&path) && fs::remove_file(&path).is_ok() {
                    removed += 1;
                }
            }
            // Only removed when empty.
            let _ = fs::remove_dir(&folder);
        }
        removed
    }
}
