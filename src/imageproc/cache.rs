//! The image cache: every variant ever produced, kept beside the site's
//! output in `.kitpress-cache/images-v2/<source>/<variant>@<check>`, where
//! `<source>` is the BLAKE3 hash of the source's bytes, `<variant>` names
//! every parameter of the encoding ([`crate::images::plan::Variant::cache_name`])
//! and `<check>` is the hash of the variant's own bytes. A rebuild finds its
//! variants there and decodes nothing; a changed image has a new hash, so
//! only its variants are made again; what no site used is swept.
//!
//! The cache is a folder other programs can touch, so nothing in it is
//! trusted:
//! - its folders must be real folders (not symbolic links), owned by the
//!   user and not writable by everyone; otherwise the cache is not used for
//!   the build (said once) and every variant is made in memory;
//! - a variant is opened without following a symbolic link, read whole and
//!   checked against its hash before its bytes are written into the output:
//!   nothing of the cache is linked or copied unread, so a damaged variant
//!   (cut, emptied, replaced) is made again (said once per build), and a
//!   link never reaches the output;
//! - builds of several sites may share one cache (outputs in one folder):
//!   each site records what it used (`sites/<site>`), and a build sweeps
//!   only what no site used, and only when no other build is using the
//!   cache (a shared lock held while images are processed);
//! - a cache that cannot be written is said as such, never blamed on the
//!   content: the variants are still published.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::cachedir::{check_folder, open_regular, safe_folder};

/// Bump when the encoding or the layout changes, so that old variants are
/// not reused.
const VERSION: &str = "images-v2";
/// Records of what each site used, under the cache.
const SITES: &str = "sites";
/// The lock builds share while they use the cache.
const LOCK: &str = "verrou";
/// A site whose record is older than this is forgotten by the sweep.
const SITE_RECORD_DAYS: u64 = 90;
/// Longest variant read back from the cache.
const MAX_VARIANT: u64 = 64 << 20;

/// The hash a variant's name carries: the first 16 hex digits of the BLAKE3
/// hash of its bytes.
fn check_of(hash: &blake3::Hash) -> String {
    hash.to_hex()[..16].to_string()
}

/// Bytes read from the cache and checked against their name.
pub struct Checked {
    pub bytes: Vec<u8>,
    pub hash: blake3::Hash,
    /// The cache's file they were read from, and which file it was then.
    pub file: PathBuf,
    pub identity: crate::output::FileIdentity,
}

pub struct Cache {
    /// `.kitpress-cache/images-v2`, when it is safe to use.
    dir: Option<PathBuf>,
    /// Only read: `check` uses what `build` made and writes nothing.
    read_only: bool,
    /// Files of the cache this build used, relative to `dir`.
    touched: Mutex<HashSet<String>>,
    /// This site's record (`sites/<hash of its root>`).
    site: String,
    /// Held (shared) while this build uses the cache.
    lock: Option<fs::File>,
    /// Damaged variants made again.
    repaired: AtomicUsize,
    /// Why the cache could not be written, the first time.
    unwritable: Mutex<Option<String>>,
    /// Makes each temporary name unique among this process's threads.
    counter: AtomicU64,
}

