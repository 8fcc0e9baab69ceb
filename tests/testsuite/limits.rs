//! Input that would cost too much stops with a diagnostic (issue 11): the
//! payloads of the attack run, generated here rather than committed (some
//! weigh a megabyte), each written into a copy of the valid fixture. Each
//! must give its rule at its place, through the binary (exit 1, no panic),
//! instead of the tens of seconds or the gigabyte it used to cost.

use std::path::Path;

use crate::support::SiteTest;
use crate::support::{check, kitpress, TODAY};
use kitpress::limits::{MAX_BODY_NESTING, MAX_FILE_BYTES, MAX_LIST_ITEMS};

const PAGE: &str = "content/pages/contact.md";
const OFFER: &str = "content/offres/aventure/initiation-surf-bourail.md";

/// A copy of the valid fixture with `edit` applied to one of its files.
fn site_with(rel: &str, edit: impl FnOnce(String) -> String) -> SiteTest {
    let tmp = SiteTest::copy("valid");
    let path = tmp.path().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(text)).unwrap();
    tmp
}

/// The first error of `code`: its file and line.
fn expect(site: &Path, code: &str) -> (String, usize) {
    let outcome = check(site);
    let d = outcome
        .diagnostics
        .iter()
        .find(|d| d.code == code && d.is_error())
        .unwrap_or_else(|| panic!("no `{code}` in {:#?}", outcome.diagnostics));
    let out = kitpress(&["check", "--root", site.to_str().unwrap(), "--date", TODAY]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains(code));
    // A huge line is never drawn as a snippet.
    assert!(
        stderr.len() < 200_000,
        "{} bytes of diagnostics",
        stderr.len()
    );
    (d.file.clone(), d.pos.line)
}

#[test]
fn nested_divs_in_a_body_stop_at_the_nesting_limit() {
    let n = 50_000;
    let site = site_with(PAGE, |t| {
        format!("{t}\n\n{}x{}\n", "<div>".repeat(n), "</div>".repeat(n))
    });
    let (file, line) = expect(site.path(), "imbrication-excessive");
    assert_eq!(file, PAGE);
    assert!(line > 5);
}

#[test]
fn nested_quotes_in_a_body_stop_at_the_nesting_limit() {
    let site = site_with(PAGE, |t| format!("{t}\n\n{} x\n", ">".repeat(100_000)));
    expect(site.path(), "imbrication-excessive");
    // Just under the limit is fine.
    let ok = site_with(PAGE, |t| {
        format!("{t}\n\n{} x\n", "> ".repeat(MAX_BODY_NESTING - 4))
    });
    assert_eq!(check(ok.path()).errors(), 0);
}

#[test]
fn a_file_over_the_size_limit_is_not_read() {
    let site = site_with(PAGE, |t| {
        format!("{t}\n\n{}\n", "a".repeat(MAX_FILE_BYTES as usize))
    });
    assert_eq!(
        expect(site.path(), "fichier-trop-gros"),
        (PAGE.to_string(), 0)
    );
}

#[test]
fn deeply_nested_brackets_in_site_yaml_stop_the_parse() {
    let n = 100_000;
    let site = site_with("content/site.yaml", |t| {
        format!("{t}\nextra: {}{}\n", "[".repeat(n), "]".repeat(n))
    });
    let (file, _) = expect(site.path(), "yaml-invalide");
    assert_eq!(file, "content/site.yaml");
}

#[test]
fn too_many_slots_are_refused_before_they_are_read() {
    let slot = "  - { jour: mercredi, debut: \"14:00\", fin: \"16:00\" }\n";
    let site = site_with(OFFER, |t| {
        let start = t.find("creneaux:\n").unwrap() + "creneaux:\n".len();
        let mut t = t;
        t.insert_str(start, &slot.repeat(MAX_LIST_ITEMS + 1));
        t
    });
    let (file, line) = expect(site.path(), "liste-trop-longue");
    assert_eq!(file, OFFER);
    assert!(line > 1);
}
