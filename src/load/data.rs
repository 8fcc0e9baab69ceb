//! The data files of `content/data/` that kitpress itself reads (their
//! tables are [`crate::content::schema::DATA_FILES`]): checked as they are
//! loaded, each problem reported with file, line and key, so that the
//! readers which use them later (`communes` for the network map,
//! `dates-cles` for the calendar grid) never skip a value silently.
//!
//! Keys the table does not name are left alone: a data file is also open to
//! the site's own templates (`data.<nom>`).

use crate::content::schema::{Choices, Field, Kind, DATA_FILES};
use crate::diagnostic::Sink;
use crate::yaml::{Cx, Node, YamlDoc};

/// Checks `doc`, read from `file` (`content/data/<stem>.yaml`), when its
/// stem names a table; any other data file is free.
pub fn check(doc: &YamlDoc, file: &str, stem: &str, sink: &Sink) {
    let Some((_, _, fields)) = DATA_FILES.iter().find(|(name, _, _)| *name == stem) else {
        return;
    };
    let cx = Cx { file, sink };
    let root = doc.root(&cx);
    match (root.is_list(), fields) {
        // The older form: the list alone, read as the table's one list.
        (
            true,
            [Field {
                kind: Kind::Objects(inner),
                ..
            }],
        ) => root.list().iter().for_each(|item| object(item, inner)),
        _ => object(&root, fields),
    }
}

fn object(node: &Node, fields: &[Field]) {
    let Some(map) = node.map() else { return };
    for f in fields {
        let value = if f.required {
            map.require(f.key)
        } else {
            map.get(f.key)
        };
        if let Some(v) = value {
            one(&v, f);
        }
    }
}

fn one(v: &Node, f: &Field) {
    match f.kind {
        Kind::Text | Kind::LongText => {
            v.text();
        }
        Kind::Pattern(re, expected) => {
            let matches = |t: &str| regex::Regex::new(re).is_ok_and(|r| r.is_match(t));
            if let Some(t) = v.text().filter(|t| !t.is_empty() && !matches(t)) {
                v.report(
                    crate::rules::Rule::TypeInvalide,
                    format!("`{}` : « {t} » n'est pas {expected}", f.key),
                    None,
                );
            }
        }
        Kind::Int { min, max } => {
            if let Some(n) = v.uint() {
                if (n as i64) < min || (n as i64) > max {
                    v.report(
                        crate::rules::Rule::TypeInvalide,
                        format!("`{}` : {n} n'est pas entre {min} et {max}", f.key),
                        None,
                    );
                }
            }
        }
        Kind::Decimal { min, max } => {
            v.number(min, max);
        }
        Kind::Date => {
            v.date();
        }
        Kind::Choice {
            of: Choices::Fixed(ids),
            ..
        } => {
            v.choice(ids.iter().copied());
        }
        Kind::Texts => {
            v.texts();
        }
        Kind::Object(inner) => object(v, inner),
        Kind::Objects(inner) => v.list().iter().for_each(|item| object(item, inner)),
        // Kinds the data tables do not use.
        _ => {}
    }
}
