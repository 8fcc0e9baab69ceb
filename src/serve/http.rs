//! The preview's HTTP: a small server on 127.0.0.1 that holds when clients
//! are slow or stall.
//!
//! - Only its own host is answered: a request whose `Host` is not
//!   `127.0.0.1`, `localhost` or `[::1]` on the preview's port gets `421`
//!   and nothing of the site, event streams included. A page of another
//!   site that rebinds its name to 127.0.0.1 (DNS rebinding) cannot read
//!   the preview, drafts included.
//! - At most [`MAX_CONNECTIONS`] connections at once. When they are all
//!   taken, the oldest connection still sending its request's head is let
//!   go for the new one (half-sent requests cannot hold every slot); when
//!   none is, the new one is told `503` straight away and closed.
//! - A request's head must arrive within [`READ_TIMEOUT`] (else `408`), and
//!   an answer must be taken within [`WRITE_TIMEOUT`]: a stalled client
//!   holds its thread for seconds, never for ever.
//! - One request per connection (`Connection: close`); the head is parsed by
//!   `httparse` (the parser of hyper), at most 16 KiB of it.
//! - Every answer says `Cache-Control: no-store` (a preview changes under
//!   the browser) and `X-Content-Type-Options: nosniff`.

use std::io::{Read, Write};
use std::net::Shutdown;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::error::KitError;

/// Connections served at once (open pages each keep one for their events).
pub const MAX_CONNECTIONS: usize = 128;
/// Time for a client to send its request's head.
pub const READ_TIMEOUT: Duration = Duration::from_secs(5);
/// Time for a client to take each part of an answer.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest request head read.
const MAX_HEAD: usize = 16 * 1024;

/// A request's method and target, and the connection to answer on.
pub struct Request {
    pub method: String,
    /// As sent: path and query (`/offres/?q=1`).
    pub target: String,
    /// The `Host` header, when sent.
    pub host: Option<String>,
    /// The `Origin` header, when sent (browsers send it with every POST).
    pub origin: Option<String>,
    /// The `Content-Length` header, when sent and a number.
    pub content_length: Option<usize>,
    /// What came after the head in the last read: the body's first bytes.
    leftover: Vec<u8>,
    stream: TcpStream,
}

/// Why a request's body was not read.
#[derive(Debug, PartialEq, Eq)]
pub enum BodyError {
    /// No `Content-Length` (chunked bodies are not taken).
    NoLength,
    /// Longer than the limit given.
    TooLarge,
    /// The client stopped sending, or too slowly.
    Incomplete,
}

/// Time for a client to send a whole body.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(60);

/// An answer: status, content type, body, and other headers.
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub headers: Vec<(&'static str, String)>,
}

impl Response {
    pub fn new(status: u16, content_type: &'static str, body: Vec<u8>) -> Response {
        Response {
            status,
            content_type,
            body,
            headers: Vec::new(),
        }
    }

    /// A short French text.
    pub fn text(status: u16, body: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            body.as_bytes().to_vec(),
        )
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        411 => "Length Required",
        413 => "Content Too Large",
        422 => "Unprocessable Content",
        500 => "Internal Server Error",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

fn head(status: u16, content_type: &str, extra: &[(&'static str, String)]) -> String {
    let mut h = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n",
        reason(status)
    );
    for (name, value) in extra {
        h.push_str(&format!("{name}: {value}\r\n"));
    }
    h
}

impl Request {
    /// Reads the body announced by `Content-Length`, at most `limit` bytes,
    /// within [`BODY_TIMEOUT`].
    pub fn body(&mut self, limit: usize) -> Result<Vec<u8>, BodyError> {
        let len = self.content_length.ok_or(BodyError::NoLength)?;
        if len > limit {
            return Err(BodyError::TooLarge);
        }
        let mut body = std::mem::take(&mut self.leftover);
        body.truncate(len);
        let started = Instant::now();
        let mut chunk = vec![0u8; 64 * 1024];
        while body.len() < len {
            if started.elapsed() > BODY_TIMEOUT {
                return Err(BodyError::Incomplete);
            }
            let want = (len - body.len()).min(chunk.len());
            match self.stream.read(&mut chunk[..want]) {
                Ok(0) | Err(_) => return Err(BodyError::Incomplete),
                Ok(n) => body.extend_from_slice(&chunk[..n]),
            }
        }
        Ok(body)
    }

    /// Writes `response` and closes the connection.
    pub fn respond(mut self, response: Response) {
        let mut bytes = head(response.status, response.content_type, &response.headers);
        bytes.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            response.body.len()
        ));
        let _ = self.stream.write_all(bytes.as_bytes());
        if self.method != "HEAD" {
            let _ = self.stream.write_all(&response.body);
        }
        let _ = self.stream.flush();
    }

