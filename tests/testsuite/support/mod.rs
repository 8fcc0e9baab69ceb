//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod inert;
pub mod serve;

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
    build::run(options, Mode::check(&root.join("output"))).expect("check runs")
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
pub fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
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

/// A fixture site copied into a temporary folder, the setup nearly every test
/// needs: copy it, edit it, build or check it as a user would, read a page.
/// The copy is deleted when the value is dropped.
///
/// ```ignore
/// let site = SiteTest::copy("valid");
/// site.write("content/actus/nouvelle.md", "---\ntitre: …\n---\n");
/// site.build_ok(&[]);
/// assert!(site.page("index.html").contains("nouvelle"));
/// ```
pub struct SiteTest {
    dir: tempfile::TempDir,
}

impl SiteTest {
    /// A copy of `tests/fixtures/<name>`.
    pub fn copy(name: &str) -> SiteTest {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixture(name), dir.path());
        SiteTest { dir }
    }

    /// A copy of the embedded site (the repository's `content/`; the
    /// default theme is the binary's).
    pub fn embedded() -> SiteTest {
        let dir = tempfile::tempdir().unwrap();
        let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        copy_dir(&content, &dir.path().join("content"));
        SiteTest { dir }
    }

    /// A copy of `tests/fixtures/<name>` built into its `output/` at the
    /// tests' reference day; the build must succeed.
    pub fn built(name: &str) -> SiteTest {
        let site = SiteTest::copy(name);
        site.build_ok(&[]);
        site
    }

    /// The site's root (where `content/` is).
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Where `build` writes by default: the site's `output/`.
    pub fn out(&self) -> PathBuf {
        self.path().join("output")
    }

    /// Writes `text` to `rel` under the root, making its folders.
    pub fn write(&self, rel: &str, text: &str) -> &SiteTest {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// Adds a news item `content/actus/<slug>.md` of rubrique `bon-plan`.
    pub fn news(
        &self,
        slug: &str,
        statut: &str,
        date: &str,
        canaux: &str,
        body: &str,
    ) -> &SiteTest {
        self.write(
            &format!("content/actus/{slug}.md"),
            &format!(
                "---\ntitre: \"Titre {slug}\"\nrubrique: bon-plan\ndate: {date}\ncanaux: [{canaux}]\nstatut: {statut}\n---\n{body}\n"
            ),
        )
    }

    /// Replaces `from` (which must be there) by `to` in the file `rel`.
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> &SiteTest {
        let path = self.path().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} does not hold {from:?}");
        std::fs::write(path, text.replace(from, to)).unwrap();
        self
    }

    /// Runs `kitpress build` on the site at the tests' reference day, into
    /// its `output/` unless `extra` says otherwise.
    pub fn build(&self, extra: &[&str]) -> Output {
        let mut args = vec![
            "build",
            "--root",
            self.path().to_str().unwrap(),
            "--date",
            TODAY,
        ];
        args.extend_from_slice(extra);
        kitpress(&args)
    }

    /// Like [`SiteTest::build`]; the build must succeed.
    pub fn build_ok(&self, extra: &[&str]) -> &SiteTest {
        let o = self.build(extra);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        self
    }

    /// `kitpress serve` on this site, with `extra` arguments.
    pub fn serve(&self, extra: &[&str]) -> serve::Served {
        serve::Served::start(self.path(), extra)
    }

    /// A page of the built site, from `output/`.
    pub fn page(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out().join(rel)).unwrap()
    }
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
