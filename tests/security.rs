//! Untrusted content stays inert: the attack fixture (`tests/fixtures/attack`)
//! holds the payloads found by the attack run of issue 11 that kitpress must
//! neutralise rather than refuse. It builds, and no file of its output holds
//! anything a browser would run or load from elsewhere. The payloads that
//! kitpress refuses are invalid fixtures (`tests/invalid_fixtures.rs`).

mod common;

use std::path::Path;

use common::inert::{compact, executable_markup};
use common::{built_copy, check, fixture, snapshot};

#[test]
fn no_output_file_holds_executable_markup() {
    let site = built_copy("attack");
    let out = site.path().join("output");
    let mut found = Vec::new();
    let mut html_files = 0;
    for (path, bytes) in snapshot(&out) {
        let rel = path.to_string_lossy().into_owned();
        let text = String::from_utf8_lossy(&bytes);
        if rel.ends_with(".html") {
            html_files += 1;
            found.extend(executable_markup(&rel, &text));
        } else {
            let lower = compact(&text);
            if lower.contains("javascript:") {
                found.push(format!("{rel}: javascript: URL"));
            }
            if (rel.ends_with(".xml") || rel.ends_with(".svg")) && lower.contains("<script") {
                found.push(format!("{rel}: <script>"));
            }
        }
    }
    assert!(html_files > 20, "{html_files} pages only");
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_scan_itself_catches_each_kind_of_payload() {
    let page = r#"<html><head><style>@top-right { content: "x
} body { background: url(https://pirate.example.com/t) }"; }</style></head><body>
<h2 onfocus="a()">t</h2><a href=" JaVa&#09;script:x">l</a><script>x()</script>
<img src="data:image/svg+xml,x"><p style="background:url(https://e.nc/)">p</p>
<iframe></iframe><script src="../catalogue.js"></script>
<script type="application/ld+json">{"name": "a"}</script>
<script type="application/ld+json">{"name": "</script><script>x()</script>"}</script></body></html>"#;
    let found = executable_markup("t.html", page);
    // The broken JSON-LD block (cut by `</script>`) and the script after it.
    assert_eq!(found.len(), 9, "{found:#?}");
}

#[test]
fn only_the_images_pages_use_are_published() {
    let site = built_copy("attack");
    let images: Vec<String> = snapshot(&site.path().join("output/images"))
        .into_iter()
        .map(|(p, _)| p.to_string_lossy().replace('\\', "/"))
        .collect();
    // The one picture a page uses, with its variants (re-encoded: none of
    // its original bytes beyond the pixels).
    assert!(
        images.contains(&"offres/surf.png".to_string()),
        "{images:?}"
    );
    assert!(
        images.iter().all(|i| i.starts_with("offres/surf")),
        "{images:?}"
    );
    for gone in ["page.html", "page.xhtml", "piege.svg", "inutile.png"] {
        assert!(!site.path().join("output/images").join(gone).exists());
    }
}

#[test]
fn removed_markup_and_unpublished_files_are_reported() {
    let outcome = check(&fixture("attack"));
    assert_eq!(outcome.errors(), 0, "{:#?}", outcome.diagnostics);
    let at = |code: &str| -> Vec<(String, usize)> {
        outcome
            .diagnostics
            .iter()
            .filter(|d| d.code == code)
            .map(|d| (d.file.clone(), d.pos.line))
            .collect()
    };
    let page = "content/pages/essai.md".to_string();
    let lines: Vec<usize> = at("html-retire")
        .into_iter()
        .filter(|(f, _)| *f == page)
        .map(|(_, l)| l)
        .collect();
    // Heading attributes, script, onerror, span and td styles, ontoggle,
    // svg (and its link and animation), math, iframe, onclick and style,
    // form and its parts, object and embed, onmouseover.
    for line in [6, 8, 10, 14, 16, 18, 20, 22, 24, 26, 28, 32, 34] {
        assert!(lines.contains(&line), "line {line} not reported: {lines:?}");
    }
    let files: Vec<String> = at("fichier-non-publie")
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    assert_eq!(
        files,
        ["content/images/page.html", "content/images/page.xhtml"]
    );
    assert_eq!(outcome.unused_images, 2);
}

#[test]
fn the_fixture_still_holds_its_payloads() {
    // Guards against a fixture edited into harmlessness.
    let body = std::fs::read_to_string(fixture("attack").join("content/pages/essai.md")).unwrap();
    for needle in [
        "onfocus",
        "<script>",
        "onerror",
        "ontoggle",
        "srcdoc",
        "formaction",
        "<math>",
    ] {
        assert!(body.contains(needle), "{needle}");
    }
    assert!(Path::new(&fixture("attack").join("content/images/piege.svg")).exists());
}
