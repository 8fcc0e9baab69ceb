//! Shortcodes draw accessible infographics: inline SVG with a role, a title
//! and a description, and a text equivalent next to it; no external asset.

mod common;

#[test]
fn infographics_carry_their_text_alternative() {
    let tmp = common::built_copy("valid");
    let parcours = std::fs::read_to_string(
        tmp.path()
            .join("output/kit/je-m-inscris-je-reserve-je-pratique/index.html"),
    )
    .unwrap();
    assert!(
        parcours.contains(r#"role="img" aria-labelledby="infographie-je-m-inscris-je-reserve-je-pratique-1-titre infographie-je-m-inscris-je-reserve-je-pratique-1-desc""#)
    );
    assert!(parcours.contains(r#"<title id="infographie-je-m-inscris-je-reserve-je-pratique-1-titre">Le parcours en 3 étapes</title>"#));
    assert!(parcours
        .contains("Étape 1 : Je m&#39;inscris. Étape 2 : Je réserve. Étape 3 : Je pratique."));
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
    assert!(wallet.contains("À 1500 F la séance : 10 séances. À 2500 F la séance : 6 séances. À 3000 F la séance : 5 séances."));
    assert!(wallet.contains("10 séances payées"));
    for page in [&parcours, &wallet] {
        assert!(
            !page.contains("<svg xmlns") || !page.contains("href=\"http"),
            "no external asset"
        );
        assert!(
            !page.contains("style=\"fill"),
            "colours come from the theme"
        );
    }
}
