//! `kitpress serve`: builds the site into a private folder, serves it on
//! 127.0.0.1 only, rebuilds when a file of the site changes, and reloads the
//! open pages.
//!
//! Nothing outside the built folder is ever served: the request path is
//! decoded, any `..` is refused, and the resolved file must stay inside the
//! folder. A build that fails keeps the previous pages on screen (the output
//! is only swapped on success) and prints its diagnostics.

mod backend;
mod http;
mod live;

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::build::Outcome;
use crate::error::KitError;
use crate::rebuild::{Kind, Session, Zips};
use crate::site::Options;
use http::Response;
use live::{page_key, Changed, EventStream, Live};

/// Added to each HTML page the preview serves (never to the built site):
/// the theme's `apercu/apercu.js`, which follows [`EVENTS`].
const PREVIEW_TAG: &str = r#"<script src="/__kitpress/apercu.js" defer></script>"#;
/// How long without file events ends a save.
const QUIET: Duration = Duration::from_millis(15);
/// Server-sent events: the preview's state after each build.
const EVENTS: &str = "/__kitpress/evenements";
/// A preview's private folder, in the system's temporary folder, is this
/// followed by the process id.
const PREVIEW_PREFIX: &str = "kitpress-apercu-";

/// The file a living preview holds locked, beside its folder.
fn alive_file(dir: &Path) -> PathBuf {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.with_file_name(format!(".{name}.kitpress-vivant"))
}

/// Locks the preview's `alive_file` for the life of the process (the
/// system lets it go when the process dies, however it dies).
fn hold_alive(dir: &Path) -> Option<std::fs::File> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(alive_file(dir))
        .ok()?;
    file.try_lock().ok()?;
    Some(file)
}

/// Removes the folders (and their lock files) of previews whose process is
/// gone: their lock file is free, or missing with no such process. Only
/// the user's own folders are looked at.
pub fn clear_dead_previews(tmp: &Path) {
    let Ok(entries) = std::fs::read_dir(tmp) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        // What a dead preview left beside its folder, even when it had
        // none yet (killed during its first build): its temporary folder,
        // the trash its Ctrl+C left if the machine stopped, its locks.
        if let Some((pid, _)) = name
            .strip_prefix(&format!(".{PREVIEW_PREFIX}"))
            .and_then(|rest| rest.split_once(".kitpress-"))
        {
            let Ok(pid) = pid.parse::<u32>() else {
                continue;
            };
            let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
                continue;
            };
            let folder = tmp.join(format!("{PREVIEW_PREFIX}{pid}"));
            if pid != std::process::id() && own(&meta) && preview_dead(&folder, pid) {
                let _ = if meta.is_dir() {
                    std::fs::remove_dir_all(entry.path())
                } else {
                    std::fs::remove_file(entry.path())
                };
            }
            continue;
        }
        let Some(pid) = name
            .strip_prefix(PREVIEW_PREFIX)
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == std::process::id() {
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
            continue;
        };
        if !own(&meta) || !meta.is_dir() {
            continue;
        }
        let dir = entry.path();
        if !preview_dead(&dir, pid) {
            continue;
        }
        // What its builds left beside it (temporary folders, locks) is
        // removed by the branch above, as the listing reaches it.
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// Whether the preview of `dir` (process `pid`) is gone: its lock file is
/// free, or missing with no such process.
fn preview_dead(dir: &Path, pid: u32) -> bool {
    match std::fs::OpenOptions::new()
        .write(true)
        .open(alive_file(dir))
    {
        Ok(f) => f.try_lock().is_ok(),
        Err(_) => !process_alive(pid),
    }
}

/// Whether the user owns this file (always, where the system cannot say).
fn own(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.uid() == rustix::process::geteuid().as_raw()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        true
    }
}

/// Whether a process with this id runs.
fn process_alive(pid: u32) -> bool {
    #[cfg(target_os = "linux")]
    {
        Path::new("/proc").join(pid.to_string()).exists()
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = pid;
        true
    }
}

