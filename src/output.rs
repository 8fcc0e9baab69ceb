//! Output (floor 9): the output folder, replaced only when a build succeeds.
//!
//! A build writes into a fresh folder beside the destination; only when the
//! whole build succeeded is it swapped in. A failed build removes its own
//! folder and leaves the previous output byte for byte. kitpress refuses to
//! write into the site root, `content/`, a theme, or a non-empty folder it did
//! not create (it marks its own with [`MARKER`]).
//!
//! Builds into one output take turns (a lock file beside it); a build
//! removes its temporary folder on every exit path, Ctrl+C and SIGTERM
//! included ([`crate::interrupt`]), and the next build removes what a killed
//! one left, putting the previous output back if it had been moved aside.
//! The previous output, once swapped out, is deleted in the background: a
//! build over a previous output costs what a build into an empty folder
//! costs.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::KitError;

/// File that marks a folder as kitpress output.
pub const MARKER: &str = ".kitpress-sortie";

/// Which file a path led to (device and inode): a file checked, then
/// linked, is kept only if it is still that file. Without such numbers
/// (not Unix), no two are the same, and nothing is linked.
#[derive(Debug, Clone, Copy)]
pub struct FileIdentity(Option<(u64, u64)>);

impl FileIdentity {
    pub fn of(meta: &fs::Metadata) -> FileIdentity {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            FileIdentity(Some((meta.dev(), meta.ino())))
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            FileIdentity(None)
        }
    }
}

impl PartialEq for FileIdentity {
    fn eq(&self, other: &FileIdentity) -> bool {
        self.0.is_some() && self.0 == other.0
    }
}

/// An output folder being written.
pub struct Staging {
    pub tmp: PathBuf,
    pub dest: PathBuf,
    _lock: OutputLock,
    registered: crate::interrupt::Registered,
    /// What each written file holds (a hash of its bytes; for a file
    /// copied or linked, of its source's path, size and time), to tell a
    /// build that changes nothing.
    files: std::sync::Mutex<std::collections::BTreeMap<String, blake3::Hash>>,
    /// Folders made in the temporary folder so far, relative to it: each
    /// is made once (a catalogue's 20 000 pages do not ask the system for
    /// their folder again and again).
    folders: std::sync::Mutex<std::collections::HashSet<String>>,
    /// The output in place may differ from what its marker says (a file
    /// linked from the cache was found damaged there): written anyway.
    distrusted: std::sync::atomic::AtomicBool,
}

/// What committing gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Committed {
    /// The new output is in place.
    Written(PathBuf),
    /// The new output is the previous one, byte for byte: nothing was
    /// swapped (a preview then sends no reload).
    Unchanged(PathBuf),
}

/// The fingerprint line of the marker file.
const FINGERPRINT: &str = "empreinte : ";

/// One hash of the files of an output, with their paths.
pub fn fingerprint(files: &std::collections::BTreeMap<String, blake3::Hash>) -> String {
    let mut h = blake3::Hasher::new();
    for (rel, f) in files {
        h.update(rel.as_bytes());
        h.update(f.as_bytes());
    }
    h.finalize().to_hex().to_string()
}

/// The marker of an output holding `files`.
fn marker_text(files: &std::collections::BTreeMap<String, blake3::Hash>) -> String {
    format!(
        "Dossier produit par kitpress : il est remplacé à chaque construction.\n{FINGERPRINT}{}\n",
        fingerprint(files)
    )
}

/// Replaces one file of an output in place, in one step: written beside
/// it under a hidden name (never served), then renamed. Only a preview does
/// this ([`crate::rebuild`]): its folder is private, and each file a reader
/// gets is whole, old or new. [`record_in_place`] then updates the marker.
pub fn write_in_place(dest: &Path, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
    let _writing = crate::interrupt::writing().ok_or_else(crate::interrupt::stopping)?;
    let path = dest.join(rel);
    let parent = path.parent().unwrap_or(dest);
    fs::create_dir_all(parent)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = parent.join(format!(".{name}.kitpress-maj-{}", std::process::id()));
    fs::write(&tmp, bytes)?;
    fs::rename(&tmp, &path)
}

