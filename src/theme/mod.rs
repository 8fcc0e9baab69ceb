//! The theme: tera templates and static files.
//!
//! Templates come from `themes/<theme>/templates/` of the site, or from the
//! default theme built into kitpress when the site has no such folder; a
//! `templates/` folder at the site root overrides them file by file. They are
//! parsed once per build. Filters give templates French formatting of data
//! (`milliers`, `date_fr`, `typo`); the wording itself stays in the templates.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use include_dir::{include_dir, Dir};
use tera::{Tera, Value};
use walkdir::WalkDir;

use crate::config::CONFIG_FILE;
use crate::diagnostic::{Diagnostic, Pos, Sink};
use crate::load::rel_path;
use crate::rules::Rule;

/// The default theme, built into the binary.
pub static DEFAULT_THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/clicmouv");
pub const DEFAULT_THEME_NAME: &str = "clicmouv";

/// Where the theme's files come from.
pub enum ThemeSource {
    Disk(PathBuf),
    Builtin,
}

/// Finds the theme named in site.yaml.
pub fn locate(root: &Path, name: &str, sink: &Sink) -> Option<ThemeSource> {
    let dir = root.join("themes").join(name);
    if dir.join("templates").is_dir() {
        return Some(ThemeSource::Disk(dir));
    }
    if name == DEFAULT_THEME_NAME {
        return Some(ThemeSource::Builtin);
    }
    sink.push(
        Diagnostic::new(
            Rule::ThemeIntrouvable,
            CONFIG_FILE,
            Pos::new(1, 1),
            format!("le thème « {name} » est introuvable (dossier themes/{name}/templates/)"),
        )
        .with_key("theme")
        .with_hint(format!(
            "retirez la clé `theme` pour utiliser le thème par défaut « {DEFAULT_THEME_NAME} »"
        )),
    );
    None
}

/// Every file of a folder, as (path relative to the folder, full path).
fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (rel_path(dir, e.path()), e.path().to_path_buf()))
        .collect()
}

/// Every static file of the theme: (path in the output, bytes).
/// One file of the theme outside its templates (`apercu/apercu.js`, the
/// preview's script, which the built site never holds).
pub fn theme_file(theme: &ThemeSource, rel: &str) -> Option<Vec<u8>> {
    match theme {
        ThemeSource::Disk(dir) => std::fs::read(dir.join(rel)).ok(),
        ThemeSource::Builtin => DEFAULT_THEME.get_file(rel).map(|f| f.contents().to_vec()),
    }
}

pub fn static_files(theme: &ThemeSource) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    match theme {
        ThemeSource::Disk(dir) => files_under(&dir.join("static"))
            .into_iter()
            .map(|(rel, path)| Ok((rel, std::fs::read(path)?)))
            .collect(),
        ThemeSource::Builtin => {
            let mut out = Vec::new();
            if let Some(d) = DEFAULT_THEME.get_dir("static") {
                collect_builtin(d, &mut out);
            }
            Ok(out)
        }
    }
}

fn collect_builtin(dir: &Dir<'_>, out: &mut Vec<(String, Vec<u8>)>) {
    for f in dir.files() {
        let rel = f.path().strip_prefix("static").unwrap_or(f.path());
        out.push((
            rel.to_string_lossy().replace('\\', "/"),
            f.contents().to_vec(),
        ));
    }
    for d in dir.dirs() {
        collect_builtin(d, out);
    }
}

/// Loads the templates: theme first, then the site's overrides.
pub fn load(root: &Path, theme: &ThemeSource, sink: &Sink) -> Option<Tera> {
    let mut sources: HashMap<String, (String, String)> = HashMap::new();
    match theme {
        ThemeSource::Disk(dir) => {
            for (name, path) in files_under(&dir.join("templates")) {
                let text = crate::load::read_text(root, &rel_path(root, &path), sink)?;
                sources.insert(name, (rel_path(root, &path), text));
            }
        }
        ThemeSource::Builtin => {
            if let Some(d) = DEFAULT_THEME.get_dir("templates") {
                collect_builtin_templates(d, &mut sources);
            }
        }
    }
    let site_templates = root.join("templates");
    if site_templates.is_dir() {
        for (name, path) in files_under(&site_templates) {
            if name == crate::labels::FILE {
                continue;
            }
            let rel = rel_path(root, &path);
            let text = crate::load::read_text(root, &rel, sink)?;
            sources.insert(name, (rel, text));
        }
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape);
    register_filters(&mut tera);
    let list: Vec<(String, String)> = sources
        .iter()
        .map(|(n, (_, t))| (n.clone(), t.clone()))
        .collect();
    if let Err(e) = tera.add_raw_templates(list) {
        let (name, message) = template_error(&e);
        let file = sources.get(&name).map(|(f, _)| f.clone()).unwrap_or(name);
        sink.push(
            Diagnostic::new(
                Rule::GabaritInvalide,
                file,
                Pos::default(),
                format!("gabarit invalide : {message}"),
            )
            .with_hint("corrigez la syntaxe tera du gabarit"),
        );
        return None;
    }
    let labels = crate::labels::load(root, theme, sink)?;
    crate::labels::register(&mut tera, labels);
    Some(tera)
}

