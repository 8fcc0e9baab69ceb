//! Feeds of validated news (issue 13): Atom and JSON Feed 1.1, all news, per
//! rubrique and per channel. Read back with a real Atom parser
//! (`atom_syndication`) and as JSON; drafts and news awaiting validation are
//! never in a feed, not even in a `--brouillons` preview.

use std::path::Path;

use crate::support::SiteTest;
use atom_syndication::Feed;

/// The valid fixture plus a draft and an item awaiting validation, built
/// as a preview with drafts.
fn preview() -> SiteTest {
    let tmp = SiteTest::copy("valid");
    for (slug, statut) in [
        ("brouillon-secret", "brouillon"),
        ("en-attente", "a-valider"),
    ] {
        tmp.news(
            slug,
            statut,
            "2026-11-23",
            "site",
            &format!("Texte {slug}."),
        );
    }
    tmp.build_ok(&["--brouillons"]);
    tmp
}

fn atom(out: &Path, rel: &str) -> Feed {
    let file = std::fs::File::open(out.join(rel)).unwrap();
    Feed::read_from(std::io::BufReader::new(file)).unwrap()
}

fn titles(feed: &Feed) -> Vec<String> {
    feed.entries()
        .iter()
        .map(|e| e.title().value.clone())
        .collect()
}

#[test]
fn the_atom_feeds_hold_exactly_the_validated_news() {
    let site = preview();
    let out = site.path().join("output");
    let all = atom(&out, "actus/atom.xml");
    assert_eq!(
        titles(&all),
        [
            "Bon plan\u{a0}: les stages de vacances",
            "Fête du sport à Rivière-Salée"
        ]
    );
    let base = "https://www.province-sud.nc/clicetmouv/";
    for e in all.entries() {
        assert!(e.id().starts_with(base), "{}", e.id());
        assert_eq!(e.updated().offset().local_minus_utc(), 11 * 3600);
        let html = e.content().and_then(|c| c.value()).unwrap();
        assert!(!html.contains("href=\"../"), "links are absolute: {html}");
        assert!(e.summary().is_some());
    }
    // The body's @/ link, made absolute.
    let bon_plan = &all.entries()[0];
    assert!(bon_plan
        .content()
        .and_then(|c| c.value())
        .unwrap()
        .contains(
            "href=\"https://www.province-sud.nc/clicetmouv/offres/initiation-surf-bourail/\""
        ));
    // The visual, as an enclosure that exists in the output.
    let fete = &all.entries()[1];
    let enclosure = fete
        .links()
        .iter()
        .find(|l| l.rel() == "enclosure")
        .unwrap();
    assert_eq!(enclosure.mime_type(), Some("image/svg+xml"));
    let image = enclosure.href().strip_prefix(base).unwrap();
    assert!(out.join(image).is_file(), "{image}");

    assert_eq!(
        titles(&atom(&out, "actus/rubriques/evenement/atom.xml")),
        ["Fête du sport à Rivière-Salée"]
    );
    assert_eq!(
        titles(&atom(&out, "actus/rubriques/actu/atom.xml")).len(),
        0
    );
    assert_eq!(
        titles(&atom(&out, "actus/canaux/ecrans/atom.xml")),
        ["Fête du sport à Rivière-Salée"]
    );
    assert_eq!(titles(&atom(&out, "actus/canaux/site/atom.xml")).len(), 2);
    // No feed for a channel no validated item names.
    assert!(!out.join("actus/canaux/tiktok").exists());
    for (path, bytes) in crate::support::tree(&out) {
        let p = path.to_string_lossy();
        if p.ends_with("atom.xml") || p.ends_with("feed.json") {
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains("brouillon-secret") && !text.contains("en-attente"),
                "{p}"
            );
        }
    }
}

