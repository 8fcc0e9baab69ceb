//! Incremental rebuilds (`kitpress serve`): after any sequence of saves, the
//! preview's folder holds byte for byte what a full build of the same files
//! gives, and a rebuild renders only what the change touches.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::support::today;
use crate::support::SiteTest;
use kitpress::build::{self, Mode};
use kitpress::rebuild::{Kind, Session};
use kitpress::site::Options;

const OFFER: &str = "content/offres/sport/judo-mont-dore.md";

struct Preview {
    site: SiteTest,
    out: PathBuf,
    session: Session,
}

fn options(root: &Path) -> Options {
    Options {
        root: root.to_path_buf(),
        drafts: true,
        today: today(),
    }
}

fn start() -> Preview {
    let site = SiteTest::copy("valid");
    let out = site.path().join("apercu");
    let (session, outcome) = Session::start(
        options(site.path()),
        out.clone(),
        site.path().join(".kitpress-cache"),
    )
    .unwrap();
    assert_eq!(outcome.errors(), 0, "{:?}", outcome.diagnostics);
    Preview { site, out, session }
}

impl Preview {
    /// Rewrites `rel` with `edit` applied, then rebuilds.
    fn save(&mut self, rel: &str, edit: impl Fn(String) -> String) -> (build::Outcome, Kind) {
        let path = self.site.path().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, edit(text)).unwrap();
        self.session
            .update(&BTreeSet::from([path]))
            .expect("the rebuild runs")
    }

    /// The preview's folder, once its zips are made, equals a full build
    /// of the same files.
    fn assert_same_as_full_build(&mut self) {
        let problems = self.session.settle();
        assert!(problems.is_empty(), "{problems:?}");
        assert!(!self.session.zips().any());
        let full = tempfile::tempdir().unwrap();
        let out = full.path().join("sortie");
        let outcome = build::run(options(self.site.path()), Mode::build(out.clone())).unwrap();
        assert_eq!(outcome.errors(), 0, "{:?}", outcome.diagnostics);
        let strip = |v: Vec<(PathBuf, Vec<u8>)>| -> Vec<(PathBuf, Vec<u8>)> {
            v.into_iter()
                .filter(|(p, _)| p != Path::new(".kitpress-sortie"))
                .collect()
        };
        let a = strip(crate::support::tree(&self.out));
        let b = strip(crate::support::tree(&out));
        let names = |v: &[(PathBuf, Vec<u8>)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
        assert_eq!(names(&a), names(&b), "the same files");
        for ((p, x), (_, y)) in a.iter().zip(&b) {
            assert!(x == y, "{} differs from a full build", p.display());
        }
        // The marker records the same content: the next full build of an
        // unchanged site rewrites nothing.
        let marker = |d: &Path| std::fs::read_to_string(d.join(".kitpress-sortie")).unwrap();
        assert_eq!(marker(&self.out), marker(&out));
    }
}

fn partial(kind: &Kind) -> (usize, Vec<String>) {
    match kind {
        Kind::Partial { rendered, written } => (*rendered, written.clone()),
        Kind::Full => panic!("a full rebuild where a partial one was expected"),
    }
}

#[test]
fn a_body_edit_renders_the_page_and_what_prints_its_text() {
    let mut p = start();
    let (outcome, kind) = p.save(OFFER, |t| t.replace("On commence par", "On débute par"));
    assert_eq!(outcome.errors(), 0, "{:?}", outcome.diagnostics);
    let (rendered, written) = partial(&kind);
    // The page, its sheet and its commune's bundle (the text's beginning
    // changed); no list, no index.
    assert!(
        written.contains(&"offres/judo-mont-dore/index.html".to_string()),
        "{written:?}"
    );
    assert!(
        written.contains(&"offres/judo-mont-dore/fiche/index.html".to_string()),
        "{written:?}"
    );
    assert!(
        written
            .iter()
            .any(|w| w.starts_with("offres/communes/mont-dore/fiches/")),
        "{written:?}"
    );
    assert!(
        !written.contains(&"offres/index.html".to_string()),
        "{written:?}"
    );
    assert!(rendered < 10, "{rendered} files rendered for a body edit");
    p.assert_same_as_full_build();
    // The end of a long text is not printed: the sheet stays as it is.
    let (_, kind) = p.save(OFFER, |t| format!("{t}\nUn mot de plus à la fin.\n"));
    let (_, written) = partial(&kind);
    assert!(
        written.contains(&"offres/judo-mont-dore/index.html".to_string()),
        "{written:?}"
    );
    p.assert_same_as_full_build();
}

