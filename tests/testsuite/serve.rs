//! `kitpress serve`: serves the site on 127.0.0.1 only, nothing outside the
//! built folder, and rebuilds when a file changes.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::serve::{free_port, wait_for, Served};
use crate::support::SiteTest;
use crate::support::TODAY;

/// One request on its own connection: the status and the whole answer.
fn send(port: u16, method: &str, path: &str) -> Option<(u16, String)> {
    send_as(port, method, path, Some(&format!("127.0.0.1:{port}")))
}

/// One request with this `Host` header (none when `None`).
fn send_as(port: u16, method: &str, path: &str, host: Option<&str>) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\n{host}Content-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).ok()?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, text))
}

fn get(port: u16, path: &str) -> Option<(u16, String)> {
    send(port, "GET", path)
}

fn request(port: u16, method: &str, path: &str) -> Option<u16> {
    send(port, method, path).map(|(status, _)| status)
}

/// The event stream of one open page: each `data:` line, as JSON, as it comes.
fn events(port: u16, page: &str) -> std::sync::mpsc::Receiver<serde_json::Value> {
    let (tx, rx) = std::sync::mpsc::channel();
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET /__kitpress/evenements?page={page} HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n"
    )
    .unwrap();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(s).lines() {
            let Ok(line) = line else { return };
            if let Some(json) = line.strip_prefix("data: ") {
                if tx.send(serde_json::from_str(json).unwrap()).is_err() {
                    return;
                }
            }
        }
    });
    rx
}

/// The next event that satisfies `f`, within 30 s.
fn next_event(
    rx: &std::sync::mpsc::Receiver<serde_json::Value>,
    f: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
        if let Ok(e) = rx.recv_timeout(Duration::from_secs(1)) {
            if f(&e) {
                return e;
            }
        }
    }
    panic!("no such event in 30 s");
}

/// `kitpress serve` on `site`, on a free port, once it answers.
fn start_serve(site: &std::path::Path) -> (Served, u16) {
    let served = Served::start(site, &[]);
    let port = served.port;
    (served, port)
}

