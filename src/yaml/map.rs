//! Reading the keys of a mapping, and reporting those nobody asked for.

use std::cell::RefCell;

use saphyr::{ScalarOwned, YamlDataOwned};

use super::parse::scalar_key;
use super::reader::{entry, is_null};
use super::Node;
use crate::diagnostic::{did_you_mean, Pos};
use crate::rules::Rule;

/// Reads the keys of a mapping, remembering which were asked for so that
/// [`MapReader::finish`] can report the others as unknown.
pub struct MapReader<'a> {
    node: Node<'a>,
    asked: RefCell<Vec<&'static str>>,
}

impl<'a> MapReader<'a> {
    pub(super) fn new(node: Node<'a>) -> Self {
        MapReader {
            node,
            asked: RefCell::new(Vec::new()),
        }
    }

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
        asked::note(&self.child_path(key));
        let (k, v) = entry(self.node.v, key)?;
        if is_null(v) {
            return None;
        }
        Some(Node {
            v,
            doc: self.node.doc,
            fallback: self.node.doc.pos_of(k),
            path: self.child_path(key),
            cx: self.node.cx,
        })
    }

    /// Whether `key` is written, even with an empty value.
    pub fn has(&self, key: &'static str) -> bool {
        self.asked.borrow_mut().push(key);
        asked::note(&self.child_path(key));
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
            // Written but empty (`organisme: ""`): pointed at its own line.
            let (pos, what, hint) = match entry(self.node.v, key) {
                Some((k, _)) => (
                    self.node.doc.pos_of(k),
                    "est vide",
                    format!("écrivez une valeur après « {key}: »"),
                ),
                None => (
                    self.first_key_pos(),
                    "est absente",
                    format!("ajoutez une ligne « {key}: … »"),
                ),
            };
            let d = self
                .node
                .cx
                .error(
                    Rule::CleManquante,
                    pos,
                    &path,
                    format!("la clé obligatoire `{path}` {what}"),
                )
                .with_hint(hint);
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
                .error(
                    Rule::CleInconnue,
                    pos,
                    &path,
                    format!("clé inconnue `{key}`"),
                )
                .with_len(key.chars().count())
                .with_hint_opt(hint);
            self.node.cx.sink.push(d);
        }
    }
}

/// The keys readers ask for, noted while [`asked::during`] runs on this
/// thread (tests compare them with the content model's table,
/// `content::schema`); otherwise one look at a thread-local per key.
pub mod asked {
    use std::cell::RefCell;

    thread_local! {
        static NOTED: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
    }

    /// Notes `path` (`creneaux[1].jour`) as `creneaux.jour`.
    pub(super) fn note(path: &str) {
        NOTED.with(|n| {
            if let Some(list) = n.borrow_mut().as_mut() {
                let mut plain = String::with_capacity(path.len());
                let mut in_index = false;
                for c in path.chars() {
                    match c {
                        '[' => in_index = true,
                        ']' => in_index = false,
                        _ if !in_index => plain.push(c),
                        _ => {}
                    }
                }
                list.push(plain);
            }
        });
    }

    /// Runs `f` and gives every key path asked for meanwhile, sorted, once.
    pub fn during<R>(f: impl FnOnce() -> R) -> (R, Vec<String>) {
        NOTED.with(|n| *n.borrow_mut() = Some(Vec::new()));
        let r = f();
        let mut list = NOTED.with(|n| n.borrow_mut().take()).unwrap_or_default();
        list.sort();
        list.dedup();
        (r, list)
    }
}
