//! End-to-end behaviour of `kitpress build`, `check` and `new`, run as a user
//! runs them: the binary, on copies of the fixture sites.

use std::path::Path;

use crate::support::SiteTest;
use crate::support::{check, kitpress, tree, TODAY};

#[test]
fn valid_site_builds_every_page_type() {
    let site = SiteTest::copy("valid");
    let out = site.build(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("Contenu publié : 4 pages, 6 offres, 3 offres modèles"),
        "{stderr}"
    );
    assert!(stderr.contains("0 erreur"), "{stderr}");
    let o = site.path().join("output");
    for page in [
        "index.html",
        "mentions-legales/index.html",
        "offres/index.html",
        "offres/initiation-surf-bourail/index.html",
        "offres/univers/aventure/index.html",
        "offres/communes/bourail/index.html",
        "offres/cibles/famille/index.html",
        "offres-modeles/index.html",
        "offres-modeles/parenthese-sportive-en-famille/index.html",
        "kit/index.html",
        "kit/je-m-inscris-je-reserve-je-pratique/index.html",
        "guide/index.html",
        "guide/publier-un-evenement/index.html",
        "actus/index.html",
        "actus/fete-du-sport-riviere-salee/index.html",
        "actus/atom.xml",
        "calendrier/index.html",
        "calendrier/2026-12/index.html",
        "sitemap.xml",
        "404.html",
        "style.css",
        "images/offres/surf.svg",
    ] {
        assert!(o.join(page).is_file(), "missing {page}");
    }
    let offer =
        std::fs::read_to_string(o.join("offres/initiation-surf-bourail/index.html")).unwrap();
    assert!(offer.contains("paie 6 séances"), "wallet computation shown");
    assert!(
        offer.contains("2\u{202f}500&nbsp;F&nbsp;CFP"),
        "price with French spacing"
    );
    let home = std::fs::read_to_string(o.join("index.html")).unwrap();
    assert!(home.contains(r#"href="offres/futsal-riviere-salee/""#));
    // A file saved with a BOM and CRLF line ends (contact.md) is read as any other.
    let contact = std::fs::read_to_string(o.join("contact/index.html")).unwrap();
    assert!(
        contact.contains(r#"<h2 id="horaires">Horaires</h2>"#),
        "{contact}"
    );
    assert!(!contact.contains('\r'));
    let sitemap = std::fs::read_to_string(o.join("sitemap.xml")).unwrap();
    // Dated pages say when they changed.
    assert!(
        sitemap.contains("actus/fete-du-sport-riviere-salee/</loc><lastmod>2026-11-20</lastmod>"),
        "{sitemap}"
    );
    assert!(
        !sitemap.contains("calendrier"),
        "the calendar stays out of the sitemap"
    );
    // Every list page is in it: the catalogue, each universe, commune and target.
    for list in [
        "/offres/</loc>",
        "/offres/univers/sport/</loc>",
        "/offres/communes/mont-dore/</loc>",
        "/offres/cibles/handicap/</loc>",
    ] {
        assert!(sitemap.contains(list), "{list} missing: {sitemap}");
    }
}

#[test]
fn a_draft_leaks_nowhere() {
    let site = SiteTest::copy("valid");
    let out = site.build(&[]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("1 fichier non validé mis de côté"),
        "{stderr}"
    );
    assert!(stderr.contains("--brouillons"), "{stderr}");
    for (path, bytes) in tree(&site.path().join("output")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("SECRET-BROUILLON-BOXE"),
            "draft body in {}",
            path.display()
        );
        assert!(
            !text.contains("atelier-boxe-educative"),
            "draft link in {}",
            path.display()
        );
        assert!(
            !text.contains("Boxe éducative"),
            "draft title in {}",
            path.display()
        );
    }
    assert!(
        !site
            .path()
            .join("output/images/offres/boxe-secrete.svg")
            .exists(),
        "an image only a draft uses is not copied"
    );
    assert!(site.path().join("output/images/offres/surf.svg").exists());
    // The preview shows it, marked.
    let out = site.build(&["--brouillons"]);
    assert_eq!(out.status.code(), Some(0));
    let page = site.page("offres/atelier-boxe-educative/index.html");
    assert!(page.contains("Non validé"));
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = SiteTest::copy("valid");
    assert_eq!(site.build(&[]).status.code(), Some(0));
    let before = tree(&site.path().join("output"));
    assert!(before.len() > 20);
    std::fs::write(
        site.path().join("content/pages/cassee.md"),
        "---\ntitre: \"Cassée\"\nstatut: valide\n---\nVoir [rien](@/pages/nulle-part.md).\n",
    )
    .unwrap();
    let out = site.build(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("content/pages/cassee.md:5:6"), "{stderr}");
    assert!(
        stderr.contains("sortie précédente est laissée intacte"),
        "{stderr}"
    );
    assert_eq!(tree(&site.path().join("output")), before);
    // No temporary folder is left behind: only the (empty) lock file, and
    // the cache of QR codes and images that builds keep on purpose.
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("kitpress-") && n != ".kitpress-cache")
        .collect();
    assert_eq!(leftovers, [".output.kitpress-lock"]);
}

#[test]
fn check_writes_nothing() {
    let site = SiteTest::copy("valid");
    let before = tree(site.path());
    let out = kitpress(&[
        "check",
        "--root",
        site.path().to_str().unwrap(),
        "--date",
        TODAY,
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(tree(site.path()), before);
    assert!(!site.path().join("output").exists());
}

#[test]
fn the_output_folder_is_guarded() {
    let site = SiteTest::copy("valid");
    for bad in ["content", ".", "themes/x"] {
        let dest = site.path().join(bad);
        let out = site.build(&["--output", dest.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("dossier de sortie refusé"));
    }
    let foreign = site.path().join("documents");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("rapport.odt"), "précieux").unwrap();
    let out = site.build(&["--output", foreign.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(foreign.join("rapport.odt")).unwrap(),
        "précieux"
    );
}

#[test]
fn help_is_in_french_for_every_command() {
    for args in [
        &["--help"][..],
        &["build", "--help"],
        &["check", "--help"],
        &["new", "--help"],
    ] {
        let out = kitpress(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Utilisation"), "{text}");
        assert!(text.contains("Affiche cette aide"), "{text}");
        for english in ["Usage:", "Print help", "[default:", "Commands:"] {
            assert!(!text.contains(english), "{english} in {text}");
        }
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(
        kitpress(&["build", "--date", "demain"]).status.code(),
        Some(2)
    );
    assert_eq!(kitpress(&["publier"]).status.code(), Some(2));
    assert_eq!(kitpress(&["new", "fiche", "Titre"]).status.code(), Some(2));
}

#[test]
fn the_embedded_site_checks_without_error() {
    let outcome = check(Path::new(env!("CARGO_MANIFEST_DIR")));
    let errors: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The starter kit is complete: 10 model offers per target.
    assert_eq!(
        outcome.model_offers,
        [
            ("handicap".to_string(), 10),
            ("decrochage".to_string(), 10),
            ("famille".to_string(), 10)
        ]
    );
    assert_eq!(outcome.warnings(), 0, "{:#?}", outcome.diagnostics);
}

#[test]
fn new_offer_is_scaffolded_checked_once_filled_and_never_overwritten() {
    let site = SiteTest::copy("valid");
    let root = site.path().to_str().unwrap();
    let out = kitpress(&["new", "offre", "Surf à Bourail", "--root", root]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = site.path().join("content/offres/surf-a-bourail.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("titre: \"Surf à Bourail\""));
    // Every key comes with a French comment line.
    let keys = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with(' ') && l.contains(':'))
        .count();
    assert!(keys >= 20, "{text}");
    // Unfilled, the placeholders are reported; the new file is a draft,
    // so they are « brouillon incomplet » warnings that block nothing.
    let unfilled = check(site.path());
    assert_eq!(unfilled.errors(), 0, "{:#?}", unfilled.diagnostics);
    assert!(unfilled.diagnostics.iter().any(|d| {
        d.key.as_deref() == Some("organisme")
            && d.code.code() == "brouillon-incomplet"
            && d.file == "content/offres/surf-a-bourail.md"
    }));
    // Filled, the file passes.
    let filled = text
        .replace("organisme: \"\"", "organisme: \"Bourail Surf Club\"")
        .replace("univers: \"\"", "univers: aventure")
        .replace("commune: \"\"", "commune: Bourail")
        .replace("telephone: \"\"", "telephone: \"+687 44 55 66\"");
    std::fs::write(&path, filled).unwrap();
    let outcome = check(site.path());
    let errors: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // And it is never overwritten.
    let out = kitpress(&["new", "offre", "Surf à Bourail", "--root", root]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("existe déjà"));
}

#[test]
fn every_kind_of_new_file_is_valid_yaml_for_check() {
    for (kind, title, file) in [
        (
            "offre-modele",
            "Duo découverte",
            "content/offres-modeles/duo-decouverte.md",
        ),
        ("kit", "Mon solde", "content/kit/mon-solde.md"),
        (
            "guide",
            "Publier un bon plan",
            "content/guide/publier-un-bon-plan.md",
        ),
        (
            "actu",
            "Nouvelle saison",
            "content/actus/nouvelle-saison.md",
        ),
        ("mois", "2027-02", "content/calendrier/2027-02.yaml"),
    ] {
        let site = SiteTest::copy("valid");
        let out = kitpress(&["new", kind, title, "--root", site.path().to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{kind}");
        assert!(site.path().join(file).is_file(), "{kind}");
        let outcome = check(site.path());
        // No syntax error and no unknown key: only placeholders left to fill.
        for d in outcome.diagnostics.iter().filter(|d| d.is_error()) {
            assert!(
                matches!(d.code.code(), "cle-manquante" | "valeur-inconnue"),
                "{kind}: unexpected {d}"
            );
        }
    }
}

#[test]
fn a_site_template_overrides_the_theme_file_by_file() {
    let site = SiteTest::copy("valid");
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(
        site.path().join("templates/page.html"),
        "{% extends \"base.html\" %}{% block contenu %}<h1>SURCHARGE {{ page.titre }}</h1>{{ contenu | safe }}{% endblock contenu %}",
    )
    .unwrap();
    assert_eq!(site.build(&[]).status.code(), Some(0));
    let page = site.page("mentions-legales/index.html");
    assert!(page.contains("SURCHARGE Mentions légales"));
    // The other templates still come from the theme.
    let offer = site.page("offres/initiation-surf-bourail/index.html");
    assert!(offer.contains("Proposé par Bourail Surf Club"));
}

#[test]
fn a_broken_override_template_is_reported_with_its_file() {
    let site = SiteTest::copy("valid");
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(site.path().join("templates/page.html"), "{% if %}").unwrap();
    let out = site.build(&[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("templates/page.html"), "{stderr}");
    assert!(!site.path().join("output").exists());
}

/// The contributor guide is read by partner organisations, who publish on
/// the Clic&Mouv' platform: no front-matter key, no code block and no
/// kitpress command in its pages (those are on the editors' page).
#[test]
fn the_guide_speaks_of_the_platform_not_of_kitpress() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/guide");
    // A YAML key as typed in a front matter: a word glued to its colon
    // (French text puts a space before « : »).
    let key = regex::Regex::new(r"(?m)(^|[\s`{\[,(])[a-z_]+:(\s|$)").unwrap();
    let mut pages = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let body = text.splitn(3, "---\n").nth(2).expect("a front matter");
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        assert!(!body.to_lowercase().contains("kitpress"), "{name}");
        assert!(!body.contains("```"), "{name}: a code block");
        assert!(key.find(body).is_none(), "{name}: {:?}", key.find(body));
        pages += 1;
    }
    assert!(pages >= 10, "{pages} guide pages");
    // The rule catches what the old guide taught.
    assert!(key.is_match("1. Choisissez `rubrique: evenement`"));
    assert!(key.is_match("tarif: { montant: 6000 }"));
    assert!(!key.is_match("Astuce : une photo, https://exemple.nc"));
}

/// `temoignages` on an offer and a kit page are shown as quotes with the
/// first name and age; one without its quote is an error with its key.
#[test]
fn testimonials_are_quoted_and_checked() {
    let site = SiteTest::copy("valid");
    let add = |rel: &str, block: &str| {
        let path = site.path().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text.replacen("\nstatut: valide", &format!("\n{block}statut: valide"), 1);
        std::fs::write(&path, text).unwrap();
    };
    add(
        "content/offres/aventure/initiation-surf-bourail.md",
        "temoignages:\n  - { prenom: \"Lou\", age: 13, citation: \"Debout dès la première séance\" }\n",
    );
    add(
        "content/kit/comment-marche-le-portefeuille.md",
        "temoignages: [{ prenom: \"Hugo\", citation: \"Réservé le soir même\" }]\n",
    );
    let out = site.build(&[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let o = site.path().join("output");
    let offer =
        std::fs::read_to_string(o.join("offres/initiation-surf-bourail/index.html")).unwrap();
    assert!(
        offer.contains(
            "<blockquote><p>«&nbsp;Debout dès la première séance&nbsp;»</p></blockquote>"
        ),
        "{offer}"
    );
    assert!(offer.contains("<figcaption>Lou, 13&nbsp;ans</figcaption>"));
    let kit =
        std::fs::read_to_string(o.join("kit/comment-marche-le-portefeuille/index.html")).unwrap();
    assert!(kit.contains("<figcaption>Hugo</figcaption>"), "{kit}");

    let rel = "content/offres/aventure/initiation-surf-bourail.md";
    let path = site.path().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("citation: \"Debout dès la première séance\" ", ""),
    )
    .unwrap();
    let outcome = check(site.path());
    assert!(
        outcome.diagnostics.iter().any(|d| d.is_error()
            && d.code.code() == "cle-manquante"
            && d.key.as_deref() == Some("temoignages[1].citation")
            && d.file == "content/offres/aventure/initiation-surf-bourail.md"),
        "{:#?}",
        outcome.diagnostics
    );
}

#[test]
fn the_first_error_shown_is_the_cause_and_an_empty_key_is_pointed_at() {
    let site = SiteTest::copy("valid");
    // An offer whose front matter does not parse, named by a news item
    // (whose file sorts first): the offer's own error comes first.
    let offer = site
        .path()
        .join("content/offres/sport/futsal-riviere-salee.md");
    let text = std::fs::read_to_string(&offer).unwrap();
    std::fs::write(
        &offer,
        text.replacen("titre:", "titre: [non fermé\ntitre:", 1),
    )
    .unwrap();
    // A required key written but empty: its own line.
    let boxe = site.path().join("content/offres/sport/judo-mont-dore.md");
    let text = std::fs::read_to_string(&boxe).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("organisme:"))
        .expect("an organisme line")
        + 1;
    let text: String = text
        .lines()
        .map(|l| {
            if l.starts_with("organisme:") {
                "organisme: \"\""
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&boxe, text).unwrap();
    let outcome = check(site.path());
    let errors: Vec<&kitpress::diagnostic::Diagnostic> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert_eq!(
        errors[0].file, "content/offres/sport/futsal-riviere-salee.md",
        "{errors:#?}"
    );
    // The consequence is still said, after its cause.
    assert!(
        errors.iter().any(|d| d.file.starts_with("content/actus/")),
        "{errors:#?}"
    );
    let empty = errors
        .iter()
        .find(|d| d.code == "cle-manquante")
        .unwrap_or_else(|| panic!("{errors:#?}"));
    assert_eq!(empty.file, "content/offres/sport/judo-mont-dore.md");
    assert_eq!(empty.pos.line, line, "{empty}");
    assert_eq!(empty.key.as_deref(), Some("organisme"));
    assert!(empty.message.contains("est vide"), "{empty}");
}

#[test]
fn check_reads_the_image_cache_where_the_build_wrote_it() {
    let site = SiteTest::embedded();
    let elsewhere = tempfile::tempdir().unwrap();
    let public = elsewhere.path().join("public");
    let public = public.to_str().unwrap();
    site.build_ok(&["--output", public]);
    let check = |extra: &[&str]| {
        let mut args = vec![
            "check",
            "--root",
            site.path().to_str().unwrap(),
            "--date",
            TODAY,
        ];
        args.extend_from_slice(extra);
        let o = kitpress(&args);
        assert_eq!(o.status.code(), Some(0));
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    // Told where the build wrote, the check decodes nothing again.
    let told = check(&["--output", public]);
    assert!(told.contains("0 décodée"), "{told}");
    // Not told, it looks beside output/, finds no cache and decodes all.
    let untold = check(&[]);
    assert!(untold.contains("6 décodées"), "{untold}");
    assert!(!site.path().join("output").exists(), "check wrote output/");
}
