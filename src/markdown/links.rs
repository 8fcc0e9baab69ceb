//! Links and images of a body: `@/` resolved to the target's URL and
//! checked, schemes restricted, images taken from `content/images/`; raw
//! HTML follows the same rules, and what cleaning removes is reported.

use std::collections::HashMap;

use super::{Context, FragmentLink};
use crate::diagnostic::{did_you_mean, Diagnostic, Pos, Sink};
use crate::rules::Rule;
use crate::sanitize::Removed;

fn safe_scheme(url: &str) -> bool {
    match url.split_once(':') {
        // A colon after a slash, `?` or `#` is not a scheme.
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            matches!(
                scheme.to_ascii_lowercase().as_str(),
                "http" | "https" | "mailto" | "tel"
            )
        }
        _ => true,
    }
}

/// What one body's links and images gave, gathered while rendering.
pub(super) struct Refs<'c> {
    pub(super) cx: &'c Context<'c>,
    pub(super) sink: &'c Sink,
    pub(super) fragments: Vec<FragmentLink>,
    pub(super) images: Vec<String>,
    /// URLs of raw HTML as written → as published.
    pub(super) rewrites: HashMap<String, String>,
}

impl Refs<'_> {
    /// A link destination: `@/` resolved (its `#fragment` kept for the
    /// check), schemes refused. `None` keeps it as written.
    pub(super) fn link(&mut self, dest: &str, pos: Pos) -> Option<String> {
        if let Some(fragment) = dest.strip_prefix('#') {
            if !self.cx.id_prefix.is_empty() && !fragment.is_empty() {
                return Some(format!("#{}{fragment}", self.cx.id_prefix));
            }
        }
        if let Some((target, fragment)) = dest.strip_prefix("@/").and_then(|t| t.split_once('#')) {
            if self.cx.links.get(target).is_some_and(|t| t.published) && !fragment.is_empty() {
                self.fragments.push(FragmentLink {
                    file: self.cx.file.to_string(),
                    pos,
                    target: target.to_string(),
                    fragment: fragment.to_string(),
                });
            }
        }
        resolve_link(dest, self.cx, pos, self.sink)
    }

    /// An image source, as published.
    pub(super) fn image(&mut self, dest: &str, pos: Pos) -> String {
        let (url, used) = resolve_image(dest, self.cx, pos, self.sink);
        self.images.extend(used);
        url
    }

    /// Raw HTML: the same link and image rules as Markdown, and a warning
    /// for each tag or attribute the cleaning pass will remove.
    /// Gives the fragment's nesting (elements opened, closed).
    pub(super) fn raw_html(&mut self, fragment: &str, at: Pos) -> (isize, isize) {
        let scanned = crate::sanitize::scan(fragment);
        for tag in scanned.tags {
            let pos = if tag.line <= 1 {
                at
            } else {
                Pos::new(at.line + tag.line - 1, 1)
            };
            let removed = crate::sanitize::removed(&tag);
            if let Some(r) = &removed {
                self.sink
                    .push(removed_html(self.cx.file, pos, &tag.name, r));
            }
            if matches!(removed, Some(Removed::Tag | Removed::TagAndContent)) {
                continue;
            }
            for (attr, value) in &tag.attrs {
                if !crate::sanitize::allows(&tag.name, attr, value) {
                    continue;
                }
                let published = match attr.as_str() {
                    "href" => self.link(value, pos),
                    "src" => Some(self.image(value, pos)),
                    _ => None,
                };
                if let Some(p) = published {
                    self.rewrites.insert(value.clone(), p);
                }
            }
        }
        (scanned.net, scanned.peak)
    }
}