fn collect_builtin_templates(dir: &Dir<'_>, out: &mut HashMap<String, (String, String)>) {
    for f in dir.files() {
        let name = f.path().strip_prefix("templates").unwrap_or(f.path());
        let name = name.to_string_lossy().replace('\\', "/");
        let text = String::from_utf8_lossy(f.contents()).into_owned();
        out.insert(
            name.clone(),
            (format!("(thème intégré)/templates/{name}"), text),
        );
    }
    for d in dir.dirs() {
        collect_builtin_templates(d, out);
    }
}

/// Renders `template`; a failure is a `gabarit-erreur` diagnostic in
/// `sink` saying what could not be made (`what`: « la page offres/ »).
pub fn render_or_report(
    tera: &Tera,
    template: &str,
    cx: &tera::Context,
    what: &str,
    sink: &Sink,
) -> Option<String> {
    match tera.render(template, cx) {
        Ok(s) => Some(s),
        Err(e) => {
            let (_, message) = template_error(&e);
            sink.push(
                Diagnostic::new(
                    Rule::GabaritErreur,
                    format!("templates/{template}"),
                    Pos::default(),
                    format!("le gabarit n'a pas pu produire {what} : {message}"),
                )
                .with_hint("vérifiez les variables utilisées par le gabarit"),
            );
            None
        }
    }
}

/// HTML escaping that leaves `/` alone (URLs stay readable). Copies the
/// runs between special bytes whole: most text has none.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    let mut copied = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[copied..i]);
        out.push_str(entity);
        copied = i + 1;
    }
    out.push_str(&s[copied..]);
    out
}

/// Name of the template at fault and the whole error chain, for a person.
pub fn template_error(e: &tera::Error) -> (String, String) {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    let name = parts
        .iter()
        .find_map(|p| {
            p.split('\'')
                .nth(1)
                .filter(|n| n.ends_with(".html") || n.ends_with(".xml"))
        })
        .unwrap_or("")
        .to_string();
    (name, parts.join(" — "))
}

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const DAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

/// `16 mai 2026` (with `jour=true`: `samedi 16 mai 2026`).
pub fn date_fr(d: NaiveDate, with_day: bool) -> String {
    let base = format!(
        "{}{} {} {}",
        d.day(),
        if d.day() == 1 { "er" } else { "" },
        MONTHS[d.month0() as usize],
        d.year()
    );
    if with_day {
        format!(
            "{} {base}",
            DAYS[d.weekday().num_days_from_monday() as usize]
        )
    } else {
        base
    }
}

fn parse_date(v: &Value) -> Option<(NaiveDate, Option<NaiveDateTime>)> {
    let s = v.as_str()?;
    if let Ok(dt) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S") {
        return Some((dt.date(), Some(dt)));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .map(|d| (d, None))
        .or_else(|| {
            NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d")
                .ok()
                .map(|d| (d, None))
        })
}

