//! Typed readers over the marked nodes of one YAML document.

use saphyr::{MarkedYamlOwned, ScalarOwned, YamlDataOwned};

use super::parse::{scalar_key, scalar_text, YamlDoc};
use super::MapReader;
use crate::diagnostic::{Diagnostic, Pos, Sink};
use crate::rules::Rule;

impl YamlDoc {
    /// The reader for the document's root.
    pub fn root<'a>(&'a self, cx: &'a Cx<'a>) -> Node<'a> {
        Node {
            v: &self.root,
            doc: self,
            fallback: Pos::new(self.first_line, 1),
            path: String::new(),
            cx,
        }
    }

    /// The document as JSON, for templates (`data.<nom>`) and shortcodes.
    pub fn to_json(&self) -> serde_json::Value {
        to_json(&self.root)
    }
}

fn to_json(node: &MarkedYamlOwned) -> serde_json::Value {
    use serde_json::Value as J;
    match &node.data {
        YamlDataOwned::Value(s) => match s {
            ScalarOwned::Null => J::Null,
            ScalarOwned::Boolean(b) => J::Bool(*b),
            ScalarOwned::Integer(i) => J::from(*i),
            ScalarOwned::FloatingPoint(f) => {
                serde_json::Number::from_f64(f.into_inner()).map_or(J::Null, J::Number)
            }
            ScalarOwned::String(s) => J::String(s.clone()),
        },
        YamlDataOwned::Sequence(items) => J::Array(items.iter().map(to_json).collect()),
        YamlDataOwned::Mapping(map) => J::Object(
            map.iter()
                .map(|(k, v)| (scalar_key(k), to_json(v)))
                .collect(),
        ),
        YamlDataOwned::Tagged(_, inner) => to_json(inner),
        YamlDataOwned::Representation(s, ..) => J::String(s.clone()),
        YamlDataOwned::Alias(_) | YamlDataOwned::BadValue => J::Null,
    }
}

/// What the readers of one file share: its path and the sink.
pub struct Cx<'a> {
    pub file: &'a str,
    pub sink: &'a Sink,
}

impl Cx<'_> {
    pub fn error(&self, code: Rule, pos: Pos, key: &str, message: String) -> Diagnostic {
        let d = Diagnostic::new(code, self.file, pos, message);
        if key.is_empty() {
            d
        } else {
            d.with_key(key)
        }
    }
}

/// A value in a YAML document, with its position and dotted key path.
#[derive(Clone)]
pub struct Node<'a> {
    pub(super) v: &'a MarkedYamlOwned,
    pub(super) doc: &'a YamlDoc,
    /// Where to point when the value has no place of its own (an empty value).
    pub(super) fallback: Pos,
    pub path: String,
    pub cx: &'a Cx<'a>,
}

/// French name of a YAML value's kind, for messages.
pub(super) fn kind_name(v: &MarkedYamlOwned) -> &'static str {
    match &v.data {
        YamlDataOwned::Value(ScalarOwned::Null) => "vide",
        YamlDataOwned::Value(ScalarOwned::Boolean(_)) => "un booléen (oui/non)",
        YamlDataOwned::Value(ScalarOwned::Integer(_) | ScalarOwned::FloatingPoint(_)) => {
            "un nombre"
        }
        YamlDataOwned::Value(ScalarOwned::String(_)) | YamlDataOwned::Representation(..) => {
            "un texte"
        }
        YamlDataOwned::Sequence(_) => "une liste",
        YamlDataOwned::Mapping(_) => "un dictionnaire",
        YamlDataOwned::Tagged(..) => "une valeur étiquetée",
        YamlDataOwned::Alias(_) | YamlDataOwned::BadValue => "une valeur illisible",
    }
}

pub(super) fn scalar(v: &MarkedYamlOwned) -> Option<&ScalarOwned> {
    match &v.data {
        YamlDataOwned::Value(s) => Some(s),
        _ => None,
    }
}

pub(super) fn text_of(v: &MarkedYamlOwned) -> Option<String> {
    scalar(v).and_then(scalar_text)
}

pub(super) fn is_null(v: &MarkedYamlOwned) -> bool {
    matches!(v.data, YamlDataOwned::Value(ScalarOwned::Null))
}

/// The entry of `key` in a mapping node: the key node and its value.
pub(super) fn entry<'v>(
    v: &'v MarkedYamlOwned,
    key: &str,
) -> Option<(&'v MarkedYamlOwned, &'v MarkedYamlOwned)> {
    match &v.data {
        // Keys compared where they are (most are strings), not copied.
        YamlDataOwned::Mapping(map) => map.iter().find(|(k, _)| match &k.data {
            YamlDataOwned::Value(ScalarOwned::String(s)) => s == key,
            _ => scalar_key(k) == key,
        }),
        _ => None,
    }
}