impl Cache {
    /// The cache kept in `folder` (a `.kitpress-cache/`) for the site at
    /// `root`. A cache that is not safe to use is said now and left alone.
    pub fn open(folder: &Path, root: &Path, read_only: bool) -> Cache {
        let dir = folder.join(VERSION);
        let usable = if read_only {
            // Nothing is made: only an existing, safe cache is read.
            [folder, &dir]
                .iter()
                .try_for_each(|f| match fs::symlink_metadata(f) {
                    Ok(meta) => check_folder(f, &meta),
                    Err(e) => Err(crate::diagnostic::io_fr(&e)),
                })
        } else {
            safe_folder(folder).and_then(|()| safe_folder(&dir))
        };
        let dir = match usable {
            Ok(()) => Some(dir),
            Err(why) => {
                if !read_only || fs::symlink_metadata(&dir).is_ok() {
                    crate::messages::notice(&format!(
                        "cache d'images non utilisé : {why} ; les images sont refaites pour cette construction"
                    ));
                }
                None
            }
        };
        let lock = dir.as_ref().and_then(|d| {
            let file = fs::OpenOptions::new()
                .create(!read_only)
                .truncate(false)
                .write(!read_only)
                .read(true)
                .open(d.join(LOCK))
                .ok()?;
            file.lock_shared().ok()?;
            Some(file)
        });
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        Cache {
            dir,
            read_only,
            touched: Mutex::new(HashSet::new()),
            site: blake3::hash(root.to_string_lossy().as_bytes()).to_hex()[..16].to_string(),
            lock,
            repaired: AtomicUsize::new(0),
            unwritable: Mutex::new(None),
            counter: AtomicU64::new(0),
        }
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The variants the cache lists for the source with this hash, by
    /// name (not yet checked).
    pub fn listed(&self, source: &str) -> HashMap<String, String> {
        let mut out = HashMap::new();
        let Some(dir) = &self.dir else {
            return out;
        };
        let folder = dir.join(source);
        // Only a real folder is read.
        if !fs::symlink_metadata(&folder).is_ok_and(|m| m.is_dir()) {
            return out;
        }
        let Ok(entries) = fs::read_dir(&folder) else {
            return out;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some((variant, check)) = name.rsplit_once('@') {
                out.insert(variant.to_string(), check.to_string());
            }
        }
        out
    }

    /// The bytes of a variant of the source with this hash, read from the
    /// cache and checked; `None` when absent or damaged (a damaged one is
    /// counted, and made again by the caller).
    pub fn get(&self, source: &str, name: &str, check: &str) -> Option<Vec<u8>> {
        self.get_checked(source, name, check).map(|c| c.bytes)
    }

    /// [`Cache::get`], with the whole hash of the bytes (checked once, not
    /// hashed again by the output that records it) and the file they were
    /// read from (which the output may link rather than copy).
    pub fn get_checked(&self, source: &str, name: &str, check: &str) -> Option<Checked> {
        let dir = self.dir.as_ref()?;
        let rel = format!("{source}/{name}@{check}");
        let path = dir.join(&rel);
        let read = open_regular(&path).and_then(|f| {
            let identity = crate::output::FileIdentity::of(&f.metadata()?);
            let mut bytes = Vec::new();
            f.take(MAX_VARIANT).read_to_end(&mut bytes)?;
            Ok((bytes, identity))
        });
        match read.map(|(bytes, identity)| {
            let hash = blake3::hash(&bytes);
            (bytes, hash, identity)
        }) {
            Ok((bytes, hash, identity)) if check_of(&hash) == check => {
                self.touch(rel);
                Some(Checked {
                    bytes,
                    hash,
                    file: path,
                    identity,
                })
            }
            _ => {
                self.repaired.fetch_add(1, Ordering::Relaxed);
                if !self.read_only {
                    let _ = fs::remove_file(&path);
                }
                None
            }
        }
    }

    fn touch(&self, rel: String) {
        if let Ok(mut t) = self.touched.lock() {
            t.insert(rel);
        }
    }

    /// Stores a variant, whole or not at all (written aside under a name
    /// no other thread or build uses, then renamed: a build killed
    /// half-way never leaves a cut variant to reuse). A cache that cannot
    /// be written is said once, at the end of the build.
    pub fn store(&self, source: &str, name: &str, bytes: &[u8]) {
        self.store_hashed(source, name, bytes, &blake3::hash(bytes))
    }

    /// [`Cache::store`] of bytes whose hash is known.
    pub fn store_hashed(&self, source: &str, name: &str, bytes: &[u8], hash: &blake3::Hash) {
        let Some(dir) = self.dir.as_ref().filter(|_| !self.read_only) else {
            return;
        };
        let rel = format!("{source}/{name}@{}", check_of(hash));
        self.touch(rel.clone());
        let stored = (|| {
            let folder = dir.join(source);
            match fs::symlink_metadata(&folder) {
                Ok(m) if m.is_dir() => {}
                Ok(_) => {
                    fs::remove_file(&folder)?;
                    fs::create_dir(&folder)?;
                }
                Err(_) => match fs::create_dir(&folder) {
                    Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => return Err(e),
                    _ => {}
                },
            }
            let n = self.counter.fetch_add(1, Ordering::Relaxed);
            let tmp = folder.join(format!(".{name}.tmp-{}-{n}", std::process::id()));
            let written = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)
                .and_then(|mut f| std::io::Write::write_all(&mut f, bytes));
            if let Err(e) = written {
                let _ = fs::remove_file(&tmp);
                return Err(e);
            }
            fs::rename(&tmp, dir.join(&rel)).inspect_err(|_| {
                let _ = fs::remove_file(&tmp);
            })
        })();
        if let Err(e) = stored {
            let mut first = self.unwritable.lock().unwrap_or_else(|e| e.into_inner());
            first.get_or_insert_with(|| crate::diagnostic::io_fr(&e));
        }
    }

