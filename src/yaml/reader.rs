//! Typed readers over the marked nodes of one YAML document.

use std::cell::RefCell;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use saphyr::{MarkedYamlOwned, ScalarOwned, YamlDataOwned};

use super::parse::{scalar_key, YamlDoc};
use crate::diagnostic::{did_you_mean, Diagnostic, Pos, Sink};
use crate::limits::MAX_INTEGER;

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
    pub fn error(&self, code: &'static str, pos: Pos, key: &str, message: String) -> Diagnostic {
        let d = Diagnostic::error(code, self.file, pos, message);
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
    v: &'a MarkedYamlOwned,
    doc: &'a YamlDoc,
    /// Where to point when the value has no place of its own (an empty value).
    fallback: Pos,
    pub path: String,
    pub cx: &'a Cx<'a>,
}

/// French name of a YAML value's kind, for messages.
fn kind_name(v: &MarkedYamlOwned) -> &'static str {
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

/// A scalar as the editor wrote it (numbers and booleans as their text).
pub(super) fn scalar_text(s: &ScalarOwned) -> Option<String> {
    match s {
        ScalarOwned::String(s) => Some(s.clone()),
        ScalarOwned::Integer(i) => Some(i.to_string()),
        ScalarOwned::FloatingPoint(f) => Some(f.to_string()),
        ScalarOwned::Boolean(b) => Some(b.to_string()),
        ScalarOwned::Null => None,
    }
}

fn scalar(v: &MarkedYamlOwned) -> Option<&ScalarOwned> {
    match &v.data {
        YamlDataOwned::Value(s) => Some(s),
        _ => None,
    }
}

fn text_of(v: &MarkedYamlOwned) -> Option<String> {
    scalar(v).and_then(scalar_text)
}

fn is_null(v: &MarkedYamlOwned) -> bool {
    matches!(v.data, YamlDataOwned::Value(ScalarOwned::Null))
}

