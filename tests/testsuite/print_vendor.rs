//! paged.js ships inside the theme (`static/vendor/pagedjs/`), pinned by
//! `scripts/vendor-pagedjs.sh`: the file is the one the registry gave for
//! that version (nobody edits it by hand), its licence is beside it, and
//! only the multi-page print documents load it.

use std::path::Path;

/// blake3 of paged.js 0.4.3's `dist/paged.polyfill.min.js`.
const PINNED: &str = "52bb85780234d073b932cfeaefa78ec2ea40e5f34ed1d8a40b308053a9b4bfbf";

#[test]
fn paged_js_is_the_pinned_file_with_its_licence() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/clicmouv/static/vendor/pagedjs");
    let js = std::fs::read(dir.join("paged.polyfill.min.js")).unwrap();
    assert_eq!(
        blake3::hash(&js).to_hex().as_str(),
        PINNED,
        "rerun scripts/vendor-pagedjs.sh"
    );
    let licence = std::fs::read_to_string(dir.join("LICENSE.md")).unwrap();
    assert!(licence.contains("The MIT License"), "{licence}");
    // Loaded by the bundles only (their table of contents), never by a page
    // of the site.
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/clicmouv/templates");
    let mut loading: Vec<String> = walkdir::WalkDir::new(&templates)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            std::fs::read_to_string(e.path())
                .unwrap_or_default()
                .contains("paged.polyfill")
        })
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    loading.sort();
    assert_eq!(loading, ["offres-recueil.html", "recueil.html"]);
}