/// The file under `dir` that a request path names, if it stays inside.
pub fn resolve(dir: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    let mut file = dir.to_path_buf();
    for c in Path::new(decoded.trim_start_matches('/')).components() {
        match c {
            // Hidden files (the output's `.kitpress-sortie` marker) are not the site's.
            Component::Normal(part) if part.to_string_lossy().starts_with('.') => return None,
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            // `..`, a root or a drive: never leave the folder.
            _ => return None,
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    let real = file.canonicalize().ok()?;
    let root = dir.canonicalize().ok()?;
    (real.starts_with(&root) && real.is_file()).then_some(real)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "wasm" => "application/wasm",
        "yml" | "yaml" => "text/yaml; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Runs the server until the process is stopped. `report` prints a build's
/// outcome (diagnostics and summary) the way the other commands do.
pub fn run(
    options: Options,
    port: u16,
    edition: bool,
    report: impl Fn(&Outcome) + Send + Sync + 'static,
) -> Result<(), KitError> {
    // Taken first: a port in use is said before any build.
    let listener = http::bind(port)?;
    let tmp = std::env::temp_dir();
    // The previews of earlier `serve`s killed without a chance to clean
    // up (SIGKILL, a crash): drafts must not linger in the shared folder.
    clear_dead_previews(&tmp);
    let dir = tmp.join(format!("{PREVIEW_PREFIX}{}", std::process::id()));
    // Held while this preview lives: the next `serve` knows it is alive.
    let _alive = hold_alive(&dir);
    // Removed on Ctrl+C or SIGTERM, as are the lock files beside it.
    let _dir = crate::interrupt::register(dir.clone());
    let _lock = crate::interrupt::register(tmp.join(format!(
        ".{PREVIEW_PREFIX}{}.kitpress-lock",
        std::process::id()
    )));
    let _alive_file = crate::interrupt::register(alive_file(&dir));
    let config = {
        let sink = crate::diagnostic::Sink::new();
        crate::load::read_text(&options.root, crate::config::CONFIG_FILE, &sink)
            .and_then(|t| crate::config::SiteConfig::parse(&t, &sink))
    };
    let base = config
        .as_ref()
        .map(|c| c.base_path())
        .unwrap_or_else(|| "/".into());
    let theme_dir = config.as_ref().and_then(|c| {
        crate::theme::locate(&options.root, &c.theme, &crate::diagnostic::Sink::new())
    });
    // Files are watched before the first build: a save made while it runs
    // waits in the channel, and is rebuilt once the first build is served.
    let (tx, rx) = mpsc::channel::<Vec<PathBuf>>();
    let mut watcher = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
        if let Ok(e) = ev {
            if changes_content(&e) {
                let paths = e.paths.into_iter().filter(|p| !editor_temporary(p));
                let _ = tx.send(paths.collect());
            }
        }
    })
    .map_err(|e| KitError::Usage(format!("surveillance des fichiers impossible : {e}")))?;
    for sub in ["content", "templates", "themes"] {
        let p = options.root.join(sub);
        if p.is_dir() {
            let _ = watcher.watch(&p, RecursiveMode::Recursive);
        }
    }
    // The site's own cache, as `build` uses it: never one in the shared
    // temporary folder, where another user could plant links.
    let cache = crate::cachedir::folder_beside(&options.root.join("output"));
    let (mut session, first) = Session::start(options.clone(), dir.clone(), cache)?;
    let zips = session.zips();
    report(&first);
    let live = Arc::new(Live::default());
    live.set(Changed::Everything, Some(&first));
    let addr = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    eprintln!("Aperçu sur http://{addr}/ (Ctrl+C pour arrêter) — chaque page se recharge quand une sauvegarde la change.");
    if edition {
        eprintln!("Édition sur http://{addr}/admin/ — les enregistrements vont dans content/ et l'aperçu les montre aussitôt.");
    }

    // Rebuild on change, debounced.
    {
        let live = Arc::clone(&live);
        std::thread::spawn(move || {
            let _watcher = watcher;
            while let Ok(first) = rx.recv() {
                // One rebuild per save, whatever the editor's pattern
                // (several events, a rename, a swap file): the events of
                // one save come within a few milliseconds; wait for quiet.
                let mut paths: BTreeSet<PathBuf> = first.into_iter().collect();
                let began = Instant::now();
                while let Ok(more) = rx.recv_timeout(QUIET) {
                    paths.extend(more);
                    if began.elapsed() > Duration::from_secs(1) {
                        break;
                    }
                }
                match session.update(&paths) {
                    Ok((outcome, kind)) => {
                        report(&outcome);
                        // Identical bytes: nothing written, no reload.
                        let wrote = outcome.written.is_some() && !outcome.unchanged;
                        let changed = match kind {
                            _ if !wrote => Changed::Nothing,
                            Kind::Full => Changed::Everything,
                            Kind::Partial { rendered, written } => {
                                crate::messages::notice(&format!(
                                    "reconstruction partielle : {rendered} fichier(s) rendu(s), {} changé(s)",
                                    written.len()
                                ));
                                Changed::Files(written)
                            }
                        };
                        live.set(changed, Some(&outcome));
                    }
                    Err(e) => eprintln!("kitpress : {e}"),
                }
            }
        });
    }

    let script = theme_dir
        .as_ref()
        .and_then(|t| crate::theme::theme_file(t, "apercu/apercu.js"))
        .unwrap_or_default();
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(port);
    let editing = edition.then(|| Editing {
        backend: backend::Backend::new(&options.root),
        root: options.root.clone(),
        port,
    });
    let preview = Preview {
        dir,
        base,
        live,
        script,
        zips,
    };
    http::serve(listener, move |request| {
        if let Some(e) = &editing {
            if let Some(request) = e.answer(request) {
                answer(request, &preview);
            }
            return;
        }
        answer(request, &preview)
    });
    Ok(())
}

/// What `serve --edition` adds: the CMS at `/admin/` and its backend.
struct Editing {
    backend: backend::Backend,
    root: PathBuf,
    port: u16,
}

/// Longest request the CMS may send: a picture (base64 takes a third more)
/// with its entry.
const MAX_API_BODY: usize =
    (crate::limits::MAX_UPLOAD_BYTES as usize / 3 * 4) + 2 * crate::limits::MAX_FILE_BYTES as usize;

impl Editing {
    /// Answers what belongs to the editing (the CMS, its API); gives the
    /// request back for anything else.
    fn answer(&self, mut request: http::Request) -> Option<http::Request> {
        let path = request.target.split('?').next().unwrap_or("").to_string();
        if path == crate::edition::cms::API_PATH {
            if request.method != "POST" {
                request.respond(
                    Response::text(405, "L'édition répond en POST seulement.")
                        .with_header("Allow", "POST"),
                );
                return None;
            }
            // A write from another site's page, even through this
            // machine's name, is refused: only the preview's own pages.
            if !request
                .origin
                .as_deref()
                .is_some_and(|o| http::own_origin(o, self.port))
            {
                request.respond(Response::text(
                    403,
                    "Origine refusée : l'édition n'accepte que les pages de l'aperçu lui-même.",
                ));
                return None;
            }
            let response = match request.body(MAX_API_BODY) {
                Ok(body) => match self.backend.handle(&body) {
                    Ok(value) => json(200, &value),
                    Err(r) => json(r.status, &serde_json::json!({ "error": r.message })),
                },
                Err(http::BodyError::TooLarge) => json(
                    413,
                    &serde_json::json!({ "error": "envoi trop lourd : une image de 20 Mio au plus" }),
                ),
                Err(http::BodyError::NoLength) => json(
                    411,
                    &serde_json::json!({ "error": "longueur de la requête absente" }),
                ),
                Err(http::BodyError::Incomplete) => {
                    json(400, &serde_json::json!({ "error": "requête incomplète" }))
                }
            };
            request.respond(response);
            return None;
        }
        let Some(admin) = path
            .strip_prefix("/admin")
            .filter(|rest| rest.is_empty() || rest.starts_with('/'))
        else {
            return Some(request);
        };
        if !matches!(request.method.as_str(), "GET" | "HEAD") {
            request
                .respond(Response::text(405, "Méthode refusée.").with_header("Allow", "GET, HEAD"));
            return None;
        }
        let response = match admin {
            "" => Response::new(301, "text/plain; charset=utf-8", Vec::new())
                .with_header("Location", "/admin/"),
            "/" | "/index.html" => {
                let sink = crate::diagnostic::Sink::new();
                match crate::edition::local_config(&self.root, "/", &sink) {
                    Some((cfg, _)) => Response::new(
                        200,
                        "text/html; charset=utf-8",
                        crate::edition::admin_page(&cfg).into_bytes(),
                    ),
                    None => unreadable_site(),
                }
            }
            "/config.yml" => {
                let sink = crate::diagnostic::Sink::new();
                let site_url = format!("http://127.0.0.1:{}/", self.port);
                match crate::edition::local_config(&self.root, &site_url, &sink) {
                    Some((_, config)) => {
                        Response::new(200, "text/yaml; charset=utf-8", config.into_bytes())
                    }
                    None => unreadable_site(),
                }
            }
            other => {
                let name = other
                    .strip_prefix(&format!("/{}/", crate::edition::DECAP_DIR))
                    .unwrap_or("");
                match crate::edition::decap_file(name) {
                    Some(bytes) => {
                        Response::new(200, content_type(Path::new(name)), bytes.to_vec())
                    }
                    None => Response::text(404, "Fichier de l'édition introuvable."),
                }
            }
        };
        request.respond(response);
        None
    }
}

fn json(status: u16, value: &serde_json::Value) -> Response {
    Response::new(
        status,
        "application/json",
        serde_json::to_vec(value).unwrap_or_default(),
    )
}

fn unreadable_site() -> Response {
    Response::text(
        500,
        "Le site ne se lit pas (site.yaml ou le thème) : voyez le terminal de kitpress serve.",
    )
}

/// What the preview's requests are answered from.
struct Preview {
    /// The built folder.
    dir: PathBuf,
    /// The site's own path (`/clicetmouv/`).
    base: String,
    live: Arc<Live>,
    /// The theme's `apercu/apercu.js`.
    script: Vec<u8>,
    /// The month's zips made when they are downloaded.
    zips: Zips,
}

/// Answers one request of the preview.
fn answer(request: http::Request, preview: &Preview) {
    let Preview {
        dir,
        base,
        live,
        script,
        zips,
    } = preview;
    // A preview is read, never written to.
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        let refused = Response::text(
            405,
            "Méthode refusée : l'aperçu se lit seulement (GET, HEAD).",
        )
        .with_header("Allow", "GET, HEAD");
        return request.respond(refused);
    }
    let url = request.target.clone();
    if let Some(query) = url.strip_prefix(EVENTS) {
        // `?page=/offres/surf/`: the page that listens, as the preview
        // serves it (the site's own path removed).
        let page = query
            .strip_prefix("?page=")
            .and_then(percent_decode)
            .unwrap_or_default();
        let page = page
            .strip_prefix(base.trim_end_matches('/'))
            .filter(|rest| rest.starts_with('/') && base != "/")
            .unwrap_or(&page);
        let stream = EventStream::new(Arc::clone(live), page_key(page));
        // Written straight to the socket, each event flushed as it comes.
        if let Some(out) = request.into_event_stream() {
            stream.run(out);
        }
        return;
    }
    if url == "/__kitpress/apercu.js" {
        return request.respond(Response::new(
            200,
            "text/javascript; charset=utf-8",
            script.to_vec(),
        ));
    }
    // The site's own path (`/clicetmouv/…`, used by the 404 page) is
    // served as the root.
    let found = resolve(dir, &url).or_else(|| {
        let rest = url.strip_prefix(base.trim_end_matches('/'))?;
        rest.starts_with('/').then(|| resolve(dir, rest)).flatten()
    });
    // A month's zip that a save left for later is made now.
    if let Some(rel) = found.as_ref().and_then(|f| f.strip_prefix(dir).ok()) {
        if let Some(Err(d)) = zips.make(&rel.to_string_lossy()) {
            eprintln!("kitpress : {d}");
        }
    }
    let response = match found.and_then(|file| std::fs::read(&file).ok().map(|b| (file, b))) {
        Some((file, mut bytes)) => {
            if content_type(&file).starts_with("text/html") {
                bytes.extend_from_slice(PREVIEW_TAG.as_bytes());
            }
            Response::new(200, content_type(&file), bytes)
        }
        None => not_found(dir),
    };
    request.respond(response);
}