/// A warning for markup that the cleaning pass takes out of a text.
pub(super) fn removed_html(file: &str, pos: Pos, tag: &str, removed: &Removed) -> Diagnostic {
    let message = match removed {
        Removed::TagAndContent => {
            format!("la balise <{tag}> n'est pas permise dans un texte : elle est retirée avec son contenu")
        }
        Removed::Tag => format!("la balise <{tag}> n'est pas permise dans un texte : elle est retirée (son texte reste)"),
        Removed::Attributes(attrs) => {
            let names = attrs
                .iter()
                .map(|a| format!("« {a} »"))
                .collect::<Vec<_>>()
                .join(", ");
            let (what, verb) = if attrs.len() > 1 {
                ("les attributs", "sont retirés")
            } else {
                ("l'attribut", "est retiré")
            };
            format!("{what} {names} de <{tag}> {verb} : ni script, ni style, ni comportement dans un texte")
        }
    };
    Diagnostic::new(Rule::HtmlRetire, file, pos, message)
        .with_key("html")
        .with_hint("la mise en forme vient du thème : écrivez le texte en Markdown (titres, listes, liens, tableaux)")
}

/// Rewrites an `@/` link to its URL and refuses unsafe schemes.
/// `None` keeps the destination as written.
fn resolve_link(dest: &str, cx: &Context, pos: Pos, sink: &Sink) -> Option<String> {
    if let Some(target) = dest.strip_prefix("@/") {
        let (path, fragment) = match target.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (target, None),
        };
        let frag = fragment.map(|f| format!("#{f}")).unwrap_or_default();
        return match cx.links.get(path) {
            Some(t) if t.published => Some(format!("{}{}{frag}", cx.to_root, t.url)),
            Some(_) => {
                sink.push(
                    Diagnostic::new(
                        Rule::LienNonPublie,
                        cx.file,
                        pos,
                        format!(
                            "le lien vise « {path} », qui n'est pas publié dans cette construction"
                        ),
                    )
                    .with_key("lien")
                    .with_hint("faites valider la page visée (statut: valide) ou retirez le lien"),
                );
                Some("#".into())
            }
            None => {
                sink.push(
                    Diagnostic::new(
                        Rule::LienCasse,
                        cx.file,
                        pos,
                        format!("le lien vise « @/{path} », qui n'existe pas"),
                    )
                    .with_key("lien")
                    .with_hint_opt(did_you_mean(path, cx.links.keys().map(String::as_str)).or_else(|| {
                        Some("un lien interne s'écrit @/dossier/fichier.md, par exemple @/offres/surf-bourail.md".into())
                    })),
                );
                Some("#".into())
            }
        };
    }
    if !safe_scheme(dest) {
        sink.push(
            Diagnostic::new(
                Rule::LienInterdit,
                cx.file,
                pos,
                format!("adresse de lien refusée : « {dest} »"),
            )
            .with_key("lien")
            .with_hint("seuls les liens http(s), mailto:, tel: et @/ sont acceptés"),
        );
        return Some("#".into());
    }
    None
}

/// Maps an image path under `content/images/` to its output URL, with the
/// path when it is one of the site's images. Images from other sites are
/// refused unless the site allows them (`images_distantes: true`).
fn resolve_image(dest: &str, cx: &Context, pos: Pos, sink: &Sink) -> (String, Option<String>) {
    if dest.starts_with("https://") || dest.starts_with("http://") {
        if cx.remote_images {
            return (dest.to_string(), None);
        }
        sink.push(
            Diagnostic::new(
                Rule::ImageDistante,
                cx.file,
                pos,
                format!("l'image « {dest} » vient d'un autre site : elle n'est pas publiée"),
            )
            .with_key("image")
            .with_hint("enregistrez l'image dans content/images/ et écrivez son chemin, ou autorisez les images d'autres sites avec `images_distantes: true` dans site.yaml"),
        );
        return (String::new(), None);
    }
    let path = dest.trim_start_matches('/').trim_start_matches("images/");
    if !safe_scheme(dest) || !cx.images.contains(path) {
        sink.push(
            Diagnostic::new(
                Rule::ImageIntrouvable,
                cx.file,
                pos,
                format!("l'image « {dest} » est introuvable dans content/images/"),
            )
            .with_key("image")
            .with_hint_opt(did_you_mean(path, cx.images.iter().map(String::as_str))),
        );
        return (String::new(), None);
    }
    (
        format!("{}images/{path}", cx.to_root),
        Some(path.to_string()),
    )
}
