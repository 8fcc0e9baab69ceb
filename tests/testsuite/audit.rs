//! `kitpress audit` (issue 14) on a catalogue with known defects
//! (`tests/fixtures/audit`): one offer ended, one not started, one with no
//! booking channel, one with no slot, one over the price cap, two probable
//! duplicates, one with a short text ending soon, and a commune with no
//! offer. Each finding is reported once with its file; the rate is right;
//! `--strict` fails below 100 %; the JSON is pinned by a snapshot.

use std::collections::BTreeSet;
use std::path::Path;

use crate::support::SiteTest;
use crate::support::{copy_dir, fixture, kitpress, TODAY};
use serde_json::Value;

fn audit(root: &Path, extra: &[&str]) -> (Option<i32>, String, String) {
    let mut args = vec!["audit", "--root", root.to_str().unwrap(), "--date", TODAY];
    args.extend_from_slice(extra);
    let o = kitpress(&args);
    (
        o.status.code(),
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
    )
}

fn json(root: &Path) -> Value {
    let (code, out, err) = audit(root, &["--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    serde_json::from_str(&out).unwrap()
}

fn findings(v: &Value, blocking: bool) -> Vec<(String, String)> {
    v["constats"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["bloquant"].as_bool() == Some(blocking))
        .map(|f| {
            (
                f["constat"].as_str().unwrap().to_string(),
                f["fichier"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("content/offres/")
                    .to_string(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = list
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    v.sort();
    v
}

#[test]
fn each_defect_is_reported_once_with_its_file() {
    let v = json(&fixture("audit"));
    let mut blocking = findings(&v, true);
    blocking.sort();
    assert_eq!(
        blocking,
        pairs(&[
            ("pas-commencee", "a-venir.md"),
            ("sans-creneau", "sans-creneau.md"),
            ("sans-reservation", "sans-reservation.md"),
            ("tarif-eleve", "trop-chere.md"),
            ("terminee", "terminee.md"),
        ])
    );
    let other = findings(&v, false);
    let unique: BTreeSet<_> = other.iter().collect();
    assert_eq!(
        unique.len(),
        other.len(),
        "a finding reported twice: {other:?}"
    );
    for expected in [
        ("bientot-terminee", "courte.md"),
        ("description-courte", "courte.md"),
        ("doublon-probable", "doublon-a.md"),
        ("doublon-probable", "doublon-b.md"),
    ] {
        assert!(
            other.contains(&(expected.0.to_string(), expected.1.to_string())),
            "{expected:?} missing from {other:?}"
        );
    }
    // Every offer but the one with a picture has no visual.
    let no_visual: BTreeSet<&str> = other
        .iter()
        .filter(|(c, _)| c == "sans-visuel")
        .map(|(_, f)| f.as_str())
        .collect();
    assert_eq!(no_visual.len(), 8);
    assert!(!no_visual.contains("bonne.md"));
    // Lines point at the key at fault.
    let line_of = |constat: &str| {
        v["constats"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["constat"] == constat)
            .map(|f| f["ligne"].as_u64().unwrap())
            .unwrap()
    };
    assert_eq!(line_of("terminee"), 8, "the periode line of terminee.md");
    assert_eq!(line_of("tarif-eleve"), 6, "the tarif line of trop-chere.md");
}

#[test]
fn the_rate_and_the_network_are_right() {
    let v = json(&fixture("audit"));
    let t = &v["totaux"];
    assert_eq!(t["offres_publiees"], 9);
    assert_eq!(t["offres_reservables"], 4);
    assert_eq!(t["offres_non_reservables"], 5);
    assert_eq!(t["taux_reservable"], 44.4);
    let r = &v["reseau"];
    // The offer that is over is not online; « Judo club » and « Judo Club »
    // are one organisation.
    assert_eq!(r["offres"], 8);
    assert_eq!(r["organismes"], 7);
    assert_eq!(r["objectif_organismes"], 10);
    assert_eq!(r["zones_blanches"]["communes"], serde_json::json!(["Thio"]));
    assert_eq!(
        r["zones_blanches"]["univers"],
        serde_json::json!(["Aventure", "Numérique"])
    );
    let thio = r["communes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["nom"] == "Thio")
        .expect("a commune with no offer keeps its line");
    assert_eq!(thio["offres"], 0);
    assert_eq!(thio["zone_blanche"], true);
    assert_eq!(r["quartiers"][1]["nom"], "Tindu");
    assert_eq!(r["quartiers"][1]["offres"], 1);
    assert_eq!(r["tribus"][0]["nom"], "Gouaro");
    // Thio has no coordinates: said under the map, not dropped.
    assert_eq!(r["carte"]["sans_coordonnees"], serde_json::json!(["Thio"]));
    assert_eq!(r["carte"]["points"].as_array().unwrap().len(), 2);
}

#[test]
fn strict_fails_below_100_percent_and_the_summary_is_one_line() {
    let (code, out, err) = audit(&fixture("audit"), &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("Offres non réservables (5)"), "{out}");
    assert!(out.contains("content/offres/terminee.md:8"), "{out}");
    let summary: Vec<&str> = err.lines().filter(|l| l.starts_with("Audit au ")).collect();
    assert_eq!(summary.len(), 1, "{err}");
    assert!(
        summary[0].contains("4 offre(s) réservable(s) sur 9"),
        "{err}"
    );
    // The content has an error (the offer with no booking channel): said,
    // pointing to check.
    assert!(err.contains("lancez « kitpress check »"), "{err}");
    let (code, _, _) = audit(&fixture("audit"), &["--strict"]);
    assert_eq!(code, Some(1));
    // A catalogue that is all bookable passes --strict.
    let tmp = SiteTest::copy("audit");
    for f in [
        "a-venir",
        "sans-creneau",
        "sans-reservation",
        "trop-chere",
        "terminee",
    ] {
        std::fs::remove_file(tmp.path().join(format!("content/offres/{f}.md"))).unwrap();
    }
    let (code, _, err) = audit(tmp.path(), &["--strict"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("(100 %)"), "{err}");
}

#[test]
fn the_json_format_is_stable() {
    let (code, out, err) = audit(&fixture("audit"), &["--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    insta::assert_snapshot!("audit_json", out);
}

#[test]
fn a_previous_audit_gives_what_changed() {
    let tmp = SiteTest::copy("audit");
    let (_, before, _) = audit(tmp.path(), &["--format", "json"]);
    let prev = tmp.path().join("audit-precedent.json");
    std::fs::write(&prev, before).unwrap();
    std::fs::remove_file(tmp.path().join("content/offres/doublon-b.md")).unwrap();
    std::fs::remove_file(tmp.path().join("content/offres/courte.md")).unwrap();
    let text = std::fs::read_to_string(tmp.path().join("content/offres/bonne.md")).unwrap();
    std::fs::write(
        tmp.path().join("content/offres/nouvelle.md"),
        text.replace("Basket au plateau de Tindu", "Hip-hop à Bourail")
            .replace("Club de basket", "Compagnie de danse"),
    )
    .unwrap();
    let v = {
        let (code, out, err) = audit(
            tmp.path(),
            &["--format", "json", "--precedent", prev.to_str().unwrap()],
        );
        assert_eq!(code, Some(0), "{err}");
        serde_json::from_str::<Value>(&out).unwrap()
    };
    let c = &v["comparaison"];
    assert_eq!(c["depuis"], TODAY);
    assert_eq!(c["offres_ajoutees"], serde_json::json!(["nouvelle"]));
    assert_eq!(
        c["offres_retirees"],
        serde_json::json!(["courte", "doublon-b"])
    );
    assert_eq!(
        c["organismes_gagnes"],
        serde_json::json!(["Compagnie de danse"])
    );
    assert_eq!(c["organismes_perdus"], serde_json::json!(["Ping club"]));
    let (_, out, _) = audit(tmp.path(), &["--precedent", prev.to_str().unwrap()]);
    assert!(out.contains("1 offre(s) ajoutée(s), 2 retirée(s)"), "{out}");
    // A file that is not an audit is refused in French.
    std::fs::write(&prev, "{ pas du json").unwrap();
    let (code, _, err) = audit(tmp.path(), &["--precedent", prev.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("ce n'est pas un audit kitpress au format json"),
        "{err}"
    );
    // A device without end, read up to the limit and refused in French.
    let (code, _, err) = audit(tmp.path(), &["--precedent", "/dev/zero"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("plus de 50 Mo"), "{err}");
}

#[test]
fn the_html_report_is_a_dated_a4_document_with_the_network() {
    let (code, out, err) = audit(&fixture("audit"), &["--format", "html"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with("<!DOCTYPE html>"));
    let html = scraper::Html::parse_document(&out);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let h1: String = html.select(&sel("h1")).next().unwrap().text().collect();
    assert_eq!(h1, "Rapport d’audit du catalogue");
    assert!(out.contains("24 novembre 2026"));
    assert!(out.contains(r#"content="A4 portrait""#));
    assert_eq!(html.select(&sel("svg[role=img] circle")).count(), 2);
    assert!(html
        .select(&sel("tr.zone-blanche th"))
        .any(|t| t.text().collect::<String>().contains("Thio")));
    assert!(out.contains("content/offres/terminee.md:8"));
    let found = crate::support::inert::executable_markup("audit.html", &out);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn the_site_has_its_network_page_internal() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("src");
    copy_dir(&fixture("valid"), &site);
    let out = tmp.path().join("out");
    crate::support::build_to(&site, &out, &[]);
    let page = std::fs::read_to_string(out.join("reseau/index.html")).unwrap();
    assert!(page.contains(r#"<meta name="robots" content="noindex, nofollow">"#));
    assert!(page.contains("État du réseau"));
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("reseau/"));
}
