//! `kitpress serve`: serves the site on 127.0.0.1 only, nothing outside the
//! built folder, and rebuilds when a file changes.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{copy_dir, fixture, TODAY};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).ok()?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, text))
}

fn wait_for(deadline: Duration, mut f: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < deadline {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(150));
    }
    false
}

#[test]
fn serves_the_site_locally_and_rebuilds_on_change() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("valid"), tmp.path());
    std::fs::write(tmp.path().join("secret.txt"), "ne pas servir").unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_kitpress"))
        .args([
            "serve",
            "--root",
            tmp.path().to_str().unwrap(),
            "--port",
            &port.to_string(),
            "--date",
            TODAY,
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    assert!(
        wait_for(Duration::from_secs(30), || get(port, "/")
            .is_some_and(|(s, _)| s == 200)),
        "the server answers"
    );
    let (_, home) = get(port, "/").unwrap();
    assert!(home.contains("Clic&amp;Mouv"), "{home}");
    assert!(home.contains("/__kitpress/version"), "live reload script");
    for escape in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/offres/../../secret.txt",
    ] {
        let (status, body) = get(port, escape).unwrap();
        assert_eq!(status, 404, "{escape}");
        assert!(!body.contains("ne pas servir"));
    }
    // A missing page deep down gets the 404 page, whose links start from
    // the site's path, which the preview serves too.
    let (status, missing) = get(port, "/offres/retiree/").unwrap();
    assert_eq!(status, 404);
    assert!(
        missing.contains("href=\"/clicetmouv/style.css\""),
        "{missing}"
    );
    let (status, css) = get(port, "/clicetmouv/style.css").unwrap();
    assert_eq!(status, 200);
    assert!(css.contains("--primaire") || css.contains("body"), "{css}");
    let (_, v1) = get(port, "/__kitpress/version").unwrap();
    let page = tmp.path().join("content/pages/mentions-legales.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replace(
            "titre: \"Mentions légales\"",
            "titre: \"Mentions légales modifiées\"",
        ),
    )
    .unwrap();
    assert!(
        wait_for(Duration::from_secs(30), || get(port, "/mentions-legales/")
            .is_some_and(|(_, b)| b.contains("Mentions légales modifiées"))),
        "the change is rebuilt"
    );
    // The version moves just after the new pages are in place: open pages,
    // which poll it every second, reload.
    let before = v1.lines().last().map(String::from);
    assert!(
        wait_for(Duration::from_secs(10), || get(port, "/__kitpress/version")
            .is_some_and(
                |(_, v)| v.lines().last().map(String::from) != before
            )),
        "the version moves so pages reload"
    );
    // Ctrl+C: the server removes its private folder before it exits.
    let dir = std::env::temp_dir().join(format!("kitpress-apercu-{}", server.0.id()));
    assert!(dir.join("index.html").is_file(), "{}", dir.display());
    let ok = Command::new("kill")
        .args(["-INT", &server.0.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok);
    let status = server.0.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    assert!(!dir.exists(), "{} left behind", dir.display());
}
