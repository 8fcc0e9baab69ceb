//! Builds that are stopped, killed or run twice at once never leave
//! temporary folders behind, never lose the previous output, and never fail
//! as if the content were wrong.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::SiteTest;
use crate::support::{build_to, tree, TODAY};

/// A copy of the valid fixture with enough pages that a build takes a while.
fn big_site() -> SiteTest {
    let tmp = SiteTest::copy("valid");
    let para =
        "Un paragraphe de texte pour la page, avec assez de mots pour qu'elle pèse. ".repeat(20);
    for i in 0..4000 {
        std::fs::write(
            tmp.path().join(format!("content/pages/page-{i}.md")),
            format!(
                "---\ntitre: \"Page {i}\"\nstatut: valide\n---\n## Partie\n\n{para}\n\n{para}\n"
            ),
        )
        .unwrap();
    }
    tmp
}

fn spawn_build(site: &Path, out: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_kitpress"))
        .args(["build", "--root", site.to_str().unwrap(), "--output"])
        .arg(out)
        .args(["--date", TODAY])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Files and folders beside the output that kitpress made, but the lock;
/// waits up to 60 s for a previous output deleted in the background (a
/// detached `rm -rf` of thousands of pages and their visuals: on a loaded
/// CI machine 10 s was not always enough).
fn leftovers(parent: &Path) -> Vec<String> {
    let start = Instant::now();
    loop {
        let found = leftovers_now(parent);
        if found.is_empty() || start.elapsed() > Duration::from_secs(60) {
            return found;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn leftovers_now(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // The lock file and the cache (QR codes, images) stay on purpose.
        .filter(|n| {
            n.contains(".kitpress-") && !n.ends_with(".kitpress-lock") && n != ".kitpress-cache"
        })
        .collect()
}

/// Waits until the build has started writing its temporary folder.
fn wait_for_tmp(parent: &Path, child: &mut Child) -> Option<PathBuf> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if let Some(t) = std::fs::read_dir(parent)
            .unwrap()
            .filter_map(Result::ok)
            .find(|e| e.file_name().to_string_lossy().contains(".kitpress-tmp-"))
        {
            // Let it write a few pages.
            std::thread::sleep(Duration::from_millis(50));
            return Some(t.path());
        }
        if child.try_wait().unwrap().is_some() {
            return None;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    None
}

fn signal(child: &Child, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill {sig}");
}

fn stopped_by(sig: &str, expected_code: i32) {
    let site = big_site();
    let out = site.path().join("output");
    build_to(site.path(), &out, &[]);
    let before = tree(&out);
    let mut child = spawn_build(site.path(), &out);
    let tmp = wait_for_tmp(site.path(), &mut child).expect("the build started writing");
    signal(&child, sig);
    let status = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(!tmp.exists(), "{} still there", tmp.display());
    assert!(
        leftovers(site.path()).is_empty(),
        "{:?}",
        leftovers(site.path())
    );
    // Stopped before the swap (the site is large enough): exit 130 and the
    // previous output, byte for byte.
    assert_eq!(status.status.code(), Some(expected_code), "{stderr}");
    assert!(stderr.contains("interrompu"), "{stderr}");
    assert_eq!(tree(&out), before);
}

#[test]
fn ctrl_c_removes_the_temporary_folder_and_keeps_the_output() {
    stopped_by("-INT", 130);
}

#[test]
fn sigterm_removes_the_temporary_folder_and_keeps_the_output() {
    stopped_by("-TERM", 130);
}

#[test]
fn the_next_build_removes_what_a_killed_build_left() {
    let site = big_site();
    let out = site.path().join("output");
    build_to(site.path(), &out, &[]);
    let mut child = spawn_build(site.path(), &out);
    let tmp = wait_for_tmp(site.path(), &mut child).expect("the build started writing");
    signal(&child, "-KILL");
    let _ = child.wait();
    assert!(tmp.exists(), "SIGKILL cannot be handled: the folder stays");
    assert!(out.join("index.html").is_file(), "the output is untouched");
    // What builds killed while they made or deleted a folder leave: no
    // marker in them.
    for name in [".output.kitpress-tmp-999999", ".output.kitpress-old-999998"] {
        let half = site.path().join(name).join("offres/surf");
        std::fs::create_dir_all(&half).unwrap();
        std::fs::write(half.join("index.html"), "à moitié").unwrap();
    }
    build_to(site.path(), &out, &[]);
    assert!(
        leftovers(site.path()).is_empty(),
        "{:?}",
        leftovers(site.path())
    );
}

#[test]
fn an_output_moved_aside_by_a_killed_swap_is_put_back() {
    let tmp = SiteTest::copy("valid");
    let out = tmp.path().join("output");
    build_to(tmp.path(), &out, &[]);
    let before = tree(&out);
    // What a kill between the two renames of a swap leaves.
    std::fs::rename(&out, tmp.path().join(".output.kitpress-old-999999")).unwrap();
    // A build that fails must leave that previous output in place.
    std::fs::write(
        tmp.path().join("content/pages/cassee.md"),
        "---\ntitre: \"Cassée\"\nstatut: valide\n---\nVoir [rien](@/pages/nulle-part.md).\n",
    )
    .unwrap();
    let o = spawn_build(tmp.path(), &out).wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("remise en place"), "{stderr}");
    assert_eq!(tree(&out), before);
    assert!(leftovers(tmp.path()).is_empty());
}

#[test]
fn two_builds_into_one_output_take_turns() {
    let tmp = SiteTest::copy("valid");
    let out = tmp.path().join("output");
    let builds: Vec<Child> = (0..3).map(|_| spawn_build(tmp.path(), &out)).collect();
    for b in builds {
        let o = b.wait_with_output().unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    assert!(out.join("index.html").is_file());
    assert!(leftovers(tmp.path()).is_empty());
}
