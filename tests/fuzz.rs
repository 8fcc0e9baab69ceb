//! Fuzzing front matter and Markdown (issue 11), driven by proptest.
//!
//! Each case writes one offer and one free page into a small site — values
//! and bodies assembled from hostile fragments (script, handlers, heading
//! attributes, CSS, odd schemes, shortcodes, deep nesting, control
//! characters) and random text — then builds it through the library. A case
//! passes when kitpress neither panics nor publishes anything executable:
//! when the build succeeds, every output page goes through the same scan as
//! the attack fixture (`common::inert`).
//!
//! `cargo test` runs a bounded number of cases (well under a minute). To
//! search longer, raise the count, in release mode:
//!
//! ```sh
//! PROPTEST_CASES=20000 cargo test --release --test fuzz
//! ```
//!
//! A failure is shrunk to a minimal input and saved under
//! `tests/fuzz.proptest-regressions`, replayed first on the next run.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};

use common::inert::executable_markup;
use common::{copy_dir, fixture, snapshot, today};
use kitpress::build::{self, Mode};
use kitpress::site::Options;
use proptest::prelude::*;

/// Pieces an attacker (or a clumsy paste) puts in a text, that kitpress
/// publishes made inert (with an `html-retire` warning at most).
const NEUTRALISED: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=\"x.svg\" onerror=alert(1)>",
    "## Titre {tabindex=0 autofocus onfocus=alert(1)}",
    "## Titre {#id .classe style=\"background:url(https://pirate.example.com/x)\"}",
    "<svg onload=alert(1)><use href=\"https://pirate.example.com/#x\"/></svg>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<form><button formaction=\"javascript:alert(1)\">x</button></form>",
    "<math><mtext><table><mglyph><style><img src=\"x.svg\" onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<td style=\"text-align:left;background:url(https://pirate.example.com/)\">c</td>",
    "<style>body{background:url(https://pirate.example.com/)}</style>",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://pirate.example.com/\">",
    "<base href=\"https://pirate.example.com/\">",
    "<object data=\"https://pirate.example.com/\"></object><embed src=x>",
    "<p style=\"position:fixed;top:0\" onmouseover=alert(1)>p</p>",
    "{{ parcours(etapes=[\"<script>\", \"b\"]) }}",
    "| a | b |\n|:--|--:|\n| <b onclick=x>c</b> | d |",
    "- [ ] tâche\n- [x] faite",
    "```yaml\n<script>alert(1)</script>\n```",
    "> > > > > > > > citation",
    "[^1]\n\n[^1]: note <script>x</script>",
    "<!-- commentaire --><![CDATA[ x ]]>",
    "\u{0}\u{1b}\r\u{2028}",
    "<div><div><div><p>",
    "</div></div></div>",
    "&lt;script&gt; &#x3C;script&#x3E;",
    "![image](x.svg \"titre\")",
    "[lien](https://example.nc/?a=\"><script>)",
];

/// Pieces kitpress refuses with an error: the build then publishes nothing.
const REFUSED: &[&str] = &[
    "<a href=\"javascript:alert(1)\">a</a>",
    "<a href=\" JaVa&#09;script:alert(1)\">b</a>",
    "[lien](javascript:alert(1))",
    "[lien](data:text/html,<script>alert(1)</script>)",
    "![img](https://pirate.example.com/x.png)",
    "{{ portefeuille(montant=18446744073709551615, prix=[1, 0]) }}",
    "{{ inconnu() }}",
    "@/offres/nexiste.md",
];

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        // Rare enough that most cases build and get scanned.
        1 => proptest::sample::select(REFUSED).prop_map(String::from),
        20 => proptest::sample::select(NEUTRALISED).prop_map(String::from),
        5 => "[ -~àéèêç’«»\n]{0,40}",
        3 => any::<String>().prop_map(|s| s.chars().take(30).collect()),
    ]
}

fn body() -> impl Strategy<Value = String> {
    proptest::collection::vec(fragment(), 0..10).prop_map(|parts| parts.join("\n\n"))
}

