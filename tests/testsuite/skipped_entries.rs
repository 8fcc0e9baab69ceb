//! Nothing under `content/` is skipped in silence (issue 11): links, pipes,
//! folders named like files, hidden files and names that are not UTF-8 each
//! get a `fichier-ignore` warning with their path, the build goes on, and a
//! pipe is never opened (reading it would block the build).

use std::os::unix::ffi::OsStrExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::SiteTest;
use crate::support::{check, TODAY};

fn odd_site() -> SiteTest {
    let tmp = SiteTest::copy("valid");
    let pages = tmp.path().join("content/pages");
    std::os::unix::fs::symlink("accueil.md", pages.join("lien.md")).unwrap();
    std::os::unix::fs::symlink("..", pages.join("boucle")).unwrap();
    rustix::fs::mknodat(
        rustix::fs::CWD,
        pages.join("tube.md"),
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o644),
        0,
    )
    .unwrap();
    std::fs::create_dir(pages.join("dossier.md")).unwrap();
    std::fs::write(pages.join(".md"), "x").unwrap();
    let name = std::ffi::OsStr::from_bytes(b"nom-\xe9.md");
    std::fs::write(pages.join(name), "x").unwrap();
    tmp
}

#[test]
fn every_skipped_entry_is_reported_with_its_path() {
    let site = odd_site();
    let outcome = check(site.path());
    let mut skipped: Vec<&str> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.code == "fichier-ignore")
        .map(|d| d.file.as_str())
        .collect();
    skipped.sort_unstable();
    assert_eq!(
        skipped,
        [
            "content/pages/.md",
            "content/pages/boucle",
            "content/pages/dossier.md",
            "content/pages/lien.md",
            "content/pages/nom-\u{fffd}.md",
            "content/pages/tube.md",
        ]
    );
    assert_eq!(outcome.errors(), 0, "{:#?}", outcome.diagnostics);
}

#[test]
fn the_command_line_reports_a_pipe_without_opening_it() {
    let site = odd_site();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kitpress"))
        .args([
            "check",
            "--root",
            site.path().to_str().unwrap(),
            "--date",
            TODAY,
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("kitpress check blocked on the pipe");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("content/pages/tube.md"), "{stderr}");
    assert!(stderr.contains("pas un fichier ordinaire"), "{stderr}");
}
