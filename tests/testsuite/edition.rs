//! Editing in the browser: the CMS made from the content model agrees with
//! the readers, and `serve --edition` writes only where it may.

use kitpress::config::SiteConfig;
use kitpress::content::Section;
use kitpress::edition::sample::{self, Refs};

use kitpress::edition::cms::API_PATH;
use serde_json::json;

use crate::support::serve::Served;
use crate::support::SiteTest;

const REFS: Refs = Refs {
    image: "offres/surf-bourail.jpg",
    offer: "initiation-surf-bourail",
    month: "2027-02",
};

fn site_config(site: &SiteTest) -> SiteConfig {
    let text = std::fs::read_to_string(site.path().join("content/site.yaml")).unwrap();
    SiteConfig::parse(&text, &kitpress::diagnostic::Sink::new()).unwrap()
}

/// One file of each type with every field of the CMS filled, written as
/// the CMS writes it (block YAML), validated: `check` passes and the build
/// publishes each of them.
#[test]
fn an_entry_with_every_field_filled_passes_check() {
    let site = SiteTest::embedded();
    let cfg = site_config(&site);
    for section in Section::ALL {
        // The first status of the list is `brouillon`: published here.
        let text =
            sample::markdown(section, &cfg, &REFS).replace("statut: brouillon", "statut: valide");
        assert!(text.contains("statut: valide"), "{text}");
        site.write(
            &format!("content/{}/essai-complet.md", section.dir()),
            &text,
        );
    }
    site.write(
        "content/calendrier/2027-02.yaml",
        &sample::month(&cfg, &REFS),
    );
    let out = site.build(&[]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(!said.contains("erreur ["), "{said}");
    // Every sample is published at its slug (`slug: essai-complet`).
    for dir in ["offres", "offres-modeles", "kit", "guide", "actus"] {
        let page = site.page(&format!("{dir}/essai-complet/index.html"));
        assert!(page.contains("Texte d’essai"), "{dir}");
    }
    assert!(site.out().join("essai-complet/index.html").is_file());
    assert!(site.out().join("calendrier/2027-02/index.html").is_file());
}

/// A call of the CMS's API, as the CMS's page sends it (with its `Origin`).
fn api(served: &Served, origin: Option<&str>, body: &serde_json::Value) -> (u16, String) {
    let mut headers = vec![("Content-Type", "application/json")];
    let own = format!("http://127.0.0.1:{}", served.port);
    headers.push(("Origin", origin.unwrap_or(&own)));
    served
        .send("POST", API_PATH, &headers, body.to_string().as_bytes())
        .expect("the preview answers")
}

fn persist(path: &str, raw: &str) -> serde_json::Value {
    json!({ "action": "persistEntry", "params": {
        "branch": "main",
        "dataFiles": [{ "path": path, "raw": raw, "slug": "x" }],
        "assets": [],
        "options": { "collectionName": "offres", "commitMessage": "essai" },
    }})
}

fn upload(path: &str, bytes: &[u8]) -> serde_json::Value {
    use base64::Engine;
    json!({ "action": "persistMedia", "params": {
        "branch": "main",
        "asset": { "path": path, "content": base64::engine::general_purpose::STANDARD.encode(bytes), "encoding": "base64" },
    }})
}

/// Everything the backend refuses, it refuses in French and writes nothing;
/// what it accepts lands atomically under `content/`.
#[test]
fn the_edition_writes_inside_content_only() {
    let site = SiteTest::embedded();
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path().join("content/lien")).unwrap();
    std::fs::create_dir_all(site.path().join(".git")).unwrap();
    let served = site.serve(&["--edition"]);
    let offer = "---\ntitre: \"Essai\"\nstatut: brouillon\n---\nTexte.\n";

    let (status, answer) = api(
        &served,
        None,
        &persist("content/offres/aventure/essai.md", offer),
    );
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        std::fs::read_to_string(site.path().join("content/offres/aventure/essai.md")).unwrap(),
        offer
    );
    // No temporary file is left beside it.
    let left: Vec<_> = std::fs::read_dir(site.path().join("content/offres/aventure"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");

    for path in [
        "../x.md",
        "content/../../x.md",
        "/etc/x.md",
        "/tmp/x.md",
        "content/lien/x.md",
        ".git/config",
        "content/.git/x.md",
        "content/offres/x.sh",
        "content/offres/.cache.md",
        "output/index.md",
        "content\\..\\x.md",
    ] {
        let (status, answer) = api(&served, None, &persist(path, offer));
        assert_eq!(status, 422, "{path}: {answer}");
        assert!(
            answer.contains("refusé") || answer.contains("n'enregistre que"),
            "{path}: {answer}"
        );
    }
    assert_eq!(
        std::fs::read_dir(outside.path()).unwrap().count(),
        0,
        "nothing through the link"
    );
    assert!(!site.path().join("x.md").exists());
    assert!(!site.path().join(".git/config").exists());
    assert!(!site.path().join("content/offres/x.sh").exists());

    // Pictures: checked as a build checks them.
    let jpeg = std::fs::read(site.path().join("content/images/offres/surf-bourail.jpg")).unwrap();
    let (status, answer) = api(
        &served,
        None,
        &upload("content/images/offres/nouvelle.jpg", &jpeg),
    );
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        std::fs::read(site.path().join("content/images/offres/nouvelle.jpg")).unwrap(),
        jpeg
    );
    let html = b"<!doctype html><script>alert(1)</script>";
    let (status, answer) = api(
        &served,
        None,
        &upload("content/images/offres/piege.jpg", html),
    );
    assert_eq!(status, 422, "{answer}");
    assert!(answer.contains("n'est pas une image JPEG"), "{answer}");
    assert!(!site.path().join("content/images/offres/piege.jpg").exists());
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>"#;
    let (status, answer) = api(
        &served,
        None,
        &upload("content/images/offres/piege.svg", svg),
    );
    assert_eq!(status, 422, "{answer}");
    assert!(!site.path().join("content/images/offres/piege.svg").exists());
    let (status, _) = api(&served, None, &upload("content/offres/image.jpg", &jpeg));
    assert_eq!(status, 422, "pictures go under content/images/");

    // Another site's page, or another host name, gets nothing.
    let (status, _) = api(
        &served,
        Some("http://evil.example"),
        &persist("content/offres/o.md", offer),
    );
    assert_eq!(status, 403);
    let port_origin = format!("http://127.0.0.1:{}.evil.example", served.port);
    let (status, _) = api(
        &served,
        Some(&port_origin),
        &persist("content/offres/o.md", offer),
    );
    assert_eq!(status, 403);
    let (status, _) = served
        .send(
            "POST",
            API_PATH,
            &[("Content-Type", "application/json")],
            persist("content/offres/o.md", offer).to_string().as_bytes(),
        )
        .unwrap();
    assert_eq!(status, 403, "no Origin, no write");
    let (status, _) = served
        .send(
            "POST",
            API_PATH,
            &[("Host", "evil.example"), ("Origin", "http://evil.example")],
            persist("content/offres/o.md", offer).to_string().as_bytes(),
        )
        .unwrap();
    assert_eq!(status, 421);
    assert!(!site.path().join("content/offres/o.md").exists());

    // The CMS itself is served, from kitpress, with its configuration.
    let (status, page) = served.send("GET", "/admin/", &[], b"").unwrap();
    assert_eq!(status, 200);
    assert!(
        page.contains("decap/decap-cms.js") && page.contains("lang=\"fr\""),
        "{page}"
    );
    let (status, config) = served.send("GET", "/admin/config.yml", &[], b"").unwrap();
    assert_eq!(status, 200);
    assert!(config.contains(API_PATH), "{config}");
    let (status, _) = served
        .send("GET", "/admin/decap/decap-cms.js", &[], b"")
        .unwrap();
    assert_eq!(status, 200);
}

