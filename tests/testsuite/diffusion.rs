//! The monthly diffusion kit (issue 13): every validated item of the month
//! and nothing else, a text per network measured as the network counts it,
//! links with campaign parameters, visuals at the social sizes, a zip of it
//! all that stays the same from one build to the next, and internal pages
//! (noindex, out of the sitemap).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::support::SiteTest;
use crate::support::{build_to, copy_dir, fixture};
use kitpress::content::words::{Reseau, Word};
use kitpress::diffusion::texts::measure;
use scraper::{ElementRef, Html, Selector};

/// The embedded site, built once for the tests of this file.
fn embedded() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &SITE
        .get_or_init(|| {
            let tmp = tempfile::tempdir().unwrap();
            let out = tmp.path().join("site");
            build_to(Path::new(env!("CARGO_MANIFEST_DIR")), &out, &[]);
            (tmp, out)
        })
        .1
}

fn page(out: &Path, rel: &str) -> Html {
    Html::parse_document(&std::fs::read_to_string(out.join(rel)).unwrap())
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text(e: ElementRef) -> String {
    e.text().collect::<String>()
}

fn titles(html: &Html) -> Vec<String> {
    html.select(&sel(".diffusion-element h3"))
        .map(|e| text(e).replace('\u{a0}', " "))
        .collect()
}

fn zip_files(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().to_string(), bytes)
        })
        .collect()
}

/// The valid fixture with a draft and a news item awaiting validation in
/// December, built as a preview with drafts.
fn preview() -> SiteTest {
    let tmp = SiteTest::copy("valid");
    for (slug, statut) in [
        ("brouillon-secret", "brouillon"),
        ("en-attente", "a-valider"),
    ] {
        tmp.news(slug, statut, "2026-12-03", "site, sms", "Texte.");
    }
    tmp.write(
        "content/actus/decembre.md",
        "---\ntitre: \"Les stages de décembre\"\nresume: \"Réserve ton stage.\"\nrubrique: bon-plan\ndate: 2026-12-04\ncanaux: [site, sms, push]\nstatut: valide\n---\nTexte.\n",
    );
    tmp.build_ok(&["--brouillons"]);
    tmp
}

fn same_in(haystack: &str, t: &str) -> bool {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    squeeze(haystack).contains(&squeeze(t))
}

/// Titles compared without their spaces (the page sets French typography:
/// a no-break space before « : »).
fn same(a: &str, b: &str) -> bool {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    squeeze(a) == squeeze(b)
}

#[test]
fn a_kit_holds_exactly_the_validated_items_of_its_month() {
    let site = preview();
    let out = site.path().join("output");
    let html = page(&out, "diffusion/2026-12/index.html");
    let got = titles(&html);
    // The validated entries of the December calendar, its validated news,
    // and the offer an entry names.
    let month =
        std::fs::read_to_string(site.path().join("content/calendrier/2026-12.yaml")).unwrap();
    let doc: serde_yaml::Value = serde_yaml::from_str(&month).unwrap();
    let mut validated = Vec::new();
    let mut waiting = Vec::new();
    for e in doc["entrees"].as_sequence().unwrap() {
        let titre = e["titre"].as_str().unwrap().to_string();
        match e["statut"].as_str().unwrap() {
            "valide" | "publie" => validated.push(titre),
            _ => waiting.push(titre),
        }
    }
    assert!(!validated.is_empty() && !waiting.is_empty());
    for t in &validated {
        assert!(
            got.iter().any(|g| same(g, t)),
            "validated entry « {t} » missing from {got:?}"
        );
    }
    assert!(
        got.iter().any(|g| g.contains("Les stages de décembre")),
        "{got:?}"
    );
    assert!(
        got.iter().any(|g| g.contains("Initiation au surf")),
        "{got:?}"
    );
    // Drafts and news awaiting validation never; entries awaiting
    // validation only in their own list.
    let all = html.root_element().html();
    assert!(
        !all.contains("brouillon-secret") && !all.contains("en-attente"),
        "{all}"
    );
    let pending: String = html
        .select(&sel("#groupe-attente + p + ul li"))
        .map(text)
        .collect();
    for t in &waiting {
        assert!(
            same_in(&pending, t),
            "« {t} » not listed as waiting: {pending}"
        );
        assert!(!got.iter().any(|g| same(g, t)), "{t}");
    }
    // November has the fixture's two news, and no calendar.
    let nov = page(&out, "diffusion/2026-11/index.html");
    assert_eq!(nov.select(&sel("#groupe-actus ~ article")).count(), 2);
    assert_eq!(
        nov.select(&sel("section[aria-labelledby=groupe-entrees]"))
            .count(),
        0
    );
}

#[test]
fn every_text_is_counted_as_its_network_counts_it() {
    let out = embedded();
    let mut checked = 0;
    for month in ["2026-05", "2026-11", "2026-12"] {
        let html = page(out, &format!("diffusion/{month}/index.html"));
        for block in html.select(&sel(".texte-reseau")) {
            let area = block.select(&sel("textarea")).next().unwrap();
            let id = area.value().attr("id").unwrap();
            let network = Reseau::ALL
                .iter()
                .copied()
                .find(|r| id.ends_with(&format!("-{}", r.id())))
                .unwrap();
            let body = text(area);
            let m = measure(network, &body);
            let shown = text(block.select(&sel(".mesure")).next().unwrap()).replace('\u{a0}', "");
            let count: String = shown
                .split('/')
                .next()
                .unwrap()
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            assert_eq!(count.parse::<usize>().unwrap(), m.longueur, "{id}: {shown}");
            let marked = block.value().classes().any(|c| c == "texte-depasse");
            assert_eq!(marked, m.over(), "{id}: {shown}");
            assert_eq!(shown.contains("trop long"), m.over(), "{id}");
            // Its link carries the campaign of the network and the month.
            let link = text(block.select(&sel(".lien-suivi code")).next().unwrap());
            let url = url::Url::parse(&link).unwrap();
            let q: std::collections::HashMap<String, String> =
                url.query_pairs().into_owned().collect();
            assert_eq!(q["utm_source"], network.id(), "{link}");
            assert_eq!(q["utm_campaign"], format!("clicmouv-{month}"), "{link}");
            checked += 1;
        }
    }
    assert!(checked > 60, "only {checked} texts");
}