    /// Says, once, what went wrong with the cache during the build.
    pub fn say_problems(&self) {
        let repaired = self.repaired.load(Ordering::Relaxed);
        if repaired > 0 {
            crate::messages::notice(&format!(
                "cache d'images : {repaired} variante(s) abîmée(s) ou illisible(s), refaite(s) à partir des images du site"
            ));
        }
        let unwritable = self.unwritable.lock().unwrap_or_else(|e| e.into_inner());
        if let (Some(why), Some(dir)) = (unwritable.as_ref(), &self.dir) {
            crate::messages::notice(&format!(
                "cache d'images {} impossible à écrire ({why}) : les images sont publiées, mais seront refaites à la prochaine construction",
                dir.display()
            ));
        }
    }

    /// Damaged variants found (and made again) so far.
    pub fn repaired(&self) -> usize {
        self.repaired.load(Ordering::Relaxed)
    }

    /// Records what this site used, then removes every variant that no
    /// site used, unless another build is using the cache now; how many.
    pub fn sweep(&self) -> usize {
        let (Some(dir), Some(lock)) = (&self.dir, &self.lock) else {
            return 0;
        };
        if self.read_only {
            return 0;
        }
        let touched = match self.touched.lock() {
            Ok(t) => t.clone(),
            Err(_) => return 0,
        };
        let sites = dir.join(SITES);
        if safe_folder(&sites).is_err() {
            return 0;
        }
        let mut list: Vec<&str> = touched.iter().map(String::as_str).collect();
        list.sort_unstable();
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let tmp = sites.join(format!(".{}.tmp-{}-{n}", self.site, std::process::id()));
        if fs::write(&tmp, list.join("\n"))
            .and_then(|()| fs::rename(&tmp, sites.join(&self.site)))
            .is_err()
        {
            let _ = fs::remove_file(&tmp);
            return 0;
        }
        // Another build uses the cache: its new variants are in no record
        // yet. The next build sweeps.
        if lock.try_lock().is_err() {
            return 0;
        }
        let mut kept: HashSet<String> = touched;
        let old = std::time::Duration::from_secs(SITE_RECORD_DAYS * 24 * 3600);
        for record in fs::read_dir(&sites).into_iter().flatten().flatten() {
            let path = record.path();
            if record.file_name().to_string_lossy() == self.site.as_str() {
                continue;
            }
            let meta = record.metadata();
            let stale = meta
                .as_ref()
                .ok()
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > old);
            let regular = meta.as_ref().is_ok_and(|m| m.is_file());
            if stale || !regular {
                let _ = fs::remove_file(&path);
                continue;
            }
            if let Ok(text) = open_regular(&path).and_then(|mut f| {
                let mut s = String::new();
                f.read_to_string(&mut s)?;
                Ok(s)
            }) {
                kept.extend(text.lines().map(str::to_string));
            }
        }
        let mut removed = 0;
        for source in fs::read_dir(dir).into_iter().flatten().flatten() {
            let name = source.file_name().to_string_lossy().into_owned();
            if name == SITES || name == LOCK {
                continue;
            }
            // `file_type` does not follow links: a link is removed as a
            // link, and never entered.
            let Ok(kind) = source.file_type() else {
                continue;
            };
            if !kind.is_dir() {
                let _ = fs::remove_file(source.path());
                continue;
            }
            let folder = source.path();
            for file in fs::read_dir(&folder).into_iter().flatten().flatten() {
                let rel = format!("{name}/{}", file.file_name().to_string_lossy());
                if !kept.contains(&rel) && fs::remove_file(file.path()).is_ok() {
                    removed += 1;
                }
            }
            // Only removed when empty.
            let _ = fs::remove_dir(&folder);
        }
        let _ = lock.lock_shared();
        removed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cachedir::FOLDER;

