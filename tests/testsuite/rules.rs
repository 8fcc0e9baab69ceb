//! Every rule of `kitpress::rules::Rule::ALL` is shown failing by its
//! fixture under `tests/fixtures/invalid/`, and what a person reads there —
//! the whole French report of `kitpress check` — is pinned by an insta
//! snapshot beside the fixture (`expected.snap`). A rule added without a
//! fixture, or whose report changes, fails here; every changed report is
//! listed, not only the first (insta's `glob!` defers the failures).
//!
//! After an intended change of wording, rewrite the snapshots with
//! `INSTA_UPDATE=always cargo test rules` and review the diff.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::{fixture, kitpress, TODAY};
use kitpress::diagnostic::Severity;
use kitpress::rules::{Fixture, Rule};

/// The report of `kitpress check`, its durations (« en 0,02 s ») written
/// « en … s » so that the snapshot does not depend on the machine.
fn stderr_of(dir: &Path) -> (Option<i32>, String) {
    let out = kitpress(&["check", "--root", dir.to_str().unwrap(), "--date", TODAY]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let durations = regex::Regex::new(r"en \d+,\d+ s").unwrap();
    (
        out.status.code(),
        durations.replace_all(&stderr, "en … s").into_owned(),
    )
}

#[test]
fn every_rule_has_a_fixture_and_its_report_is_pinned() {
    let mut failures = Vec::new();
    let mut reports = BTreeMap::new();
    for rule in Rule::ALL {
        let Fixture::Dir(name) = rule.fixture() else {
            continue;
        };
        let dir = fixture(&format!("invalid/{name}"));
        if !dir.join("content").is_dir() {
            failures.push(format!(
                "{rule}: no fixture at tests/fixtures/invalid/{name}"
            ));
            continue;
        }
        let (code, stderr) = stderr_of(&dir);
        let expected_code = match rule.severity() {
            Severity::Error => 1,
            Severity::Warning => 0,
        };
        if code != Some(expected_code) {
            failures.push(format!("{rule}: exit {code:?}, expected {expected_code}"));
        }
        if !stderr.contains(&format!("kitpress::{}\n", rule.code())) {
            failures.push(format!("{rule}: not reported by its fixture {name}"));
        }
        if stderr.contains("panicked") {
            failures.push(format!("{rule}: panic in {name}"));
        }
        reports.insert(name.to_string(), stderr);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Each rule fixture's report, against the snapshot beside it.
    insta::glob!("../fixtures/invalid", "*", |dir| {
        let name = dir.file_name().unwrap().to_str().unwrap();
        // Other folders there are fixtures of other tests, not of a rule.
        let Some(report) = reports.get(name) else {
            return;
        };
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(dir);
        settings.set_prepend_module_to_snapshot(false);
        settings.remove_snapshot_suffix();
        settings.set_omit_expression(true);
        settings.bind(|| insta::assert_snapshot!("expected", report));
    });
}

#[test]
fn only_rules_no_site_can_produce_go_without_a_fixture() {
    let without: Vec<Rule> = Rule::ALL
        .iter()
        .copied()
        .filter(|r| matches!(r.fixture(), Fixture::None(_)))
        .collect();
    assert_eq!(
        without,
        [Rule::EcritureImpossible, Rule::LectureImpossible],
        "a rule without a fixture must say why and be listed here"
    );
}

#[test]
fn the_readme_lists_every_rule_with_its_severity() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let mut listed: Vec<(String, String)> = readme
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let code = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            let severity = cells.get(2)?;
            Rule::from_code(code)?;
            Some((code.to_string(), severity.to_string()))
        })
        .collect();
    listed.sort();
    let mut expected: Vec<(String, String)> = Rule::ALL
        .iter()
        .map(|r| {
            let s = match r.severity() {
                Severity::Error => "erreur",
                Severity::Warning => "avertissement",
            };
            (r.code().to_string(), s.to_string())
        })
        .collect();
    expected.sort();
    assert_eq!(
        listed, expected,
        "README « Règles vérifiées » and Rule::ALL differ"
    );
}

#[test]
fn a_missing_fixture_would_be_caught() {
    // The loop above reports a rule whose fixture folder does not exist:
    // the check it relies on can fail.
    assert!(!fixture("invalid/regle-sans-fixture")
        .join("content")
        .is_dir());
    for rule in Rule::ALL {
        if let Fixture::Dir(name) = rule.fixture() {
            assert_ne!(name, "regle-sans-fixture");
        }
    }
}
