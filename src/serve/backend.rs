//! The CMS's local backend: `kitpress serve --edition` answers the Decap CMS
//! proxy API (the actions of `decap-server`'s file-system mode) at
//! [`crate::edition::cms::API_PATH`], reading and writing the site's files.
//!
//! What it writes is held to the same rules as what the build reads:
//! - only under `content/`: a path is relative, made of plain names (no
//!   `..`, no root, no hidden name such as `.git`), and no link is
//!   followed — one met on the way is refused, wherever it points;
//! - only content and pictures: `.md` and `.yaml` entries up to
//!   [`crate::limits::MAX_FILE_BYTES`], pictures under `content/images/`
//!   up to [`crate::limits::MAX_UPLOAD_BYTES`], checked as a build checks
//!   them ([`crate::images::upload_problem`]: format, size, SVG content);
//! - atomically: each file is written beside its place under a hidden name,
//!   then renamed over it, so the preview never reads half a file;
//! - content errors never block a save: a draft may be incomplete; the
//!   preview reports its problems as for a save from a text editor.
//!
//! Every refusal is answered with a French sentence (`{"error": …}`), which
//! the CMS shows.

use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use base64::Engine;
use serde_json::{json, Value};

use crate::limits::{MAX_FILE_BYTES, MAX_UPLOAD_BYTES};

/// Extensions of the entries the CMS may write.
const ENTRY_EXTENSIONS: [&str; 2] = ["md", "yaml"];
/// Where pictures go.
const MEDIA_ROOT: &str = "content/images";

/// A refused or failed action: HTTP status and what to tell the editor.
#[derive(Debug)]
pub struct Refusal {
    pub status: u16,
    pub message: String,
}

fn refuse(message: impl Into<String>) -> Refusal {
    Refusal {
        status: 422,
        message: message.into(),
    }
}

/// The site whose `content/` the CMS edits.
pub struct Backend {
    root: PathBuf,
}

impl Backend {
    pub fn new(root: &Path) -> Backend {
        Backend {
            root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
        }
    }

    /// Answers one request body of the CMS.
    pub fn handle(&self, body: &[u8]) -> Result<Value, Refusal> {
        let request: Value = serde_json::from_slice(body)
            .map_err(|_| refuse("requête illisible : ce n'est pas du JSON"))?;
        let action = request["action"].as_str().unwrap_or("");
        let params = &request["params"];
        let text = |key: &str| -> Result<&str, Refusal> {
            params[key]
                .as_str()
                .ok_or_else(|| refuse(format!("paramètre `{key}` absent")))
        };
        match action {
            "info" => Ok(json!({
                "repo": self.root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                "publish_modes": ["simple"],
                "type": "local_fs",
            })),
            "entriesByFolder" => {
                let folder = text("folder")?;
                let extension = params["extension"].as_str().unwrap_or("");
                let depth = params["depth"].as_u64().unwrap_or(1).min(16) as usize;
                let files = self.list(folder, extension, depth)?;
                Ok(Value::Array(
                    files.iter().map(|f| self.entry(f, None)).collect(),
                ))
            }
            // kitpress's own: one page of a folder's entries, in path
            // order, so a collection of 10 000 opens at once; the admin's
            // backend (`admin.html`) asks for the next page as the list
            // scrolls. `entriesByFolder` above still answers the whole folder
            // (search, sort and filters need it).
            "entriesByFolderPage" => {
                let folder = text("folder")?;
                let extension = params["extension"].as_str().unwrap_or("");
                let depth = params["depth"].as_u64().unwrap_or(1).min(16) as usize;
                let size = params["pageSize"].as_u64().unwrap_or(50).clamp(1, 500) as usize;
                let files = self.list(folder, extension, depth)?;
                let page_count = files.len().div_ceil(size).max(1);
                let page = (params["page"].as_u64().unwrap_or(0) as usize).min(page_count - 1);
                Ok(json!({
                    "entries": files
                        .iter()
                        .skip(page * size)
                        .take(size)
                        .map(|f| self.entry(f, None))
                        .collect::<Vec<_>>(),
                    "page": page,
                    "pageCount": page_count,
                    "count": files.len(),
                }))
            }
            "entriesByFiles" => {
                let files = params["files"].as_array().cloned().unwrap_or_default();
                Ok(Value::Array(
                    files
                        .iter()
                        .map(|f| {
                            let path = f["path"].as_str().unwrap_or("");
                            self.entry(path, f["label"].as_str())
                        })
                        .collect(),
                ))
            }
            "getEntry" => Ok(self.entry(text("path")?, None)),
            "persistEntry" => self.persist_entry(params),
            "getMedia" => {
                let folder = text("mediaFolder")?;
                let files = self.list(folder, "", 1)?;
                let media: Result<Vec<Value>, Refusal> =
                    files.iter().map(|f| self.media_file(f)).collect();
                Ok(Value::Array(media?))
            }
            "getMediaFile" => self.media_file(text("path")?),
            "persistMedia" => {
                let asset = &params["asset"];
                let path = asset["path"].as_str().unwrap_or("");
                self.write_asset(asset)?;
                self.media_file(path)
            }
            "deleteFile" => {
                let path = text("path")?;
                self.delete(path)?;
                Ok(json!({ "message": format!("fichier supprimé : {path}") }))
            }
            "deleteFiles" => {
                let paths = params["paths"].as_array().cloned().unwrap_or_default();
                for p in &paths {
                    self.delete(p.as_str().unwrap_or(""))?;
                }
                Ok(json!({ "message": format!("{} fichier(s) supprimé(s)", paths.len()) }))
            }
            "getDeployPreview" => Ok(Value::Null),
            other => Err(refuse(format!("action inconnue « {other} »"))),
        }
    }