/// Like [`write_in_place`], through `fill` (a file too large to hold in
/// memory, a month's zip), and only when the bytes differ from `previous`
/// (the hash of the file in place): the new hash, and whether it was written.
pub fn write_in_place_with(
    dest: &Path,
    rel: &str,
    previous: Option<&blake3::Hash>,
    fill: impl FnOnce(&mut fs::File) -> std::io::Result<()>,
) -> std::io::Result<(blake3::Hash, bool)> {
    let _writing = crate::interrupt::writing().ok_or_else(crate::interrupt::stopping)?;
    let path = dest.join(rel);
    let parent = path.parent().unwrap_or(dest);
    fs::create_dir_all(parent)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = parent.join(format!(".{name}.kitpress-maj-{}", std::process::id()));
    let written = fs::File::create(&tmp)
        .and_then(|mut f| fill(&mut f))
        .and_then(|()| hash_file(&tmp));
    let hash = match written {
        Ok(h) => h,
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
    };
    if previous == Some(&hash) {
        fs::remove_file(&tmp)?;
        return Ok((hash, false));
    }
    fs::rename(&tmp, &path)?;
    Ok((hash, true))
}

/// The hash of a file's bytes, read in pieces.
fn hash_file(path: &Path) -> std::io::Result<blake3::Hash> {
    let mut h = blake3::Hasher::new();
    h.update_reader(fs::File::open(path)?)?;
    Ok(h.finalize())
}

/// Removes files of an output that no page produces any more, and records
/// what the output now holds in its marker.
pub fn record_in_place(
    dest: &Path,
    removals: &[String],
    files: &mut std::collections::BTreeMap<String, blake3::Hash>,
) -> std::io::Result<()> {
    let _writing = crate::interrupt::writing().ok_or_else(crate::interrupt::stopping)?;
    for rel in removals {
        match fs::remove_file(dest.join(rel)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        files.remove(rel);
    }
    fs::write(dest.join(MARKER), marker_text(files))
}

fn source_identity(from: &Path) -> blake3::Hash {
    let meta = fs::metadata(from).ok();
    let mut h = blake3::Hasher::new();
    h.update(from.to_string_lossy().as_bytes());
    if let Some(m) = meta {
        h.update(&m.len().to_le_bytes());
        if let Ok(t) = m.modified() {
            let d = t.duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
            h.update(&d.as_nanos().to_le_bytes());
        }
    }
    h.finalize()
}

fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    // Canonicalise the longest existing ancestor, keep the rest as written.
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    out
}

/// Checks that `dest` may receive the build of the site at `root`.
pub fn check_destination(root: &Path, dest: &Path) -> Result<(), KitError> {
    let root = absolute(root);
    let dest_abs = absolute(dest);
    let refuse = |why: &str| {
        Err(KitError::OutputRefused {
            path: dest.to_path_buf(),
            why: why.to_string(),
        })
    };
    if dest_abs.parent().is_none() || root.starts_with(&dest_abs) {
        return refuse("c'est le dossier du site ou l'un de ses parents");
    }
    for (dir, why) in [
        ("content", "c'est le dossier du contenu"),
        ("themes", "c'est le dossier des thèmes"),
        ("templates", "c'est le dossier des gabarits"),
        ("src", "c'est le code source de kitpress"),
        ("tests", "c'est le dossier des tests"),
    ] {
        if dest_abs.starts_with(root.join(dir)) {
            return refuse(why);
        }
    }
    if dest_abs.is_file() {
        return refuse("c'est un fichier");
    }
    if dest_abs.is_dir() && !dest_abs.join(MARKER).is_file() {
        let empty = fs::read_dir(&dest_abs)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return refuse("ce dossier n'est pas vide et n'a pas été créé par kitpress");
        }
    }
    Ok(())
}

