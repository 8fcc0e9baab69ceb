//! Load: find the site's files, read them as text, and read them into the
//! model ([`site`]: [`crate::site::Site::load`]).
//!
//! Accepts a UTF-8 byte-order mark and CRLF line ends (normalised to LF, so
//! that line numbers stay those of the file). Splits a Markdown file into its
//! front matter and body, remembering on which line each starts.

mod data;
mod site;

pub use site::{Loaded, ReadDoc};

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::content::Section;
use crate::diagnostic::{Diagnostic, Pos, Sink};
use crate::limits::MAX_FILE_BYTES;
use crate::rules::Rule;

/// A file found under `content/`, classified by where it stands.
#[derive(Debug, Clone)]
pub enum Found {
    Markdown { section: Section, rel: String },
    Month { rel: String },
    Data { rel: String },
    Image { rel: String },
}

/// Path relative to `root`, with `/` separators.
pub fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn is_hidden(entry: &walkdir::DirEntry) -> bool {
    entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.')
}

/// Whether a name looks like content (`.md`, `.yaml`, `.yml`).
fn looks_like_content(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".md", ".yaml", ".yml"].iter().any(|e| lower.ends_with(e))
}

/// An entry under `content/` that kitpress does not read, said as such.
fn skipped(rel: String, message: impl Into<String>, hint: &str) -> Diagnostic {
    Diagnostic::new(Rule::FichierIgnore, rel, Pos::default(), message).with_hint(hint)
}

/// Why an entry that is not a plain file or folder is left out, if it is.
fn not_plain(entry: &walkdir::DirEntry, rel: &str) -> Option<Diagnostic> {
    let ft = entry.file_type();
    if ft.is_symlink() {
        return Some(skipped(
            rel.to_string(),
            "lien symbolique ignoré : kitpress ne suit pas les liens",
            "copiez le fichier ou le dossier à la place du lien",
        ));
    }
    if !ft.is_file() && !ft.is_dir() {
        return Some(skipped(
            rel.to_string(),
            "ce n'est pas un fichier ordinaire (tube, socket ou périphérique) : il est ignoré",
            "retirez-le du dossier content/",
        ));
    }
    if entry.file_name().to_str().is_none() {
        return Some(skipped(
            rel.to_string(),
            "nom illisible (caractères hors UTF-8) : ignoré",
            "renommez-le avec des lettres, chiffres et tirets",
        ));
    }
    None
}

/// Walks `content/` and classifies every file. Entries that kitpress cannot
/// place or does not read are reported, never silently ignored.
pub fn discover(root: &Path, sink: &Sink) -> Vec<Found> {
    let content = root.join("content");
    let mut found = Vec::new();
    let walker = WalkDir::new(&content).sort_by_file_name().into_iter();
    let reported_hidden = |e: &walkdir::DirEntry| {
        if is_hidden(e) {
            let name = e.file_name().to_string_lossy();
            if e.file_type().is_file() && (looks_like_content(&name) || name == ".md") {
                sink.push(skipped(
                    rel_path(root, e.path()),
                    "fichier caché ignoré : son nom commence par un point",
                    "retirez le point au début du nom pour le publier",
                ));
            }
            return false;
        }
        true
    };
    for entry in walker.filter_entry(reported_hidden) {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let rel = err
                    .path()
                    .map(|p| rel_path(root, p))
                    .unwrap_or_else(|| "content".into());
                let why = err
                    .io_error()
                    .map(crate::diagnostic::io_fr)
                    .unwrap_or_else(|| "boucle de liens".into());
                sink.push(Diagnostic::new(
                    Rule::LectureImpossible,
                    rel,
                    Pos::default(),
                    format!("impossible de parcourir ce dossier : {why}"),
                ));
                continue;
            }
        };
        let rel = rel_path(root, entry.path());
        if let Some(d) = not_plain(&entry, &rel) {
            sink.push(d);
            continue;
        }
        if entry.file_type().is_dir() {
            if entry.depth() > 0 && looks_like_content(&entry.file_name().to_string_lossy()) {
                sink.push(skipped(
                    rel,
                    "dossier nommé comme un fichier de contenu : il n'est pas lu comme une page (son contenu, lui, est lu)",
                    "renommez le dossier sans l'extension .md ou .yaml",
                ));
            }
            continue;
        }
        let parts: Vec<&str> = rel.split('/').collect();
        // parts[0] == "content"
        let ext = entry
            .path()
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_lowercase();
        let top = parts.get(1).copied().unwrap_or("");
        let depth = parts.len() - 2;
        match (top, ext.as_str()) {
            ("site.yaml", _) if depth == 0 => {}
            ("images", _) => match crate::images::kind_of(&rel) {
                crate::images::Kind::Other => sink.push(crate::images::not_an_image(&rel)),
                _ => found.push(Found::Image { rel }),
            },
            ("calendrier", "yaml" | "yml") if depth == 1 => found.push(Found::Month { rel }),
            ("data", "yaml" | "yml") if depth == 1 => found.push(Found::Data { rel }),
            (dir, "md") => match Section::from_dir(dir) {
                Some(section) if depth == 1 || section.nested() => found.push(Found::Markdown { section, rel }),
                Some(section) => sink.push(
                    Diagnostic::new(
                        Rule::FichierMalPlace,
                        rel,
                        Pos::default(),
                        format!("les fichiers de `content/{}/` ne vont pas dans des sous-dossiers", section.dir()),
                    )
                    .with_hint(format!("placez le fichier directement dans content/{}/", section.dir())),
                ),
                None => sink.push(
                    Diagnostic::new(
                        Rule::FichierMalPlace,
                        rel,
                        Pos::default(),
                        "fichier Markdown hors des dossiers de contenu",
                    )
                    .with_hint(format!(
                        "placez-le dans l'un des dossiers : {}",
                        Section::ALL.map(|s| s.dir()).join(", ")
                    )),
                ),
            },
            (_, "yaml" | "yml") => sink.push(
                Diagnostic::new(Rule::FichierMalPlace, rel, Pos::default(), "fichier YAML hors de sa place")
                    .with_hint("le calendrier va dans content/calendrier/AAAA-MM.yaml, les données dans content/data/"),
            ),
            // Notes, office files: not content, and said so.
            _ => sink.push(skipped(
                rel,
                "fichier ignoré : ici, kitpress ne lit que les textes .md",
                "les images vont dans content/images/, les données dans content/data/*.yaml",
            )),
        }
    }
    found
}