/// The entry of `key` in a mapping node: the key node and its value.
fn entry<'v>(
    v: &'v MarkedYamlOwned,
    key: &str,
) -> Option<(&'v MarkedYamlOwned, &'v MarkedYamlOwned)> {
    match &v.data {
        YamlDataOwned::Mapping(map) => map.iter().find(|(k, _)| scalar_key(k) == key),
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

    fn width(&self) -> usize {
        text_of(self.v).map(|s| s.chars().count()).unwrap_or(1)
    }

    /// Reports a problem with this value.
    pub fn report(&self, code: &'static str, message: String, hint: Option<String>) {
        let d = self
            .cx
            .error(code, self.pos(), &self.path, message)
            .with_len(self.width())
            .with_hint_opt(hint);
        self.cx.sink.push(d);
    }

    fn wrong_type(&self, expected: &str, hint: Option<String>) {
        self.report(
            "type-invalide",
            format!(
                "`{}` doit être {expected}, pas {}",
                self.path_or_doc(),
                kind_name(self.v)
            ),
            hint,
        );
    }

    fn path_or_doc(&self) -> &str {
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
            YamlDataOwned::Mapping(_) => Some(MapReader {
                node: self.clone(),
                asked: RefCell::new(Vec::new()),
            }),
            YamlDataOwned::Value(ScalarOwned::Null) if self.path.is_empty() => Some(MapReader {
                node: self.clone(),
                asked: RefCell::new(Vec::new()),
            }),
            _ => {
                self.wrong_type("un dictionnaire de clés (clé: valeur)", None);
                None
            }
        }
    }

    /// Free text. Numbers and booleans are taken as their text.
    pub fn text(&self) -> Option<String> {
        match text_of(self.v) {
            Some(s) => Some(s),
            None if is_null(self.v) => Some(String::new()),
            None => {
                self.wrong_type("un texte", None);
                None
            }
        }
    }

    pub fn bool(&self) -> Option<bool> {
        match scalar(self.v) {
            Some(ScalarOwned::Boolean(b)) => Some(*b),
            Some(ScalarOwned::String(s)) => match crate::content::slug_of(s).as_str() {
                "oui" | "vrai" => Some(true),
                "non" | "faux" => Some(false),
                _ => {
                    self.wrong_type(
                        "true ou false",
                        Some("écrivez true (oui) ou false (non)".into()),
                    );
                    None
                }
            },
            _ => {
                self.wrong_type("true ou false", None);
                None
            }
        }
    }

    /// A whole number ≥ 0 (amounts in F CFP, counts), at most
    /// [`MAX_INTEGER`]: no computation on it can overflow.
    pub fn uint(&self) -> Option<u64> {
        let too_big = |shown: String| {
            self.report(
                "nombre-trop-grand",
                format!(
                    "`{}` : {shown} dépasse la plus grande valeur acceptée, {}",
                    self.path,
                    crate::typography::thousands(MAX_INTEGER)
                ),
                Some("vérifiez le nombre : il y a sans doute des chiffres en trop".into()),
            );
            None
        };
        match scalar(self.v) {
            Some(ScalarOwned::Integer(i)) if *i >= 0 => {
                let u = *i as u64;
                if u > MAX_INTEGER {
                    return too_big(u.to_string());
                }
                Some(u)
            }
            Some(ScalarOwned::FloatingPoint(f)) if f.into_inner() > MAX_INTEGER as f64 => {
                too_big("ce nombre".into())
            }
            Some(n @ (ScalarOwned::Integer(_) | ScalarOwned::FloatingPoint(_))) => {
                let hint = match n {
                    ScalarOwned::FloatingPoint(f) if f.into_inner() >= 0.0 => {
                        Some(format!("écrivez {}", f.into_inner().round()))
                    }
                    _ => None,
                };
                self.report(
                    "type-invalide",
                    format!(
                        "`{}` doit être un nombre entier positif ou nul, pas {}",
                        self.path,
                        scalar_text(n).unwrap_or_default()
                    ),
                    hint,
                );
                None
            }
            Some(ScalarOwned::String(s)) => {
                let compact: String = s
                    .chars()
                    .filter(|c| !c.is_whitespace() && *c != '\u{202f}')
                    .collect();
                let digits = compact.trim_end_matches("FCFP").trim_end_matches('F');
                let hint = digits
                    .parse::<u64>()
                    .ok()
                    .map(|d| format!("écrivez le nombre seul, sans espace ni unité : {d}"));
                self.wrong_type("un nombre entier", hint);
                None
            }
            _ => {
                self.wrong_type("un nombre entier", None);
                None
            }
        }
    }

    /// A date written `AAAA-MM-JJ`.
    pub fn date(&self) -> Option<NaiveDate> {
        let text = text_of(self.v);
        if let Some(d) = text
            .as_deref()
            .and_then(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
        {
            return Some(d);
        }
        let hint =
            Some("écrivez la date sous la forme AAAA-MM-JJ, par exemple 2026-05-16".to_string());
        match text {
            Some(s) => self.report(
                "date-invalide",
                format!("`{}` : « {s} » n'est pas une date valide", self.path),
                hint,
            ),
            None => self.wrong_type("une date AAAA-MM-JJ", hint),
        }
        None
    }

    /// A date and time written `AAAA-MM-JJTHH:MM` (local time in Nouméa).
    pub fn datetime(&self) -> Option<NaiveDateTime> {
        let text = text_of(self.v).unwrap_or_default();
        let t = text.trim();
        for fmt in [
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M:%S",
        ] {
            if let Ok(d) = NaiveDateTime::parse_from_str(t, fmt) {
                return Some(d);
            }
        }
        if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            return d.and_hms_opt(0, 0, 0);
        }
        self.report(
            "date-invalide",
            format!(
                "`{}` : « {t} » n'est pas une date et heure valide",
                self.path
            ),
            Some("écrivez AAAA-MM-JJTHH:MM, par exemple \"2026-05-16T09:00\"".into()),
        );
        None
    }

    /// A time of day, `HH:MM` (also accepts `14h30` and `14h`).
    pub fn time(&self) -> Option<NaiveTime> {
        let text = text_of(self.v).unwrap_or_default();
        let t = text.trim().to_lowercase();
        let parsed = NaiveTime::parse_from_str(&t, "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(&t, "%Hh%M"))
            .or_else(|_| NaiveTime::parse_from_str(&format!("{t}00"), "%Hh%M"));
        match parsed {
            Ok(time) => Some(time),
            Err(_) => {
                self.report(
                    "heure-invalide",
                    format!("`{}` : « {text} » n'est pas une heure valide", self.path),
                    Some("écrivez l'heure entre guillemets sous la forme \"HH:MM\", par exemple \"14:30\"".into()),
                );
                None
            }
        }
    }

    /// An identifier from a list of slugs. The natural spelling is accepted
    /// and normalised (`bien-être` → `bien-etre`, `à valider` → `a-valider`).
    pub fn choice<'s, I>(&self, allowed: I) -> Option<String>
    where
        I: IntoIterator<Item = &'s str> + Clone,
    {
        let text = match text_of(self.v) {
            Some(t) => t,
            None => {
                self.wrong_type("une valeur de la liste", None);
                return None;
            }
        };
        let wanted = crate::content::slug_of(&text);
        if let Some(hit) = allowed.clone().into_iter().find(|a| *a == wanted) {
            return Some(hit.to_string());
        }
        let list: Vec<&str> = allowed.clone().into_iter().collect();
        let hint = did_you_mean(&text, allowed)
            .unwrap_or_else(|| format!("valeurs possibles : {}", list.join(", ")));
        self.report(
            "valeur-inconnue",
            format!("`{}` : valeur « {text} » inconnue", self.path),
            Some(hint),
        );
        None
    }

    /// A name from a list of names, matched exactly (communes, quartiers).
    pub fn name_in<'s, I>(&self, allowed: I) -> Option<String>
    where
        I: IntoIterator<Item = &'s str> + Clone,
    {
        let text = self.text()?;
        if allowed.clone().into_iter().any(|a| a == text) {
            return Some(text);
        }
        let list: Vec<&str> = allowed.clone().into_iter().collect();
        let hint = did_you_mean(&text, allowed)
            .unwrap_or_else(|| format!("valeurs possibles : {}", list.join(", ")));
        self.report(
            "valeur-inconnue",
            format!(
                "`{}` : « {text} » n'est pas dans la liste de site.yaml",
                self.path
            ),
            Some(hint),
        );
        None
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

    /// A list of free texts.
    pub fn texts(&self) -> Vec<String> {
        self.list().iter().filter_map(Node::text).collect()
    }
}

/// Reads the keys of a mapping, remembering which were asked for so that
/// [`MapReader::finish`] can report the others as unknown.
pub struct MapReader<'a> {
    node: Node<'a>,
    asked: RefCell<Vec<&'static str>>,
}

impl<'a> MapReader<'a> {
    pub fn node(&self) -> &Node<'a> {
        &self.node
    }

    fn child_path(&self, key: &str) -> String {
        if self.node.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.node.path)
        }
    }

    /// The value of `key`, or `None` when absent or null.
    pub fn get(&self, key: &'static str) -> Option<Node<'a>> {
        self.asked.borrow_mut().push(key);
        let (_, v) = entry(self.node.v, key)?;
        if is_null(v) {
            return None;
        }
        Some(Node {
            v,
            doc: self.node.doc,
            fallback: self.key_pos(key),
            path: self.child_path(key),
            cx: self.node.cx,
        })
    }

    /// Whether `key` is written, even with an empty value.
    pub fn has(&self, key: &'static str) -> bool {
        self.asked.borrow_mut().push(key);
        entry(self.node.v, key).is_some()
    }

    /// Whether `key` holds a value other than empty, without reading it
    /// (nor counting it as asked for).
    pub fn written(&self, key: &str) -> bool {
        entry(self.node.v, key).is_some_and(|(_, v)| {
            !is_null(v)
                && !matches!(&v.data, YamlDataOwned::Value(ScalarOwned::String(s)) if s.is_empty())
        })
    }

    /// Position of `key` itself, or of the mapping when absent.
    pub fn key_pos(&self, key: &str) -> Pos {
        entry(self.node.v, key)
            .map(|(k, _)| self.node.doc.pos_of(k))
            .unwrap_or_else(|| self.node.pos())
    }

    /// Where the mapping's first key stands (the mapping itself when empty).
    fn first_key_pos(&self) -> Pos {
        match &self.node.v.data {
            YamlDataOwned::Mapping(map) if !map.is_empty() => map
                .keys()
                .next()
                .map_or(self.node.pos(), |k| self.node.doc.pos_of(k)),
            _ => self.node.pos(),
        }
    }

    /// The value of a required key; its absence is reported.
    pub fn require(&self, key: &'static str) -> Option<Node<'a>> {
        let found = self
            .get(key)
            .filter(|n| !matches!(&n.v.data, YamlDataOwned::Value(ScalarOwned::String(s)) if s.trim().is_empty()));
        if found.is_none() {
            let path = self.child_path(key);
            let d = self
                .node
                .cx
                .error(
                    "cle-manquante",
                    self.first_key_pos(),
                    &path,
                    format!("la clé obligatoire `{path}` est absente ou vide"),
                )
                .with_hint(format!("ajoutez une ligne « {key}: … »"));
            self.node.cx.sink.push(d);
        }
        found
    }

    /// Reports every key that no reader asked for, with the nearest known key.
    pub fn finish(self) {
        let YamlDataOwned::Mapping(map) = &self.node.v.data else {
            return;
        };
        let asked = self.asked.into_inner();
        for k in map.keys() {
            let key = scalar_key(k);
            if asked.contains(&key.as_str()) {
                continue;
            }
            let path = if self.node.path.is_empty() {
                key.clone()
            } else {
                format!("{}.{key}", self.node.path)
            };
            let pos = self.node.doc.pos_of(k);
            let hint = did_you_mean(&key, asked.iter().copied()).or_else(|| {
                let mut known: Vec<&str> = asked.clone();
                known.sort_unstable();
                known.dedup();
                Some(format!("clés possibles ici : {}", known.join(", ")))
            });
            let d = self
                .node
                .cx
                .error("cle-inconnue", pos, &path, format!("clé inconnue `{key}`"))
                .with_len(key.chars().count())
                .with_hint_opt(hint);
            self.node.cx.sink.push(d);
        }
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
