//! The offer catalogue: what the wallet pays for, the filter index, printable
//! sheets and bundles, and drafts kept out of all of them.

use std::collections::BTreeSet;
use std::path::Path;

use crate::support::SiteTest;

/// The surf offer of Bourail, the fixture's offer that tests edit.
fn surf_file(site: &Path) -> std::path::PathBuf {
    site.join("content/offres/aventure/initiation-surf-bourail.md")
}

#[test]
fn the_wallet_computation_is_shown_for_each_kind_of_price() {
    let site = SiteTest::built("valid");
    // 2 500 F a session: 15 000 F pay 6 sessions; the 4 000 F duo, 3.
    let surf = site.page("offres/initiation-surf-bourail/index.html");
    assert!(surf.contains("paie 6 séances"), "per session");
    assert!(surf.contains("le portefeuille paie 3 séances"), "formule");
    // 6 000 F a term of 12 sessions: 2 terms, 24 sessions.
    let judo = site.page("offres/judo-mont-dore/index.html");
    assert!(judo.contains("paie 24 séances"), "term with sessions");
    // A 2 500 F course of 5 sessions: 6 courses, 30 sessions.
    let stage = site.page("offres/musique-conservatoire-noumea/index.html");
    assert!(stage.contains("paie 30 séances"), "course with sessions");
    // 3 500 F family formule: 4 sessions.
    let vaa = site.page("offres/va-a-anse-vata/index.html");
    assert!(vaa.contains("le portefeuille paie 4 séances"));
    // Free: nothing taken from the wallet.
    let free = site.page("offres/nutrition-sport-thio/index.html");
    assert!(free.contains("Gratuit"));
    assert!(!free.contains("portefeuille de 15"));
}

#[test]
fn the_filter_index_holds_exactly_the_published_offers() {
    let site = SiteTest::built("valid");
    let index: Vec<serde_json::Value> =
        serde_json::from_str(&site.page("offres/index.json")).unwrap();
    let urls: BTreeSet<String> = index
        .iter()
        .map(|o| o["url"].as_str().unwrap().to_string())
        .collect();
    let published: BTreeSet<String> = walkdir::WalkDir::new(site.path().join("content/offres"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter(|e| {
            std::fs::read_to_string(e.path())
                .unwrap()
                .contains("\nstatut: valide")
        })
        .map(|e| {
            format!(
                "offres/{}/",
                e.path().file_stem().unwrap().to_string_lossy()
            )
        })
        .collect();
    assert_eq!(urls, published);
    assert!(
        !urls.contains("offres/atelier-boxe-educative/"),
        "the draft is not in the index"
    );
    let judo = index
        .iter()
        .find(|o| o["url"] == "offres/judo-mont-dore/")
        .unwrap();
    assert_eq!(judo["prix_seance"], 500);
    assert_eq!(judo["jours"], serde_json::json!(["lundi", "jeudi"]));
}

/// The sheet `slug` as `html` prints it, from its `<article>` to its end.
fn sheet_article<'a>(html: &'a str, slug: &str) -> &'a str {
    let start = html
        .find(&format!(
            r#"<article class="fiche" aria-labelledby="fiche-{slug}">"#
        ))
        .unwrap_or_else(|| panic!("no sheet {slug}"));
    let end = start + html[start..].find("</article>").unwrap() + "</article>".len();
    &html[start..end]
}

#[test]
fn a_commune_bundle_prints_each_sheet_as_its_page_does_one_folder_deeper() {
    let site = SiteTest::built("valid");
    // A link of the body, an image of the settings and the visual: each
    // reaches the site root from where it is printed.
    let file = surf_file(site.path());
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        format!("{text}\nVoir aussi [le kit](@/kit/comment-marche-le-portefeuille.md).\n"),
    )
    .unwrap();
    let o = site.build(&[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let sheet = site.page("offres/initiation-surf-bourail/fiche/index.html");
    let bundle = site.page("offres/communes/bourail/fiches/index.html");
    let alone = sheet_article(&sheet, "initiation-surf-bourail");
    let bundled = sheet_article(&bundle, "initiation-surf-bourail");
    assert!(
        alone.contains(r#"<h1 id="fiche-initiation-surf-bourail">"#),
        "{alone}"
    );
    assert!(
        alone.contains(r#"href="../../../kit/comment-marche-le-portefeuille/""#),
        "{alone}"
    );
    assert!(alone.contains(r#"src="../../../images/"#), "{alone}");
    let deeper = alone
        .replace("../../../", "../../../../")
        .replace("<h1 ", "<h2 ")
        .replace("</h1>", "</h2>");
    assert_eq!(bundled, deeper);
    // What stands for the root and the level while a sheet is shared.
    for html in [&sheet, &bundle] {
        assert!(!html.contains("KITPRESSRACINE") && !html.contains("KITPRESSNIVEAU"));
    }
}

#[test]
fn every_offer_has_a_one_page_sheet_with_a_qr_code_and_bundles_per_commune() {
    let site = SiteTest::built("valid");
    let sheet = site.page("offres/initiation-surf-bourail/fiche/index.html");
    assert!(sheet.contains(r#"<meta name="kitpress:impression" content="A4 portrait, 1 page">"#));
    assert!(sheet.contains("<svg"), "inline QR code");
    assert!(sheet.contains("QR code vers la fiche en ligne : https://www.province-sud.nc/clicetmouv/offres/initiation-surf-bourail/"));
    assert!(
        !sheet.contains("Navigation principale"),
        "no site navigation on a sheet"
    );
    assert!(
        sheet.contains("Dispositif financé par la Province Sud"),
        "funders' mention"
    );
    // A long description is printed whole, never cut; the build says the
    // sheet will not hold on one page, with the file.
    let long = format!(
        "{}Fin de la description.\n",
        "Une phrase assez longue pour remplir la fiche. ".repeat(60)
    );
    let file = surf_file(site.path());
    let text = std::fs::read_to_string(&file).unwrap();
    let head = &text[..text.rfind("---\n").unwrap() + 4];
    std::fs::write(&file, format!("{head}{long}")).unwrap();
    let o = site.build(&[]);
    assert_eq!(o.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("fiche-trop-longue")
            && stderr.contains("content/offres/aventure/initiation-surf-bourail.md"),
        "{stderr}"
    );
    let sheet = site.page("offres/initiation-surf-bourail/fiche/index.html");
    assert!(!sheet.contains("Suite en ligne"));
    assert!(sheet.contains("Fin de la description."), "the whole text");
    let bundle = site.page("offres/communes/bourail/fiches/index.html");
    assert!(
        bundle.contains("Fin de la description."),
        "whole in its bundle too"
    );
    // Nouméa's bundle: a table of contents, then each of its offers.
    let bundle = site.page("offres/communes/noumea/fiches/index.html");
    let n = bundle.matches("class=\"fiche\"").count();
    assert!(n >= 2);
    // Its length depends on the table of contents: not promised.
    assert!(bundle.contains(r#"content="A4 portrait""#));
    assert!(bundle.contains("page 2"));
    assert!(!bundle.contains("Boxe"), "the draft is in no bundle");
}
