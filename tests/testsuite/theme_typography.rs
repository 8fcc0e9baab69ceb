//! The theme's own text follows French typography, as content does
//! (`kitpress::typography`): no straight apostrophe after a letter, a
//! no-break space before « : », a narrow one before « ; ! ? » and inside
//! « ». Only text is read — not tera tags, HTML tags and their attributes,
//! scripts or styles.

use std::path::Path;

use regex::Regex;

/// The text parts of a template, with their line.
fn text_parts(template: &str) -> Vec<(usize, String)> {
    let markup = Regex::new(
        r"(?s)\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->|<[^>]*>",
    )
    .unwrap();
    let mut parts = Vec::new();
    let mut last = 0;
    let line_of = |i: usize| template[..i].matches('\n').count() + 1;
    for m in markup.find_iter(template) {
        parts.push((line_of(last), template[last..m.start()].to_string()));
        last = m.end();
    }
    parts.push((line_of(last), template[last..].to_string()));
    parts
}

fn faults(template: &str) -> Vec<String> {
    let rules = [
        (Regex::new(r"\p{L}'").unwrap(), "apostrophe droite"),
        (
            Regex::new(r" [:;!?]").unwrap(),
            "espace ordinaire avant : ; ! ?",
        ),
        (Regex::new(r"« | »").unwrap(), "espace ordinaire dans « »"),
    ];
    let mut out = Vec::new();
    for (line, text) in text_parts(template) {
        for (re, what) in &rules {
            for m in re.find_iter(&text) {
                out.push(format!("ligne ~{line} : {what} dans « {} »", m.as_str()));
            }
        }
    }
    out
}

#[test]
fn theme_text_has_french_typography() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/clicmouv/templates");
    let mut found = Vec::new();
    let mut files = 0;
    for entry in walkdir::WalkDir::new(&dir) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            files += 1;
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for f in faults(&text) {
                found.push(format!(
                    "{} {f}",
                    entry.path().strip_prefix(&dir).unwrap().display()
                ));
            }
        }
    }
    assert!(files > 20, "{files} templates only");
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_check_reads_text_only_and_can_fail() {
    let t = r#"<p title="l'été : x">C'est {{ "l'été" }} ici : <script>a ? b : c</script></p>"#;
    let f = faults(t);
    assert_eq!(f.len(), 2, "{f:#?}");
}