#[test]
fn serves_the_site_locally_and_rebuilds_on_change() {
    let tmp = SiteTest::copy("valid");
    std::fs::write(tmp.path().join("secret.txt"), "ne pas servir").unwrap();
    let (mut server, port) = start_serve(tmp.path());
    let (_, home) = get(port, "/").unwrap();
    assert!(home.contains("Clic&amp;Mouv"), "{home}");
    let head = home.split("\r\n\r\n").next().unwrap().to_ascii_lowercase();
    assert!(head.contains("cache-control: no-store"), "{head}");
    assert!(
        head.contains("content-type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(
        home.contains("/__kitpress/apercu.js"),
        "the preview's script"
    );
    let (status, script) = get(port, "/__kitpress/apercu.js").unwrap();
    assert_eq!(status, 200);
    assert!(script.contains("EventSource"), "{script}");
    // A preview is read only, and its marker file is not the site's.
    for method in ["POST", "PUT", "DELETE", "TRACE"] {
        assert_eq!(request(port, method, "/"), Some(405), "{method}");
    }
    assert_eq!(get(port, "/.kitpress-sortie").map(|r| r.0), Some(404));
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
    // 200 clients that send half a request and stall, more than the
    // preview's connection slots, do not stop it from answering: the
    // oldest half-sent request gives its slot to the newest connection.
    let stalled: Vec<TcpStream> = (0..200)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0").unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let asked = Instant::now();
    assert_eq!(get(port, "/offres/").map(|r| r.0), Some(200));
    assert!(
        asked.elapsed() < Duration::from_secs(1),
        "answered in {:?} beside 200 stalled connections",
        asked.elapsed()
    );
    drop(stalled);
    let rx = events(port, "/mentions-legales/");
    let first = next_event(&rx, |_| true);
    let v1 = first["version"].as_u64().unwrap();
    assert_eq!(first["erreurs"], serde_json::json!([]));
    // An unchanged site: no reload, not even after 5 s.
    let quiet = Instant::now();
    while quiet.elapsed() < Duration::from_secs(5) {
        if let Ok(e) = rx.recv_timeout(Duration::from_millis(200)) {
            assert_eq!(
                e["version"].as_u64(),
                Some(v1),
                "a reload on an unchanged site: {e}"
            );
        }
    }
    // A body edit: the offer's page reloads once, the others do not.
    let offer_events = events(port, "/offres/judo-mont-dore/");
    let o1 = next_event(&offer_events, |_| true)["version"]
        .as_u64()
        .unwrap();
    let offer = tmp.path().join("content/offres/sport/judo-mont-dore.md");
    let good = std::fs::read_to_string(&offer).unwrap();
    std::fs::write(&offer, format!("{good}\nMot ajouté zqxw.\n")).unwrap();
    let reloaded = next_event(&offer_events, |e| e["version"].as_u64() > Some(o1));
    assert!(get(port, "/offres/judo-mont-dore/")
        .unwrap()
        .1
        .contains("zqxw"));
    let o2 = reloaded["version"].as_u64().unwrap();
    let settle = Instant::now();
    while settle.elapsed() < Duration::from_secs(2) {
        if let Ok(e) = offer_events.recv_timeout(Duration::from_millis(200)) {
            assert_eq!(e["version"].as_u64(), Some(o2), "a second reload: {e}");
        }
    }
    while let Ok(e) = rx.try_recv() {
        assert_eq!(
            e["version"].as_u64(),
            Some(v1),
            "an unrelated page reloaded: {e}"
        );
    }
    std::fs::write(&offer, &good).unwrap();
    next_event(&offer_events, |e| e["version"].as_u64() > Some(o2));
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
    // The new version is announced once its pages are in place: open pages reload.
    let changed = next_event(&rx, |e| e["version"].as_u64() > Some(v1));
    let v2 = changed["version"].as_u64().unwrap();
    let (_, body) = get(port, "/mentions-legales/").unwrap();
    assert!(
        body.contains("Mentions légales modifiées"),
        "the change is rebuilt"
    );
    // A save that breaks something: its error, with file and line, for the
    // overlay; the pages stay as they were.
    let before = get(port, "/offres/judo-mont-dore/").unwrap().1;
    std::fs::write(&offer, good.replace("univers: sport", "univers: sprot")).unwrap();
    let broken = next_event(&rx, |e| {
        e["erreurs"].as_array().is_some_and(|a| !a.is_empty())
    });
    assert_eq!(
        broken["version"].as_u64(),
        Some(v2),
        "no reload on a failed build"
    );
    let err = &broken["erreurs"][0];
    assert_eq!(err["fichier"], "content/offres/sport/judo-mont-dore.md");
    assert_eq!(err["ligne"], 5);
    assert!(err["message"].as_str().unwrap().contains("sprot"));
    assert!(err["aide"].as_str().unwrap().contains("sport"));
    // The last good page is still served.
    assert_eq!(get(port, "/offres/judo-mont-dore/").unwrap().1, before);
    // Fixed: the overlay goes; the pages are those already served, byte
    // for byte, so nothing is rewritten and nothing reloads.
    std::fs::write(&offer, &good).unwrap();
    let fixed = next_event(&rx, |e| e["erreurs"] == serde_json::json!([]));
    assert_eq!(fixed["version"].as_u64(), Some(v2));
    // A month's zip is made when it is downloaded, with the last save.
    let kit = events(port, "/diffusion/2026-11/");
    let k1 = next_event(&kit, |_| true)["version"].as_u64().unwrap();
    let futsal = tmp
        .path()
        .join("content/offres/sport/futsal-riviere-salee.md");
    let text = std::fs::read_to_string(&futsal).unwrap();
    std::fs::write(
        &futsal,
        text.replace("Futsal du mercredi", "Futsal du jeudi"),
    )
    .unwrap();
    next_event(&kit, |e| e["version"].as_u64() > Some(k1));
    let (status, zip) = get(port, "/diffusion/2026-11/kit-diffusion-2026-11.zip").unwrap();
    assert_eq!(status, 200);
    assert!(zip.contains("Futsal du jeudi"), "the zip has the new title");
    assert!(
        !zip.contains("Futsal du mercredi"),
        "the zip has no old title"
    );
    // Ctrl+C: the server removes its private folder before it exits.
    let dir = std::env::temp_dir().join(format!("kitpress-apercu-{}", server.child.id()));
    assert!(dir.join("index.html").is_file(), "{}", dir.display());
    let ok = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok);
    let status = server.child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    assert!(!dir.exists(), "{} left behind", dir.display());
}

