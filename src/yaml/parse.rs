//! One parse per YAML text: saphyr's marked nodes, limits, French errors.

use saphyr::{LoadableYamlNode, MarkedYamlOwned, ScalarOwned, ScanError, YamlDataOwned};

use crate::diagnostic::{Diagnostic, Pos, Sink};
use crate::limits::{MAX_LIST_ITEMS, MAX_YAML_DEPTH};
use crate::rules::Rule;

/// A parsed YAML document: its values, each with where it stands.
#[derive(Debug)]
pub struct YamlDoc {
    pub(super) root: MarkedYamlOwned,
    /// Line of the file on which the YAML text starts.
    pub(super) first_line: usize,
}

impl YamlDoc {
    /// Parses `text`, whose first line is line `first_line` of `file`.
    /// A syntax error, a second document or a limit passed is reported to
    /// `sink` and gives `None`.
    pub fn parse(text: &str, first_line: usize, file: &str, sink: &Sink) -> Option<YamlDoc> {
        let docs = match MarkedYamlOwned::load_from_str(text) {
            Ok(docs) => docs,
            Err(e) => {
                sink.push(syntax_error(&e, text, first_line, file));
                return None;
            }
        };
        let mut docs = docs.into_iter();
        let root = docs.next().unwrap_or_else(|| MarkedYamlOwned {
            span: Default::default(),
            data: YamlDataOwned::Value(ScalarOwned::Null),
        });
        let doc = YamlDoc { root, first_line };
        if let Some(second) = docs.next() {
            sink.push(
                Diagnostic::new(
                    Rule::YamlInvalide,
                    file,
                    doc.pos_of(&second),
                    "un second document YAML commence ici (ligne « --- ») : un fichier n'en contient qu'un",
                )
                .with_hint("retirez la ligne « --- » ou mettez le reste dans un autre fichier"),
            );
            return None;
        }
        let mut ok = true;
        doc.check_limits(&doc.root, 0, &mut Vec::new(), file, sink, &mut ok);
        ok.then_some(doc)
    }

    /// Position in the file of a node of this document.
    pub(super) fn pos_of(&self, node: &MarkedYamlOwned) -> Pos {
        marker_pos(node.span.start, self.first_line)
    }

    /// Depth and list length, reported once per offending node. Does not
    /// descend below the depth limit, so its own recursion is bounded. The
    /// key path is written only for a node reported (`path`: the keys and
    /// positions that lead to `node`).
    fn check_limits<'n>(
        &self,
        node: &'n MarkedYamlOwned,
        depth: usize,
        path: &mut Vec<Step<'n>>,
        file: &str,
        sink: &Sink,
        ok: &mut bool,
    ) {
        let nested = matches!(
            node.data,
            YamlDataOwned::Sequence(_) | YamlDataOwned::Mapping(_)
        );
        let report = |d: Diagnostic| {
            let key = key_path(path);
            sink.push(if key.is_empty() { d } else { d.with_key(key) });
        };
        if nested && depth >= MAX_YAML_DEPTH {
            *ok = false;
            report(
                Diagnostic::new(
                    Rule::YamlTropProfond,
                    file,
                    self.pos_of(node),
                    format!(
                        "{} : plus de {MAX_YAML_DEPTH} niveaux de listes et de dictionnaires imbriqués",
                        shown(path)
                    ),
                )
                .with_hint("aucune clé du modèle de contenu n'est aussi profonde : simplifiez la valeur"),
            );
            return;
        }
        match &node.data {
            YamlDataOwned::Sequence(items) => {
                if items.len() > MAX_LIST_ITEMS {
                    *ok = false;
                    report(
                        Diagnostic::new(
                            Rule::ListeTropLongue,
                            file,
                            self.pos_of(node),
                            format!(
                                "{} : {} éléments, au-delà de la limite de {MAX_LIST_ITEMS}",
                                shown(path),
                                items.len()
                            ),
                        )
                        .with_hint("répartissez les éléments entre plusieurs fichiers"),
                    );
                }
                for (i, item) in items.iter().enumerate() {
                    path.push(Step::Item(i + 1));
                    self.check_limits(item, depth + 1, path, file, sink, ok);
                    path.pop();
                }
            }
            YamlDataOwned::Mapping(map) => {
                for (k, v) in map {
                    path.push(Step::Key(k));
                    self.check_limits(v, depth + 1, path, file, sink, ok);
                    path.pop();
                }
            }
            _ => {}
        }
    }
}

