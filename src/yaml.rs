//! YAML with positions, and typed readers that report problems in French.
//!
//! serde_yaml gives the values; it does not keep where each key stands in the
//! file. A second pass over the same text with yaml-rust2's marked events
//! records the line and column of every key and value, in a tree of the same
//! shape ([`PosTree`]). The readers ([`Node`], [`MapReader`]) walk both trees
//! together, so that every diagnostic names the file, line, column and key.
//!
//! The readers never stop at the first problem: a wrong value is reported and
//! read as absent, and the caller goes on with the next key.

use std::cell::RefCell;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde_yaml::Value;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostic::{did_you_mean, Diagnostic, Pos, Sink};

/// Where each node of a YAML document stands.
#[derive(Debug, Clone)]
pub enum PosTree {
    Scalar(Pos),
    Seq(Pos, Vec<PosTree>),
    Map(Pos, Vec<(String, Pos, PosTree)>),
}

impl PosTree {
    fn pos(&self) -> Pos {
        match self {
            PosTree::Scalar(p) | PosTree::Seq(p, _) | PosTree::Map(p, _) => *p,
        }
    }

    fn entry(&self, key: &str) -> Option<(Pos, &PosTree)> {
        match self {
            PosTree::Map(_, entries) => entries
                .iter()
                .find(|(k, _, _)| k == key)
                .map(|(_, p, t)| (*p, t)),
            _ => None,
        }
    }

    fn item(&self, i: usize) -> Option<&PosTree> {
        match self {
            PosTree::Seq(_, items) => items.get(i),
            _ => None,
        }
    }
}

enum Frame {
    Seq(Pos, Vec<PosTree>),
    Map(Pos, Vec<(String, Pos, PosTree)>, Option<(String, Pos)>),
}

struct Builder {
    first_line: usize,
    stack: Vec<Frame>,
    root: Option<PosTree>,
}

impl Builder {
    fn pos(&self, m: Marker) -> Pos {
        Pos::new(m.line() + self.first_line - 1, m.col() + 1)
    }

    fn push_node(&mut self, node: PosTree, key_text: Option<String>) {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq(_, items)) => items.push(node),
            Some(Frame::Map(_, entries, pending)) => match pending.take() {
                Some((k, kp)) => entries.push((k, kp, node)),
                None => *pending = Some((key_text.unwrap_or_default(), node.pos())),
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let pos = self.pos(mark);
        match ev {
            Event::Scalar(text, ..) => self.push_node(PosTree::Scalar(pos), Some(text)),
            Event::Alias(_) => self.push_node(PosTree::Scalar(pos), None),
            Event::SequenceStart(..) => self.stack.push(Frame::Seq(pos, Vec::new())),
            Event::MappingStart(..) => self.stack.push(Frame::Map(pos, Vec::new(), None)),
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match self.stack.pop() {
                    Some(Frame::Seq(p, items)) => PosTree::Seq(p, items),
                    Some(Frame::Map(p, entries, _)) => PosTree::Map(p, entries),
                    None => return,
                };
                self.push_node(node, None);
            }
            _ => {}
        }
    }
}

/// A parsed YAML document: its values and where they stand.
#[derive(Debug)]
pub struct YamlDoc {
    pub value: Value,
    pos: Option<PosTree>,
    /// Position used when nothing better is known (start of the document).
    start: Pos,
}

impl YamlDoc {
    /// Parses `text`, whose first line is line `first_line` of `file`.
    /// A syntax error is reported to `sink` and gives `None`.
    pub fn parse(text: &str, first_line: usize, file: &str, sink: &Sink) -> Option<YamlDoc> {
        let value: Value = match serde_yaml::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                let pos = e
                    .location()
                    .map(|l| Pos::new(l.line() + first_line - 1, l.column()))
                    .unwrap_or(Pos::new(first_line, 1));
                let (message, hint) = explain_yaml_error(&e.to_string());
                sink.push(
                    Diagnostic::error("yaml-invalide", file, pos, message).with_hint_opt(hint),
                );
                return None;
            }
        };
        let mut builder = Builder {
            first_line,
            stack: Vec::new(),
            root: None,
        };
        let mut parser = Parser::new_from_str(text);
        // serde_yaml accepted the text; should yaml-rust2 disagree we only
        // lose precise positions, never values.
        let pos = parser.load(&mut builder, false).ok().and(builder.root);
        Some(YamlDoc {
            value,
            pos,
            start: Pos::new(first_line, 1),
        })
    }

    /// The reader for the document's root.
    pub fn root<'a>(&'a self, cx: &'a Cx<'a>) -> Node<'a> {
        Node {
            v: &self.value,
            p: self.pos.as_ref(),
            fallback: self.start,
            path: String::new(),
            cx,
        }
    }
}

