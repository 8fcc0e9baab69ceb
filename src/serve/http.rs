//! The preview's HTTP: a small server on 127.0.0.1 that holds when clients
//! are slow or stall.
//!
//! - At most [`MAX_CONNECTIONS`] connections at once: one more is told
//!   `503` straight away and closed, so that a burst cannot exhaust threads.
//! - A request's head must arrive within [`READ_TIMEOUT`] (else `408`), and
//!   an answer must be taken within [`WRITE_TIMEOUT`]: a stalled client
//!   holds its thread for seconds, never for ever.
//! - One request per connection (`Connection: close`); the head is parsed by
//!   `httparse` (the parser of hyper), at most 16 KiB of it.
//! - Every answer says `Cache-Control: no-store` (a preview changes under
//!   the browser) and `X-Content-Type-Options: nosniff`.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

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
    stream: TcpStream,
}

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
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
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

/// Accepts connections until the process stops, each on its own thread,
/// handing every well-formed request to `handle`.
pub fn serve(listener: TcpListener, handle: impl Fn(Request) + Send + Sync + 'static) {
    let handle = Arc::new(handle);
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors, for instance: let some close.
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            refuse(stream);
            continue;
        }
        let (handle, open) = (Arc::clone(&handle), Arc::clone(&open));
        let spawned = std::thread::Builder::new()
            .name("apercu-http".into())
            .spawn(move || {
                if let Some(request) = read_request(stream) {
                    handle(request);
                }
                open.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            // The thread was not made: its connection is already closed.
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
            Ok(httparse::Status::Complete(_)) => {
                return Some(Request {
                    method: req.method.unwrap_or("").to_string(),
                    target: req.path.unwrap_or("/").to_string(),
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
        stream,
    }
    .respond(Response::text(status, text));
}
