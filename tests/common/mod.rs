//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod inert;

use std::path::{Path, PathBuf};
use std::process::Output;

use chrono::NaiveDate;
use kitpress::build::{self, Mode, Outcome};
use kitpress::site::Options;

/// The reference day of every test, so that date rules are reproducible.
pub const TODAY: &str = "2026-11-24";

pub fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Runs `check` through the library, at the tests' reference day.
pub fn check(root: &Path) -> Outcome {
    check_at(root, today())
}

/// Runs `check` through the library at a given reference day.
pub fn check_at(root: &Path, day: NaiveDate) -> Outcome {
    let options = Options {
        root: root.to_path_buf(),
        drafts: false,
        today: day,
    };
    build::run(options, Mode::Check).expect("check runs")
}

/// Runs the `kitpress` binary.
pub fn kitpress(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kitpress"))
        .args(args)
        .output()
        .expect("kitpress runs")
}

/// Copies a folder recursively (fixtures are copied before a test writes).
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, sorted by path.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// A copy of a fixture site, built with `kitpress build` at the tests'
/// reference day into its `output/`.
pub fn built_copy(name: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), tmp.path());
    build_to(tmp.path(), &tmp.path().join("output"), &[]);
    tmp
}

/// Runs `kitpress build` on `site` into `out` at the tests' reference day:
/// its exit code and what it said.
pub fn build_status(site: &Path, out: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec![
        "build",
        "--root",
        site.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--date",
        TODAY,
    ];
    args.extend_from_slice(extra);
    let o = kitpress(&args);
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Runs `kitpress build` on `site` into `out`; the build must succeed.
pub fn build_to(site: &Path, out: &Path, extra: &[&str]) {
    let (code, stderr) = build_status(site, out, extra);
    assert_eq!(code, Some(0), "{stderr}");
}
