//! The theme: tera templates and static files.
//!
//! Templates come from `themes/<theme>/templates/` of the site, or from the
//! default theme built into kitpress when the site has no such folder; a
//! `templates/` folder at the site root overrides them file by file. They are
//! parsed once per build. Filters give templates French formatting of data
//! (`milliers`, `date_fr`, `typo`); the wording itself stays in the templates.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use tera::Tera;
use walkdir::WalkDir;

use crate::config::CONFIG_FILE;
use crate::diagnostic::{Diagnostic, Pos, Sink};
use crate::load::rel_path;
use crate::rules::Rule;

mod filters;
pub mod labels;

/// The default theme, built into the binary.
pub static DEFAULT_THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/clicmouv");
pub use crate::config::DEFAULT_THEME_NAME;

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
            // A theme written before kitpress drew visuals has no layouts
            // for them: it gets the built-in theme's, and the built-in
            // partials it lacks (which they include), all of which it can
            // replace file by file. Its fonts are its own (or the built-in
            // ones).
            if !sources.keys().any(|n| n.starts_with("visuels/")) {
                let mut builtin = HashMap::new();
                for dir in ["templates/visuels", "templates/partials"] {
                    if let Some(d) = DEFAULT_THEME.get_dir(dir) {
                        collect_builtin_templates(d, &mut builtin);
                    }
                }
                for (name, source) in builtin {
                    sources.entry(name).or_insert(source);
                }
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
            if name == crate::theme::labels::FILE {
                continue;
            }
            let rel = rel_path(root, &path);
            let text = crate::load::read_text(root, &rel, sink)?;
            sources.insert(name, (rel, text));
        }
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    tera.set_escape_fn(escape);
    filters::register(&mut tera);
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
    let labels = crate::theme::labels::load(root, theme, sink)?;
    crate::theme::labels::register(&mut tera, labels);
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
}