#[test]
fn a_title_edit_renders_the_lists_that_show_it() {
    let mut p = start();
    let (outcome, kind) = p.save(OFFER, |t| {
        t.replace(
            "titre: \"Judo au dojo du Mont-Dore\"",
            "titre: \"Judo et self-défense au Mont-Dore\"",
        )
    });
    assert_eq!(outcome.errors(), 0, "{:?}", outcome.diagnostics);
    let (_, written) = partial(&kind);
    for f in [
        "offres/judo-mont-dore/index.html",
        "offres/index.html",
        "offres/index.json",
        "offres/univers/sport/index.html",
        "offres/communes/mont-dore/index.html",
    ] {
        assert!(written.contains(&f.to_string()), "{f} not in {written:?}");
    }
    // A list the offer is not in is not touched.
    assert!(
        !written
            .iter()
            .any(|w| w.starts_with("offres/communes/bourail/")),
        "{written:?}"
    );
    p.assert_same_as_full_build();
    // It moves to another commune: it leaves one list and joins the other;
    // Mont-Dore, now empty, loses its page and that page's visual.
    let (outcome, kind) = p.save(OFFER, |t| {
        t.replace("commune: Mont-Dore", "commune: Dumbéa")
    });
    assert_eq!(outcome.errors(), 0, "{:?}", outcome.diagnostics);
    partial(&kind);
    p.assert_same_as_full_build();
}

#[test]
fn a_broken_save_writes_nothing_and_its_fix_writes_everything() {
    let mut p = start();
    let before = crate::support::tree(&p.out);
    // A new title and a wrong universe in one save: nothing is written.
    let (outcome, kind) = p.save(OFFER, |t| {
        t.replace(
            "titre: \"Judo au dojo du Mont-Dore\"",
            "titre: \"Judo du soir\"",
        )
        .replace("univers: sport", "univers: sprot")
    });
    assert!(outcome.errors() > 0);
    let (_, written) = partial(&kind);
    assert!(written.is_empty(), "{written:?}");
    assert_eq!(
        crate::support::tree(&p.out),
        before,
        "the last good version stays"
    );
    // A front matter that does not parse: the same.
    let (outcome, _) = p.save(OFFER, |t| t.replacen("---\n", "---\ntitre: [\n", 1));
    assert!(outcome.errors() > 0);
    assert_eq!(crate::support::tree(&p.out), before);
    // The fix only touches the universe, yet the new title reaches every list.
    let (outcome, _) = p.save(OFFER, |t| {
        t.replacen("---\ntitre: [\n", "---\n", 1)
            .replace("univers: sprot", "univers: sport")
    });
    assert_eq!(outcome.errors(), 0, "{:?}", outcome.diagnostics);
    p.assert_same_as_full_build();
    let (_, catalogue) = (
        0,
        std::fs::read_to_string(p.out.join("offres/index.html")).unwrap(),
    );
    assert!(catalogue.contains("Judo du soir"));
}

#[test]
fn a_save_that_changes_nothing_writes_nothing() {
    let mut p = start();
    let (outcome, kind) = p.save(OFFER, |t| t);
    assert!(outcome.unchanged);
    assert_eq!(partial(&kind).1, Vec::<String>::new());
    // An editor's temporary file, gone by the end of the save.
    let tmp = p.site.path().join("content/offres/sport/sedX1b2c3");
    let (outcome, kind) = p.session.update(&BTreeSet::from([tmp])).unwrap();
    assert!(outcome.unchanged);
    assert_eq!(partial(&kind).1, Vec::<String>::new());
}

