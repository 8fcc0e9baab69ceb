//! `kitpress serve`: builds the site into a private folder, serves it on
//! 127.0.0.1 only, rebuilds when a file of the site changes, and reloads the
//! open pages.
//!
//! Nothing outside the built folder is ever served: the request path is
//! decoded, any `..` is refused, and the resolved file must stay inside the
//! folder. A build that fails keeps the previous pages on screen (the output
//! is only swapped on success) and prints its diagnostics.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use std::collections::BTreeSet;
use std::time::Instant;

use crate::build::Outcome;
use crate::error::KitError;
use crate::rebuild::{Kind, Session};
use crate::site::Options;

/// Added to each HTML page the preview serves (never to the built site):
/// the theme's `apercu/apercu.js`, which follows [`EVENTS`].
const PREVIEW_TAG: &str = r#"<script src="/__kitpress/apercu.js" defer></script>"#;
/// How long without file events ends a save.
const QUIET: Duration = Duration::from_millis(25);
/// Server-sent events: the preview's state after each build.
const EVENTS: &str = "/__kitpress/evenements";

/// What open pages are told: the version of their page (it changes only
/// when a build wrote different bytes for it) and the errors of the last
/// build. A partial rebuild changes the version of the pages it wrote
/// only, so that a page reloads once per save that changed it, and never
/// for a save that did not.
#[derive(Default)]
struct Live {
    state: Mutex<LiveState>,
    changed: Condvar,
}

#[derive(Default)]
struct LiveState {
    /// Counts the builds that wrote something.
    version: u64,
    /// The last build that changed every page (a full build).
    all: u64,
    /// The last build that changed each page, by page (`offres/surf/`).
    pages: std::collections::HashMap<String, u64>,
    /// The errors of the last build, as JSON.
    errors: String,
}

/// What a build changed in the preview.
enum Changed {
    Nothing,
    Everything,
    Files(Vec<String>),
}

/// The page a file of the output is (`offres/surf/index.html` →
/// `offres/surf/`), or a request path names (`/offres/surf/index.html`).
fn page_key(path: &str) -> String {
    let path = path.split(['?', '#']).next().unwrap_or("");
    let path = path.trim_start_matches('/');
    path.strip_suffix("index.html").unwrap_or(path).to_string()
}

