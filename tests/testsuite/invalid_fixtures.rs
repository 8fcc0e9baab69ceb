//! One invalid fixture site per validation rule of the content model: each
//! test asserts the exact file, line, column, key and rule of the diagnostic,
//! and the exit code of `kitpress check`.

use crate::support::{check, fixture, kitpress, TODAY};
use kitpress::rules::{Fixture, Rule};

struct Expect {
    fixture: &'static str,
    code: &'static str,
    file: &'static str,
    line: usize,
    col: usize,
    key: Option<&'static str>,
    /// A word the hint must contain, when the rule gives one.
    hint: Option<&'static str>,
}

const fn e(
    fixture: &'static str,
    code: &'static str,
    file: &'static str,
    line: usize,
    col: usize,
    key: Option<&'static str>,
    hint: Option<&'static str>,
) -> Expect {
    Expect {
        fixture,
        code,
        file,
        line,
        col,
        key,
        hint,
    }
}

const OFFRE: &str = "content/offres/o.md";
const PAGE: &str = "content/pages/a.md";
const MOIS: &str = "content/calendrier/2026-05.yaml";

#[rustfmt::skip]
const CASES: &[Expect] = &[
    e("cle-inconnue", "cle-inconnue", PAGE, 2, 1, Some("titr"), Some("titre")),
    e("cle-manquante", "cle-manquante", PAGE, 2, 1, Some("titre"), Some("titre")),
    e("yaml-invalide", "yaml-invalide", PAGE, 4, 7, None, Some("refermé")),
    e("entete-absente", "entete-absente", PAGE, 1, 1, Some("titre"), Some("---")),
    e("entete-non-fermee", "entete-non-fermee", PAGE, 1, 1, None, Some("---")),
    e("encodage-invalide", "encodage-invalide", PAGE, 2, 12, None, Some("UTF-8")),
    e("type-invalide", "type-invalide", OFFRE, 8, 9, Some("places"), None),
    e("univers-inconnu", "valeur-inconnue", OFFRE, 4, 10, Some("univers"), Some("sport")),
    e("commune-inconnue", "valeur-inconnue", OFFRE, 5, 10, Some("commune"), Some("Nouméa")),
    e("statut-inconnu", "valeur-inconnue", PAGE, 3, 9, Some("statut"), None),
    e("date-invalide", "date-invalide", "content/actus/a.md", 4, 7, Some("date"), Some("AAAA-MM-JJ")),
    e("date-manquante", "cle-manquante", "content/actus/a.md", 2, 1, Some("date"), None),
    e("heure-invalide", "heure-invalide", OFFRE, 9, 30, Some("creneaux[1].debut"), Some("HH:MM")),
    e("creneau-inverse", "ordre-invalide", OFFRE, 9, 44, Some("creneaux[1].fin"), None),
    e("jour-inconnu", "valeur-inconnue", OFFRE, 9, 13, Some("creneaux[1].jour"), Some("mercredi")),
    e("periode-inversee", "ordre-invalide", OFFRE, 8, 10, Some("periode"), None),
    e("ages-inverses", "ordre-invalide", OFFRE, 8, 9, Some("public"), None),
    e("montant-negatif", "type-invalide", OFFRE, 6, 19, Some("tarif.montant"), None),
    e("reservation-manquante", "reservation-manquante", OFFRE, 7, 14, Some("reservation"), Some("telephone")),
    e("seances-manquant", "seances-manquant", OFFRE, 6, 25, Some("tarif.seances"), Some("seances")),
    e("alt-manquant", "alt-manquant", OFFRE, 8, 9, Some("visuel.alt"), Some("decoratif")),
    e("image-introuvable", "image-introuvable", OFFRE, 8, 1, Some("visuel.src"), None),
    e("lien-casse", "lien-casse", PAGE, 7, 6, Some("lien"), None),
    e("lien-non-publie", "lien-non-publie", PAGE, 5, 6, Some("lien"), Some("statut")),
    e("ancre-inconnue", "ancre-inconnue", PAGE, 5, 6, Some("lien"), Some("tarifs")),
    e("lien-interdit", "lien-interdit", PAGE, 5, 1, Some("lien"), Some("http")),
    e("offre-inconnue", "offre-inconnue", "content/actus/a.md", 5, 8, Some("offre"), Some("surf-bourail")),
    e("url-en-double", "url-en-double", "content/offres/sud/surf.md", 1, 1, Some("slug"), Some("content/offres/nord/surf.md")),
    e("resume-trop-long", "resume-trop-long", PAGE, 3, 9, Some("resume"), None),
    e("slug-invalide", "slug-invalide", PAGE, 3, 7, Some("slug"), Some("mon-slug")),
    e("evenement-manquant", "cle-manquante", "content/actus/a.md", 3, 1, Some("evenement"), Some("debut")),
    e("email-invalide", "email-invalide", OFFRE, 7, 23, Some("reservation.email"), None),
    e("kit-type-inconnu", "valeur-inconnue", "content/kit/k.md", 4, 7, Some("type"), Some("parcours")),
    e("cible-manquante", "cle-manquante", "content/offres-modeles/m.md", 2, 1, Some("cible"), None),
    e("fichier-mal-place", "fichier-mal-place", "content/notes.md", 0, 0, None, Some("pages")),
    e("couleur-contraste", "couleur-contraste", "content/site.yaml", 4, 21, Some("charte.couleur_primaire"), Some("plus foncée")),
    e("shortcode-inconnu", "shortcode-inconnu", "content/kit/k.md", 9, 1, Some("parcour"), Some("parcours")),
    e("shortcode-argument", "shortcode-invalide", "content/kit/k.md", 7, 1, Some("portefeuille"), Some("prix=[1500")),
    e("site-incomplet", "cle-manquante", "content/site.yaml", 1, 1, Some("url_base"), None),
    e("calendrier-date-hors-mois", "date-hors-mois", MOIS, 3, 11, Some("entrees[1].date"), None),
    e("calendrier-canal-inconnu", "valeur-inconnue", MOIS, 4, 12, Some("entrees[1].canal"), Some("tiktok")),
    e("calendrier-mois-fichier", "mois-fichier", MOIS, 1, 7, Some("mois"), None),
    e("calendrier-offre-inconnue", "offre-inconnue", MOIS, 7, 12, Some("entrees[1].offre"), None),
    e("html-lien-interdit", "lien-interdit", PAGE, 5, 12, Some("lien"), Some("http")),
    e("html-lien-casse", "lien-casse", PAGE, 8, 1, Some("lien"), None),
    e("image-distante", "image-distante", PAGE, 7, 1, Some("image"), Some("images_distantes")),
    e("theme-invalide", "theme-invalide", "content/site.yaml", 3, 8, Some("theme"), Some("clicmouv")),
    e("svg-actif", "svg-actif", "content/images/offres/surf.svg", 3, 3, None, Some("PNG")),
    e("image-invalide", "image-invalide", "content/images/photo.png", 0, 0, None, Some("PNG")),
    e("cle-en-double", "yaml-invalide", OFFRE, 9, 3, Some("tarif.montant"), Some("une seule")),
    e("nombre-trop-grand", "nombre-trop-grand", OFFRE, 6, 52, Some("tarif.seances"), Some("chiffres en trop")),
    e("yaml-trop-profond", "yaml-trop-profond", "content/data/profond.yaml", 2, 23, Some("extra[1][1][1][1][1][1][1][1][1][1][1][1][1][1][1]"), Some("simplifiez")),
    e("liste-trop-longue", "liste-trop-longue", "content/data/longue.yaml", 3, 3, Some("valeurs"), Some("plusieurs fichiers")),
    e("imbrication-excessive", "imbrication-excessive", PAGE, 7, 129, None, Some("niveaux en trop")),
];

