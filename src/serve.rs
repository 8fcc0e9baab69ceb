//! `kitpress serve`: builds the site into a private folder, serves it on
//! 127.0.0.1 only, rebuilds when a file of the site changes, and reloads the
//! open pages.
//!
//! Nothing outside the built folder is ever served: the request path is
//! decoded, any `..` is refused, and the resolved file must stay inside the
//! folder. A build that fails keeps the previous pages on screen (the output
//! is only swapped on success) and prints its diagnostics.

use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use crate::build::{self, Mode, Outcome};
use crate::error::KitError;
use crate::site::Options;

/// Script added to each HTML page: reloads it when the site was rebuilt.
const RELOAD_SCRIPT: &str = r#"<script>(function(){let v=null;setInterval(function(){fetch('/__kitpress/version').then(function(r){return r.text()}).then(function(t){if(v!==null&&t!==v)location.reload();v=t}).catch(function(){})},1000)})();</script>"#;

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
    let build_once = {
        let options = options.clone();
        let dir = dir.clone();
        move || {
            build::run(
                options.clone(),
                Mode::Build {
                    output: dir.clone(),
                },
            )
        }
    };
    let base = {
        let sink = crate::diagnostic::Sink::new();
        crate::load::read_text(&options.root, crate::config::CONFIG_FILE, &sink)
            .and_then(|t| crate::config::SiteConfig::parse(&t, &sink))
            .map(|c| c.base_path())
            .unwrap_or_else(|| "/".into())
    };
    let first = build_once()?;
    report(&first);
    let version = Arc::new(AtomicU64::new(1));

    let server = tiny_http::Server::http(("127.0.0.1", port))
        .map_err(|e| KitError::Usage(format!("impossible d'écouter sur 127.0.0.1:{port} : {e}")))?;
    let addr = server
        .server_addr()
        .to_ip()
        .map(|a| a.to_string())
        .unwrap_or_default();
    eprintln!("Aperçu sur http://{addr}/ (Ctrl+C pour arrêter) — les pages se rechargent à chaque modification.");

    // Rebuild on change, debounced.
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
        if ev.is_ok_and(|e| changes_content(&e)) {
            let _ = tx.send(());
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
        let version = Arc::clone(&version);
        std::thread::spawn(move || {
            let _watcher = watcher;
            while rx.recv().is_ok() {
                std::thread::sleep(Duration::from_millis(200));
                while rx.try_recv().is_ok() {}
                match build_once() {
                    Ok(outcome) => {
                        report(&outcome);
                        if outcome.written.is_some() {
                            version.fetch_add(1, Ordering::SeqCst);
                        }
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
        if url == "/__kitpress/version" {
            let _ = request.respond(tiny_http::Response::from_string(
                version.load(Ordering::SeqCst).to_string(),
            ));
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
                        bytes.extend_from_slice(RELOAD_SCRIPT.as_bytes());
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