impl<'a> Node<'a> {
    pub fn pos(&self) -> Pos {
        if is_null(self.v) {
            // An empty value's span starts on the next line.
            self.fallback
        } else {
            self.doc.pos_of(self.v)
        }
    }

    pub(super) fn width(&self) -> usize {
        text_of(self.v).map(|s| s.chars().count()).unwrap_or(1)
    }

    /// Reports a problem with this value.
    pub fn report(&self, code: Rule, message: String, hint: Option<String>) {
        let d = self
            .cx
            .error(code, self.pos(), &self.path, message)
            .with_len(self.width())
            .with_hint_opt(hint);
        self.cx.sink.push(d);
    }

    pub(super) fn wrong_type(&self, expected: &str, hint: Option<String>) {
        self.report(
            Rule::TypeInvalide,
            format!(
                "`{}` doit être {expected}, pas {}",
                self.path_or_doc(),
                kind_name(self.v)
            ),
            hint,
        );
    }

    pub(super) fn path_or_doc(&self) -> &str {
        if self.path.is_empty() {
            "le document"
        } else {
            &self.path
        }
    }

    pub fn is_null(&self) -> bool {
        is_null(self.v)
    }

    /// Reads a mapping; reports and gives `None` for anything else.
    pub fn map(&self) -> Option<MapReader<'a>> {
        match &self.v.data {
            YamlDataOwned::Mapping(_) => Some(MapReader::new(self.clone())),
            YamlDataOwned::Value(ScalarOwned::Null) if self.path.is_empty() => {
                Some(MapReader::new(self.clone()))
            }
            _ => {
                self.wrong_type("un dictionnaire de clés (clé: valeur)", None);
                None
            }
        }
    }

    /// The items of a list. A single value where a list is expected is
    /// reported (with the fix) and read as a one-item list.
    pub fn list(&self) -> Vec<Node<'a>> {
        match &self.v.data {
            YamlDataOwned::Sequence(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| Node {
                    v,
                    doc: self.doc,
                    fallback: self.pos(),
                    path: format!("{}[{}]", self.path, i + 1),
                    cx: self.cx,
                })
                .collect(),
            YamlDataOwned::Value(ScalarOwned::Null) => Vec::new(),
            _ => {
                let hint = text_of(self.v).map(|s| format!("écrivez une liste : [{s}]"));
                self.wrong_type("une liste", hint);
                Vec::new()
            }
        }
    }

    /// Whether the value is a list.
    pub fn is_list(&self) -> bool {
        matches!(self.v.data, YamlDataOwned::Sequence(_))
    }

    /// Whether the value is a boolean (`true`, `false`).
    pub fn is_bool(&self) -> bool {
        matches!(self.v.data, YamlDataOwned::Value(ScalarOwned::Boolean(_)))
    }

    /// A list of free texts.
    pub fn texts(&self) -> Vec<String> {
        self.list().iter().filter_map(Node::text).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_lines_of_the_file() {
        let sink = Sink::new();
        let text = "titre: Bonjour\ntarif:\n  montant: douze\n  unite: seance\n";
        let doc = YamlDoc::parse(text, 2, "x.md", &sink).unwrap();
        let cx = Cx {
            file: "x.md",
            sink: &sink,
        };
        let root = doc.root(&cx).map().unwrap();
        assert_eq!(root.key_pos("titre"), Pos::new(2, 1));
        assert!(root.get("titre").is_some());
        let tarif = root.get("tarif").unwrap().map().unwrap();
        let montant = tarif.get("montant").unwrap();
        assert_eq!(montant.pos(), Pos::new(4, 12));
        assert_eq!(montant.uint(), None);
        let _ = tarif.get("unite");
        tarif.finish();
        root.finish();
        let diags = sink.into_vec();
        assert_eq!(diags.len(), 1, "{diags:#?}");
        assert_eq!(diags[0].key.as_deref(), Some("tarif.montant"));
        assert_eq!(diags[0].pos, Pos::new(4, 12));
    }

    #[test]
    fn unknown_key_is_reported_with_suggestion() {
        let sink = Sink::new();
        let doc = YamlDoc::parse("titr: x\n", 2, "x.md", &sink).unwrap();
        let cx = Cx {
            file: "x.md",
            sink: &sink,
        };
        let root = doc.root(&cx).map().unwrap();
        let _ = root.get("titre");
        root.finish();
        let diags = sink.into_vec();
        assert_eq!(diags[0].code, "cle-inconnue");
        assert_eq!(diags[0].pos, Pos::new(2, 1));
        assert!(diags[0].hint.as_deref().unwrap().contains("titre"));
    }

    #[test]
    fn syntax_error_is_located_in_the_file() {
        let sink = Sink::new();
        assert!(YamlDoc::parse("titre: a\nresume: [x\n", 2, "x.md", &sink).is_none());
        let diags = sink.into_vec();
        assert_eq!(diags[0].code, "yaml-invalide");
        assert!(diags[0].pos.line >= 3);
    }
}