#[test]
fn every_rule_is_reported_at_its_place() {
    let mut failures = Vec::new();
    for c in CASES {
        let outcome = check(&fixture(&format!("invalid/{}", c.fixture)));
        let found = outcome
            .diagnostics
            .iter()
            .find(|d| d.code.code() == c.code && d.is_error());
        let Some(d) = found else {
            failures.push(format!(
                "{}: no `{}` error in {:#?}",
                c.fixture, c.code, outcome.diagnostics
            ));
            continue;
        };
        let place = (d.file.as_str(), d.pos.line, d.pos.col, d.key.as_deref());
        if place != (c.file, c.line, c.col, c.key) {
            failures.push(format!(
                "{}: expected {:?}, got {:?}",
                c.fixture,
                (c.file, c.line, c.col, c.key),
                place
            ));
        }
        if let Some(h) = c.hint {
            if !d.hint.as_deref().unwrap_or("").contains(h) {
                failures.push(format!("{}: hint {:?} lacks {h:?}", c.fixture, d.hint));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn there_is_one_fixture_per_rule_and_no_orphan() {
    let dir = fixture("invalid");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    // A fixture belongs to a case of this file (its exact place) or is the
    // fixture of a rule (`tests/rules.rs`, its whole report).
    let mut listed: Vec<String> = CASES.iter().map(|c| c.fixture.to_string()).collect();
    listed.extend(Rule::ALL.iter().filter_map(|r| match r.fixture() {
        Fixture::Dir(d) => Some(d.to_string()),
        Fixture::None(_) => None,
    }));
    listed.sort();
    listed.dedup();
    assert_eq!(on_disk, listed);
    assert!(listed.len() >= 25);
}

#[test]
fn check_exits_1_on_every_invalid_fixture_and_never_panics() {
    for c in CASES {
        let root = fixture(&format!("invalid/{}", c.fixture));
        let out = kitpress(&["check", "--root", root.to_str().unwrap(), "--date", TODAY]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{}: {stderr}", c.fixture);
        assert!(!stderr.contains("panicked"), "{}: {stderr}", c.fixture);
        let place = if c.line > 0 {
            format!("{}:{}:{}", c.file, c.line, c.col)
        } else {
            c.file.to_string()
        };
        assert!(
            stderr.contains(&place),
            "{}: {place} not in {stderr}",
            c.fixture
        );
        assert!(stderr.contains("erreur"), "{}", c.fixture);
    }
}

#[test]
fn all_problems_of_a_file_are_reported_not_just_the_first() {
    let outcome = check(&fixture("invalid/cle-inconnue"));
    // The unknown key and the missing title it was meant to be.
    let codes: Vec<&str> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code.code())
        .collect();
    assert_eq!(codes, ["cle-inconnue", "cle-manquante"]);
}