#[test]
fn a_planned_text_over_its_limit_is_a_warning_with_its_file() {
    let outcome = crate::support::check(&fixture("invalid/diffusion-trop-long"));
    let d = outcome
        .diagnostics
        .iter()
        .find(|d| d.code.code() == "diffusion-trop-long")
        .expect("a diffusion-trop-long warning");
    assert_eq!(d.file, "content/actus/rappel-long.md");
    assert_eq!(d.pos.line, 2);
    assert!(d.message.contains("notification push"), "{}", d.message);
    assert_eq!(outcome.errors(), 0);
}

#[test]
fn the_zip_holds_every_text_and_the_visuals_at_social_sizes() {
    let out = embedded();
    let html = page(out, "diffusion/2026-11/index.html");
    let files = zip_files(&out.join("diffusion/2026-11/kit-diffusion-2026-11.zip"));
    let (name, txt) = &files[0];
    assert_eq!(name, "textes.txt");
    let txt = String::from_utf8(txt.clone()).unwrap();
    for t in titles(&html) {
        assert!(
            same_in(&txt.replace('\'', "’"), &t),
            "« {t} » missing from textes.txt"
        );
    }
    for area in html.select(&sel("textarea")) {
        assert!(txt.contains(&text(area)), "text missing: {}", text(area));
    }
    let mut sizes = 0;
    for (name, bytes) in &files[1..] {
        assert!(
            name.starts_with("visuels/") || name.starts_with("a-publier/"),
            "{name}"
        );
        let want = if name.ends_with("-carre.jpg") {
            (1080, 1080)
        } else if name.ends_with("-vertical.jpg") {
            (1080, 1920)
        } else if name.ends_with("-partage.jpg") {
            (1200, 630)
        } else {
            assert!(name.ends_with(".svg"), "{name}");
            continue;
        };
        let img = image::load_from_memory(bytes).unwrap();
        assert_eq!((img.width(), img.height()), want, "{name}");
        sizes += 1;
    }
    assert!(sizes >= 9, "{sizes} social visuals");
    // Each download link of the page names a file of the output.
    for a in html.select(&sel(".formats-visuel a")) {
        let href = a.value().attr("href").unwrap().trim_start_matches("../../");
        assert!(out.join(href).is_file(), "{href}");
    }
}

#[test]
fn the_kit_is_internal_and_linked_from_its_calendar_month() {
    let out = embedded();
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("diffusion"), "{sitemap}");
    for rel in ["diffusion/index.html", "diffusion/2026-12/index.html"] {
        let html = page(out, rel);
        let robots = html
            .select(&sel("meta[name=robots]"))
            .next()
            .and_then(|m| m.value().attr("content"))
            .unwrap_or("");
        assert!(robots.contains("noindex"), "{rel}: {robots}");
    }
    let month = page(out, "calendrier/2026-12/index.html");
    assert!(month
        .select(&sel("a"))
        .any(|a| a.value().attr("href") == Some("../../diffusion/2026-12/")));
    let nav: String = page(out, "index.html")
        .select(&sel("nav a"))
        .filter_map(|a| a.value().attr("href").map(String::from))
        .collect();
    assert!(!nav.contains("diffusion"), "{nav}");
}

#[test]
fn a_rebuild_gives_the_same_zip_and_a_public_build_has_no_kit() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("src");
    copy_dir(&fixture("valid"), &site);
    let out = tmp.path().join("out");
    build_to(&site, &out, &[]);
    let zip = out.join("diffusion/2026-12/kit-diffusion-2026-12.zip");
    let first = std::fs::read(&zip).unwrap();
    build_to(&site, &out, &[]);
    assert_eq!(first, std::fs::read(&zip).unwrap());
    let cfg = site.join("content/site.yaml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    assert!(text.contains("calendrier: {"));
    std::fs::write(
        &cfg,
        text.replace("calendrier: {", "calendrier: { publier: false,"),
    )
    .unwrap();
    build_to(&site, &out, &[]);
    assert!(!out.join("diffusion").exists());
}

#[test]
fn hostile_titles_stay_text_in_the_kit() {
    let tmp = SiteTest::copy("valid");
    std::fs::write(
        tmp.path().join("content/actus/piege.md"),
        "---\ntitre: \"</textarea><script>alert(1)</script>\"\nresume: \"<img src=x onerror=alert(2)>\"\nrubrique: actu\ndate: 2026-12-04\ncanaux: [instagram]\nstatut: valide\n---\nTexte.\n",
    )
    .unwrap();
    build_to(tmp.path(), &tmp.path().join("output"), &[]);
    let raw =
        std::fs::read_to_string(tmp.path().join("output/diffusion/2026-12/index.html")).unwrap();
    let found = crate::support::inert::executable_markup("diffusion/2026-12/index.html", &raw);
    assert!(found.is_empty(), "{found:?}");
    let html = Html::parse_document(&raw);
    let area = html
        .select(&sel("textarea"))
        .find(|a| text(*a).contains("alert(1)"))
        .expect("the title stays in its text");
    assert!(text(area).starts_with("</textarea><script>"));
}