/// One step of a key path: a mapping's key, or a list's item (from 1).
enum Step<'n> {
    Key(&'n MarkedYamlOwned),
    Item(usize),
}

/// `tarif.formules[2]`.
fn key_path(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&scalar_key(k));
            }
            Step::Item(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The node a message speaks of: `` `tarif.formules` ``, or the document.
fn shown(path: &[Step]) -> String {
    let key = key_path(path);
    if key.is_empty() {
        "le document".to_string()
    } else {
        format!("`{key}`")
    }
}

/// Text of a mapping key, for key paths.
pub(super) fn scalar_key(k: &MarkedYamlOwned) -> String {
    match &k.data {
        YamlDataOwned::Value(s) => scalar_text(s).unwrap_or_default(),
        _ => String::new(),
    }
}

/// saphyr's markers count lines from 1 and columns from 0, from the start
/// of the text given to the parser.
fn marker_pos(m: saphyr::Marker, first_line: usize) -> Pos {
    Pos::new(m.line().max(1) + first_line - 1, m.col() + 1)
}

/// A syntax error in French, at the place the parser stopped.
fn syntax_error(e: &ScanError, text: &str, first_line: usize, file: &str) -> Diagnostic {
    let pos = marker_pos(*e.marker(), first_line);
    let raw = e.info();
    if raw.contains("duplicated key") {
        let key = key_at(text, *e.marker());
        let mut d = Diagnostic::new(
            Rule::YamlInvalide,
            file,
            pos,
            format!("la clé `{key}` apparaît deux fois dans le même bloc"),
        )
        .with_len(key.rsplit('.').next().unwrap_or("").chars().count())
        .with_hint("gardez une seule occurrence de la clé");
        if !key.is_empty() {
            d = d.with_key(key);
        }
        return d;
    }
    let (message, hint) = explain(raw);
    Diagnostic::new(
        Rule::YamlInvalide,
        file,
        pos,
        format!("{message} (détail : {raw})"),
    )
    .with_hint_opt(hint.map(String::from))
}

/// The dotted path of the key written at a marker (`  montant: …` under
/// `tarif:` → `tarif.montant`), read from the indentation of the lines
/// above: the tree is not built when the parser stops.
fn key_at(text: &str, m: saphyr::Marker) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let index = m
        .line()
        .saturating_sub(1)
        .min(lines.len().saturating_sub(1));
    let Some(line) = lines.get(index) else {
        return String::new();
    };
    let key_of = |rest: &str| {
        let key = rest.split(':').next().unwrap_or("").trim();
        key.trim_matches(|c| c == '"' || c == '\'').to_string()
    };
    let mut path = vec![key_of(&line.chars().skip(m.col()).collect::<String>())];
    // Flow mappings opened earlier on the same line (`tarif: { montant: …`).
    let prefix: String = line.chars().take(m.col()).collect();
    let mut open: Vec<String> = Vec::new();
    for (i, c) in prefix.char_indices() {
        match c {
            '{' | '[' => {
                let before = prefix[..i].trim_end();
                let key = before
                    .strip_suffix(':')
                    .map(|b| key_of(b.rsplit(['{', ',', '[']).next().unwrap_or(b)))
                    .unwrap_or_default();
                open.push(key);
            }
            '}' | ']' => {
                open.pop();
            }
            _ => {}
        }
    }
    path.extend(open.into_iter().rev().filter(|k| !k.is_empty()));
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut current = indent(line);
    for above in lines[..index].iter().rev() {
        let trimmed = above.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') || indent(above) >= current {
            continue;
        }
        current = indent(above);
        if trimmed.starts_with('-') || !trimmed.trim_end().ends_with(':') {
            break;
        }
        path.push(key_of(trimmed));
        if current == 0 {
            break;
        }
    }
    path.reverse();
    path.join(".")
}