    /// Starts a stream of server-sent events and hands over the connection.
    pub fn into_event_stream(mut self) -> Option<TcpStream> {
        let mut bytes = head(200, "text/event-stream", &[]);
        bytes.push_str("Connection: keep-alive\r\n\r\n");
        self.stream.write_all(bytes.as_bytes()).ok()?;
        self.stream.flush().ok()?;
        Some(self.stream)
    }
}

/// Listens on 127.0.0.1:`port`. A port already taken is said in French,
/// with a free one to use instead.
pub fn bind(port: u16) -> Result<TcpListener, KitError> {
    match TcpListener::bind((Ipv4Addr::LOCALHOST, port)) {
        Ok(l) => Ok(l),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            let free = (port.saturating_add(1)..port.saturating_add(50))
                .find(|p| TcpListener::bind((Ipv4Addr::LOCALHOST, *p)).is_ok())
                .or_else(|| {
                    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
                        .and_then(|l| l.local_addr())
                        .map(|a| a.port())
                        .ok()
                });
            let hint = free
                .map(|p| format!(" : relancez avec --port {p}, qui est libre"))
                .unwrap_or_default();
            Err(KitError::Usage(format!(
                "le port {port} est déjà pris (un autre aperçu tourne peut-être){hint}"
            )))
        }
        Err(e) => Err(KitError::Usage(format!(
            "impossible d'écouter sur 127.0.0.1:{port} : {}",
            crate::diagnostic::io_fr(&e)
        ))),
    }
}

/// Whether `host` (a `Host` header) names this machine's loopback on
/// `port`: `127.0.0.1`, `localhost` or `[::1]`, with the port (without it
/// only for port 80, as HTTP says).
pub fn own_host(host: &str, port: u16) -> bool {
    let host = host.trim().to_ascii_lowercase();
    let (name, given) = match host.rsplit_once(':') {
        // `[::1]` alone has colons inside its brackets.
        Some((name, p)) if !p.ends_with(']') => (name, p.parse::<u16>().ok()),
        _ => (host.as_str(), Some(80)),
    };
    matches!(name, "127.0.0.1" | "localhost" | "[::1]") && given == Some(port)
}

/// Whether `origin` (an `Origin` header, `http://127.0.0.1:1111`) is this
/// preview's own page: a write from any other page is refused.
pub fn own_origin(origin: &str, port: u16) -> bool {
    origin
        .strip_prefix("http://")
        .is_some_and(|host| !host.contains('/') && own_host(host, port))
}

/// The connections open at once, each with when it came and whether it is
/// still sending its request's head.
#[derive(Default)]
struct Slots {
    open: Mutex<Vec<Slot>>,
    next: std::sync::atomic::AtomicU64,
}

struct Slot {
    id: u64,
    since: Instant,
    reading: bool,
    /// A handle on the connection, to let it go.
    stream: TcpStream,
}

impl Slots {
    /// A slot for `stream`: a free one, else the one of the oldest
    /// connection still sending its head (it is closed). `None` when every
    /// slot is busy answering.
    fn take(&self, stream: &TcpStream) -> Option<u64> {
        let handle = stream.try_clone().ok()?;
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if open.len() >= MAX_CONNECTIONS {
            let oldest = open
                .iter()
                .enumerate()
                .filter(|(_, s)| s.reading)
                .min_by_key(|(_, s)| s.since)
                .map(|(i, _)| i)?;
            let evicted = open.swap_remove(oldest);
            let _ = evicted.stream.shutdown(Shutdown::Both);
        }
        let id = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        open.push(Slot {
            id,
            since: Instant::now(),
            reading: true,
            stream: handle,
        });
        Some(id)
    }

    /// The connection `id` has sent its whole head: it is being answered.
    fn answering(&self, id: u64) {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = open.iter_mut().find(|s| s.id == id) {
            s.reading = false;
        }
    }

    fn free(&self, id: u64) {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        open.retain(|s| s.id != id);
    }
}