/// Without `--edition` the preview stays read-only and has no CMS.
#[test]
fn without_edition_the_preview_writes_nothing() {
    let site = SiteTest::embedded();
    let served = site.serve(&[]);
    let (status, _) = api(
        &served,
        None,
        &persist("content/offres/o.md", "---\ntitre: x\n---\n"),
    );
    assert_eq!(status, 405);
    assert!(!site.path().join("content/offres/o.md").exists());
    let (status, _) = served.send("GET", "/admin/", &[], b"").unwrap();
    assert_eq!(status, 404);
}

/// `edition:` in `site.yaml` publishes the CMS for the Git host under
/// `admin/`; without it, a build has no admin at all.
#[test]
fn a_build_publishes_the_cms_only_when_site_yaml_asks() {
    let site = SiteTest::embedded();
    site.build_ok(&[]);
    assert!(!site.out().join("admin").exists());

    let yaml = std::fs::read_to_string(site.path().join("content/site.yaml")).unwrap();
    site.write(
        "content/site.yaml",
        &format!(
            "{yaml}\nedition:\n  backend: gitlab\n  depot: province-sud/clicetmouv\n  branche: production\n  workflow: true\n  adresse: https://gitlab.province-sud.nc\n  application: abc123\n"
        ),
    );
    site.build_ok(&[]);
    let page = site.page("admin/index.html");
    assert!(page.contains(r#"<script src="decap/decap-cms.js"></script>"#));
    assert!(page.contains("<title>Édition — Clic&amp;Mouv"), "{page}");
    let config = site.page("admin/config.yml");
    let json: String = config.lines().filter(|l| !l.starts_with('#')).collect();
    let config: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(config["backend"]["name"], "gitlab");
    assert_eq!(config["backend"]["repo"], "province-sud/clicetmouv");
    assert_eq!(config["backend"]["branch"], "production");
    assert_eq!(
        config["backend"]["base_url"],
        "https://gitlab.province-sud.nc"
    );
    assert_eq!(
        config["backend"]["api_root"],
        "https://gitlab.province-sud.nc/api/v4"
    );
    assert_eq!(config["backend"]["app_id"], "abc123");
    assert_eq!(config["publish_mode"], "editorial_workflow");
    assert_eq!(
        config["site_url"],
        "https://www.province-sud.nc/clicetmouv/"
    );
    assert!(!site.page("admin/config.yml").contains(API_PATH));
    let bundle = std::fs::read(site.out().join("admin/decap/decap-cms.js")).unwrap();
    assert_eq!(
        bundle,
        kitpress::edition::decap_file("decap-cms.js").unwrap(),
        "the vendored bundle, as it is"
    );
    assert!(site
        .out()
        .join("admin/decap/decap-cms.js.LICENSE.txt")
        .is_file());
    // The admin is not a page of the site: not in the sitemap.
    assert!(!site.page("sitemap.xml").contains("admin"));
}

/// The data files the CMS edits hold their list under a key; the readers
/// take that form as the bare list, and the backend never lets a form
/// replace a bare list, nor any file, it could not show.
#[test]
fn data_files_are_read_under_their_key_and_a_bare_list_is_never_replaced() {
    let site = SiteTest::embedded();
    // The starter kit's files, in the keyed form, are read: every commune
    // is on the map, the key dates are in the month's grid.
    site.build_ok(&[]);
    assert!(!site
        .page("reseau/index.html")
        .to_lowercase()
        .contains("sans coordonnées"));
    assert!(site
        .page("calendrier/2026-12/index.html")
        .contains("Journée internationale des personnes handicapées"));

    // An older site: the same data as a bare list.
    let bare = "- { nom: Nouméa, lat: -22.2758, lon: 166.4580 }\n";
    site.write("content/data/communes.yaml", bare);
    let served = site.serve(&["--edition"]);
    let form = "communes:\n  - nom: Nouméa\n    lat: -22.3\n    lon: 166.4\n";
    let (status, answer) = api(&served, None, &persist("content/data/communes.yaml", form));
    assert_eq!(status, 422, "{answer}");
    assert!(
        answer.contains("rangez d'abord la liste sous une clé"),
        "{answer}"
    );
    assert!(answer.contains("communes:"), "{answer}");
    let on_disk = std::fs::read_to_string(site.path().join("content/data/communes.yaml"));
    assert_eq!(on_disk.unwrap(), bare);
    // A file the form could not show (here Latin-1) is not replaced either.
    let latin1 = b"---\ntitre: \"Caf\xe9\"\n---\n";
    std::fs::write(site.path().join("content/pages/latin.md"), latin1).unwrap();
    let (status, answer) = api(
        &served,
        None,
        &persist("content/pages/latin.md", "---\ntitre: Vide\n---\n"),
    );
    assert_eq!(status, 422, "{answer}");
    assert!(answer.contains("pas en UTF-8"), "{answer}");
    assert_eq!(
        std::fs::read(site.path().join("content/pages/latin.md")).unwrap(),
        latin1
    );
    // Once keyed, the form saves it.
    site.write(
        "content/data/communes.yaml",
        &format!("communes:\n  {bare}"),
    );
    let (status, answer) = api(&served, None, &persist("content/data/communes.yaml", form));
    assert_eq!(status, 200, "{answer}");
    let on_disk = std::fs::read_to_string(site.path().join("content/data/communes.yaml"));
    assert_eq!(on_disk.unwrap(), form);
}

/// A data file a form (or a hand) got wrong is reported with its line and
/// key, never skipped quietly by the map or the calendar.
#[test]
fn a_wrong_value_in_a_data_file_is_reported_with_line_and_key() {
    let site = SiteTest::embedded();
    site.write(
        "content/data/dates-cles.yaml",
        "dates:\n  - { date: 2026-13-01, titre: \"Mauvais mois\", type: evenement }\n  - { date: 2026-12-03, type: fete }\n",
    );
    // The older form (a bare list) is checked the same way.
    site.write(
        "content/data/communes.yaml",
        "- { nom: Nouméa, lat: abc, lon: 166.4 }\n- { nom: Dumbéa, lat: -122.15, lon: 166.45 }\n",
    );
    let out = site.build(&[]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{said}");
    for expected in [
        "content/data/dates-cles.yaml:2:13",
        "« 2026-13-01 » n'est pas une date valide",
        "content/data/dates-cles.yaml:3:7",
        "la clé obligatoire `dates[2].titre` est absente",
        "`dates[2].type` : valeur « fete » inconnue",
        "content/data/communes.yaml:1:24",
        "`[1].lat` doit être un nombre",
        "content/data/communes.yaml:2:24",
        "-122.15 n'est pas entre -90 et 90",
    ] {
        assert!(said.contains(expected), "{expected}\n{said}");
    }
    assert!(!site.out().exists(), "a failed build writes nothing");
}

/// The JSON body of an answer (its head cut off).
fn body_json(answer: &str) -> serde_json::Value {
    let body = answer.split_once("\r\n\r\n").map_or(answer, |(_, b)| b);
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {answer}"))
}

/// A folder listed a page at a time gives every entry once, in path order,
/// as the whole listing does; a page past the end is the last one; a folder
/// outside `content/` is refused.
#[test]
fn a_folder_comes_a_page_at_a_time() {
    let site = SiteTest::embedded();
    let served = site.serve(&["--edition"]);
    let params = |page: u64| {
        json!({ "action": "entriesByFolderPage", "params": {
            "branch": "main", "folder": "content/offres", "extension": "md",
            "depth": 2, "page": page, "pageSize": 7,
        }})
    };
    let (status, whole) = api(
        &served,
        None,
        &json!({ "action": "entriesByFolder", "params": {
            "branch": "main", "folder": "content/offres", "extension": "md", "depth": 2,
        }}),
    );
    assert_eq!(status, 200, "{whole}");
    let whole: serde_json::Value = body_json(&whole);
    let whole: Vec<String> = whole
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["file"]["path"].as_str().unwrap().to_string())
        .collect();
    assert!(whole.len() > 14, "the starter kit has more than two pages");
    let mut sorted = whole.clone();
    sorted.sort();
    assert_eq!(whole, sorted);

    let mut paged = Vec::new();
    let count = whole.len().div_ceil(7) as u64;
    for page in 0..count {
        let (status, answer) = api(&served, None, &params(page));
        assert_eq!(status, 200, "{answer}");
        let answer: serde_json::Value = body_json(&answer);
        assert_eq!(answer["page"], page);
        assert_eq!(answer["pageCount"], count);
        assert_eq!(answer["count"], whole.len());
        for e in answer["entries"].as_array().unwrap() {
            assert!(e["data"].as_str().unwrap().starts_with("---"));
            paged.push(e["file"]["path"].as_str().unwrap().to_string());
        }
    }
    assert_eq!(paged, whole);

    let (_, past) = api(&served, None, &params(count + 5));
    let past: serde_json::Value = body_json(&past);
    assert_eq!(past["page"], count - 1);

    let (status, answer) = api(
        &served,
        None,
        &json!({ "action": "entriesByFolderPage", "params": { "folder": "../", "depth": 1 } }),
    );
    assert_eq!(status, 422, "{answer}");
    assert!(answer.contains("chemin refusé"), "{answer}");
}
