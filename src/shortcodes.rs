//! Shortcodes: infographics drawn from data, called from a Markdown body on a
//! line of their own, e.g.
//!
//! ```text
//! {{ parcours(etapes=["Je m'inscris", "Je réserve", "Je pratique"]) }}
//! {{ portefeuille(montant=15000, prix=[1500, 2500, 3000]) }}
//! ```
//!
//! This module finds the calls, reads and checks their arguments (each value
//! is read as YAML: `"texte"`, `12`, `[a, b]`) and computes the figures the
//! drawing shows (sessions per price, labels cut into lines). The drawing —
//! markup, geometry, accessible SVG and its text equivalent — is the
//! theme's: `templates/shortcodes/<nom>.html`.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{json, Map, Value};

use crate::diagnostic::{did_you_mean, Diagnostic, Pos, Sink};
use crate::limits::MAX_INTEGER;
use crate::rules::Rule;

/// The shortcodes kitpress knows.
pub const NAMES: [&str; 2] = ["parcours", "portefeuille"];

static CALL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\{\{\s*([A-Za-z_][\w-]*)\s*\((.*)\)\s*\}\}\s*$").unwrap());

/// A shortcode call found in a body.
#[derive(Debug, Clone)]
pub struct Call {
    pub name: String,
    pub args: String,
    /// Line of the call in the file.
    pub line: usize,
}

/// Placeholder left in the Markdown where a call stood (one line for one).
pub fn placeholder(n: usize) -> String {
    format!("KITPRESSSHORTCODE{n}X")
}

/// Replaces each call (a line of its own, outside fenced code) by a
/// placeholder, keeping line numbers. Returns the new body and the calls.
pub fn extract(body: &str, first_line: usize) -> (String, Vec<Call>) {
    if !body.contains("{{") {
        return (body.to_string(), Vec::new());
    }
    let mut out = String::with_capacity(body.len());
    let mut calls = Vec::new();
    let mut fence: Option<&str> = None;
    for (i, line) in body.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
            out.push_str(line);
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            out.push_str(line);
            continue;
        }
        match CALL.captures(line.trim_end_matches('\n')) {
            Some(c) => {
                out.push_str(&placeholder(calls.len()));
                if line.ends_with('\n') {
                    out.push('\n');
                }
                calls.push(Call {
                    name: c[1].to_string(),
                    args: c[2].to_string(),
                    line: first_line + i,
                });
            }
            None => out.push_str(line),
        }
    }
    (out, calls)
}

