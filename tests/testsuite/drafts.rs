//! Drafts never block (issue 15): an incomplete draft is a warning
//! « brouillon incomplet » with its file and line, and the validated content
//! is published; previewed with `--brouillons`, the same problems are errors.

use crate::support::{build_status, copy_dir, fixture};

#[test]
fn an_incomplete_draft_never_blocks_the_build() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("valid"), &site);
    std::fs::write(
        site.join("content/offres/a-moitie.md"),
        "---\ntitre: \"À moitié écrite\"\nunivers: sprot\ntarif: { montant: douze, unite: seance }\nstatut: brouillon\n---\nÀ compléter.\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let run = |extra: &[&str]| build_status(&site, &out, extra);
    let (code, err) = run(&[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("brouillon incomplet (valeur-inconnue)"),
        "{err}"
    );
    assert!(err.contains("content/offres/a-moitie.md:3"), "{err}");
    assert!(err.contains("0 erreur"), "{err}");
    assert!(out
        .join("offres/initiation-surf-bourail/index.html")
        .is_file());
    assert!(!out.join("offres/a-moitie/index.html").exists());
    let before = std::fs::read(out.join("index.html")).unwrap();
    // Previewed, the draft's problems are errors, and the previous output stays.
    let (code, err) = run(&["--brouillons"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("kitpress::valeur-inconnue"), "{err}");
    assert_eq!(std::fs::read(out.join("index.html")).unwrap(), before);
}