/// The parser's English message, said for an editor, with a fix.
fn explain(raw: &str) -> (&'static str, Option<&'static str>) {
    if raw.contains("mapping values are not allowed") {
        (
            "un « : » inattendu dans une valeur",
            Some("mettez la valeur entre guillemets : titre: \"Surf : initiation\""),
        )
    } else if raw.contains("did not find expected key")
        || raw.contains("did not find expected '-'")
        || raw.contains("invalid indentation")
        || raw.contains("wrongly indented")
        || raw.contains("block sequence entries are not allowed")
    {
        (
            "indentation incohérente",
            Some(
                "alignez les clés d'un même bloc avec le même nombre d'espaces (pas de tabulation)",
            ),
        )
    } else if raw.contains("tab") {
        (
            "tabulation dans l'indentation",
            Some("remplacez les tabulations par des espaces"),
        )
    } else if raw.contains("cannot start any token") || raw.contains("unexpected character") {
        (
            "caractère interdit en début de valeur (@ ou `)",
            Some("mettez la valeur entre guillemets"),
        )
    } else if raw.contains("recursion limit") {
        (
            "trop de crochets ou d'accolades imbriqués",
            Some("aucune clé du modèle de contenu n'est aussi profonde : simplifiez la valeur"),
        )
    } else if raw.contains("anchor") || raw.contains("alias") {
        (
            "les ancres et alias YAML (& et *) ne sont pas pris en charge ici",
            Some("écrivez la valeur en entier, ou mettez-la entre guillemets si elle commence par & ou *"),
        )
    } else if raw.contains("expected ',' or")
        || raw.contains("illegal placement of ':'")
        || raw.contains("misplaced bracket")
        || raw.contains("in flow construct")
        || raw.contains("quoted scalar")
        || raw.contains("did not find expected")
        || raw.contains("unexpected end")
        || raw.contains("unexpected eof")
    {
        (
            "guillemets ou crochets non refermés",
            Some("vérifiez que chaque \" [ { ouvert est refermé sur la même valeur"),
        )
    } else {
        ("YAML invalide", None)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<YamlDoc>, Vec<Diagnostic>) {
        let sink = Sink::new();
        let doc = YamlDoc::parse(text, 2, "x.md", &sink);
        (doc, sink.into_vec())
    }

    #[test]
    fn a_repeated_key_is_pointed_at_its_second_occurrence() {
        let (doc, diags) = parse("titre: a\ntarif:\n  montant: 1\n  montant: 2\n");
        assert!(doc.is_none());
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].pos, Pos::new(5, 3));
        assert_eq!(diags[0].key.as_deref(), Some("tarif.montant"));
        assert!(diags[0].message.contains("deux fois"));
    }

    #[test]
    fn deep_nesting_stops_fast_with_a_diagnostic() {
        let n = 100_000;
        let text = format!("extra: {}{}\n", "[".repeat(n), "]".repeat(n));
        let start = std::time::Instant::now();
        let (doc, diags) = parse(&text);
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
        assert!(doc.is_none());
        assert_eq!(diags[0].code, "yaml-invalide");
        let text: String = (0..40)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        let (doc, diags) = parse(&format!("{text}{}v\n", " ".repeat(40)));
        assert!(doc.is_none());
        assert_eq!(diags[0].code, "yaml-trop-profond");
        assert_eq!(diags[0].pos.line, 2 + MAX_YAML_DEPTH);
    }

    #[test]
    fn long_lists_are_refused() {
        let items = "[1, 2]\n  - ".repeat(MAX_LIST_ITEMS);
        let (doc, diags) = parse(&format!("creneaux:\n  - {items}[3]\n"));
        assert!(doc.is_none());
        assert_eq!(diags[0].code, "liste-trop-longue");
        assert_eq!(diags[0].key.as_deref(), Some("creneaux"));
    }

    #[test]
    fn a_repeated_key_in_a_flow_mapping_names_its_parent() {
        let (_, diags) = parse("titre: a\ntarif: { montant: 1, unite: seance, montant: 2 }\n");
        assert_eq!(diags[0].key.as_deref(), Some("tarif.montant"));
        assert_eq!(diags[0].pos, Pos::new(3, 37));
    }

    #[test]
    fn a_second_document_is_refused() {
        let (doc, diags) = parse("titre: a\n---\ntitre: b\n");
        assert!(doc.is_none());
        assert_eq!(diags[0].pos.line, 4);
    }

    #[test]
    fn an_empty_text_is_an_empty_document() {
        let (doc, diags) = parse("# rien\n");
        assert!(doc.is_some() && diags.is_empty());
    }
}
