//! Stage 5 — write: the output folder, replaced only when a build succeeds.
//!
//! A build writes into a fresh folder beside the destination; only when the
//! whole build succeeded is it swapped in. A failed build removes its own
//! folder and leaves the previous output byte for byte. kitpress refuses to
//! write into the site root, `content/`, a theme, or a non-empty folder it did
//! not create (it marks its own with [`MARKER`]).

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::KitError;

/// File that marks a folder as kitpress output.
pub const MARKER: &str = ".kitpress-sortie";

/// An output folder being written.
pub struct Staging {
    pub tmp: PathBuf,
    pub dest: PathBuf,
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

impl Staging {
    /// Creates the temporary folder beside `dest`.
    pub fn begin(root: &Path, dest: &Path) -> Result<Staging, KitError> {
        check_destination(root, dest)?;
        let dest = absolute(dest);
        let parent = dest
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        fs::create_dir_all(&parent).map_err(|e| KitError::io(&parent, e))?;
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        let tmp = parent.join(format!(".{name}.kitpress-tmp-{}", std::process::id()));
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(|e| KitError::io(&tmp, e))?;
        }
        fs::create_dir_all(&tmp).map_err(|e| KitError::io(&tmp, e))?;
        fs::write(
            tmp.join(MARKER),
            "Dossier produit par kitpress : il est remplacé à chaque construction.\n",
        )
        .map_err(|e| KitError::io(&tmp, e))?;
        Ok(Staging { tmp, dest })
    }

    /// Writes one file under the temporary folder.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.tmp.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, bytes)
    }

    /// Copies a file into the temporary folder.
    pub fn copy(&self, from: &Path, rel: &str) -> std::io::Result<()> {
        let path = self.tmp.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(from, path).map(|_| ())
    }

    /// Swaps the new output in place of the old one.
    pub fn commit(self) -> Result<PathBuf, KitError> {
        let old = self.dest.with_file_name(format!(
            ".{}.kitpress-old-{}",
            self.dest
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
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
        if had_old {
            let _ = fs::remove_dir_all(&old);
        }
        Ok(self.dest.clone())
    }

    /// Drops the temporary folder; the previous output is untouched.
    pub fn abort(self) {
        let _ = fs::remove_dir_all(&self.tmp);
    }
}