/// Whether a file event may change the site: a file written, created,
/// renamed or removed — not a read (the build's own reads of `content/`
/// would rebuild it in a loop), not a change of permissions or times, and
/// not an editor's temporary file (swap, backup, lock).
pub fn changes_content(e: &notify::Event) -> bool {
    use notify::event::{EventKind, ModifyKind};
    let kind = match e.kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    };
    kind && e.paths.iter().any(|p| !editor_temporary(p))
}

/// An editor's temporary file: `.fichier.md.swp`, `fichier.md~`, `.#fichier.md`,
/// `4913` (vim's write test), `*.tmp`, `*.kate-swp`, hidden files.
pub fn editor_temporary(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || [".swp", ".swx", ".swo", ".tmp", ".kate-swp", ".part"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

fn not_found(dir: &Path) -> Response {
    let body = std::fs::read(dir.join("404.html")).unwrap_or_else(|_| b"Page introuvable".to_vec());
    Response::new(404, "text/html; charset=utf-8", body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_outside_the_folder_is_served() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        std::fs::create_dir_all(site.join("offres")).unwrap();
        std::fs::write(site.join("index.html"), "accueil").unwrap();
        std::fs::write(site.join("offres/index.html"), "offres").unwrap();
        std::fs::write(tmp.path().join("secret.txt"), "secret").unwrap();
        assert_eq!(
            resolve(&site, "/").unwrap(),
            site.join("index.html").canonicalize().unwrap()
        );
        assert!(resolve(&site, "/offres/").is_some());
        assert!(resolve(&site, "/offres/?q=1").is_some());
        assert!(resolve(&site, "/../secret.txt").is_none());
        assert!(resolve(&site, "/%2e%2e/secret.txt").is_none());
        assert!(resolve(&site, "/offres/../../secret.txt").is_none());
        assert!(resolve(&site, "/absent.html").is_none());
        std::fs::write(site.join(".kitpress-sortie"), "marqueur").unwrap();
        assert!(resolve(&site, "/.kitpress-sortie").is_none());
    }

    #[test]
    fn reads_and_editor_files_do_not_rebuild() {
        use notify::event::{AccessKind, CreateKind, DataChange, EventKind, ModifyKind};
        let ev = |kind, path: &str| notify::Event::new(kind).add_path(PathBuf::from(path));
        let md = "/site/content/offres/surf.md";
        assert!(!changes_content(&ev(
            EventKind::Access(AccessKind::Any),
            md
        )));
        assert!(changes_content(&ev(
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            md
        )));
        assert!(changes_content(&ev(
            EventKind::Create(CreateKind::File),
            md
        )));
        for tmp in [
            "/site/content/offres/.surf.md.swp",
            "/site/content/offres/surf.md~",
            "/site/content/offres/4913",
            "/site/content/offres/.#surf.md",
        ] {
            assert!(
                !changes_content(&ev(EventKind::Create(CreateKind::File), tmp)),
                "{tmp}"
            );
        }
    }
}
