//! Fuzzing front matter and Markdown (issue 11), driven by proptest.
//!
//! Each case writes one offer and one free page into a small site — values
//! and bodies assembled from hostile fragments (script, handlers, heading
//! attributes, CSS, odd schemes, shortcodes, deep nesting, control
//! characters) and random text — then builds it through the library. A case
//! passes when kitpress neither panics nor publishes anything executable:
//! when the build succeeds, every output page goes through the same scan as
//! the attack fixture (`crate::support::inert`).
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

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::support::inert::executable_markup;
use crate::support::{copy_dir, fixture, today, tree};
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

/// Pieces of an SVG visual: drawing, and what an attacker hides in one.
const SVG_PIECES: &[&str] = &[
    "<rect width=\"10\" height=\"10\" fill=\"#00677f\"/>",
    "<script>alert(1)</script>",
    "<circle r=\"3\" onload=\"alert(1)\"/>",
    "<a href=\"javascript:alert(1)\"><rect width=\"1\" height=\"1\"/></a>",
    "<a href=\"https://pirate.example.com/\"><rect width=\"1\" height=\"1\"/></a>",
    "<iframe xmlns=\"http://www.w3.org/1999/xhtml\" srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"/>",
    "<foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject>",
    "<image href=\"https://pirate.example.com/x.png\"/>",
    "<use href=\"https://pirate.example.com/s.svg#a\"/>",
    "<style>@import url(https://pirate.example.com/s.css);</style>",
    "<rect style=\"fill:url(https://pirate.example.com/p)\"/>",
    "<set attributeName=\"onclick\" to=\"alert(1)\"/>",
    "<g xml:base=\"https://pirate.example.com/\"><use href=\"#a\"/></g>",
    "<text x=\"1\" y=\"5\" data-calque=\"x\">&lt;script&gt;</text>",
    "<metadata><x/></metadata>",
];

/// An SVG visual assembled from [`SVG_PIECES`], sometimes with an internal
/// DTD declaring an entity.
fn svg() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(proptest::sample::select(SVG_PIECES), 0..6),
        proptest::bool::weighted(0.1),
    )
        .prop_map(|(pieces, dtd)| {
            let doctype = if dtd {
                "<!DOCTYPE svg [<!ENTITY s \"&#60;script&#62;alert(1)&#60;/script&#62;\">]>"
            } else {
                ""
            };
            let entity = if dtd { "&s;" } else { "" };
            format!(
                "{doctype}<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">{entity}{}</svg>",
                pieces.concat()
            )
        })
}

/// What in a published SVG could run or load: the reasons, if any.
fn svg_activity(rel: &str, text: &str) -> Vec<String> {
    let Ok(doc) = roxmltree::Document::parse(text) else {
        return vec![format!("{rel}: not XML")];
    };
    let mut found = Vec::new();
    for n in doc.descendants().filter(|n| n.is_element()) {
        let name = n.tag_name().name().to_ascii_lowercase();
        if n.tag_name().namespace() != Some("http://www.w3.org/2000/svg")
            || matches!(
                name.as_str(),
                "script" | "foreignobject" | "set" | "animate" | "a"
            )
        {
            found.push(format!("{rel}: <{name}>"));
        }
        for a in n.attributes() {
            let v = crate::support::inert::compact(a.value());
            if a.name().to_ascii_lowercase().starts_with("on")
                || v.contains("javascript:")
                || v.contains(crate::support::inert::PIRATE)
            {
                found.push(format!("{rel}: {}={v}", a.name()));
            }
        }
        if n.text()
            .is_some_and(|t| t.contains(crate::support::inert::PIRATE))
        {
            found.push(format!("{rel}: <{name}> loads from elsewhere"));
        }
    }
    found
}

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
    /// The offer's visual, an SVG, when there is one.
    svg: Option<String>,
}

fn case() -> impl Strategy<Value = Case> {
    // One case in four writes the title raw, to reach the YAML errors.
    let raw = prop_oneof![3 => Just(false), 1 => Just(true)];
    (
        value(),
        value(),
        value(),
        raw,
        body(),
        body(),
        proptest::option::weighted(0.3, svg()),
    )
        .prop_map(
            |(titre, organisme, lieu, raw, offer_body, page_body, svg)| Case {
                titre,
                organisme,
                lieu,
                raw,
                offer_body,
                page_body,
                svg,
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
    let visual = match &case.svg {
        Some(svg) => {
            std::fs::create_dir_all(root.join("content/images/offres")).unwrap();
            std::fs::write(root.join("content/images/offres/v.svg"), svg).unwrap();
            "visuel: { src: offres/v.svg, alt: \"Un dessin\" }\n"
        }
        None => "",
    };
    let offer = format!(
        "---\ntitre: {}\norganisme: {}\nlieu: {}\nunivers: sport\ncommune: Nouméa\n\
         tarif: {{ montant: 1500, unite: seance }}\n\
         reservation: {{ telephone: \"+687 11 22 33\" }}\n{visual}statut: valide\n---\n{}\n",
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
        for (path, bytes) in tree(&out) {
            let rel = path.to_string_lossy().into_owned();
            if rel.ends_with(".html") {
                pages += 1;
                found.extend(executable_markup(&rel, &String::from_utf8_lossy(&bytes)));
            } else if rel.ends_with(".svg") {
                found.extend(svg_activity(&rel, &String::from_utf8_lossy(&bytes)));
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
        svg: None,
    };
    let pages = run(&c).unwrap();
    assert!(pages > 5, "{pages} pages scanned");
    // And a hostile case does get published (with warnings), so the scan
    // runs on what the fuzz produces.
    let hostile = Case {
        offer_body: NEUTRALISED.join("\n\n"),
        page_body: NEUTRALISED.join("\n\n"),
        ..c.clone()
    };
    assert!(run(&hostile).unwrap() > 5);
    // An SVG visual with every inert-but-dirty piece is published (written
    // again), so the SVG scan runs too.
    let drawn = Case {
        svg: Some(format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">{}{}{}</svg>",
            SVG_PIECES[0], SVG_PIECES[4], SVG_PIECES[13]
        )),
        ..c.clone()
    };
    assert!(run(&drawn).unwrap() > 5);
    // And the scan itself finds what it looks for.
    assert_eq!(
        svg_activity(
            "t.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"x\"><script>x</script></svg>"
        )
        .len(),
        2
    );
}
