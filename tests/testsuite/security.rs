//! Untrusted content stays inert: the attack fixture (`tests/fixtures/attack`)
//! holds the payloads found by the attack run of issue 11 that kitpress must
//! neutralise rather than refuse. It builds, and no file of its output holds
//! anything a browser would run or load from elsewhere. The payloads that
//! kitpress refuses are invalid fixtures (`tests/invalid_fixtures.rs`).

use std::path::Path;

use crate::support::inert::{compact, executable_markup};
use crate::support::{check, fixture, tree, SiteTest};

#[test]
fn no_output_file_holds_executable_markup() {
    let site = SiteTest::built("attack");
    let out = site.path().join("output");
    let mut found = Vec::new();
    let mut html_files = 0;
    for (path, bytes) in tree(&out) {
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
    let site = SiteTest::built("attack");
    let images: Vec<String> = tree(&site.path().join("output/images"))
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

/// A copy of the valid fixture whose event's visual (`actus/fete-du-sport.svg`)
/// is `svg`.
fn site_with_visual_svg(svg: &str) -> SiteTest {
    let tmp = SiteTest::copy("valid");
    std::fs::write(
        tmp.path().join("content/images/actus/fete-du-sport.svg"),
        svg,
    )
    .unwrap();
    tmp
}

/// Nothing in a published SVG can run or load: every element is of the
/// SVG namespace, no attribute is a handler, a link points only inside the
/// file or at an embedded raster image, and no CSS loads.
fn assert_svg_inert(rel: &str, svg: &str) {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{rel}: {e}"));
    assert!(
        !svg.contains("<!DOCTYPE") && !svg.contains("<!ENTITY"),
        "{rel}"
    );
    for n in doc.descendants().filter(|n| n.is_element()) {
        let name = n.tag_name().name().to_ascii_lowercase();
        assert_eq!(
            n.tag_name().namespace(),
            Some("http://www.w3.org/2000/svg"),
            "{rel}: <{name}>"
        );
        for banned in [
            "script",
            "foreignobject",
            "iframe",
            "set",
            "animate",
            "a",
            "embed",
            "object",
        ] {
            assert_ne!(name, banned, "{rel}");
        }
        for a in n.attributes() {
            let v = compact(a.value());
            assert!(
                !a.name().to_ascii_lowercase().starts_with("on"),
                "{rel}: {}",
                a.name()
            );
            assert!(
                !v.contains("javascript:") && !v.contains("@import") && !v.contains("image-set("),
                "{rel}: {v}"
            );
            assert_ne!(a.name(), "base", "{rel}: xml:base");
            if a.name() == "href" {
                assert!(
                    v.starts_with('#') || v.starts_with("data:image/"),
                    "{rel}: href {v}"
                );
            }
            for (i, _) in v.match_indices("url(") {
                assert!(
                    v[i + 4..].trim_start_matches(['"', '\'']).starts_with('#'),
                    "{rel}: {v}"
                );
            }
        }
    }
}

#[test]
fn svgs_that_ran_script_are_refused_and_every_published_svg_is_inert() {
    // The three SVGs that ran script on the site's origin in Chromium.
    for (what, svg) in [
        (
            "entity",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY s \"&#60;script&#62;alert(document.domain)&#60;/script&#62;\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">&s;<rect width=\"10\" height=\"10\"/></svg>",
        ),
        (
            "iframe srcdoc",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">\n<iframe xmlns=\"http://www.w3.org/1999/xhtml\" srcdoc=\"&lt;script&gt;alert(document.domain)&lt;/script&gt;\"/>\n</svg>",
        ),
        (
            "iframe javascript:",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:h=\"http://www.w3.org/1999/xhtml\" viewBox=\"0 0 10 10\">\n<h:iframe src=\"javascript:alert(document.domain)\"/>\n</svg>",
        ),
    ] {
        let site = site_with_visual_svg(svg);
        let out = site.path().join("output");
        let (code, stderr) = crate::support::build_status(site.path(), &out, &[]);
        assert_eq!(code, Some(1), "{what}: {stderr}");
        assert!(stderr.contains("svg-actif"), "{what}: {stderr}");
        assert!(stderr.contains("content/images/actus/fete-du-sport.svg:2"), "{what}: {stderr}");
        assert!(!out.exists(), "{what}: published");
    }
    // What only draws is published, written again: a link, an editor's
    // metadata and an unknown attribute are dropped (said), the drawing kept.
    let site = site_with_visual_svg(
        r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 10 10" inkscape:version="1.3"><metadata>auteur</metadata><a href="https://www.province-sud.nc/"><circle cx="5" cy="5" r="4" fill="#b8004f" data-x="1"/></a><text x="1" y="9">A &amp; B</text></svg>"##,
    );
    let out = site.path().join("output");
    let (code, stderr) = crate::support::build_status(site.path(), &out, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("svg-nettoye"), "{stderr}");
    let mut svgs = 0;
    for (path, bytes) in tree(&out) {
        let rel = path.to_string_lossy().into_owned();
        if rel.ends_with(".svg") {
            svgs += 1;
            assert!(!std::fs::symlink_metadata(out.join(&path))
                .unwrap()
                .file_type()
                .is_symlink());
            assert_svg_inert(&rel, &String::from_utf8_lossy(&bytes));
        }
    }
    assert!(svgs >= 3, "{svgs} SVG published");
    let drawn = std::fs::read_to_string(out.join("images/actus/fete-du-sport.svg")).unwrap();
    assert!(
        drawn.contains("<circle cx=\"5\" cy=\"5\" r=\"4\" fill=\"#b8004f\"/>"),
        "{drawn}"
    );
    assert!(drawn.contains("A &amp; B"), "{drawn}");
}

#[test]
fn a_carriage_return_in_a_title_adds_no_calendar_property() {
    let site = SiteTest::copy("valid");
    let actu = site
        .path()
        .join("content/actus/fete-du-sport-riviere-salee.md");
    let text = std::fs::read_to_string(&actu).unwrap().replace(
        "titre: \"Fête du sport à Rivière-Salée\"",
        "titre: \"Fête\\rATTACH:https://pirate.example.com/x\\rORGANIZER:mailto:p@pirate.example.com\"",
    );
    std::fs::write(&actu, text).unwrap();
    let out = site.path().join("output");
    crate::support::build_to(site.path(), &out, &[]);
    let mut calendars = 0;
    for (path, bytes) in tree(&out) {
        if path.extension().is_none_or(|e| e != "ics") {
            continue;
        }
        calendars += 1;
        let text = String::from_utf8_lossy(&bytes);
        for line in text.split(['\r', '\n']) {
            assert!(
                !line.starts_with("ATTACH") && !line.starts_with("ORGANIZER"),
                "{}: {line:?}",
                path.display()
            );
        }
    }
    assert!(calendars >= 1);
    let events = std::fs::read_to_string(out.join("actus/evenements.ics"))
        .unwrap()
        .replace("\r\n ", "");
    assert!(events.contains("SUMMARY:Fête\\nATTACH:https://pirate.example.com/x\\nORGANIZER:mailto:p@pirate.example.com"), "{events}");
}

#[test]
fn a_file_name_with_spaces_and_commas_stays_one_url_of_the_site() {
    let site = SiteTest::copy("valid");
    let name = "a 1w, http:pirate.example.com 850w,b.png";
    let pixels = image::RgbImage::from_fn(1000, 600, |x, y| image::Rgb([x as u8, y as u8, 90]));
    pixels
        .save(site.path().join("content/images/actus").join(name))
        .unwrap();
    let actu = site
        .path()
        .join("content/actus/fete-du-sport-riviere-salee.md");
    let text = std::fs::read_to_string(&actu).unwrap().replace(
        "src: actus/fete-du-sport.svg",
        &format!("src: \"actus/{name}\""),
    );
    std::fs::write(&actu, text).unwrap();
    let out = site.path().join("output");
    crate::support::build_to(site.path(), &out, &[]);
    let mut sets = 0;
    for (path, bytes) in tree(&out) {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let page = String::from_utf8_lossy(&bytes);
        if !page.contains("850w") {
            continue;
        }
        let dir = out.join(&path).parent().unwrap().to_path_buf();
        let doc = scraper::Html::parse_document(&page);
        let sel = scraper::Selector::parse("[srcset], img[src]").unwrap();
        for el in doc.select(&sel) {
            let mut urls: Vec<&str> = Vec::new();
            if let Some(set) = el.value().attr("srcset") {
                sets += 1;
                for candidate in set.split(',') {
                    let parts: Vec<&str> = candidate.split_whitespace().collect();
                    assert_eq!(
                        parts.len(),
                        2,
                        "{}: {candidate:?} in {set:?}",
                        path.display()
                    );
                    assert!(parts[1].ends_with('w'), "{set}");
                    urls.push(parts[0]);
                }
            }
            urls.extend(el.value().attr("src"));
            for url in urls {
                assert!(
                    !url.contains("://") && !url.starts_with("//") && !url.starts_with("http"),
                    "{url}"
                );
                let decoded = percent_decode(url);
                assert!(
                    dir.join(&decoded).is_file(),
                    "{}: {url} is not a file of the site",
                    path.display()
                );
            }
        }
    }
    assert!(sets > 0, "no srcset showed the picture");
}

fn percent_decode(url: &str) -> String {
    let bytes = url.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&url[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn terminal_escapes_from_the_content_are_shown_not_obeyed() {
    let site = SiteTest::copy("valid");
    let offer = site.path().join("content/offres/sport/judo-mont-dore.md");
    let text = std::fs::read_to_string(&offer).unwrap();
    // A window title, a clipboard write (OSC 52), and an unknown key whose
    // name carries an escape too: each would be obeyed by the terminal.
    let text = text.replacen(
        "---\n",
        "---\n\"cle\\e]0;titre-pirate\\a\": 1\ncommune_x: \"\\e]52;c;cGlyYXRl\\a\"\n",
        1,
    );
    std::fs::write(&offer, text).unwrap();
    for args in [vec!["check"], vec!["build"], vec!["audit"]] {
        let mut all = args.clone();
        all.extend([
            "--root",
            site.path().to_str().unwrap(),
            "--date",
            crate::support::TODAY,
        ]);
        let out = crate::support::kitpress(&all);
        for (stream, bytes) in [("stderr", &out.stderr), ("stdout", &out.stdout)] {
            assert!(
                !bytes.contains(&0x1b) && !bytes.contains(&0x07),
                "{args:?} {stream}: {}",
                String::from_utf8_lossy(bytes)
            );
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        if args[0] != "audit" {
            assert!(stderr.contains("\\u{1b}"), "{args:?}: {stderr}");
        }
    }
}
