//! Problems found in the content, as data.
//!
//! Every stage of the pipeline reports problems as [`Diagnostic`] values pushed
//! into a shared [`Sink`]; none of them stops at the first problem. Turning a
//! diagnostic into text for a person happens in [`crate::report`] only.

use std::cell::RefCell;
use std::fmt;

use crate::rules::Rule;

pub use crate::rules::Severity;

/// A place in a source file: 1-based line and column, in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    pub fn new(line: usize, col: usize) -> Self {
        Pos { line, col }
    }
}

/// One problem, located in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule broken (its code, e.g. `cle-inconnue`, and its severity).
    pub code: Rule,
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    /// Where the problem is. Line 0 means "the whole file".
    pub pos: Pos,
    /// How many characters the caret underlines (at least 1).
    pub len: usize,
    /// The front-matter key concerned, as a dotted path (`tarif.montant`).
    pub key: Option<String>,
    /// What is wrong, in French.
    pub message: String,
    /// How to fix it, in French, when a hint helps.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Rule, file: impl Into<String>, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            file: file.into(),
            pos,
            len: 1,
            key: None,
            message: message.into(),
            hint: None,
        }
    }

    /// The rule's severity.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    pub fn with_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    pub fn with_key_opt(mut self, key: Option<&str>) -> Self {
        self.key = key.map(String::from);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_hint_opt(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    pub fn with_len(mut self, len: usize) -> Self {
        self.len = len.max(1);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }

    /// An error found in content the build does not publish (a draft, a
    /// text awaiting validation): a warning « brouillon incomplet » that
    /// names the rule broken, so that it never blocks what is validated.
    pub fn in_draft(self) -> Diagnostic {
        if !self.is_error() {
            return self;
        }
        Diagnostic {
            message: format!(
                "brouillon incomplet ({}) : {}",
                self.code.code(),
                self.message
            ),
            code: Rule::BrouillonIncomplet,
            ..self
        }
    }
}

impl fmt::Display for Diagnostic {
    /// One-line form: `fichier:ligne:colonne: erreur [clé] message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity() {
            Severity::Error => "erreur",
            Severity::Warning => "avertissement",
        };
        if self.pos.line == 0 {
            write!(f, "{}: {level}", self.file)?;
        } else {
            write!(
                f,
                "{}:{}:{}: {level}",
                self.file, self.pos.line, self.pos.col
            )?;
        }
        if let Some(key) = &self.key {
            write!(f, " [{key}]")?;
        }
        write!(f, " {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

/// Collects diagnostics from one stage. Interior mutability lets the many
/// small readers of a file share one sink without threading `&mut` around.
#[derive(Default, Debug)]
pub struct Sink {
    items: RefCell<Vec<Diagnostic>>,
}

impl Sink {
    pub fn new() -> Self {
        Sink::default()
    }

    pub fn push(&self, d: Diagnostic) {
        self.items.borrow_mut().push(d);
    }

    pub fn has_errors(&self) -> bool {
        self.items.borrow().iter().any(Diagnostic::is_error)
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items.into_inner()
    }

    /// Turns the errors of the files in `drafts` into warnings
    /// ([`Diagnostic::in_draft`]). A wrong `statut` stays an error: the
    /// editor may have meant to publish (`statut: publiee`).
    pub fn demote(&self, drafts: &std::collections::HashSet<String>) {
        demote(&mut self.items.borrow_mut(), drafts);
    }
}

/// [`Sink::demote`] on diagnostics already collected.
pub fn demote(items: &mut [Diagnostic], drafts: &std::collections::HashSet<String>) {
    for d in items.iter_mut() {
        if drafts.contains(&d.file) && d.is_error() && d.key.as_deref() != Some("statut") {
            *d = d.clone().in_draft();
        }
    }
}

/// Folds a word for comparison: no accents, lower case.
pub fn fold(s: &str) -> String {
    deunicode::deunicode(s).to_lowercase()
}

/// The candidate closest to `wrong`, by edit distance on folded text, if it is
/// close enough to be a plausible typo (`titr` → `titre`, `Noumea` → `Nouméa`).
pub fn nearest<'a, I>(wrong: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let w = fold(wrong);
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        let d = strsim::levenshtein(&w, &fold(c));
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    let (d, c) = best?;
    let limit = (w.chars().count() / 3).max(2);
    (d <= limit).then_some(c)
}

/// « vouliez-vous dire `x` ? », the hint attached to unknown keys and values.
pub fn did_you_mean<'a, I>(wrong: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    nearest(wrong, candidates).map(|c| format!("vouliez-vous dire « {c} » ?"))
}

/// An operating-system error, said in French (the OS says it in English).
pub fn io_fr(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let what = match e.kind() {
        K::NotFound => "fichier ou dossier introuvable",
        K::PermissionDenied => "permission refusée",
        K::AlreadyExists => "le fichier existe déjà",
        K::StorageFull => "disque plein",
        K::QuotaExceeded => "quota du disque dépassé",
        K::ReadOnlyFilesystem => "disque en lecture seule",
        K::IsADirectory => "c'est un dossier, pas un fichier",
        K::NotADirectory => "ce n'est pas un dossier",
        K::DirectoryNotEmpty => "le dossier n'est pas vide",
        K::InvalidData => "contenu illisible",
        K::InvalidFilename => "nom de fichier refusé par le système",
        K::FileTooLarge => "fichier trop gros pour le système",
        K::ResourceBusy | K::ExecutableFileBusy => "fichier occupé par un autre programme",
        K::CrossesDevices => "déplacement impossible d'un disque à l'autre",
        K::Interrupted => "opération interrompue",
        K::OutOfMemory => "mémoire insuffisante",
        K::UnexpectedEof => "fichier tronqué",
        _ => "erreur du système",
    };
    match e.raw_os_error() {
        Some(code) => format!("{what} (code système {code})"),
        None => what.to_string(),
    }
}

/// A file that could not be written, as a diagnostic.
pub fn write_error(rel: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(
        Rule::EcritureImpossible,
        rel,
        Pos::default(),
        format!("écriture impossible : {}", io_fr(e)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_nearest_key_and_folds_accents() {
        assert_eq!(
            nearest("titr", ["titre", "resume", "statut"]),
            Some("titre")
        );
        assert_eq!(nearest("Noumea", ["Nouméa", "Dumbéa"]), Some("Nouméa"));
        assert_eq!(
            nearest("bienetre", ["sport", "bien-etre"]),
            Some("bien-etre")
        );
        assert_eq!(nearest("zzzzzzzz", ["titre", "resume"]), None);
    }

    #[test]
    fn system_errors_are_said_in_french() {
        let denied = std::io::Error::from_raw_os_error(13);
        assert_eq!(io_fr(&denied), "permission refusée (code système 13)");
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(io_fr(&missing), "fichier ou dossier introuvable");
        let full = std::io::Error::from_raw_os_error(28);
        assert!(io_fr(&full).starts_with("disque plein"));
        assert!(!io_fr(&denied).contains("denied"));
    }
}
