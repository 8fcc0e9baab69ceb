//! No input makes kitpress panic: every file of the valid fixture is damaged
//! in many ways (cut short, lines dropped or doubled, tabs, stray quotes and
//! colons, bytes that are not UTF-8) and the whole pipeline is run on each.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use crate::support::{check, copy_dir, fixture};

/// Deterministic variants of a text.
fn damaged(text: &str) -> Vec<Vec<u8>> {
    let bytes = text.as_bytes();
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<Vec<u8>> = Vec::new();
    // Cut short at many places (char boundaries or not).
    let step = (bytes.len() / 8).max(1);
    for cut in (0..bytes.len()).step_by(step) {
        out.push(bytes[..cut].to_vec());
    }
    for i in (0..lines.len()).step_by(2).take(7) {
        let mut l = lines.clone();
        l.remove(i);
        out.push(l.join("\n").into_bytes());
        let mut l = lines.clone();
        l.insert(i, lines[i]);
        out.push(l.join("\n").into_bytes());
        for garbage in ["\t", "\"", ": :", "{", "@/", "\u{0}"] {
            let mut l: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
            l[i] = format!("{garbage}{}", l[i]);
            out.push(l.join("\n").into_bytes());
        }
    }
    let mut latin1 = bytes.to_vec();
    latin1.extend_from_slice(b"\n\xe9\xff\n");
    out.push(latin1);
    out
}

#[test]
fn damaged_files_never_make_kitpress_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    copy_dir(&fixture("valid"), root);
    let files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x == "md" || x == "yaml")
        })
        .map(|e| e.path().to_path_buf())
        .collect();
    // One file of each folder: every kind of content, in a bounded time.
    let mut seen = std::collections::HashSet::new();
    let files: Vec<std::path::PathBuf> = files
        .into_iter()
        .filter(|f| seen.insert(f.parent().map(|p| p.to_path_buf())))
        .collect();
    let mut runs = 0;
    for file in files {
        let original = std::fs::read_to_string(&file).unwrap();
        for variant in damaged(&original) {
            std::fs::write(&file, &variant).unwrap();
            let outcome = catch_unwind(AssertUnwindSafe(|| check(Path::new(root))));
            assert!(
                outcome.is_ok(),
                "panic on {} with:\n{}",
                file.display(),
                String::from_utf8_lossy(&variant)
            );
            runs += 1;
        }
        std::fs::write(&file, &original).unwrap();
    }
    assert!(runs > 300, "{runs} runs");
}
