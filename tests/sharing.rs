//! A shared link shows a preview: every public page carries Open Graph and
//! Twitter card tags that agree with its canonical URL, title and summary.

mod common;

use common::{built_copy, snapshot};
use scraper::{Html, Selector};

fn meta(doc: &Html, attr: &str, name: &str) -> Option<String> {
    let sel = Selector::parse(&format!("meta[{attr}=\"{name}\"]")).unwrap();
    doc.select(&sel)
        .next()
        .and_then(|m| m.value().attr("content").map(String::from))
}

#[test]
fn every_page_has_sharing_tags_matching_its_content() {
    let site = built_copy("valid");
    let out = site.path().join("output");
    let canonical = Selector::parse("link[rel=canonical]").unwrap();
    let mut pages = 0;
    for (path, bytes) in snapshot(&out) {
        let rel = path.to_string_lossy().into_owned();
        if !rel.ends_with(".html") || rel.contains("fiche") || rel.contains("recueil") {
            continue;
        }
        let doc = Html::parse_document(&String::from_utf8_lossy(&bytes));
        let Some(url) = doc
            .select(&canonical)
            .next()
            .and_then(|l| l.value().attr("href"))
        else {
            continue;
        };
        pages += 1;
        assert_eq!(
            meta(&doc, "property", "og:url").as_deref(),
            Some(url),
            "{rel}"
        );
        let title = meta(&doc, "property", "og:title").unwrap_or_default();
        assert!(!title.trim().is_empty(), "{rel}: og:title");
        assert!(meta(&doc, "name", "twitter:card").is_some(), "{rel}");
        assert_eq!(
            meta(&doc, "property", "og:locale").as_deref(),
            Some("fr_FR")
        );
    }
    assert!(pages > 20, "{pages} pages");
    let actu =
        std::fs::read_to_string(out.join("actus/fete-du-sport-riviere-salee/index.html")).unwrap();
    let doc = Html::parse_document(&actu);
    assert_eq!(
        meta(&doc, "property", "og:type").as_deref(),
        Some("article")
    );
    assert_eq!(
        meta(&doc, "property", "og:description").as_deref(),
        Some("Une journée pour essayer dix sports gratuitement.")
    );
    // An SVG visual is not a preview image for the social networks.
    assert!(meta(&doc, "property", "og:image").is_none());
    let home = Html::parse_document(&std::fs::read_to_string(out.join("index.html")).unwrap());
    assert_eq!(
        meta(&home, "property", "og:title").as_deref(),
        Some("Clic&Mouv' — le kit")
    );
}
