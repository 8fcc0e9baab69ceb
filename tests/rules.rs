//! Every rule of `kitpress::rules::Rule::ALL` is shown failing by its
//! fixture under `tests/fixtures/invalid/`, and what a person reads there —
//! the whole French report of `kitpress check` — is pinned in the fixture's
//! `expected.stderr`. A rule added without a fixture, or whose report
//! changes, fails here.
//!
//! After an intended change of wording, rewrite the snapshots with
//! `KITPRESS_BLESS=1 cargo test --test rules` and review the diff.

mod common;

use std::path::Path;

use common::{fixture, kitpress, TODAY};
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
    let bless = std::env::var_os("KITPRESS_BLESS").is_some();
    let mut failures = Vec::new();
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
        let snapshot = dir.join("expected.stderr");
        if bless {
            std::fs::write(&snapshot, &stderr).unwrap();
            continue;
        }
        match std::fs::read_to_string(&snapshot) {
            Ok(expected) if expected == stderr => {}
            Ok(expected) => failures.push(format!(
                "{rule}: the report changed ({name}/expected.stderr):\n--- attendu\n{expected}\n--- obtenu\n{stderr}"
            )),
            Err(_) => failures.push(format!(
                "{rule}: {name}/expected.stderr is missing (KITPRESS_BLESS=1 writes it)"
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
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
