//! A shared link shows a preview: every public page carries Open Graph and
//! Twitter card tags that agree with its canonical URL, title and summary.

use crate::support::{tree, SiteTest};
use scraper::{Html, Selector};

fn meta(doc: &Html, attr: &str, name: &str) -> Option<String> {
    let sel = Selector::parse(&format!("meta[{attr}=\"{name}\"]")).unwrap();
    doc.select(&sel)
        .next()
        .and_then(|m| m.value().attr("content").map(String::from))
}

#[test]
fn every_page_has_sharing_tags_matching_its_content() {
    let site = SiteTest::built("valid");
    let out = site.path().join("output");
    let canonical = Selector::parse("link[rel=canonical]").unwrap();
    let mut pages = 0;
    for (path, bytes) in tree(&out) {
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
    // An SVG visual is not a preview image for the social networks: the
    // page shares the visual kitpress drew for it.
    assert_eq!(
        meta(&doc, "property", "og:image").as_deref(),
        Some("https://www.province-sud.nc/clicetmouv/visuels/actus/fete-du-sport-riviere-salee-partage.jpg")
    );
    let home = Html::parse_document(&std::fs::read_to_string(out.join("index.html")).unwrap());
    assert_eq!(
        meta(&home, "property", "og:title").as_deref(),
        Some("Clic&Mouv' — le kit")
    );
}

/// The JSON-LD blocks of a page, parsed.
fn json_ld(out: &std::path::Path, rel: &str) -> Vec<serde_json::Value> {
    let doc = Html::parse_document(&std::fs::read_to_string(out.join(rel)).unwrap());
    let sel = Selector::parse("script[type=\"application/ld+json\"]").unwrap();
    doc.select(&sel)
        .map(|s| serde_json::from_str(&s.text().collect::<String>()).unwrap())
        .collect()
}

#[test]
fn structured_data_describes_offers_events_and_the_site() {
    let site = SiteTest::built("valid");
    let out = site.path().join("output");
    let base = "https://www.province-sud.nc/clicetmouv/";

    let home = json_ld(&out, "index.html");
    assert_eq!(home.len(), 1);
    assert_eq!(home[0]["@type"], "Organization");
    assert_eq!(home[0]["url"], base);

    let offer = &json_ld(&out, "offres/initiation-surf-bourail/index.html")[0]["@graph"];
    assert_eq!(offer[0]["@type"], "Service");
    assert_eq!(offer[0]["offers"]["@type"], "Offer");
    assert_eq!(offer[0]["offers"]["price"], 2500);
    assert_eq!(offer[0]["offers"]["priceCurrency"], "XPF");
    assert_eq!(offer[0]["areaServed"]["address"]["addressCountry"], "NC");
    let crumbs = offer[1]["itemListElement"].as_array().unwrap();
    assert_eq!(offer[1]["@type"], "BreadcrumbList");
    assert_eq!(crumbs.len(), 3);
    assert_eq!(crumbs[1]["name"], "Offres");
    assert_eq!(crumbs[1]["item"], format!("{base}offres/"));
    assert_eq!(
        crumbs[2]["item"],
        format!("{base}offres/initiation-surf-bourail/")
    );

    let event = &json_ld(&out, "actus/fete-du-sport-riviere-salee/index.html")[0]["@graph"];
    assert_eq!(event[0]["@type"], "Event");
    assert_eq!(event[0]["startDate"], "2026-12-12T09:00:00+11:00");
    assert_eq!(event[0]["endDate"], "2026-12-12T16:00:00+11:00");
    assert_eq!(event[0]["location"]["address"]["addressLocality"], "Nouméa");
    // A news item that is not an event has its breadcrumb only.
    let news = &json_ld(&out, "actus/bon-plan-vacances/index.html")[0]["@graph"];
    assert_eq!(news.as_array().unwrap().len(), 1);
    assert_eq!(news[0]["@type"], "BreadcrumbList");
}