    fn variant_files(dir: &Path) -> Vec<PathBuf> {
        walkdir::WalkDir::new(dir.join(VERSION))
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .filter(|p| p.to_string_lossy().contains('@'))
            .collect()
    }

    #[test]
    fn a_damaged_variant_is_never_given_back() {
        let tmp = tempfile::tempdir().unwrap();
        let folder = tmp.path().join(FOLDER);
        let cache = Cache::open(&folder, tmp.path(), false);
        cache.store("abc", "w800.jpg", b"pixels");
        let listed = cache.listed("abc");
        let check = &listed["w800.jpg"];
        assert_eq!(cache.get("abc", "w800.jpg", check).unwrap(), b"pixels");
        let file = &variant_files(&folder)[0];
        for damage in [&b""[..], b"pix", b"random!"] {
            fs::write(file, damage).unwrap();
            assert_eq!(cache.get("abc", "w800.jpg", check), None);
            cache.store("abc", "w800.jpg", b"pixels");
        }
        assert_eq!(cache.repaired(), 3);
    }

    #[cfg(unix)]
    #[test]
    fn links_are_never_followed_nor_given_back() {
        let tmp = tempfile::tempdir().unwrap();
        let secret = tmp.path().join("secret");
        fs::create_dir(&secret).unwrap();
        fs::write(secret.join("cle"), "privée").unwrap();
        // The version folder is a link to another folder: the cache is not
        // used, the folder it points at keeps its files after a sweep.
        let folder = tmp.path().join(FOLDER);
        fs::create_dir(&folder).unwrap();
        std::os::unix::fs::symlink(&secret, folder.join(VERSION)).unwrap();
        let cache = Cache::open(&folder, tmp.path(), false);
        cache.store("abc", "w800.jpg", b"pixels");
        assert_eq!(cache.sweep(), 0);
        assert_eq!(fs::read_to_string(secret.join("cle")).unwrap(), "privée");
        assert!(cache.listed("abc").is_empty());

        // A variant that is a link is not read, and a source folder that
        // is a link is neither read nor entered by the sweep.
        fs::remove_file(folder.join(VERSION)).unwrap();
        let cache = Cache::open(&folder, tmp.path(), false);
        fs::create_dir(folder.join(VERSION).join("abc")).unwrap();
        let passwd = secret.join("cle");
        std::os::unix::fs::symlink(
            &passwd,
            folder.join(VERSION).join("abc").join("w800.jpg@0000"),
        )
        .unwrap();
        std::os::unix::fs::symlink(&secret, folder.join(VERSION).join("def")).unwrap();
        assert_eq!(cache.get("abc", "w800.jpg", "0000"), None);
        assert_eq!(cache.listed("def").len(), 0);
        cache.sweep();
        assert_eq!(fs::read_to_string(secret.join("cle")).unwrap(), "privée");
        assert!(!folder.join(VERSION).join("def").exists());
    }

    #[test]
    fn two_sites_sharing_a_cache_keep_each_others_variants() {
        let tmp = tempfile::tempdir().unwrap();
        let folder = tmp.path().join(FOLDER);
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        let first = Cache::open(&folder, &a, false);
        first.store("aaa", "w800.jpg", b"a");
        assert_eq!(first.sweep(), 0);
        drop(first);
        let second = Cache::open(&folder, &b, false);
        second.store("bbb", "w800.jpg", b"b");
        assert_eq!(second.sweep(), 0, "a's variant is kept");
        drop(second);
        // a's next build no longer uses its variant: it goes.
        let again = Cache::open(&folder, &a, false);
        assert_eq!(again.sweep(), 1);
        assert_eq!(variant_files(&folder).len(), 1);
    }

    #[test]
    fn a_build_does_not_sweep_while_another_uses_the_cache() {
        let tmp = tempfile::tempdir().unwrap();
        let folder = tmp.path().join(FOLDER);
        let first = Cache::open(&folder, tmp.path(), false);
        first.store("aaa", "w800.jpg", b"a");
        first.sweep();
        drop(first);
        let other = tempfile::tempdir().unwrap();
        let busy = Cache::open(&folder, other.path(), false);
        let next = Cache::open(&folder, tmp.path(), false);
        assert_eq!(next.sweep(), 0);
        drop(busy);
        assert_eq!(variant_files(&folder).len(), 1);
    }
}
