//! The stack of floors holds (see the crate docs): read from the table of
//! `src/lib.rs`, every `crate::…` path of every source file must name a
//! module on the same floor or below, and no modules may import each other
//! in a circle. A test module (`#[cfg(test)]`, always at a file's end) and
//! comments are not read: tests may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The floor of each top-level module, from the table in `src/lib.rs`.
fn floors(lib: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for line in lib.lines() {
        let Some(row) = line.strip_prefix("//! | ") else {
            continue;
        };
        let cells: Vec<&str> = row.split(" | ").collect();
        let Some(floor) = cells
            .first()
            .and_then(|c| c.split_whitespace().next())
            .and_then(|n| n.parse::<usize>().ok())
        else {
            continue;
        };
        for module in cells.get(1).unwrap_or(&"").split_whitespace() {
            out.insert(module.trim_matches('`').to_string(), floor);
        }
    }
    out
}

/// The top-level modules `lib.rs` declares.
fn declared(lib: &str) -> BTreeSet<String> {
    lib.lines()
        .filter_map(|l| l.strip_prefix("pub mod "))
        .map(|m| m.trim_end_matches(';').to_string())
        .collect()
}

/// The code of a file without its test module and its comments.
fn code_of(text: &str) -> String {
    let code: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .take_while(|l| l.trim() != "#[cfg(test)]")
        .collect();
    code.join("\n")
}

/// The top-level modules a file's code names: `crate::x::…`, and each
/// first name inside `use crate::{x, y::z}`.
fn named(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let word = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let w = word(item.trim());
                if !w.is_empty() {
                    out.insert(w);
                }
            }
        } else {
            let w = word(after);
            if !w.is_empty() {
                out.insert(w);
            }
        }
        rest = after;
    }
    out
}

/// Every source file under `src/`, with its top-level module.
fn sources(src: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(src).into_iter().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(src).unwrap_or(path);
        let top = rel
            .components()
            .next()
            .map(|c| {
                c.as_os_str()
                    .to_string_lossy()
                    .trim_end_matches(".rs")
                    .to_string()
            })
            .unwrap_or_default();
        out.push((path.to_path_buf(), top));
    }
    out.sort();
    out
}

/// What is wrong with the stack: upward imports, modules without a floor,
/// circles between modules.
fn faults(src: &Path) -> Vec<String> {
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("src/lib.rs");
    let floors = floors(&lib);
    let mut faults = Vec::new();
    for m in declared(&lib) {
        if !floors.contains_key(&m) {
            faults.push(format!(
                "module `{m}` has no floor in the table of src/lib.rs"
            ));
        }
    }
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, top) in sources(src) {
        // The crate's root and the binary stand above every floor.
        if top == "lib" || top == "main" || top == "layers" {
            continue;
        }
        let Some(&floor) = floors.get(&top) else {
            continue;
        };
        let code = code_of(&std::fs::read_to_string(&path).unwrap_or_default());
        for other in named(&code) {
            let Some(&up) = floors.get(&other) else {
                continue;
            };
            if other == top {
                continue;
            }
            edges.entry(top.clone()).or_default().insert(other.clone());
            if up > floor {
                faults.push(format!(
                    "{} (floor {floor}, `{top}`) imports `{other}` (floor {up}), above it",
                    path.strip_prefix(src.parent().unwrap_or(src))
                        .unwrap_or(&path)
                        .display()
                ));
            }
        }
    }
    for circle in circles(&edges) {
        faults.push(format!(
            "modules import each other in a circle: {}",
            circle.join(" → ")
        ));
    }
    faults
}

/// The circles of a graph (Tarjan's strongly connected components of more
/// than one node).
fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on.insert(v);
        let edges = s.edges;
        for w in edges.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low[v];
                s.low.insert(v, lv.min(lw));
            } else if s.on.contains(w) {
                let iw = s.index[w];
                let lv = s.low[v];
                s.low.insert(v, lv.min(iw));
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(w);
                comp.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                s.found.push(comp);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.found
}

#[test]
fn every_module_imports_only_from_its_floor_or_below() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let faults = faults(&src);
    assert!(
        faults.is_empty(),
        "the stack is broken:\n{}",
        faults.join("\n")
    );
}

#[test]
fn the_check_finds_an_upward_import_and_a_circle() {
    // A copy of the sources with one import added on purpose: the
    // foundation's typography naming the render stage.
    let tmp = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for (path, _) in sources(&src) {
        let rel = path.strip_prefix(&src).unwrap();
        let to = tmp.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&path, &to).unwrap();
    }
    let typo = tmp.path().join("typography.rs");
    let text = std::fs::read_to_string(&typo).unwrap();
    std::fs::write(&typo, format!("use crate::render::Shared;\n{text}")).unwrap();
    let found = faults(tmp.path());
    assert!(
        found
            .iter()
            .any(|f| f.contains("typography.rs (floor 0") && f.contains("`render` (floor 8)")),
        "{found:#?}"
    );
    // `render` uses `typography`: the two now make a circle.
    assert!(
        found
            .iter()
            .any(|f| f.contains("circle") && f.contains("typography")),
        "{found:#?}"
    );
    // A module left out of the table is named.
    let lib = tmp.path().join("lib.rs");
    let text = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(
        &lib,
        text.replace("pub mod yaml;", "pub mod yaml;\npub mod nouveau;"),
    )
    .unwrap();
    assert!(faults(tmp.path())
        .iter()
        .any(|f| f.contains("`nouveau` has no floor")));
}

#[test]
fn names_are_read_from_paths_and_groups() {
    let code = "use crate::{config::SiteConfig, yaml};\nlet x = crate::render::data(1);";
    let found: Vec<String> = named(code).into_iter().collect();
    assert_eq!(found, ["config", "render", "yaml"]);
}