/// A one-line value for front matter.
fn value() -> impl Strategy<Value = String> {
    proptest::collection::vec(fragment(), 1..3).prop_map(|parts| parts.concat())
}

/// A value written as a YAML string (JSON strings are YAML double-quoted
/// strings), or raw, which may well not be YAML at all.
fn yaml_value(v: &str, raw: bool) -> String {
    if raw {
        v.replace('\n', " ")
    } else {
        serde_json::to_string(v).unwrap()
    }
}

#[derive(Debug, Clone)]
struct Case {
    titre: String,
    organisme: String,
    lieu: String,
    raw: bool,
    offer_body: String,
    page_body: String,
}

fn case() -> impl Strategy<Value = Case> {
    // One case in four writes the title raw, to reach the YAML errors.
    let raw = prop_oneof![3 => Just(false), 1 => Just(true)];
    (value(), value(), value(), raw, body(), body()).prop_map(
        |(titre, organisme, lieu, raw, offer_body, page_body)| Case {
            titre,
            organisme,
            lieu,
            raw,
            offer_body,
            page_body,
        },
    )
}

/// Builds the case; gives how many pages were scanned (0 when the content
/// had errors and nothing was published).
fn run(case: &Case) -> Result<usize, TestCaseError> {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    copy_dir(&fixture("fuzz"), root);
    for dir in ["content/offres", "content/pages"] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
    }
    let offer = format!(
        "---\ntitre: {}\norganisme: {}\nlieu: {}\nunivers: sport\ncommune: Nouméa\n\
         tarif: {{ montant: 1500, unite: seance }}\n\
         reservation: {{ telephone: \"+687 11 22 33\" }}\nstatut: valide\n---\n{}\n",
        yaml_value(&case.titre, case.raw),
        yaml_value(&case.organisme, false),
        yaml_value(&case.lieu, false),
        case.offer_body
    );
    std::fs::write(root.join("content/offres/o.md"), offer).unwrap();
    let page = format!(
        "---\ntitre: {}\nstatut: valide\n---\n{}\n",
        yaml_value(&case.titre, false),
        case.page_body
    );
    std::fs::write(root.join("content/pages/p.md"), page).unwrap();
    let out = root.join("output");
    let options = Options {
        root: root.to_path_buf(),
        drafts: false,
        today: today(),
    };
    let result = catch_unwind(AssertUnwindSafe(|| {
        build::run(options, Mode::build(out.clone()))
    }));
    prop_assert!(result.is_ok(), "kitpress panicked");
    let mut found = Vec::new();
    let mut pages = 0;
    if out.exists() {
        for (path, bytes) in snapshot(&out) {
            let rel = path.to_string_lossy().into_owned();
            if rel.ends_with(".html") {
                pages += 1;
                found.extend(executable_markup(&rel, &String::from_utf8_lossy(&bytes)));
            }
        }
    }
    prop_assert!(found.is_empty(), "{}", found.join("\n"));
    Ok(pages)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256),
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        ..ProptestConfig::default()
    })]

    #[test]
    fn hostile_content_never_panics_nor_runs(c in case()) {
        run(&c)?;
    }
}

#[test]
fn the_fuzz_site_builds_as_it_stands() {
    // Guards the fixture: with harmless values, the case builds and its
    // pages are scanned (the property is not vacuous).
    let c = Case {
        titre: "Essai".into(),
        organisme: "Club".into(),
        lieu: "Salle".into(),
        raw: false,
        offer_body: "Texte.".into(),
        page_body: "Texte.".into(),
    };
    let pages = run(&c).unwrap();
    assert!(pages > 5, "{pages} pages scanned");
    // And a hostile case does get published (with warnings), so the scan
    // runs on what the fuzz produces.
    let hostile = Case {
        offer_body: NEUTRALISED.join("\n\n"),
        page_body: NEUTRALISED.join("\n\n"),
        ..c
    };
    assert!(run(&hostile).unwrap() > 5);
}