#[test]
fn what_every_page_shares_rebuilds_everything() {
    let mut p = start();
    // A new file, site.yaml, a new URL: full builds, same result.
    let new = p.site.path().join("content/offres/sport/judo-bis.md");
    std::fs::copy(p.site.path().join(OFFER), &new).unwrap();
    let (_, kind) = p.session.update(&BTreeSet::from([new])).unwrap();
    assert_eq!(kind, Kind::Full);
    p.assert_same_as_full_build();
    let (_, kind) = p.save(OFFER, |t| {
        t.replace("statut: valide", "statut: valide\nslug: judo-boulari")
    });
    assert_eq!(kind, Kind::Full);
    p.assert_same_as_full_build();
    let (_, kind) = p.save("content/site.yaml", |t| t);
    assert_eq!(kind, Kind::Full);
    p.assert_same_as_full_build();
}

#[test]
fn a_month_zip_is_made_when_it_is_downloaded() {
    const FUTSAL: &str = "content/offres/sport/futsal-riviere-salee.md";
    const ZIP: &str = "diffusion/2026-11/kit-diffusion-2026-11.zip";
    let mut p = start();
    let before = std::fs::read(p.out.join(ZIP)).unwrap();
    // The offer is in November's kit: its title is in the zip's texts.
    let (outcome, kind) = p.save(FUTSAL, |t| {
        t.replace(
            "titre: \"Futsal du mercredi à Rivière-Salée\"",
            "titre: \"Futsal du jeudi à Rivière-Salée\"",
        )
    });
    assert_eq!(outcome.errors(), 0, "{:?}", outcome.diagnostics);
    let (_, written) = partial(&kind);
    assert!(
        written.contains(&"diffusion/2026-11/index.html".to_string()),
        "{written:?}"
    );
    // The page is served at once; the zip is not made by the rebuild.
    assert!(!written.contains(&ZIP.to_string()), "{written:?}");
    let zips = p.session.zips();
    assert!(zips.any());
    assert_eq!(std::fs::read(p.out.join(ZIP)).unwrap(), before);
    // Nothing waits at another path.
    assert!(zips
        .make("diffusion/2026-12/kit-diffusion-2026-12.zip")
        .is_none());
    // Asked for, it is made: the new title is in its texts, once.
    assert!(matches!(zips.make(ZIP), Some(Ok(_))));
    assert!(zips.make(ZIP).is_none() && !zips.any());
    let after = std::fs::read(p.out.join(ZIP)).unwrap();
    let has = |bytes: &[u8], s: &str| bytes.windows(s.len()).any(|w| w == s.as_bytes());
    assert!(has(&after, "Futsal du jeudi") && !has(&after, "Futsal du mercredi"));
    let leftovers: Vec<_> = std::fs::read_dir(p.out.join("diffusion/2026-11"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Saved again, and left: the next full comparison makes it.
    p.save(FUTSAL, |t| {
        t.replace("Futsal du jeudi", "Futsal du vendredi")
    });
    assert!(zips.any());
    p.assert_same_as_full_build();
}

#[test]
fn a_broken_save_of_an_offer_in_a_kit_reaches_the_kit_with_its_fix() {
    // The internal pages are planned after the public ones are rendered;
    // a save held for an error does not plan them, and the fix renders them.
    const FUTSAL: &str = "content/offres/sport/futsal-riviere-salee.md";
    const KIT: &str = "diffusion/2026-11/index.html";
    let mut p = start();
    let (outcome, _) = p.save(FUTSAL, |t| {
        t.replace(
            "titre: \"Futsal du mercredi à Rivière-Salée\"",
            "titre: \"Futsal du samedi à Rivière-Salée\"",
        )
        .replace("univers: sport", "univers: sprot")
    });
    assert!(outcome.errors() > 0);
    let kit = std::fs::read_to_string(p.out.join(KIT)).unwrap();
    assert!(kit.contains("Futsal du mercredi") && !kit.contains("Futsal du samedi"));
    // The fix touches only the universe.
    let (outcome, kind) = p.save(FUTSAL, |t| t.replace("univers: sprot", "univers: sport"));
    assert_eq!(outcome.errors(), 0, "{:?}", outcome.diagnostics);
    let (_, written) = partial(&kind);
    assert!(written.contains(&KIT.to_string()), "{written:?}");
    let kit = std::fs::read_to_string(p.out.join(KIT)).unwrap();
    assert!(kit.contains("Futsal du samedi") && !kit.contains("Futsal du mercredi"));
    p.assert_same_as_full_build();
}
