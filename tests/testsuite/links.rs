//! Internal link and anchor checker over built output: every href, src and
//! srcset that points into the site resolves to a file, and every `#fragment`
//! exists in its target. Runs on the embedded site, the valid fixture, and a
//! deliberately broken page (to prove the checker can fail).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::support::SiteTest;
use crate::support::{build_to, copy_dir, fixture};
use scraper::{Html, Selector};

/// Base URL of the embedded site and of the fixtures, whose absolute links
/// (canonical, feeds) map onto the output folder.
const BASES: [&str; 2] = [
    "https://www.province-sud.nc/clicetmouv/",
    "https://test.example.nc/",
];

struct Checker {
    root: PathBuf,
    ids: HashMap<PathBuf, Vec<String>>,
}

impl Checker {
    fn ids_of(&mut self, file: &Path) -> &Vec<String> {
        self.ids.entry(file.to_path_buf()).or_insert_with(|| {
            let html = Html::parse_document(&std::fs::read_to_string(file).unwrap_or_default());
            let sel = Selector::parse("[id]").unwrap();
            html.select(&sel)
                .filter_map(|e| e.value().attr("id").map(String::from))
                .collect()
        })
    }

    /// The file a link lands on, or `None` when it leaves the site.
    fn target(&self, from: &Path, link: &str) -> Option<PathBuf> {
        let path = link.split('#').next().unwrap_or("");
        let path = path.split('?').next().unwrap_or("");
        let mut abs = None;
        for base in BASES {
            if let Some(rest) = link.strip_prefix(base) {
                abs = Some(self.root.join(rest.split('#').next().unwrap_or("")));
            }
        }
        let mut target = match abs {
            Some(p) => p,
            None if path.contains(':') || path.starts_with("//") => return None,
            None if path.is_empty() => from.to_path_buf(),
            // An absolute path starts from the site's path on its host
            // (`/clicetmouv/…`, the 404 page), or from the host's root.
            None if path.starts_with('/') => {
                let site_path = BASES
                    .iter()
                    .filter_map(|b| {
                        b.split_once("://")
                            .and_then(|(_, r)| r.find('/').map(|i| &r[i..]))
                    })
                    .filter(|p| *p != "/")
                    .find_map(|p| path.strip_prefix(p));
                self.root
                    .join(site_path.unwrap_or(path).trim_start_matches('/'))
            }
            None => from.parent().unwrap().join(path),
        };
        if target.is_dir() || link.split('#').next().unwrap_or("").ends_with('/') {
            target = target.join("index.html");
        }
        Some(target)
    }

    /// Every broken link of the output, as `file: link (why)`.
    fn broken(&mut self) -> Vec<String> {
        let sel = Selector::parse(
            "a[href], link[href], img[src], script[src], img[srcset], source[srcset]",
        )
        .unwrap();
        let mut out = Vec::new();
        let files: Vec<PathBuf> = walkdir::WalkDir::new(&self.root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .map(|e| e.path().to_path_buf())
            .collect();
        for file in files {
            let html = Html::parse_document(&std::fs::read_to_string(&file).unwrap());
            let mut links: Vec<String> = Vec::new();
            for e in html.select(&sel) {
                let v = e.value();
                links.extend(v.attr("href").or(v.attr("src")).map(String::from));
                if let Some(srcset) = v.attr("srcset") {
                    links.extend(
                        srcset
                            .split(',')
                            .filter_map(|c| c.split_whitespace().next())
                            .map(String::from),
                    );
                }
            }
            let rel = file.strip_prefix(&self.root).unwrap().display().to_string();
            for link in links {
                let Some(target) = self.target(&file, &link) else {
                    continue;
                };
                let target = normalise(&target);
                if !target.starts_with(&self.root) {
                    out.push(format!("{rel}: {link} (sort du site)"));
                } else if !target.is_file() {
                    out.push(format!("{rel}: {link} (introuvable)"));
                } else if let Some(frag) = link
                    .split_once('#')
                    .map(|(_, f)| f)
                    .filter(|f| !f.is_empty())
                {
                    if !self.ids_of(&target).iter().any(|id| id == frag) {
                        out.push(format!("{rel}: {link} (ancre absente)"));
                    }
                }
            }
        }
        out.sort();
        out
    }
}

/// Resolves `..` without touching the disk.
fn normalise(path: &Path) -> PathBuf {
    let mut parts: Vec<std::path::Component> = Vec::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    parts.iter().collect()
}

fn check_output(root: &Path) -> Vec<String> {
    Checker {
        root: root.to_path_buf(),
        ids: HashMap::new(),
    }
    .broken()
}

#[test]
fn the_embedded_site_has_no_broken_link() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build_to(Path::new(env!("CARGO_MANIFEST_DIR")), &out, &[]);
    let broken = check_output(&out);
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn the_valid_fixture_has_no_broken_link_even_in_preview() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("src");
    copy_dir(&fixture("valid"), &site);
    for extra in [&[][..], &["--brouillons"][..]] {
        let out = tmp.path().join("out");
        build_to(&site, &out, extra);
        let broken = check_output(&out);
        assert!(broken.is_empty(), "{extra:?}: {broken:#?}");
    }
}

#[test]
fn the_checker_finds_broken_links_and_anchors() {
    let broken = check_output(&fixture("broken-html"));
    assert_eq!(
        broken,
        [
            "index.html: #nulle-part (ancre absente)",
            "index.html: introuvable/ (introuvable)"
        ]
    );
}

#[test]
fn the_404_page_works_at_any_depth() {
    // Served for /offres/retiree/ as for /x: no link of it may be relative.
    let tmp = SiteTest::copy("valid");
    let out = tmp.path().join("output");
    build_to(tmp.path(), &out, &[]);
    let html = Html::parse_document(&std::fs::read_to_string(out.join("404.html")).unwrap());
    let sel = Selector::parse("a[href], link[href], img[src], script[src]").unwrap();
    let mut relative = Vec::new();
    for e in html.select(&sel) {
        let v = e.value();
        let link = v.attr("href").or(v.attr("src")).unwrap_or("");
        if !(link.starts_with('/') || link.starts_with('#') || link.contains("://")) {
            relative.push(link.to_string());
        }
    }
    assert!(relative.is_empty(), "{relative:?}");
    assert!(std::fs::read_to_string(out.join("404.html"))
        .unwrap()
        .contains("href=\"/clicetmouv/style.css\""));
}
