//! The theme's label table: the French words readers see for the ids of the
//! fixed word lists ([`crate::content::words`]), in one file, `libelles.yaml`.
//!
//! The table comes from the site's `templates/libelles.yaml` when there is
//! one (it replaces the theme's, as any file of `templates/` does), else
//! from the theme's `libelles.yaml` beside its `templates/` folder, else
//! from the default theme. It must name every id of every list — a missing
//! label is an error when the theme loads, not a raw id on a page — and
//! nothing else. Templates read it with `libelle(liste="canal", id=e.canal)`.

use std::collections::HashMap;
use std::path::Path;

use tera::{Tera, Value};

use crate::content::words;
use crate::diagnostic::Sink;
use crate::rules::Rule;
use crate::theme::{ThemeSource, DEFAULT_THEME};
use crate::yaml::{Cx, YamlDoc};

pub const FILE: &str = "libelles.yaml";

/// Labels by list, then by id.
#[derive(Debug, Default, Clone)]
pub struct Labels(HashMap<&'static str, HashMap<&'static str, String>>);

impl Labels {
    pub fn get(&self, list: &str, id: &str) -> Option<&str> {
        self.0.get(list)?.get(id).map(String::as_str)
    }
}

/// Reads the label table in force for the site at `root`. Problems go to
/// `sink`; `None` when the file cannot be read or parsed.
pub fn load(root: &Path, theme: &ThemeSource, sink: &Sink) -> Option<Labels> {
    let site_file = root.join("templates").join(FILE);
    let (rel, text) = if site_file.is_file() {
        let rel = format!("templates/{FILE}");
        let text = crate::load::read_text(root, &rel, sink)?;
        (rel, text)
    } else {
        match theme {
            ThemeSource::Disk(dir) if dir.join(FILE).is_file() => {
                let rel = crate::load::rel_path(root, &dir.join(FILE));
                let text = crate::load::read_text(root, &rel, sink)?;
                (rel, text)
            }
            _ => {
                let text = DEFAULT_THEME
                    .get_file(FILE)
                    .and_then(|f| f.contents_utf8())
                    .unwrap_or_default();
                (format!("(thème intégré)/{FILE}"), text.to_string())
            }
        }
    };
    read(&text, &rel, sink)
}

/// Reads a label table, reporting every missing label and unknown key.
pub fn read(text: &str, rel: &str, sink: &Sink) -> Option<Labels> {
    let doc = YamlDoc::parse(text, 1, rel, sink)?;
    let cx = Cx { file: rel, sink };
    let root = doc.root(&cx).map()?;
    let mut labels = Labels::default();
    for (list, ids) in words::lists() {
        let Some(node) = root.get(list) else {
            report_missing(&cx, root.node().pos(), list, None);
            continue;
        };
        let Some(map) = node.map() else { continue };
        let mut table = HashMap::new();
        for id in ids {
            match map.get(id).and_then(|n| n.text()) {
                Some(label) if !label.trim().is_empty() => {
                    table.insert(id, label);
                }
                Some(_) => report_missing(&cx, map.key_pos(id), list, Some(id)),
                None if map.written(id) => {}
                None => report_missing(&cx, root.key_pos(list), list, Some(id)),
            }
        }
        map.finish();
        labels.0.insert(list, table);
    }
    root.finish();
    Some(labels)
}

fn report_missing(cx: &Cx, pos: crate::diagnostic::Pos, list: &str, id: Option<&str>) {
    let (key, message) = match id {
        Some(id) => (
            format!("{list}.{id}"),
            format!("aucun libellé pour « {id} » dans la liste `{list}`"),
        ),
        None => (
            list.to_string(),
            format!("la liste de libellés `{list}` manque"),
        ),
    };
    let d = cx
        .error(Rule::LibelleManquant, pos, &key, message)
        .with_hint("chaque valeur des listes fixes a son libellé : ajoutez-le, en français, tel que les lecteurs doivent le lire");
    cx.sink.push(d);
}

/// Gives templates `libelle(liste=…, id=…)`.
pub fn register(tera: &mut Tera, labels: Labels) {
    tera.register_function(
        "libelle",
        move |args: &HashMap<String, Value>| -> tera::Result<Value> {
            let list = args.get("liste").and_then(Value::as_str).unwrap_or("");
            let id = args.get("id").and_then(Value::as_str).unwrap_or("");
            labels
                .get(list, id)
                .map(|l| Value::String(l.to_string()))
                .ok_or_else(|| {
                    tera::Error::msg(format!(
                        "aucun libellé pour « {id} » dans la liste `{list}` de {FILE}"
                    ))
                })
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_table_names_every_id() {
        let sink = Sink::new();
        let text = DEFAULT_THEME
            .get_file(FILE)
            .and_then(|f| f.contents_utf8())
            .expect("the default theme has a label table");
        let labels = read(text, FILE, &sink).expect("it parses");
        let problems = sink.into_vec();
        assert!(problems.is_empty(), "{problems:?}");
        for (list, ids) in words::lists() {
            for id in ids {
                assert!(labels.get(list, id).is_some(), "{list}.{id}");
            }
        }
    }

    #[test]
    fn a_missing_label_is_an_error_naming_it() {
        let sink = Sink::new();
        let _ = read("statut: { brouillon: Brouillon }\n", FILE, &sink);
        let problems = sink.into_vec();
        assert!(problems
            .iter()
            .any(|d| d.code == Rule::LibelleManquant && d.message.contains("« valide »")));
        assert!(problems
            .iter()
            .any(|d| d.code == Rule::LibelleManquant && d.message.contains("`canal` manque")));
    }
}