#[test]
fn the_json_feeds_follow_json_feed_1_1() {
    let site = preview();
    let out = site.path().join("output");
    let text = std::fs::read_to_string(out.join("actus/feed.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(
        v["feed_url"],
        "https://www.province-sud.nc/clicetmouv/actus/feed.json"
    );
    assert!(v["title"].as_str().unwrap().starts_with("Actus — "));
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    for item in items {
        for key in ["id", "url", "title", "content_html", "date_published"] {
            assert!(item[key].is_string(), "{key} in {item}");
        }
        assert!(item["date_published"].as_str().unwrap().ends_with("+11:00"));
    }
    assert_eq!(
        items[1]["image"],
        "https://www.province-sud.nc/clicetmouv/images/actus/fete-du-sport.svg"
    );
    assert_eq!(items[1]["tags"], serde_json::json!(["evenement"]));
}

#[test]
fn each_rubrique_has_its_page_linking_its_feeds() {
    let site = crate::support::SiteTest::built("valid");
    let out = site.path().join("output");
    let page = std::fs::read_to_string(out.join("actus/rubriques/evenement/index.html")).unwrap();
    assert!(page.contains("<h1>Événements</h1>"), "{page}");
    assert!(page.contains("Fête du sport"));
    assert!(!page.contains("Bon plan"), "only the rubrique's news");
    assert!(page.contains("href=\"../../../actus/rubriques/evenement/atom.xml\""));
    assert!(page.contains("href=\"../../../actus/rubriques/evenement/feed.json\""));
    // A rubrique with no news still has its page, said empty.
    let empty = std::fs::read_to_string(out.join("actus/rubriques/activite/index.html")).unwrap();
    assert!(empty.contains("Aucune actu pour le moment."));
    let index = std::fs::read_to_string(out.join("actus/index.html")).unwrap();
    assert!(index.contains("Bons plans</a> (1)"), "{index}");
}

#[test]
fn the_public_events_calendar_holds_the_validated_events_in_noumea_time() {
    use icalendar::{Calendar, CalendarComponent, Component, EventLike};
    let site = preview();
    let out = site.path().join("output");
    let text = std::fs::read_to_string(out.join("actus/evenements.ics")).unwrap();
    assert!(text.contains("\r\n"), "CRLF line ends");
    let cal: Calendar = text.parse().unwrap();
    let events: Vec<_> = cal
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    assert_eq!(events.len(), 1, "{text}");
    let e = events[0];
    assert_eq!(e.get_summary(), Some("Fête du sport à Rivière-Salée"));
    // 09:00 in Nouméa (UTC+11) is 22:00 UTC the day before.
    assert!(text.contains("DTSTART:20261211T220000Z"), "{text}");
    assert!(text.contains("DTEND:20261212T050000Z"), "{text}");
    assert_eq!(
        e.get_location(),
        Some("Plateau sportif de Rivière-Salée, Nouméa")
    );
    assert_eq!(
        e.get_url(),
        Some("https://www.province-sud.nc/clicetmouv/actus/fete-du-sport-riviere-salee/")
    );
    // Stamped with the reference day: the same site gives the same bytes.
    assert!(text.contains("DTSTAMP:20261123T130000Z"), "{text}");
    assert!(!text.contains("brouillon-secret") && !text.contains("en-attente"));
}

#[test]
fn the_offers_feed_lists_validated_offers_newest_first() {
    let site = preview();
    let out = site.path().join("output");
    let feed = atom(&out, "offres/atom.xml");
    assert!(feed.title().value.starts_with("Nouvelles offres — "));
    let titles = titles(&feed);
    // The draft offer of the fixture is not in it, even in a preview.
    assert!(!titles.iter().any(|t| t.contains("Boxe")), "{titles:?}");
    assert_eq!(titles.len(), 6, "{titles:?}");
    let dates: Vec<_> = feed.entries().iter().map(|e| *e.updated()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    for e in feed.entries() {
        assert!(e
            .id()
            .starts_with("https://www.province-sud.nc/clicetmouv/offres/"));
        assert!(!e.categories().is_empty(), "its universe");
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("offres/feed.json")).unwrap()).unwrap();
    assert_eq!(json["items"].as_array().unwrap().len(), 6);
}
