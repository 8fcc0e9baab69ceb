//! Shortcodes draw accessible infographics: inline SVG with a role, a title
//! and a description, and a text equivalent next to it; no external asset.

use scraper::{Html, Selector};

/// Every attribute of an inline SVG (or its children) that loads something.
fn external_in_svg(page: &str) -> Vec<String> {
    let doc = Html::parse_document(page);
    let svg = Selector::parse("svg, svg *").unwrap();
    let svgs: Vec<_> = doc.select(&svg).collect();
    assert!(!svgs.is_empty(), "the page has no inline SVG");
    svgs.iter()
        .flat_map(|el| el.value().attrs())
        .filter(|(name, value)| {
            matches!(*name, "href" | "xlink:href" | "src")
                || value.contains("url(") && !value.trim_start().starts_with("url(#")
        })
        .map(|(name, value)| format!("{name}={value}"))
        .collect()
}

#[test]
fn the_external_asset_check_can_fail() {
    let page = r#"<svg role="img"><image href="https://e.nc/x.png"/><rect style="fill:url(https://e.nc/p)"/></svg>"#;
    assert_eq!(external_in_svg(page).len(), 2);
}

#[test]
fn infographics_carry_their_text_alternative() {
    let tmp = crate::support::SiteTest::built("valid");
    let parcours = std::fs::read_to_string(
        tmp.path()
            .join("output/kit/je-m-inscris-je-reserve-je-pratique/index.html"),
    )
    .unwrap();
    assert!(
        parcours.contains(r#"role="img" aria-labelledby="infographie-je-m-inscris-je-reserve-je-pratique-1-titre infographie-je-m-inscris-je-reserve-je-pratique-1-desc""#)
    );
    assert!(parcours.contains(r#"<title id="infographie-je-m-inscris-je-reserve-je-pratique-1-titre">Le parcours en 3 étapes</title>"#));
    assert!(parcours.contains(
        "Étape 1&nbsp;: Je m&#39;inscris. Étape 2&nbsp;: Je réserve. Étape 3&nbsp;: Je pratique."
    ));
    assert!(
        parcours.contains("<li>Je m’inscris</li>"),
        "visible text equivalent"
    );
    assert!(!parcours.contains("{{ parcours"), "the call is replaced");

    let wallet = std::fs::read_to_string(
        tmp.path()
            .join("output/kit/comment-marche-le-portefeuille/index.html"),
    )
    .unwrap();
    assert!(wallet.contains("À 1500 F la séance&nbsp;: 10 séances. À 2500 F la séance&nbsp;: 6 séances. À 3000 F la séance&nbsp;: 5 séances."));
    assert!(wallet.contains("10 séances payées"));
    for page in [&parcours, &wallet] {
        let external = external_in_svg(page);
        assert!(external.is_empty(), "external assets: {external:?}");
        assert!(
            !page.contains("style=\"fill"),
            "colours come from the theme"
        );
    }
}
