//! The `.kitpress-cache/` folder, where builds keep what is costly to make
//! again (image variants, QR codes): where it is (beside the output), and
//! how it is read and written without trusting it. Other programs can touch
//! it: its folders must be real folders of the user, and its files are
//! opened without following a symbolic link.

use std::fs;
use std::path::{Path, PathBuf};

/// The folder's name.
pub const FOLDER: &str = ".kitpress-cache";

/// The `.kitpress-cache/` of the builds writing into `output`: beside it,
/// in its parent folder (the images' variants, the QR codes).
pub fn folder_beside(output: &Path) -> PathBuf {
    output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(FOLDER)
}

/// `folder` made safe to use: a real folder (not a link), owned by the
/// user, not writable by everyone; created (for the user alone) when
/// missing. Why not, in French, otherwise.
pub fn safe_folder(folder: &Path) -> Result<(), String> {
    match fs::symlink_metadata(folder) {
        Ok(meta) => check_folder(folder, &meta),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = folder.parent().filter(|p| !p.as_os_str().is_empty()) {
                fs::create_dir_all(parent).map_err(|e| crate::diagnostic::io_fr(&e))?;
            }
            let mut builder = fs::DirBuilder::new();
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            match builder.create(folder) {
                Ok(()) => Ok(()),
                // Made by another build at the same moment: check it.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let meta =
                        fs::symlink_metadata(folder).map_err(|e| crate::diagnostic::io_fr(&e))?;
                    check_folder(folder, &meta)
                }
                Err(e) => Err(crate::diagnostic::io_fr(&e)),
            }
        }
        Err(e) => Err(crate::diagnostic::io_fr(&e)),
    }
}

pub fn check_folder(folder: &Path, meta: &fs::Metadata) -> Result<(), String> {
    if meta.file_type().is_symlink() {
        return Err(format!(
            "{} est un lien symbolique, pas un dossier",
            folder.display()
        ));
    }
    if !meta.is_dir() {
        return Err(format!("{} n'est pas un dossier", folder.display()));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.uid() != rustix::process::geteuid().as_raw() {
            return Err(format!(
                "{} appartient à un autre utilisateur",
                folder.display()
            ));
        }
        if meta.mode() & 0o002 != 0 {
            return Err(format!(
                "{} peut être modifié par tous les utilisateurs",
                folder.display()
            ));
        }
    }
    Ok(())
}

/// Opens a file of the cache for reading, never through a symbolic link,
/// and only if it is a regular file.
pub fn open_regular(path: &Path) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        rustix::fs::OFlags::NOFOLLOW.bits() as i32,
    );
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("pas un fichier ordinaire"));
    }
    Ok(file)
}