/// Name of the folders and files kitpress keeps beside `dest`: the
/// temporary build (`tmp`), the previous output during a swap (`old`), the
/// lock (`lock`).
fn sibling(dest: &Path, kind: &str, pid: Option<u32>) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let file = match pid {
        Some(pid) => format!(".{name}.kitpress-{kind}-{pid}"),
        None => format!(".{name}.kitpress-{kind}"),
    };
    dest.with_file_name(file)
}

/// The lock that makes builds into one output folder take turns. Held for
/// the life of the value; the system releases it if the process dies.
struct OutputLock {
    _file: fs::File,
}

impl OutputLock {
    fn take(dest: &Path) -> Result<OutputLock, KitError> {
        let path = sibling(dest, "lock", None);
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| KitError::io(&path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                crate::messages::notice(&format!(
                    "une autre construction écrit dans {} : attente de sa fin…",
                    dest.display()
                ));
                file.lock().map_err(|e| KitError::io(&path, e))?;
            }
            Err(fs::TryLockError::Error(e)) => return Err(KitError::io(&path, e)),
        }
        Ok(OutputLock { _file: file })
    }
}

/// Folders beside `dest` that a killed build left. With the lock held, no
/// build is using them: each is removed by its name alone, marker or not
/// (a build killed while it made its folder, or while it deleted one, left
/// no marker). When `dest` itself is gone (a kill in the middle of an
/// old-style swap), the previous output is put back first, from a folder
/// that has its marker.
fn recover(dest: &Path) {
    let (Some(parent), Some(name)) = (dest.parent(), dest.file_name()) else {
        return;
    };
    let name = name.to_string_lossy();
    let prefixes = [
        format!(".{name}.kitpress-tmp-"),
        format!(".{name}.kitpress-old-"),
        format!(".{name}.kitpress-trash-"),
    ];
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let mut stale: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let n = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            prefixes.iter().any(|pre| n.starts_with(pre.as_str()))
        })
        .collect();
    stale.sort();
    if !dest.exists() {
        let previous = stale.iter().position(|p| {
            p.to_string_lossy().contains(".kitpress-old-") && p.join(MARKER).is_file()
        });
        if let Some(i) = previous {
            let old = stale.remove(i);
            if fs::rename(&old, dest).is_ok() {
                crate::messages::notice(&format!(
                    "sortie précédente remise en place depuis {} (une construction avait été arrêtée pendant l'échange)",
                    old.display()
                ));
            }
        }
    }
    for p in stale {
        // Never through a link: a link named like a leftover is removed
        // as a link.
        let _ = match fs::symlink_metadata(&p) {
            Ok(m) if m.is_dir() => fs::remove_dir_all(&p),
            Ok(_) => fs::remove_file(&p),
            Err(_) => Ok(()),
        };
    }
}

/// Removes a folder the build no longer needs (the previous output, once
/// swapped out) without making the command wait for it: deleting tens of
/// thousands of files can take longer than the build on a busy disk. The
/// folder is first renamed beside `dest` under a name no build uses again
/// (`.output.kitpress-trash-<pid>-<n>`: a preview's next build makes its
/// temporary folder under the old name at once), then deleted without
/// waiting ([`crate::trash`]). If the machine stops first, the next build
/// removes what is left ([`recover`]).
fn discard(dest: &Path, folder: &Path) {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let trash = sibling(
        dest,
        &format!("trash-{}", std::process::id()),
        Some(n as u32),
    );
    crate::trash::remove(folder, &trash, crate::trash::Reap::OnThread);
}

/// Swaps two folders in one step (Linux); `false` where the system or the
/// file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