fn register_filters(tera: &mut Tera) {
    // A value as JSON for a `<script type="application/ld+json">`: `<`, `>`
    // and `&` escaped, so that no text of content can close the element.
    tera.register_filter("json_ld", |v: &Value, _: &HashMap<String, Value>| {
        let json = serde_json::to_string(v).unwrap_or_else(|_| "null".into());
        Ok(Value::String(
            json.replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026"),
        ))
    });
    tera.register_filter("milliers", |v: &Value, _: &HashMap<String, Value>| {
        let n = v
            .as_u64()
            .or_else(|| v.as_f64().map(|f| f.round() as u64))
            .unwrap_or(0);
        Ok(Value::String(crate::typography::thousands(n)))
    });
    tera.register_filter("decimal", |v: &Value, _: &HashMap<String, Value>| {
        Ok(Value::String(crate::audit::text::decimal(
            v.as_f64().unwrap_or(0.0),
        )))
    });
    // A path of the output written as a URL (`images/{{ v.src | url_chemin }}`).
    tera.register_filter("url_chemin", |v: &Value, _: &HashMap<String, Value>| {
        let path = tera::try_get_value!("url_chemin", "value", String, v);
        Ok(Value::String(crate::escape::url_path(&path)))
    });
    tera.register_filter("typo", |v: &Value, _: &HashMap<String, Value>| {
        Ok(Value::String(
            crate::typography::french(v.as_str().unwrap_or("")).into_owned(),
        ))
    });
    tera.register_filter("date_fr", |v: &Value, args: &HashMap<String, Value>| {
        let Some((d, dt)) = parse_date(v) else {
            return Ok(v.clone());
        };
        let with_day = args.get("jour").and_then(Value::as_bool).unwrap_or(false);
        let mut s = date_fr(d, with_day);
        if let (Some(dt), true) = (
            dt,
            args.get("heure").and_then(Value::as_bool).unwrap_or(false),
        ) {
            s.push_str(&format!(" à {}", dt.format("%H:%M")));
        }
        Ok(Value::String(s))
    });
    tera.register_filter("mois_fr", |v: &Value, _: &HashMap<String, Value>| {
        let Some((d, _)) = parse_date(v) else {
            return Ok(v.clone());
        };
        Ok(Value::String(format!(
            "{} {}",
            MONTHS[d.month0() as usize],
            d.year()
        )))
    });
    // The inside of a double-quoted CSS string (for `content: "…"` in @page
    // margin boxes): escaped by cssparser, and `<` too, since the string
    // stands in a <style> element.
    tera.register_filter("css", |v: &Value, _: &HashMap<String, Value>| {
        Ok(Value::String(css_string_content(v.as_str().unwrap_or(""))))
    });
    tera.register_filter("ics", |v: &Value, _: &HashMap<String, Value>| {
        let text = match v {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        Ok(Value::String(crate::ics::escape_text(&text)))
    });
    tera.register_filter("ics_date", |v: &Value, args: &HashMap<String, Value>| {
        let Some((d, _)) = parse_date(v) else {
            return Ok(v.clone());
        };
        let plus = args.get("plus").and_then(Value::as_u64).unwrap_or(0);
        let d = d + chrono::Days::new(plus);
        Ok(Value::String(d.format("%Y%m%d").to_string()))
    });
    tera.register_filter("ics_heure", |v: &Value, _: &HashMap<String, Value>| {
        Ok(Value::String(format!(
            "{}00",
            v.as_str().unwrap_or("0000").replace(':', "")
        )))
    });
    tera.register_filter("heure", |v: &Value, _: &HashMap<String, Value>| {
        let Some((_, Some(dt))) = parse_date(v) else {
            return Ok(v.clone());
        };
        Ok(Value::String(dt.format("%H:%M").to_string()))
    });
}

/// Text escaped for the inside of a double-quoted CSS string in HTML.
pub fn css_string_content(text: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(text.len() + 8);
    let _ = cssparser::CssStringWriter::new(&mut out).write_str(text);
    out.replace('<', "\\3c ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_the_five_characters_and_keeps_the_rest() {
        assert_eq!(
            escape("« l'été » <b>&\"x\"</b> /offres/é"),
            "« l&#39;été » &lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt; /offres/é"
        );
        assert_eq!(escape(""), "");
        assert_eq!(escape("<"), "&lt;");
        assert_eq!(escape("sans rien"), "sans rien");
    }

    #[test]
    fn css_strings_cannot_be_left() {
        let s = css_string_content("Kit\r} body { x: url(y) } \"</style>\n\\");
        assert_eq!(s, "Kit\\d } body { x: url(y) } \\\"\\3c /style>\\a \\\\");
        assert!(!s.chars().any(|c| c.is_control()));
    }

    #[test]
    fn french_dates() {
        let d = NaiveDate::from_ymd_opt(2026, 5, 16).unwrap();
        assert_eq!(date_fr(d, false), "16 mai 2026");
        assert_eq!(date_fr(d, true), "samedi 16 mai 2026");
        assert_eq!(
            date_fr(NaiveDate::from_ymd_opt(2026, 8, 1).unwrap(), false),
            "1er août 2026"
        );
    }
}