    /// The file `rel` names, refused unless it stays in `content/`: plain
    /// names only, none hidden, no link on the way. The file itself may not
    /// exist yet.
    fn place(&self, rel: &str) -> Result<PathBuf, Refusal> {
        let outside = || {
            refuse(format!(
                "chemin refusé « {rel} » : l'édition n'écrit et ne lit que dans content/"
            ))
        };
        if rel.contains('\\') || rel.contains('\0') {
            return Err(outside());
        }
        let mut parts = Vec::new();
        for c in Path::new(rel).components() {
            match c {
                Component::Normal(p) => {
                    let p = p.to_str().ok_or_else(outside)?;
                    if p.starts_with('.') {
                        return Err(refuse(format!(
                            "chemin refusé « {rel} » : un nom qui commence par un point est caché (.git…)"
                        )));
                    }
                    parts.push(p);
                }
                Component::CurDir => {}
                _ => return Err(outside()),
            }
        }
        if parts.first() != Some(&"content") {
            return Err(outside());
        }
        // No link anywhere on the way, the file included: a link inside
        // content/ could lead anywhere.
        let mut path = self.root.clone();
        for p in &parts {
            path.push(p);
            match std::fs::symlink_metadata(&path) {
                Ok(m) if m.file_type().is_symlink() => {
                    return Err(refuse(format!(
                        "chemin refusé « {rel} » : il passe par un lien symbolique"
                    )))
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
        Ok(self.root.join(parts.join("/")))
    }

    /// The files under `folder` ending with `extension`, down to `depth`
    /// levels (1: the folder's own files), as paths from the root.
    fn list(&self, folder: &str, extension: &str, depth: usize) -> Result<Vec<String>, Refusal> {
        let dir = self.place(folder)?;
        let mut out = Vec::new();
        if !dir.is_dir() {
            return Ok(out);
        }
        // Links are not followed, hidden names skipped.
        for entry in walkdir::WalkDir::new(&dir)
            .min_depth(1)
            .max_depth(depth)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .flatten()
        {
            let name = entry.file_name().to_string_lossy();
            if entry.file_type().is_file() && name.ends_with(extension) {
                out.push(crate::load::rel_path(&self.root, entry.path()));
            }
        }
        Ok(out)
    }

    /// One entry as the CMS reads it: its text and an id (its hash), or
    /// `data: null` when it cannot be read.
    fn entry(&self, rel: &str, label: Option<&str>) -> Value {
        let read = self
            .place(rel)
            .ok()
            .filter(|p| p.is_file())
            .and_then(|p| std::fs::read(p).ok())
            .filter(|b| b.len() as u64 <= MAX_FILE_BYTES)
            .and_then(|b| String::from_utf8(b).ok());
        match read {
            Some(text) => json!({
                "data": text,
                "file": { "path": rel, "label": label, "id": blake3::hash(text.as_bytes()).to_hex().to_string() },
            }),
            None => json!({ "data": null, "file": { "path": rel, "label": label, "id": null } }),
        }
    }

    fn media_file(&self, rel: &str) -> Result<Value, Refusal> {
        let path = self.place(rel)?;
        let bytes = std::fs::read(&path)
            .map_err(|e| refuse(format!("« {rel} » : {}", crate::diagnostic::io_fr(&e))))?;
        Ok(json!({
            "id": blake3::hash(&bytes).to_hex().to_string(),
            "content": base64::engine::general_purpose::STANDARD.encode(&bytes),
            "encoding": "base64",
            "path": rel,
            "name": path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        }))
    }

    fn persist_entry(&self, params: &Value) -> Result<Value, Refusal> {
        let files: Vec<Value> = match params["dataFiles"].as_array() {
            Some(list) => list.clone(),
            None => vec![params["entry"].clone()],
        };
        let assets = params["assets"].as_array().cloned().unwrap_or_default();
        // Everything is checked before anything is written.
        let mut entries = Vec::new();
        for f in &files {
            let rel = f["path"].as_str().unwrap_or("");
            let raw = f["raw"]
                .as_str()
                .ok_or_else(|| refuse("enregistrement sans contenu"))?;
            let path = self.entry_place(rel)?;
            if raw.len() as u64 > MAX_FILE_BYTES {
                return Err(refuse(format!(
                    "« {rel} » : plus de {} Kio, trop long pour un fichier de contenu",
                    MAX_FILE_BYTES / 1024
                )));
            }
            let moved = match f["newPath"].as_str() {
                Some(new) if new != rel => Some(self.entry_place(new)?),
                _ => None,
            };
            refuse_overwrite(rel, &path, raw)?;
            entries.push((path, raw, moved));
        }
        let mut pictures = Vec::new();
        for a in &assets {
            pictures.push(self.checked_asset(a)?);
        }
        for (path, bytes) in pictures {
            write_atomically(&path, &bytes)?;
        }
        for (path, raw, moved) in entries {
            match moved {
                Some(to) => {
                    write_atomically(&to, raw.as_bytes())?;
                    let _ = std::fs::remove_file(&path);
                }
                None => write_atomically(&path, raw.as_bytes())?,
            }
        }
        Ok(json!({ "message": "enregistré" }))
    }

    /// The place of an entry: under `content/`, a `.md` or `.yaml` file,
    /// not under `content/images/`.
    fn entry_place(&self, rel: &str) -> Result<PathBuf, Refusal> {
        let path = self.place(rel)?;
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if !ENTRY_EXTENSIONS.contains(&ext.as_str()) || rel.starts_with(MEDIA_ROOT) {
            return Err(refuse(format!(
                "« {rel} » : l'édition n'enregistre que des fichiers .md et .yaml de contenu"
            )));
        }
        Ok(path)
    }

    /// A picture sent by the CMS, decoded and checked, with its place.
    fn checked_asset(&self, asset: &Value) -> Result<(PathBuf, Vec<u8>), Refusal> {
        let rel = asset["path"].as_str().unwrap_or("");
        let path = self.place(rel)?;
        if !rel.starts_with(&format!("{MEDIA_ROOT}/")) {
            return Err(refuse(format!(
                "« {rel} » : les images vont dans {MEDIA_ROOT}/"
            )));
        }
        let content = asset["content"].as_str().unwrap_or("");
        let bytes = match asset["encoding"].as_str() {
            Some("base64") => base64::engine::general_purpose::STANDARD
                .decode(content)
                .map_err(|_| refuse(format!("« {rel} » : contenu illisible")))?,
            _ => content.as_bytes().to_vec(),
        };
        if bytes.len() as u64 > MAX_UPLOAD_BYTES {
            return Err(refuse(format!(
                "« {rel} » : plus de {} Mio, trop lourde (2 000 pixels de large suffisent)",
                MAX_UPLOAD_BYTES / (1024 * 1024)
            )));
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(why) = crate::images::upload_problem(&name, &bytes) {
            return Err(refuse(format!("« {name} » refusée : {why}")));
        }
        Ok((path, bytes))
    }

    fn write_asset(&self, asset: &Value) -> Result<(), Refusal> {
        let (path, bytes) = self.checked_asset(asset)?;
        write_atomically(&path, &bytes)
    }

    fn delete(&self, rel: &str) -> Result<(), Refusal> {
        let path = self.place(rel)?;
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let picture = rel.starts_with(&format!("{MEDIA_ROOT}/"))
            && crate::images::kind_of(rel) != crate::images::Kind::Other;
        if !(ENTRY_EXTENSIONS.contains(&ext.as_str()) || picture) {
            return Err(refuse(format!(
                "« {rel} » : l'édition ne supprime que des contenus et des images"
            )));
        }
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(refuse(format!(
                "« {rel} » : {}",
                crate::diagnostic::io_fr(&e)
            ))),
        }
    }
}

/// Writes `bytes` to `path` through a hidden file beside it, renamed over
/// it once complete; makes the folders on the way.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Refusal> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let failed = |e: std::io::Error| Refusal {
        status: 500,
        message: format!(
            "« {} » : écriture impossible ({})",
            path.display(),
            crate::diagnostic::io_fr(&e)
        ),
    };
    let dir = path.parent().ok_or_else(|| refuse("chemin sans dossier"))?;
    std::fs::create_dir_all(dir).map_err(failed)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(
        ".{name}.kitpress-edition-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let written = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(failed(e));
    }
    Ok(())
}

/// Refuses a save that would replace a file its form could not show, read
/// once: a file not UTF-8 or over the size limit (its form came empty), or
/// a data file written as a bare list (`- { nom: … }`), which the CMS —
/// it edits mappings only — shows as an empty form. Such a list is saved
/// again once the file puts it under a key (`communes:`), as the starter
/// kit does.
fn refuse_overwrite(rel: &str, path: &Path, raw: &str) -> Result<(), Refusal> {
    use saphyr::{LoadableYamlNode, YamlOwned};
    let Ok(bytes) = std::fs::read(path) else {
        return Ok(()); // a new file
    };
    let existing = match std::str::from_utf8(&bytes) {
        Ok(text) if bytes.len() as u64 <= MAX_FILE_BYTES => text,
        _ => return Err(refuse(format!(
            "« {rel} » n'a pas pu être montré dans le formulaire (plus de {} Kio, ou pas en UTF-8) : \
             l'enregistrer le remplacerait ; corrigez-le d'abord dans un éditeur de texte",
            MAX_FILE_BYTES / 1024
        ))),
    };
    let is_list = |text: &str| {
        YamlOwned::load_from_str(text)
            .ok()
            .and_then(|docs| docs.into_iter().next())
            .is_some_and(|d| d.is_sequence())
    };
    if rel.ends_with(".yaml") && is_list(existing) && !is_list(raw) {
        let stem = Path::new(rel)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        // The key the form writes the list under.
        let key = crate::content::schema::DATA_FILES
            .iter()
            .find(|(name, _, _)| *name == stem)
            .and_then(|(_, _, fields)| fields.first())
            .map_or(stem.as_str(), |f| f.key)
            .to_string();
        return Err(refuse(format!(
            "« {rel} » est une simple liste, que le formulaire ne sait pas modifier sans la remplacer : \
             rangez d'abord la liste sous une clé (une ligne « {key}: » en tête, les éléments décalés de deux espaces, voir le README), puis recommencez"
        )));
    }
    Ok(())
}