impl Live {
    fn set(&self, changed: Changed, outcome: Option<&Outcome>) {
        let errors: Vec<serde_json::Value> = outcome
            .map(|o| {
                o.diagnostics
                    .iter()
                    .filter(|d| d.is_error())
                    .map(|d| {
                        serde_json::json!({
                            "fichier": d.file,
                            "ligne": d.pos.line,
                            "cle": d.key,
                            "message": d.message,
                            "aide": d.hint,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        match changed {
            Changed::Nothing => {}
            Changed::Everything => {
                s.version += 1;
                s.all = s.version;
            }
            Changed::Files(files) => {
                s.version += 1;
                let v = s.version;
                for f in files {
                    s.pages.insert(page_key(&f), v);
                }
            }
        }
        s.errors = serde_json::Value::from(errors).to_string();
        self.changed.notify_all();
    }
}

impl LiveState {
    /// The state one page is told, as JSON.
    fn of(&self, page: &str) -> String {
        let version = self.all.max(self.pages.get(page).copied().unwrap_or(0));
        format!(r#"{{"version":{version},"erreurs":{}}}"#, self.errors)
    }
}

/// One page's event stream: the current state at once, then each new one,
/// and a comment every 15 s so that a closed page ends its thread.
struct EventStream {
    live: Arc<Live>,
    /// The page that listens (`offres/surf/`).
    page: String,
    seen: Option<String>,
    pending: Vec<u8>,
}

impl std::io::Read for EventStream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pending.is_empty() {
            let guard = self.live.state.lock().unwrap_or_else(|e| e.into_inner());
            let (guard, _) = self
                .live
                .changed
                .wait_timeout_while(guard, Duration::from_secs(15), |s| {
                    self.seen.as_deref() == Some(s.of(&self.page).as_str())
                })
                .unwrap_or_else(|e| e.into_inner());
            let now = guard.of(&self.page);
            if self.seen.as_deref() == Some(now.as_str()) {
                self.pending = b": ping\n\n".to_vec();
            } else {
                self.pending = format!("data: {now}\n\n").into_bytes();
                self.seen = Some(now);
            }
        }
        let n = self.pending.len().min(buf.len());
        buf[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        Ok(n)
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
        _ => "application/octet-stream",
    }
}

/// Runs the server until the process is stopped. `report` prints a build's
/// outcome (diagnostics and summary) the way the other commands do.
pub fn run(
    options: Options,
    port: u16,
    report: impl Fn(&Outcome) + Send + Sync + 'static,
) -> Result<(), KitError> {
    let dir = std::env::temp_dir().join(format!("kitpress-apercu-{}", std::process::id()));
    // Removed on Ctrl+C or SIGTERM, as is the lock file beside it.
    let _dir = crate::interrupt::register(dir.clone());
    let _lock = crate::interrupt::register(std::env::temp_dir().join(format!(
        ".kitpress-apercu-{}.kitpress-lock",
        std::process::id()
    )));
    let base = {
        let sink = crate::diagnostic::Sink::new();
        crate::load::read_text(&options.root, crate::config::CONFIG_FILE, &sink)
            .and_then(|t| crate::config::SiteConfig::parse(&t, &sink))
            .map(|c| c.base_path())
            .unwrap_or_else(|| "/".into())
    };
    let (mut session, first) = Session::start(options.clone(), dir.clone())?;
    report(&first);
    let live = Arc::new(Live::default());
    live.set(Changed::Everything, Some(&first));
    let theme_dir = {
        let sink = crate::diagnostic::Sink::new();
        crate::load::read_text(&options.root, crate::config::CONFIG_FILE, &sink)
            .and_then(|t| crate::config::SiteConfig::parse(&t, &sink))
            .and_then(|c| crate::templates::locate(&options.root, &c.theme, &sink))
    };

    let server = tiny_http::Server::http(("127.0.0.1", port))
        .map_err(|e| KitError::Usage(format!("impossible d'écouter sur 127.0.0.1:{port} : {e}")))?;
    let addr = server
        .server_addr()
        .to_ip()
        .map(|a| a.to_string())
        .unwrap_or_default();
    eprintln!("Aperçu sur http://{addr}/ (Ctrl+C pour arrêter) — les pages se rechargent à chaque modification.");

    // Rebuild on change, debounced.
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
                                crate::report::notice(&format!(
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

    for request in server.incoming_requests() {
        let url = request.url().to_string();
        // A preview is read, never written to.
        if !matches!(
            request.method(),
            tiny_http::Method::Get | tiny_http::Method::Head
        ) {
            let allow = tiny_http::Header::from_bytes("Allow", "GET, HEAD").expect("valid header");
            let _ = request.respond(
                tiny_http::Response::from_string(
                    "Méthode refusée : l'aperçu se lit seulement (GET, HEAD).",
                )
                .with_status_code(405)
                .with_header(allow),
            );
            continue;
        }
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
            let stream = EventStream {
                live: Arc::clone(&live),
                page: page_key(page),
                seen: None,
                pending: Vec::new(),
            };
            // Written straight to the socket, each event flushed as it comes
            // (a response body would sit in the server's chunk buffer).
            std::thread::spawn(move || stream_events(request, stream));
            continue;
        }
        if url == "/__kitpress/apercu.js" {
            let script = theme_dir
                .as_ref()
                .and_then(|t| crate::templates::theme_file(t, "apercu/apercu.js"))
                .unwrap_or_default();
            let header =
                tiny_http::Header::from_bytes("Content-Type", "text/javascript; charset=utf-8")
                    .expect("valid header");
            let _ = request.respond(tiny_http::Response::from_data(script).with_header(header));
            continue;
        }
        // The site's own path (`/clicetmouv/…`, used by the 404 page) is
        // served as the root.
        let found = resolve(&dir, &url).or_else(|| {
            let rest = url.strip_prefix(base.trim_end_matches('/'))?;
            rest.starts_with('/').then(|| resolve(&dir, rest)).flatten()
        });
        let response = match found {
            Some(file) => match std::fs::read(&file) {
                Ok(mut bytes) => {
                    if content_type(&file).starts_with("text/html") {
                        bytes.extend_from_slice(PREVIEW_TAG.as_bytes());
                    }
                    let header = tiny_http::Header::from_bytes("Content-Type", content_type(&file))
                        .expect("valid header");
                    tiny_http::Response::from_data(bytes).with_header(header)
                }
                Err(_) => not_found(&dir),
            },
            None => not_found(&dir),
        };
        let _ = request.respond(response);
    }
    Ok(())
}

fn stream_events(request: tiny_http::Request, mut stream: EventStream) {
    use std::io::{Read, Write};
    let mut w = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    if w.write_all(head.as_bytes())
        .and_then(|_| w.flush())
        .is_err()
    {
        return;
    }
    let mut buf = [0u8; 8192];
    // Ends when the page is closed: the next write fails.
    while let Ok(n) = stream.read(&mut buf) {
        if w.write_all(&buf[..n]).and_then(|_| w.flush()).is_err() {
            return;
        }
    }
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

fn not_found(dir: &Path) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let body = std::fs::read(dir.join("404.html")).unwrap_or_else(|_| b"Page introuvable".to_vec());
    let header = tiny_http::Header::from_bytes("Content-Type", "text/html; charset=utf-8")
        .expect("valid header");
    tiny_http::Response::from_data(body)
        .with_status_code(404)
        .with_header(header)
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
