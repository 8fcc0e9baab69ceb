//! A `kitpress serve` for a test: started on a free port, killed when
//! dropped, and raw HTTP requests to it.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::TODAY;

/// A running `kitpress serve`, stopped when dropped.
pub struct Served {
    pub child: Child,
    pub port: u16,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    /// `kitpress serve` on `site` (with `extra` arguments) at the tests'
    /// reference day, on a free port, once it serves its home page.
    pub fn start(site: &Path, extra: &[&str]) -> Served {
        let port = free_port();
        let port_text = port.to_string();
        let mut args = vec![
            "serve",
            "--root",
            site.to_str().unwrap(),
            "--port",
            &port_text,
            "--date",
            TODAY,
        ];
        args.extend_from_slice(extra);
        let child = Command::new(env!("CARGO_BIN_EXE_kitpress"))
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let served = Served { child, port };
        // The first build draws every visual of the site with a cold cache,
        // in a debug binary, beside the other tests: minutes on 2 cores.
        assert!(
            wait_for(Duration::from_secs(240), || served
                .send("GET", "/", &[], b"")
                .is_some_and(|(s, _)| s == 200)),
            "the server answers"
        );
        served
    }

    /// One request on its own connection, with `Host: 127.0.0.1:<port>`
    /// unless `headers` give one: the status and the whole answer.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Option<(u16, String)> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
        let mut head = format!("{method} {path} HTTP/1.1\r\n");
        if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
            head.push_str(&format!("Host: 127.0.0.1:{}\r\n", self.port));
        }
        for (n, v) in headers {
            head.push_str(&format!("{n}: {v}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        ));
        s.write_all(head.as_bytes()).ok()?;
        s.write_all(body).ok()?;
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).ok()?;
        let text = String::from_utf8_lossy(&raw).into_owned();
        let status = text.split_whitespace().nth(1)?.parse().ok()?;
        Some((status, text))
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Whether `f` holds within `deadline`, asked every 150 ms.
pub fn wait_for(deadline: Duration, mut f: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < deadline {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(150));
    }
    false
}