/// Splits `a=1, b=[2, 3], c="x, y"` at its top-level commas.
fn split_args(args: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None::<char>, 0);
    for (i, c) in args.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{' | '(') => depth += 1,
            (None, ']' | '}' | ')') => depth -= 1,
            (None, ',') if depth == 0 => {
                parts.push(&args[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&args[start..]);
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Reads `key=value` arguments; problems are reported at the call's line.
fn parse_args(call: &Call, file: &str, sink: &Sink) -> Option<Map<String, Value>> {
    let mut map = Map::new();
    let mut ok = true;
    for part in split_args(&call.args) {
        let Some((key, value)) = part.split_once('=') else {
            sink.push(error(
                call,
                file,
                format!("argument « {part} » sans nom"),
                "écrivez nom=valeur, par exemple etapes=[\"Je m'inscris\", \"Je réserve\"]".into(),
            ));
            ok = false;
            continue;
        };
        let parsed = crate::yaml::YamlDoc::parse(value.trim(), 1, file, &Sink::new());
        match parsed.map(|doc| doc.to_json()).ok_or(()) {
            Ok(v) => {
                map.insert(key.trim().to_string(), v);
            }
            Err(_) => {
                sink.push(error(
                    call,
                    file,
                    format!(
                        "la valeur de `{}` est illisible : {}",
                        key.trim(),
                        value.trim()
                    ),
                    "un texte s'écrit entre guillemets, une liste entre crochets : [1500, 2500]"
                        .into(),
                ));
                ok = false;
            }
        }
    }
    ok.then_some(map)
}

fn error(call: &Call, file: &str, message: String, hint: String) -> Diagnostic {
    Diagnostic::new(
        Rule::ShortcodeInvalide,
        file,
        Pos::new(call.line, 1),
        message,
    )
    .with_key(call.name.clone())
    .with_hint(hint)
}

/// Checks a call and computes the data its template draws from.
/// `wallet` is the site's wallet amount, the default of `montant`.
pub fn prepare(call: &Call, index: usize, wallet: u64, file: &str, sink: &Sink) -> Option<Value> {
    if !NAMES.contains(&call.name.as_str()) {
        sink.push(
            Diagnostic::new(
                Rule::ShortcodeInconnu,
                file,
                Pos::new(call.line, 1),
                format!("shortcode « {} » inconnu", call.name),
            )
            .with_key(call.name.clone())
            .with_hint(
                did_you_mean(&call.name, NAMES)
                    .unwrap_or_else(|| format!("shortcodes disponibles : {}", NAMES.join(", "))),
            ),
        );
        return None;
    }
    let args = parse_args(call, file, sink)?;
    let allowed: &[&str] = match call.name.as_str() {
        "parcours" => &["etapes", "titre"],
        _ => &["montant", "prix", "titre"],
    };
    if let Some(key) = args.keys().find(|k| !allowed.contains(&k.as_str())) {
        sink.push(error(
            call,
            file,
            format!("argument `{key}` inconnu pour {}", call.name),
            did_you_mean(key, allowed.iter().copied())
                .unwrap_or_else(|| format!("arguments possibles : {}", allowed.join(", "))),
        ));
        return None;
    }
    let titre = args.get("titre").and_then(Value::as_str).map(String::from);
    // Unique in any document, bundles included: the file's name is part of it.
    let stem = file
        .rsplit('/')
        .next()
        .unwrap_or(file)
        .trim_end_matches(".md");
    let id = format!("infographie-{}-{}", crate::slug::slug_of(stem), index + 1);
    match call.name.as_str() {
        "parcours" => parcours(call, &args, file, sink).map(|mut v| {
            v["titre"] = json!(titre);
            v["id"] = json!(id);
            v
        }),
        _ => portefeuille(call, &args, wallet, file, sink).map(|mut v| {
            v["titre"] = json!(titre);
            v["id"] = json!(id);
            v
        }),
    }
}

/// Cuts a label into lines of about `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= width => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

fn parcours(call: &Call, args: &Map<String, Value>, file: &str, sink: &Sink) -> Option<Value> {
    let steps: Vec<String> = match args.get("etapes") {
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect(),
        _ => {
            sink.push(error(
                call,
                file,
                "parcours : `etapes` doit être une liste de textes".into(),
                "par exemple etapes=[\"Je m'inscris\", \"Je réserve\", \"Je pratique\"]".into(),
            ));
            return None;
        }
    };
    if !(2..=8).contains(&steps.len()) {
        sink.push(error(
            call,
            file,
            format!("parcours : {} étape(s), il en faut de 2 à 8", steps.len()),
            "regroupez ou complétez les étapes".into(),
        ));
        return None;
    }
    let etapes: Vec<Value> = steps
        .iter()
        .enumerate()
        .map(|(i, s)| json!({ "numero": i + 1, "texte": s, "lignes": wrap(s, 18) }))
        .collect();
    Some(json!({ "nom": "parcours", "etapes": etapes }))
}

/// Most bars the wallet infographic draws (it must stay readable).
const PRIX_MAX: usize = 8;

fn portefeuille(
    call: &Call,
    args: &Map<String, Value>,
    wallet: u64,
    file: &str,
    sink: &Sink,
) -> Option<Value> {
    let montant = match args.get("montant") {
        None => wallet,
        Some(v) => match v.as_u64().filter(|m| (1..=MAX_INTEGER).contains(m)) {
            Some(m) => m,
            None => {
                sink.push(error(
                    call,
                    file,
                    "portefeuille : `montant` doit être un nombre entier de F CFP".into(),
                    "par exemple montant=15000".into(),
                ));
                return None;
            }
        },
    };
    let prix: Vec<u64> = match args.get("prix") {
        Some(Value::Array(items))
            if (1..=PRIX_MAX).contains(&items.len())
                && items
                    .iter()
                    .all(|p| p.as_u64().is_some_and(|p| (1..=MAX_INTEGER).contains(&p))) =>
        {
            items.iter().filter_map(Value::as_u64).collect()
        }
        _ => {
            sink.push(error(
                call,
                file,
                format!("portefeuille : `prix` doit être une liste de 1 à {PRIX_MAX} prix par séance, en F CFP"),
                "par exemple prix=[1500, 2500, 3000]".into(),
            ));
            return None;
        }
    };
    let most = prix.iter().map(|p| montant / p).max().unwrap_or(1).max(1);
    let barres: Vec<Value> = prix
        .iter()
        .map(|p| json!({ "prix": p, "seances": montant / p }))
        .collect();
    Some(
        json!({ "nom": "portefeuille", "montant": montant, "barres": barres, "seances_max": most }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_are_found_outside_code_and_keep_line_numbers() {
        let body = "Texte\n\n{{ parcours(etapes=[\"A\", \"B\"]) }}\n\n```\n{{ parcours(etapes=[\"X\"]) }}\n```\n";
        let (out, calls) = extract(body, 10);
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].line, 12);
        assert_eq!(out.lines().count(), body.lines().count());
        assert!(out.contains(&placeholder(0)));
        assert!(out.contains("{{ parcours(etapes=[\"X\"]) }}"));
    }

    #[test]
    fn arguments_are_read_and_checked() {
        let sink = Sink::new();
        let (_, calls) = extract(
            "{{ portefeuille(montant=15000, prix=[1500, 2500, 3000]) }}\n",
            1,
        );
        let v = prepare(&calls[0], 0, 15000, "x.md", &sink).unwrap();
        assert_eq!(v["barres"][0]["seances"], 10);
        assert_eq!(v["barres"][1]["seances"], 6);
        assert_eq!(v["barres"][2]["seances"], 5);
        assert!(sink.into_vec().is_empty());

        let sink = Sink::new();
        let (_, calls) = extract(
            "{{ parcour(etapes=[\"A\", \"B\"]) }}\n{{ parcours(etape=[\"A\"]) }}\n",
            4,
        );
        assert!(prepare(&calls[0], 0, 15000, "x.md", &sink).is_none());
        assert!(prepare(&calls[1], 1, 15000, "x.md", &sink).is_none());
        let d = sink.into_vec();
        assert_eq!((d[0].code.code(), d[0].pos.line), ("shortcode-inconnu", 4));
        assert!(d[0].hint.as_deref().unwrap().contains("parcours"));
        assert_eq!((d[1].code.code(), d[1].pos.line), ("shortcode-invalide", 5));
        assert!(d[1].hint.as_deref().unwrap().contains("etapes"));
    }
}