/// Reads a file as text: BOM removed, CRLF turned into LF. A file that is
/// not UTF-8 is reported with the line of the first bad byte.
pub fn read_text(root: &Path, rel: &str, sink: &Sink) -> Option<String> {
    let path: PathBuf = root.join(rel);
    let read = std::fs::File::open(&path).and_then(|f| {
        use std::io::Read;
        let mut bytes = Vec::new();
        // One byte more than the limit tells a file that is too long
        // without reading all of it.
        f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
        Ok(bytes)
    });
    let bytes = match read {
        Ok(b) if b.len() as u64 > MAX_FILE_BYTES => {
            sink.push(
                Diagnostic::new(
                    Rule::FichierTropGros,
                    rel,
                    Pos::default(),
                    format!(
                        "le fichier dépasse {} Mio : il n'est pas lu",
                        MAX_FILE_BYTES / (1024 * 1024)
                    ),
                )
                .with_hint("découpez-le en plusieurs fichiers, ou retirez ce qui n'est pas du texte (images collées, données)"),
            );
            return None;
        }
        Ok(b) => b,
        Err(e) => {
            sink.push(Diagnostic::new(
                Rule::LectureImpossible,
                rel,
                Pos::default(),
                format!(
                    "impossible de lire le fichier : {}",
                    crate::diagnostic::io_fr(&e)
                ),
            ));
            return None;
        }
    };
    decode(bytes, rel, sink)
}

/// Bytes to normalised text (see [`read_text`]).
pub fn decode(mut bytes: Vec<u8>, rel: &str, sink: &Sink) -> Option<String> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let upto = e.utf8_error().valid_up_to();
            let valid = &e.as_bytes()[..upto];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            let col = valid.iter().rev().take_while(|b| **b != b'\n').count() + 1;
            sink.push(
                Diagnostic::new(
                    Rule::EncodageInvalide,
                    rel,
                    Pos::new(line, col),
                    "le fichier n'est pas encodé en UTF-8",
                )
                .with_hint("enregistrez-le en UTF-8 (dans votre éditeur : « Enregistrer sous » › encodage UTF-8)"),
            );
            return None;
        }
    };
    Some(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    })
}

/// A Markdown file cut in two.
#[derive(Debug)]
pub struct Split<'a> {
    pub front_matter: &'a str,
    /// Line of the file on which the front matter's first key stands.
    pub front_matter_line: usize,
    pub body: &'a str,
    /// Line of the file on which the body starts.
    pub body_line: usize,
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Splits `---\nYAML\n---\nbody`. Reports a missing or unclosed front matter.
pub fn split_front_matter<'a>(text: &'a str, rel: &str, sink: &Sink) -> Option<Split<'a>> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if !is_fence(&text[..first_end]) {
        sink.push(
            Diagnostic::new(
                Rule::EnteteAbsente,
                rel,
                Pos::new(1, 1),
                "le fichier doit commencer par son en-tête : une ligne `---`, les clés (titre: …), puis une ligne `---`",
            )
            .with_key("titre")
            .with_hint("ajoutez en première ligne `---`, puis titre: \"…\", puis une ligne `---` avant le texte"),
        );
        return None;
    }
    let fm_start = (first_end + 1).min(text.len());
    let mut offset = fm_start;
    let mut line_no = 2;
    while offset < text.len() {
        let end = text[offset..]
            .find('\n')
            .map(|i| offset + i)
            .unwrap_or(text.len());
        if is_fence(&text[offset..end]) {
            let body_start = (end + 1).min(text.len());
            return Some(Split {
                front_matter: &text[fm_start..offset],
                front_matter_line: 2,
                body: &text[body_start..],
                body_line: line_no + 1,
            });
        }
        offset = end + 1;
        line_no += 1;
    }
    sink.push(
        Diagnostic::new(
            Rule::EnteteNonFermee,
            rel,
            Pos::new(1, 1),
            "l'en-tête ouvert par `---` n'est jamais refermé",
        )
        .with_hint("ajoutez une ligne `---` seule entre les clés et le texte"),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let sink = Sink::new();
        let s = split_front_matter("---\ntitre: a\n---\n# Corps\n", "x.md", &sink).unwrap();
        assert_eq!(s.front_matter, "titre: a\n");
        assert_eq!(s.body, "# Corps\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let sink = Sink::new();
        let t = decode(
            b"\xEF\xBB\xBF---\r\ntitre: a\r\n---\r\n".to_vec(),
            "x.md",
            &sink,
        )
        .unwrap();
        assert_eq!(t, "---\ntitre: a\n---\n");
    }

    #[test]
    fn latin1_is_reported_with_its_line() {
        let sink = Sink::new();
        assert!(decode(b"---\ntitre: caf\xe9\n".to_vec(), "x.md", &sink).is_none());
        let d = &sink.into_vec()[0];
        assert_eq!(d.pos, Pos::new(2, 11));
    }
}
