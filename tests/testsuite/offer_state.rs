//! Offers at the reference day (issue 14): an offer whose period has ended
//! leaves every list, index, bundle, feed, selection and the sitemap, while
//! its page stays with a notice and offers close to it; one not open yet
//! says when it opens. The week's selection follows `coup_de_coeur` weeks.

use std::path::Path;

use crate::support::build_to;
use crate::support::SiteTest;

const OVER: &str = "offres/va-a-anse-vata/";

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel}: {from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// The valid fixture where the va'a has ended before the tests' reference
/// day (2026-11-24) and the futsal opens in January.
fn site() -> SiteTest {
    let tmp = SiteTest::copy("valid");
    edit(
        tmp.path(),
        "content/offres/sport/va-a-anse-vata.md",
        "periode: { debut: 2026-02-16, fin: 2027-12-10 }",
        "periode: { debut: 2026-02-16, fin: 2026-11-01 }",
    );
    edit(
        tmp.path(),
        "content/offres/sport/futsal-riviere-salee.md",
        "periode: { debut: 2026-02-16,",
        "periode: { debut: 2027-01-05,",
    );
    build_to(tmp.path(), &tmp.path().join("output"), &[]);
    tmp
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn an_offer_that_is_over_is_in_no_list_index_bundle_or_feed() {
    let site = site();
    let out = site.path().join("output");
    let lists = [
        "index.html",
        "offres/index.html",
        "offres/univers/sport/index.html",
        "offres/communes/noumea/index.html",
        "offres/communes/noumea/fiches/index.html",
        "offres/index.json",
        "offres/atom.xml",
        "offres/feed.json",
        "sitemap.xml",
        "diffusion/2026-11/index.html",
    ];
    for rel in lists {
        let text = read(&out, rel);
        assert!(
            !text.contains(OVER),
            "{rel} still lists the offer that is over"
        );
        assert!(
            !text.contains("Va’a à l’anse Vata") && !text.contains("Va'a à l'anse Vata"),
            "{rel}"
        );
    }
    // The other offers of its commune are still there.
    assert!(read(&out, "offres/communes/noumea/index.html")
        .contains("offres/musique-conservatoire-noumea/"));
    assert!(read(&out, "offres/index.json").contains("musique-conservatoire-noumea"));
}

#[test]
fn its_page_stays_with_a_notice_and_close_offers() {
    let site = site();
    let out = site.path().join("output");
    let page = read(&out, &format!("{OVER}index.html"));
    assert!(page.contains("Cette offre est terminée"), "{page}");
    assert!(
        page.contains("1er novembre 2026") || page.contains("1 novembre 2026"),
        "{page}"
    );
    let html = scraper::Html::parse_document(&page);
    let sel = scraper::Selector::parse(".avis-offre li a").unwrap();
    let close: Vec<&str> = html
        .select(&sel)
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(!close.is_empty() && close.len() <= 4, "{close:?}");
    // Open offers only: not itself, not the futsal that opens in January.
    assert!(
        close
            .iter()
            .all(|h| !h.contains("va-a-anse-vata") && !h.contains("futsal")),
        "{close:?}"
    );
    // Same universe first: the sport offers before the Nouméa music.
    let first = close[0];
    assert!(
        first.contains("judo") || first.contains("boxe"),
        "{close:?}"
    );
    // Its print sheet stays too, for the reception desk's old copies.
    assert!(out.join(format!("{OVER}fiche/index.html")).is_file());
}

#[test]
fn an_offer_not_open_yet_says_when_it_opens() {
    let site = site();
    let out = site.path().join("output");
    let list = read(&out, "offres/univers/sport/index.html");
    assert!(
        list.contains("offres/futsal-riviere-salee/"),
        "still listed"
    );
    assert!(list.contains("À partir du 5 janvier 2027"), "{list}");
    let page = read(&out, "offres/futsal-riviere-salee/index.html");
    assert!(page.contains("À partir du 5 janvier 2027"));
}

#[test]
fn the_selection_is_the_week_s_bookable_favourites_or_the_latest_offers() {
    let tmp = SiteTest::copy("valid");
    let out = tmp.path().join("output");
    let selection = |out: &Path| {
        let html = scraper::Html::parse_document(&read(out, "index.html"));
        let title = scraper::Selector::parse("#selection").unwrap();
        let links =
            scraper::Selector::parse("section[aria-labelledby=selection] .carte h3 a").unwrap();
        let t = html
            .select(&title)
            .next()
            .map(|e| e.text().collect::<String>());
        let hrefs: Vec<String> = html
            .select(&links)
            .filter_map(|a| a.value().attr("href").map(String::from))
            .collect();
        (t, hrefs)
    };
    // The judo is the favourite of the tests' week (2026-W48) only.
    for rel in [
        "aventure/initiation-surf-bourail.md",
        "sport/va-a-anse-vata.md",
    ] {
        let rel = format!("content/offres/{rel}");
        edit(
            tmp.path(),
            &rel,
            "coup_de_coeur: true",
            "coup_de_coeur: false",
        );
    }
    edit(
        tmp.path(),
        "content/offres/sport/judo-mont-dore.md",
        "coup_de_coeur: false",
        "coup_de_coeur: [2026-W48]",
    );
    build_to(tmp.path(), &out, &[]);
    let (title, hrefs) = selection(&out);
    assert_eq!(title.as_deref(), Some("La sélection de la semaine"));
    assert!(
        hrefs.iter().any(|h| h.contains("judo-mont-dore")),
        "{hrefs:?}"
    );
    // The week after, no favourite: the latest offers instead.
    let o = crate::support::kitpress(&[
        "build",
        "--root",
        tmp.path().to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--date",
        "2026-12-01",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let (title, hrefs) = selection(&out);
    assert_eq!(title.as_deref(), Some("Les dernières offres"));
    assert!(!hrefs.is_empty());
    // A week that is not a week is refused with its file and line.
    edit(
        tmp.path(),
        "content/offres/sport/judo-mont-dore.md",
        "coup_de_coeur: [2026-W48]",
        "coup_de_coeur: [2026-W48, semaine 3]",
    );
    let o = crate::support::kitpress(&["check", "--root", tmp.path().to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/offres/sport/judo-mont-dore.md:"),
        "{err}"
    );
    assert!(
        err.contains("« semaine 3 » n'est pas une semaine AAAA-Www"),
        "{err}"
    );
}