/// Turns serde_yaml's English messages into French ones, with a hint.
fn explain_yaml_error(raw: &str) -> (String, Option<String>) {
    let detail = raw.split(" at line ").next().unwrap_or(raw).trim();
    let (msg, hint) = if detail.contains("mapping values are not allowed") {
        (
            "un « : » inattendu dans une valeur",
            Some("mettez la valeur entre guillemets : titre: \"Surf : initiation\""),
        )
    } else if detail.contains("did not find expected key")
        || detail.contains("did not find expected '-'")
    {
        (
            "indentation incohérente",
            Some(
                "alignez les clés d'un même bloc avec le même nombre d'espaces (pas de tabulation)",
            ),
        )
    } else if detail.contains("found character that cannot start any token") {
        (
            "caractère interdit en début de valeur (tabulation, @ ou `)",
            Some("remplacez les tabulations par des espaces, ou mettez la valeur entre guillemets"),
        )
    } else if detail.contains("duplicate entry") {
        (
            "une clé apparaît deux fois",
            Some("gardez une seule occurrence de la clé"),
        )
    } else if detail.contains("did not find expected")
        || detail.contains("while scanning a quoted scalar")
    {
        (
            "guillemets ou crochets non refermés",
            Some("vérifiez que chaque \" [ { ouvert est refermé sur la même valeur"),
        )
    } else {
        ("YAML invalide", None)
    };
    (format!("{msg} (détail : {detail})"), hint.map(String::from))
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
    pub v: &'a Value,
    p: Option<&'a PosTree>,
    fallback: Pos,
    pub path: String,
    pub cx: &'a Cx<'a>,
}

/// French name of a YAML value's kind, for messages.
fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "vide",
        Value::Bool(_) => "un booléen (oui/non)",
        Value::Number(_) => "un nombre",
        Value::String(_) => "un texte",
        Value::Sequence(_) => "une liste",
        Value::Mapping(_) => "un dictionnaire",
        Value::Tagged(_) => "une valeur étiquetée",
    }
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl<'a> Node<'a> {
    pub fn pos(&self) -> Pos {
        self.p.map(PosTree::pos).unwrap_or(self.fallback)
    }

    fn width(&self) -> usize {
        scalar_text(self.v).map(|s| s.chars().count()).unwrap_or(1)
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
        self.v.is_null()
    }

    /// Reads a mapping; reports and gives `None` for anything else.
    pub fn map(&self) -> Option<MapReader<'a>> {
        match self.v {
            Value::Mapping(_) => Some(MapReader {
                node: self.clone(),
                asked: RefCell::new(Vec::new()),
            }),
            Value::Null if self.path.is_empty() => Some(MapReader {
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
        match scalar_text(self.v) {
            Some(s) => Some(s),
            None if self.v.is_null() => Some(String::new()),
            None => {
                self.wrong_type("un texte", None);
                None
            }
        }
    }

    pub fn bool(&self) -> Option<bool> {
        match self.v {
            Value::Bool(b) => Some(*b),
            Value::String(s) => match crate::content::slug_of(s).as_str() {
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

    /// A whole number ≥ 0 (amounts in F CFP, counts).
    pub fn uint(&self) -> Option<u64> {
        match self.v {
            Value::Number(n) => match n.as_u64() {
                Some(u) => Some(u),
                None => {
                    let hint = n
                        .as_f64()
                        .filter(|f| *f >= 0.0)
                        .map(|f| format!("écrivez {}", f.round()));
                    self.report(
                        "type-invalide",
                        format!(
                            "`{}` doit être un nombre entier positif ou nul, pas {n}",
                            self.path
                        ),
                        hint,
                    );
                    None
                }
            },
            Value::String(s) => {
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
        let text = scalar_text(self.v);
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
        let text = scalar_text(self.v).unwrap_or_default();
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
        let text = scalar_text(self.v).unwrap_or_default();
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
        let text = match scalar_text(self.v) {
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
        match self.v {
            Value::Sequence(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| Node {
                    v,
                    p: self.p.and_then(|p| p.item(i)),
                    fallback: self.pos(),
                    path: format!("{}[{}]", self.path, i + 1),
                    cx: self.cx,
                })
                .collect(),
            Value::Null => Vec::new(),
            _ => {
                let hint = scalar_text(self.v).map(|s| format!("écrivez une liste : [{s}]"));
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
        let v = self.node.v.get(key)?;
        if v.is_null() {
            return None;
        }
        let p = self.node.p.and_then(|p| p.entry(key)).map(|(_, t)| t);
        Some(Node {
            v,
            p,
            fallback: self.key_pos(key),
            path: self.child_path(key),
            cx: self.node.cx,
        })
    }

    /// Whether `key` is written, even with an empty value.
    pub fn has(&self, key: &'static str) -> bool {
        self.asked.borrow_mut().push(key);
        self.node.v.get(key).is_some()
    }

    /// Position of `key` itself, or of the mapping when absent.
    pub fn key_pos(&self, key: &str) -> Pos {
        self.node
            .p
            .and_then(|p| p.entry(key))
            .map(|(p, _)| p)
            .unwrap_or_else(|| self.node.pos())
    }

    /// Where the mapping's first key stands (the mapping itself when empty).
    fn first_key_pos(&self) -> Pos {
        match self.node.p {
            Some(PosTree::Map(_, entries)) if !entries.is_empty() => entries[0].1,
            _ => self.node.pos(),
        }
    }

    /// The value of a required key; its absence is reported.
    pub fn require(&self, key: &'static str) -> Option<Node<'a>> {
        let found = self
            .get(key)
            .filter(|n| !matches!(n.v, Value::String(s) if s.trim().is_empty()));
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
        let Value::Mapping(map) = self.node.v else {
            return;
        };
        let asked = self.asked.into_inner();
        for k in map.keys() {
            let key = scalar_text(k).unwrap_or_default();
            if asked.contains(&key.as_str()) {
                continue;
            }
            let path = if self.node.path.is_empty() {
                key.clone()
            } else {
                format!("{}.{key}", self.node.path)
            };
            let pos = self
                .node
                .p
                .and_then(|p| p.entry(&key))
                .map(|(p, _)| p)
                .unwrap_or_else(|| self.node.pos());
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