/// Accepts connections until the process stops, each on its own thread,
/// handing every well-formed request for its own host to `handle`.
pub fn serve(listener: TcpListener, handle: impl Fn(Request) + Send + Sync + 'static) {
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
    let handle = Arc::new(handle);
    let slots = Arc::new(Slots::default());
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors, for instance: let some close.
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        let Some(id) = slots.take(&stream) else {
            refuse(stream);
            continue;
        };
        let (handle, own) = (Arc::clone(&handle), Arc::clone(&slots));
        let spawned = std::thread::Builder::new()
            .name("apercu-http".into())
            .spawn(move || {
                if let Some(request) = read_request(stream) {
                    own.answering(id);
                    if request.host.as_deref().is_some_and(|h| own_host(h, port)) {
                        handle(request);
                    } else {
                        request.respond(Response::text(
                            421,
                            "Hôte refusé : l'aperçu ne répond qu'à l'adresse affichée au démarrage (127.0.0.1 ou localhost, avec son port).",
                        ));
                    }
                }
                own.free(id);
            });
        if spawned.is_err() {
            // The thread was not made: its connection is already closed.
            slots.free(id);
            continue;
        }
    }
}

/// Too many connections: said at once, on the accepting thread.
fn refuse(mut stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
    let body = "Trop de connexions ouvertes sur l'aperçu : réessayez dans un instant.";
    let mut bytes = head(
        503,
        "text/plain; charset=utf-8",
        &[("Retry-After", "1".into())],
    );
    bytes.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ));
    let _ = stream.write_all(bytes.as_bytes());
}

/// Reads one request's head within [`READ_TIMEOUT`]; answers what cannot
/// be read (`400`, `408`, `431`) and gives `None` then.
fn read_request(mut stream: TcpStream) -> Option<Request> {
    stream.set_read_timeout(Some(READ_TIMEOUT)).ok()?;
    stream.set_write_timeout(Some(WRITE_TIMEOUT)).ok()?;
    let started = std::time::Instant::now();
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut req = httparse::Request::new(&mut headers);
        match req.parse(&buf) {
            Ok(httparse::Status::Complete(head_len)) => {
                let header = |name: &str| {
                    req.headers
                        .iter()
                        .find(|h| h.name.eq_ignore_ascii_case(name))
                        .map(|h| String::from_utf8_lossy(h.value).into_owned())
                };
                let (host, origin) = (header("host"), header("origin"));
                let content_length = header("content-length").and_then(|v| v.trim().parse().ok());
                let method = req.method.unwrap_or("").to_string();
                let target = req.path.unwrap_or("/").to_string();
                return Some(Request {
                    method,
                    target,
                    host,
                    origin,
                    content_length,
                    leftover: buf[head_len..].to_vec(),
                    stream,
                });
            }
            Ok(httparse::Status::Partial) => {}
            Err(_) => {
                answer_error(stream, 400, "Requête illisible.");
                return None;
            }
        }
        if buf.len() > MAX_HEAD {
            answer_error(stream, 431, "En-têtes trop longs.");
            return None;
        }
        // A client that sends a byte now and then still has READ_TIMEOUT
        // in all.
        if started.elapsed() > READ_TIMEOUT {
            answer_error(stream, 408, "Requête trop lente.");
            return None;
        }
        match stream.read(&mut chunk) {
            Ok(0) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                answer_error(stream, 408, "Requête trop lente.");
                return None;
            }
            Err(_) => return None,
        }
    }
}

fn answer_error(stream: TcpStream, status: u16, text: &str) {
    Request {
        method: String::new(),
        target: String::new(),
        host: None,
        origin: None,
        content_length: None,
        leftover: Vec::new(),
        stream,
    }
    .respond(Response::text(status, text));
}

#[cfg(test)]
mod tests {
    use super::own_host;

    #[test]
    fn only_its_own_host_and_port_are_its_own() {
        for host in [
            "127.0.0.1:8123",
            "localhost:8123",
            "LocalHost:8123",
            "[::1]:8123",
        ] {
            assert!(own_host(host, 8123), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:8123",
            "",
            "127.0.0.1",
            "127.0.0.1:8124",
            "localhost.evil.example:8123",
            "127.0.0.1.nip.io:8123",
            "[::1]",
            "[::2]:8123",
        ] {
            assert!(!own_host(host, 8123), "{host}");
        }
        assert!(own_host("localhost", 80));
    }
}