impl Staging {
    /// Takes the output's lock, clears what a killed build left, and
    /// creates the temporary folder beside `dest`.
    pub fn begin(root: &Path, dest: &Path) -> Result<Staging, KitError> {
        check_destination(root, dest)?;
        let dest = absolute(dest);
        let parent = dest
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        fs::create_dir_all(&parent).map_err(|e| KitError::io(&parent, e))?;
        let lock = OutputLock::take(&dest)?;
        recover(&dest);
        let tmp = sibling(&dest, "tmp", Some(std::process::id()));
        // On Ctrl+C, renamed to a name the next build clears if need be.
        let trash = sibling(
            &dest,
            &format!("trash-{}", std::process::id()),
            Some(u32::MAX),
        );
        let registered = crate::interrupt::register_with_trash(tmp.clone(), trash);
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(|e| KitError::io(&tmp, e))?;
        }
        fs::create_dir_all(&tmp).map_err(|e| KitError::io(&tmp, e))?;
        fs::write(
            tmp.join(MARKER),
            "Dossier produit par kitpress : il est remplacé à chaque construction.\n",
        )
        .map_err(|e| KitError::io(&tmp, e))?;
        Ok(Staging {
            tmp,
            dest,
            _lock: lock,
            registered,
            files: Default::default(),
            folders: Default::default(),
            distrusted: Default::default(),
        })
    }

    /// Writes one file under the temporary folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.write_hashed(rel, bytes, blake3::hash(bytes))
    }

    /// Puts the file `from` at `rel` as a hard link, when it is still the
    /// file `identity` names (its bytes, whose hash is `hash`, were checked
    /// when it was): a warm build does not copy thousands of drawn visuals
    /// out of the cache. Otherwise (another file system, a file replaced
    /// meanwhile) `bytes` are written.
    pub fn link_or_write(
        &self,
        rel: &str,
        from: &Path,
        identity: FileIdentity,
        bytes: &[u8],
        hash: blake3::Hash,
    ) -> std::io::Result<()> {
        {
            let _writing = crate::interrupt::writing().ok_or_else(crate::interrupt::stopping)?;
            self.make_folder_of(rel)?;
            let path = self.tmp.join(rel);
            if fs::hard_link(from, &path).is_ok() {
                let linked = fs::symlink_metadata(&path);
                if linked.is_ok_and(|m| m.is_file() && FileIdentity::of(&m) == identity) {
                    self.record(rel, hash);
                    return Ok(());
                }
                fs::remove_file(&path)?;
            }
        }
        self.write_hashed(rel, bytes, hash)
    }

    /// [`Staging::write`] of bytes whose hash is known (a drawn visual,
    /// checked as it came out of the cache).
    pub fn write_hashed(&self, rel: &str, bytes: &[u8], hash: blake3::Hash) -> std::io::Result<()> {
        let _writing = crate::interrupt::writing().ok_or_else(crate::interrupt::stopping)?;
        self.make_folder_of(rel)?;
        let path = self.tmp.join(rel);
        self.record(rel, hash);
        fs::write(path, bytes)
    }

    /// Writes one file under the temporary folder through `fill`, for a
    /// file too large to hold in memory (a month's zip); its hash is read
    /// back from the file.
    pub fn write_with(
        &self,
        rel: &str,
        fill: impl FnOnce(&mut fs::File) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let _writing = crate::interrupt::writing().ok_or_else(crate::interrupt::stopping)?;
        self.make_folder_of(rel)?;
        let path = self.tmp.join(rel);
        let mut file = fs::File::create(&path)?;
        fill(&mut file)?;
        drop(file);
        self.record(rel, hash_file(&path)?);
        Ok(())
    }

    /// Makes the folder of `rel` (`offres/surf/index.html`: `offres/surf`)
    /// and those above it, unless made already.
    fn make_folder_of(&self, rel: &str) -> std::io::Result<()> {
        let Some((folder, _)) = rel.rsplit_once('/') else {
            return Ok(());
        };
        let mut made = self.folders.lock().unwrap_or_else(|e| e.into_inner());
        let mut missing = Vec::new();
        let mut f = folder;
        while !f.is_empty() && !made.contains(f) {
            missing.push(f);
            f = f.rsplit_once('/').map_or("", |(up, _)| up);
        }
        for f in missing.into_iter().rev() {
            match fs::create_dir(self.tmp.join(f)) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
            made.insert(f.to_string());
        }
        Ok(())
    }

    fn record(&self, rel: &str, h: blake3::Hash) {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string(), h);
    }

    /// What each file written holds, by path.
    pub fn files(&self) -> std::collections::BTreeMap<String, blake3::Hash> {
        self.files.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// One hash of every file written, with its path.
    fn fingerprint(&self) -> String {
        fingerprint(&self.files.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Whether the output in place holds what this build wrote: same
    /// fingerprint in its marker, same number of files.
    fn same_as_dest(&self, fingerprint: &str) -> bool {
        if self.distrusted.load(std::sync::atomic::Ordering::Relaxed) {
            return false;
        }
        let marker = fs::read_to_string(self.dest.join(MARKER)).unwrap_or_default();
        if !marker.contains(&format!("{FINGERPRINT}{fingerprint}")) {
            return false;
        }
        let count = walkdir::WalkDir::new(&self.dest)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .count();
        // The marker itself is not recorded.
        count == self.files.lock().map(|f| f.len()).unwrap_or(0) + 1
    }

    /// The output in place is written over even if its marker says it
    /// holds what this build wrote: a file of the cache, which the output
    /// may share through a link, was found damaged.
    pub fn distrust_dest(&self) {
        self.distrusted
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Copies a file into the temporary folder.
    pub fn copy(&self, from: &Path, rel: &str) -> std::io::Result<()> {
        let _writing = crate::interrupt::writing().ok_or_else(crate::interrupt::stopping)?;
        self.make_folder_of(rel)?;
        let path = self.tmp.join(rel);
        self.record(rel, source_identity(from));
        fs::copy(from, path).map(|_| ())
    }

    /// Swaps the new output in place of the old one: in one step where the
    /// system allows (the old output then sits in the temporary folder and
    /// is removed), else by two renames.
    pub fn commit(mut self) -> Result<Committed, KitError> {
        let _writing = crate::interrupt::writing()
            .ok_or_else(|| KitError::io(&self.dest, crate::interrupt::stopping()))?;
        let fingerprint = self.fingerprint();
        if self.same_as_dest(&fingerprint) {
            discard(&self.dest, &self.tmp);
            return Ok(Committed::Unchanged(self.dest.clone()));
        }
        let text = marker_text(&self.files.lock().unwrap_or_else(|e| e.into_inner()));
        debug_assert!(text.contains(&fingerprint));
        fs::write(self.tmp.join(MARKER), text).map_err(|e| KitError::io(&self.tmp, e))?;
        if self.dest.exists() && exchange(&self.tmp, &self.dest) {
            // The temporary folder now holds the previous output.
            discard(&self.dest, &self.tmp);
            return Ok(Committed::Written(self.dest.clone()));
        }
        let old = sibling(&self.dest, "old", Some(std::process::id()));
        let had_old = self.dest.exists();
        if had_old {
            fs::rename(&self.dest, &old).map_err(|e| KitError::io(&self.dest, e))?;
        }
        if let Err(e) = fs::rename(&self.tmp, &self.dest) {
            if had_old {
                let _ = fs::rename(&old, &self.dest);
            }
            return Err(KitError::io(&self.dest, e));
        }
        self.registered.moved_to(old.clone());
        if had_old {
            discard(&self.dest, &old);
        }
        Ok(Committed::Written(self.dest.clone()))
    }

    /// Drops the temporary folder; the previous output is untouched.
    pub fn abort(self) {
        let _ = fs::remove_dir_all(&self.tmp);
    }
}
