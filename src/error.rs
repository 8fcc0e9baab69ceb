//! Failures that stop a run before or after the content is judged: a folder
//! that cannot be used, a disk that refuses to write. Problems *in* the
//! content are [`crate::diagnostic::Diagnostic`]s, not errors.

use std::path::{Path, PathBuf};

use thiserror::Error;

#[derive(Debug, Error)]
pub enum KitError {
    #[error("dossier de sortie refusé : {} ({why})", path.display())]
    OutputRefused { path: PathBuf, why: String },
    #[error("écriture impossible dans {} : {}", path.display(), crate::diagnostic::io_fr(.source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("le fichier {} existe déjà : kitpress ne l'écrase pas", path.display())]
    AlreadyExists { path: PathBuf },
    #[error("{0}")]
    Usage(String),
}

impl KitError {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        KitError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// Exit status: 2 for a wrong command line, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            KitError::OutputRefused { .. }
            | KitError::AlreadyExists { .. }
            | KitError::Usage(_) => 2,
            KitError::Io { .. } => 1,
        }
    }
}