#[test]
fn nothing_of_the_preview_is_in_a_build() {
    let site = crate::support::SiteTest::built("valid");
    for (path, bytes) in crate::support::tree(&site.path().join("output")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("__kitpress"), "{}", path.display());
        assert!(
            !path.to_string_lossy().contains("apercu"),
            "{}",
            path.display()
        );
    }
}

#[test]
fn a_rebuild_with_no_change_rewrites_nothing() {
    let site = crate::support::SiteTest::built("valid");
    let out = site.path().join("output");
    let marker = std::fs::metadata(out.join(".kitpress-sortie"))
        .unwrap()
        .modified()
        .unwrap();
    let (code, err) = crate::support::build_status(site.path(), &out, &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("identique à la sortie en place : rien n'a été réécrit"),
        "{err}"
    );
    let after = std::fs::metadata(out.join(".kitpress-sortie"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(marker, after, "the output in place was kept");
    // A file removed from the output by hand is put back.
    std::fs::remove_file(out.join("index.html")).unwrap();
    let (code, err) = crate::support::build_status(site.path(), &out, &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.join("index.html").is_file());
}

#[test]
fn a_port_taken_is_said_with_a_free_one() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let tmp = SiteTest::copy("valid");
    let out = Command::new(env!("CARGO_BIN_EXE_kitpress"))
        .args([
            "serve",
            "--root",
            tmp.path().to_str().unwrap(),
            "--port",
            &port.to_string(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("le port {port} est déjà pris")),
        "{err}"
    );
    let proposed: u16 = err
        .split("--port ")
        .nth(1)
        .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port proposed: {err}"));
    assert!(
        TcpListener::bind(("127.0.0.1", proposed)).is_ok(),
        "{proposed} is free"
    );
    drop(taken);
}

#[test]
fn a_stalled_client_is_let_go_and_sigterm_cleans_up() {
    let tmp = SiteTest::copy("valid");
    let (mut server, port) = start_serve(tmp.path());
    // Half a request, then nothing: the server answers 408 and closes
    // within its read timeout rather than holding the connection.
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(b"GET / HTTP/1.1\r\nHost: 127").unwrap();
    s.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    let started = Instant::now();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    // SIGTERM: the private folder goes too.
    let dir = std::env::temp_dir().join(format!("kitpress-apercu-{}", server.child.id()));
    assert!(dir.join("index.html").is_file());
    assert!(Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap()
        .success());
    server.child.wait().unwrap();
    assert!(!dir.exists(), "{} left behind", dir.display());
}

#[test]
fn a_foreign_host_gets_nothing_and_closed_event_streams_free_their_slots() {
    let tmp = SiteTest::copy("valid");
    let (_server, port) = start_serve(tmp.path());
    let own = format!("127.0.0.1:{port}");
    let foreign = format!("evil.example:{port}");
    let wrong_port = format!("localhost:{}", port.wrapping_add(1));
    // A page of another site whose name now points at 127.0.0.1 (DNS
    // rebinding), a missing or empty Host, another port: nothing of the
    // site, event stream included.
    for path in [
        "/",
        "/offres/",
        "/__kitpress/evenements?page=/",
        "/__kitpress/apercu.js",
    ] {
        for host in [
            Some("evil.example"),
            Some(foreign.as_str()),
            Some(""),
            None,
            Some(wrong_port.as_str()),
        ] {
            let (status, text) = send_as(port, "GET", path, host).unwrap();
            assert_eq!(status, 421, "{path} with Host {host:?}: {text}");
            assert!(!text.contains("<html") && !text.contains("data:"), "{text}");
        }
    }
    for host in [
        own.clone(),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(
            send_as(port, "GET", "/", Some(&host)).map(|r| r.0),
            Some(200),
            "{host}"
        );
    }
    // 200 pages opened then closed: their slots are given back at once,
    // not at the next ping 15 s later.
    // (While the slots are all taken, a new connection is told 503 and
    // closed, maybe before its request is written: a write may fail.)
    for _ in 0..200 {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let _ = write!(
            s,
            "GET /__kitpress/evenements?page=/ HTTP/1.1\r\nHost: {own}\r\n\r\n"
        );
        let mut head = [0u8; 12];
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let _ = s.read(&mut head);
        drop(s);
    }
    std::thread::sleep(Duration::from_millis(300));
    let asked = Instant::now();
    let answer = get(port, "/offres/").map(|r| r.0);
    assert_eq!(answer, Some(200));
    assert!(
        asked.elapsed() < Duration::from_secs(1),
        "answered in {:?} after 200 closed event streams",
        asked.elapsed()
    );
}

#[test]
fn a_preview_killed_outright_is_cleared_by_the_next_one() {
    let tmp = SiteTest::copy("valid");
    let (mut first, _) = start_serve(tmp.path());
    let dir = std::env::temp_dir().join(format!("kitpress-apercu-{}", first.child.id()));
    assert!(dir.join("index.html").is_file());
    // SIGKILL: no chance to clean up; drafts are left in the shared folder.
    first.child.kill().unwrap();
    first.child.wait().unwrap();
    assert!(dir.exists());
    // And what the `rm` of an interrupted preview left, if the machine
    // stopped while it ran (named after the dead process).
    let id = first.child.id();
    let trash = std::env::temp_dir().join(format!(".kitpress-apercu-{id}.kitpress-trash-{id}"));
    std::fs::create_dir_all(trash.join("offres")).unwrap();
    std::fs::write(trash.join("offres/brouillon.html"), "brouillon").unwrap();
    // And the folder of a preview killed during its first build, before
    // its own folder existed (a process that never had one).
    let never = u32::MAX - 7;
    let half = std::env::temp_dir().join(format!(".kitpress-apercu-{never}.kitpress-tmp-{never}"));
    std::fs::create_dir_all(half.join("offres")).unwrap();
    std::fs::write(half.join("offres/brouillon.html"), "brouillon").unwrap();
    let (_second, _) = start_serve(tmp.path());
    assert!(!dir.exists(), "{} left behind", dir.display());
    assert!(!trash.exists(), "{} left behind", trash.display());
    assert!(!half.exists(), "{} left behind", half.display());
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let leftovers: Vec<String> = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!(".{name}.")))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_save_during_the_first_build_is_served() {
    let tmp = SiteTest::copy("valid");
    let page = tmp.path().join("content/pages/contact.md");
    let port = free_port();
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
    let server = Served { child, port };
    // The first build has started once the preview's temporary folder is
    // there; the save lands while it runs (or, on a fast machine, just
    // after): either way it must be served.
    let building = std::env::temp_dir().join(format!(
        ".kitpress-apercu-{}.kitpress-lock",
        server.child.id()
    ));
    wait_for(Duration::from_secs(30), || building.exists());
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("Écrivez-nous", "Écrivez-nous vite")).unwrap();
    assert!(
        wait_for(Duration::from_secs(30), || get(port, "/contact/")
            .is_some_and(
                |(s, body)| s == 200 && body.contains("Écrivez-nous vite")
            )),
        "the save made during the first build is not served"
    );
    drop(server);
}
