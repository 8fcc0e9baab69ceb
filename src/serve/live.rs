//! What open pages of the preview are told, by server-sent events: the
//! version of their own page and the errors of the last build.

use std::collections::HashMap;
use std::io::Write;
use std::net::TcpStream;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::build::Outcome;

/// What open pages are told: the version of their page (it changes only
/// when a build wrote different bytes for it) and the errors of the last
/// build. A partial rebuild changes the version of the pages it wrote
/// only, so that a page reloads once per save that changed it, and never
/// for a save that did not.
#[derive(Default)]
pub struct Live {
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
    pages: HashMap<String, u64>,
    /// The errors of the last build, as JSON.
    errors: String,
}

/// What a build changed in the preview.
pub enum Changed {
    Nothing,
    Everything,
    Files(Vec<String>),
}

/// The page a file of the output is (`offres/surf/index.html` →
/// `offres/surf/`), or a request path names (`/offres/surf/index.html`).
pub fn page_key(path: &str) -> String {
    let path = path.split(['?', '#']).next().unwrap_or("");
    let path = path.trim_start_matches('/');
    path.strip_suffix("index.html").unwrap_or(path).to_string()
}

impl Live {
    pub fn set(&self, changed: Changed, outcome: Option<&Outcome>) {
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

/// How often an event stream looks whether its page was closed: a closed
/// page gives back its connection's slot within this time.
const CLOSED_CHECK: Duration = Duration::from_millis(200);
/// A comment sent when nothing changed for this long, so that proxies and
/// browsers keep the stream open.
const PING: Duration = Duration::from_secs(15);

/// One page's event stream: the current state at once, then each new one,
/// and a comment every [`PING`]; it ends as soon as the page is closed.
pub struct EventStream {
    live: Arc<Live>,
    /// The page that listens (`offres/surf/`).
    page: String,
    seen: Option<String>,
}

impl EventStream {
    pub fn new(live: Arc<Live>, page: String) -> EventStream {
        EventStream {
            live,
            page,
            seen: None,
        }
    }

    /// The next state to tell the page, waiting for it at most `wait`.
    fn next(&mut self, wait: Duration) -> Option<String> {
        let guard = self.live.state.lock().unwrap_or_else(|e| e.into_inner());
        let (guard, _) = self
            .live
            .changed
            .wait_timeout_while(guard, wait, |s| {
                self.seen.as_deref() == Some(s.of(&self.page).as_str())
            })
            .unwrap_or_else(|e| e.into_inner());
        let now = guard.of(&self.page);
        if self.seen.as_deref() == Some(now.as_str()) {
            return None;
        }
        self.seen = Some(now.clone());
        Some(now)
    }

    /// Writes the events to `out` until the page is closed: the client
    /// closed its end (seen within [`CLOSED_CHECK`]) or a write fails.
    pub fn run(mut self, mut out: TcpStream) {
        let mut quiet_since = Instant::now();
        loop {
            if closed(&out) {
                return;
            }
            let bytes = match self.next(CLOSED_CHECK) {
                Some(state) => format!("data: {state}\n\n").into_bytes(),
                None if quiet_since.elapsed() >= PING => b": ping\n\n".to_vec(),
                None => continue,
            };
            quiet_since = Instant::now();
            if out.write_all(&bytes).and_then(|_| out.flush()).is_err() {
                return;
            }
        }
    }
}

/// Whether the client closed its end of `stream` (an event stream's
/// client sends nothing after its request; what it would send is read and
/// dropped).
fn closed(stream: &TcpStream) -> bool {
    use std::io::Read;
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let mut buf = [0u8; 512];
    let gone = loop {
        match (&*stream).read(&mut buf) {
            Ok(0) => break true,
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break false,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => break true,
        }
    };
    gone || stream.set_nonblocking(false).is_err()
}
