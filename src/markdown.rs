//! Markdown bodies to HTML, with pulldown-cmark.
//!
//! One pass over the events does what a French editorial site needs:
//! French typography on text, stable anchors on headings, `@/` links resolved
//! to the target's URL (and checked), images taken from `content/images/`,
//! and link schemes restricted. Raw HTML gets the same link and image
//! rules as Markdown (its tags are read with [`crate::sanitize::scan`]), and
//! the whole result goes through [`crate::sanitize::clean`], whatever the
//! body holds: content is untrusted.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;

use crate::content::slug_of;
use crate::diagnostic::{did_you_mean, Diagnostic, Pos, Sink};
use crate::limits::MAX_BODY_NESTING;
use crate::sanitize::Removed;
use crate::typography::french;

/// What an `@/` link may point to.
#[derive(Debug, Clone)]
pub struct LinkTarget {
    /// URL relative to the site root.
    pub url: String,
    pub published: bool,
}

/// Draws a shortcode from its name and prepared data.
pub type DrawShortcode<'a> = dyn Fn(&str, &serde_json::Value) -> Option<String> + 'a;

/// Everything a body needs from the rest of the site.
pub struct Context<'a> {
    /// `offres/surf.md` → its target.
    pub links: &'a HashMap<String, LinkTarget>,
    /// Paths under `content/images/`.
    pub images: &'a HashSet<String>,
    /// Prefix from the page to the site root (`../../`).
    pub to_root: &'a str,
    /// File and first line of the body, for diagnostics.
    pub file: &'a str,
    pub body_line: usize,
    /// Draws a shortcode from its name and prepared data (the theme's
    /// `shortcodes/<nom>.html`); `None` leaves shortcodes checked but undrawn.
    pub shortcode: Option<&'a DrawShortcode<'a>>,
    /// The site's wallet amount, default of the `portefeuille` shortcode.
    pub wallet: u64,
    /// Whether fenced code is highlighted (the guide and the kit, where
    /// partners copy front-matter examples).
    pub highlight: bool,
    /// Whether images from other sites are allowed (`images_distantes`).
    pub remote_images: bool,
}

/// A heading of the body, for a table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    pub niveau: u8,
    pub id: String,
    pub titre: String,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    /// `@/` links with a `#fragment`, checked once every page is rendered.
    pub fragments: Vec<FragmentLink>,
    /// Images of `content/images/` the body shows (paths under it).
    pub images: Vec<String>,
}

/// An `@/page.md#fragment` link, to check against the target's ids.
#[derive(Debug, Clone)]
pub struct FragmentLink {
    pub file: String,
    pub pos: Pos,
    /// Key of the target (`offres/surf.md`).
    pub target: String,
    pub fragment: String,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Byte offset → line and column of the file.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    first_line: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str, first_line: usize) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines {
            text,
            starts,
            first_line,
        }
    }

    fn pos(&self, offset: usize) -> Pos {
        let idx = self.starts.partition_point(|s| *s <= offset) - 1;
        let col = self.text[self.starts[idx]..offset.min(self.text.len())]
            .chars()
            .count()
            + 1;
        Pos::new(self.first_line + idx, col)
    }
}

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

const TASK_DONE: &str = r#"<span class="tache tache-faite" role="img" aria-label="fait">☑</span> "#;
const TASK_TODO: &str = r#"<span class="tache" role="img" aria-label="à faire">☐</span> "#;

/// What one body's links and images gave, gathered while rendering.
struct Refs<'c> {
    cx: &'c Context<'c>,
    sink: &'c Sink,
    fragments: Vec<FragmentLink>,
    images: Vec<String>,
    /// URLs of raw HTML as written → as published.
    rewrites: HashMap<String, String>,
}

impl Refs<'_> {
    /// A link destination: `@/` resolved (its `#fragment` kept for the
    /// check), schemes refused. `None` keeps it as written.
    fn link(&mut self, dest: &str, pos: Pos) -> Option<String> {
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
    fn image(&mut self, dest: &str, pos: Pos) -> String {
        let (url, used) = resolve_image(dest, self.cx, pos, self.sink);
        self.images.extend(used);
        url
    }

    /// Raw HTML: the same link and image rules as Markdown, and a warning
    /// for each tag or attribute the cleaning pass will remove.
    /// Gives the fragment's nesting (elements opened, closed).
    fn raw_html(&mut self, fragment: &str, at: Pos) -> (isize, isize) {
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
fn removed_html(file: &str, pos: Pos, tag: &str, removed: &Removed) -> Diagnostic {
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
    Diagnostic::warning("html-retire", file, pos, message)
        .with_key("html")
        .with_hint("la mise en forme vient du thème : écrivez le texte en Markdown (titres, listes, liens, tableaux)")
}

/// How deep a body nests: Markdown blocks and inline elements open, raw HTML
/// elements open. Past [`MAX_BODY_NESTING`] the cleaning pass would cost
/// seconds, so the body is refused instead.
#[derive(Default)]
struct Nesting {
    blocks: usize,
    html: isize,
}

impl Nesting {
    fn too_deep(&self) -> bool {
        self.blocks + self.html.max(0) as usize > MAX_BODY_NESTING
    }

    /// Adds a raw HTML fragment's (net, peak); whether the peak is too deep.
    fn add_html(&mut self, (net, peak): (isize, isize)) -> bool {
        let at_peak = self.blocks + (self.html + peak).max(0) as usize;
        self.html = (self.html + net).max(0);
        at_peak > MAX_BODY_NESTING
    }
}

fn too_deep(file: &str, pos: Pos, sink: &Sink) -> Rendered {
    sink.push(
        Diagnostic::error(
            "imbrication-excessive",
            file,
            pos,
            format!(
                "plus de {MAX_BODY_NESTING} blocs ou balises imbriqués les uns dans les autres : le texte n'est pas publié"
            ),
        )
        .with_hint(
            "une citation, une liste ou une balise HTML dans une autre suffit : retirez les niveaux en trop",
        ),
    );
    Rendered::default()
}

/// Renders a body. Problems (broken links, missing images) go to `sink`.
pub fn render(body: &str, cx: &Context, sink: &Sink) -> Rendered {
    let (with_placeholders, calls) = crate::shortcodes::extract(body, cx.body_line);
    let body = with_placeholders.as_str();
    let lines = Lines::new(body, cx.body_line);
    let mut refs = Refs {
        cx,
        sink,
        fragments: Vec::new(),
        images: Vec::new(),
        rewrites: HashMap::new(),
    };
    let mut headings: Vec<Heading> = Vec::new();
    let mut used_ids: HashSet<String> = HashSet::new();
    let mut events: Vec<Event> = Vec::with_capacity(256);
    // While inside a heading: index of its start event and its text.
    let mut heading: Option<(usize, String)> = None;
    let mut code_depth = 0usize;
    let mut autolink_depth = 0usize;
    let mut fenced: Option<(CowStr, String)> = None;
    // While inside a raw HTML block: where it starts and its text so far.
    let mut html_block: Option<(Pos, String)> = None;
    let mut nesting = Nesting::default();

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match &event {
            Event::Start(_) => nesting.blocks += 1,
            Event::End(_) => nesting.blocks = nesting.blocks.saturating_sub(1),
            _ => {}
        }
        if nesting.too_deep() {
            return too_deep(cx.file, lines.pos(range.start), sink);
        }
        let event = match event {
            // Fenced code with a language: held back whole, then highlighted.
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang)))
                if cx.highlight && !lang.trim().is_empty() =>
            {
                code_depth += 1;
                fenced = Some((lang, String::new()));
                continue;
            }
            Event::Text(t) if fenced.is_some() => {
                if let Some((_, code)) = fenced.as_mut() {
                    code.push_str(&t);
                }
                continue;
            }
            Event::End(TagEnd::CodeBlock) if fenced.is_some() => {
                code_depth -= 1;
                let Some((lang, code)) = fenced.take() else {
                    continue;
                };
                match crate::highlight::highlight(&code, &lang) {
                    Some(html) => {
                        let class: String = lang
                            .chars()
                            .take_while(|c| {
                                c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '_')
                            })
                            .collect();
                        events.push(Event::Html(CowStr::from(format!(
                            "<pre class=\"code\"><code class=\"language-{class}\">{html}</code></pre>\n"
                        ))));
                    }
                    None => {
                        events.push(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))));
                        events.push(Event::Text(CowStr::from(code)));
                        events.push(Event::End(TagEnd::CodeBlock));
                    }
                }
                continue;
            }
            Event::Start(Tag::CodeBlock(k)) => {
                code_depth += 1;
                Event::Start(Tag::CodeBlock(k))
            }
            Event::End(TagEnd::CodeBlock) => {
                code_depth -= 1;
                Event::End(TagEnd::CodeBlock)
            }
            Event::Text(t) => {
                if let Some((_, text)) = heading.as_mut() {
                    text.push_str(&t);
                }
                if code_depth > 0 || autolink_depth > 0 {
                    Event::Text(t)
                } else {
                    match french(&t) {
                        std::borrow::Cow::Borrowed(_) => Event::Text(t),
                        std::borrow::Cow::Owned(s) => Event::Text(CowStr::from(s)),
                    }
                }
            }
            Event::Code(c) => {
                if let Some((_, text)) = heading.as_mut() {
                    text.push_str(&c);
                }
                Event::Code(c)
            }
            // A raw HTML block comes line by line: read it whole at its end.
            e @ Event::Start(Tag::HtmlBlock) => {
                html_block = Some((lines.pos(range.start), String::new()));
                e
            }
            Event::Html(h) => {
                if let Some((_, text)) = html_block.as_mut() {
                    text.push_str(&h);
                } else if nesting.add_html(refs.raw_html(&h, lines.pos(range.start))) {
                    return too_deep(cx.file, lines.pos(range.start), sink);
                }
                Event::Html(h)
            }
            e @ Event::End(TagEnd::HtmlBlock) => {
                if let Some((at, text)) = html_block.take() {
                    if nesting.add_html(refs.raw_html(&text, at)) {
                        return too_deep(cx.file, at, sink);
                    }
                }
                e
            }
            Event::InlineHtml(h) => {
                if nesting.add_html(refs.raw_html(&h, lines.pos(range.start))) {
                    return too_deep(cx.file, lines.pos(range.start), sink);
                }
                Event::InlineHtml(h)
            }
            // A checkbox without a label fails accessibility checks: a task
            // is shown as a symbol with a text equivalent.
            Event::TaskListMarker(done) => {
                Event::InlineHtml(CowStr::Borrowed(if done { TASK_DONE } else { TASK_TODO }))
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                // `{#id .classe}` are kept; other attributes are not text.
                if !attrs.is_empty() {
                    let names = attrs.iter().map(|(k, _)| k.to_string()).collect();
                    sink.push(removed_html(
                        cx.file,
                        lines.pos(range.start),
                        &format!("h{}", level as u8),
                        &Removed::Attributes(names),
                    ));
                }
                heading = Some((events.len(), String::new()));
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs: Vec::new(),
                })
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, text)) = heading.take() {
                    finish_heading(
                        &mut events,
                        start,
                        level,
                        &text,
                        &mut used_ids,
                        &mut headings,
                    );
                }
                Event::End(TagEnd::Heading(level))
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if link_type == LinkType::Autolink || link_type == LinkType::Email {
                    autolink_depth += 1;
                }
                let dest = refs.link(&dest_url, lines.pos(range.start));
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest.map(CowStr::from).unwrap_or(dest_url),
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Link) => {
                autolink_depth = autolink_depth.saturating_sub(1);
                Event::End(TagEnd::Link)
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = refs.image(&dest_url, lines.pos(range.start));
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::from(dest),
                    title,
                    id,
                })
            }
            other => other,
        };
        events.push(event);
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let Refs {
        fragments,
        images,
        rewrites,
        ..
    } = refs;
    let mut html = crate::sanitize::clean(&html, rewrites);
    // Shortcodes are drawn after cleaning: their markup is the theme's, and
    // their data is escaped by the template.
    for (i, call) in calls.iter().enumerate() {
        let token = crate::shortcodes::placeholder(i);
        let drawn = crate::shortcodes::prepare(call, i, cx.wallet, cx.file, sink)
            .and_then(|data| cx.shortcode.and_then(|draw| draw(&call.name, &data)))
            .unwrap_or_default();
        let paragraph = format!("<p>{token}</p>");
        html = if html.contains(&paragraph) {
            html.replacen(&paragraph, &drawn, 1)
        } else {
            html.replacen(&token, &drawn, 1)
        };
    }
    Rendered {
        html,
        headings,
        fragments,
        images,
    }
}

/// The beginning of a body, for a sheet with limited room: whole top-level
/// blocks while their text fits in `budget` characters. When even the first
/// block is too long, it is cut after its last full sentence (or word) that
/// fits. Returns the Markdown to render and whether something was left out.
pub fn excerpt(body: &str, budget: usize) -> (String, bool) {
    let mut depth = 0usize;
    let mut text_len = 0usize;
    let mut kept_until = 0usize;
    let mut first_block: Option<(usize, usize)> = None;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    if text_len > budget {
                        break;
                    }
                    kept_until = range.end;
                    first_block.get_or_insert((range.start, range.end));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                text_len += t.chars().count();
                if depth == 0 {
                    kept_until = range.end;
                }
            }
            _ => {}
        }
        if depth == 0 && first_block.is_none() && text_len > budget {
            break;
        }
    }
    let whole = body.trim_end().len();
    if kept_until >= whole {
        return (body.to_string(), false);
    }
    if kept_until > 0 {
        return (body[..kept_until].trim_end().to_string(), true);
    }
    // The first block alone is too long: cut its text.
    let text: String = body.split("\n\n").next().unwrap_or("").replace('\n', " ");
    let chars: Vec<char> = text.chars().collect();
    let mut cut: String = chars.iter().take(budget).collect();
    if let Some(end) = cut.rfind(['.', '!', '?']).filter(|i| *i > budget / 2) {
        cut.truncate(end + 1);
    } else if let Some(space) = cut.rfind(' ') {
        cut.truncate(space);
        cut.push('…');
    }
    (cut, true)
}

/// Gives the heading that starts at `events[start]` a stable, unique id.
fn finish_heading(
    events: &mut [Event],
    start: usize,
    level: HeadingLevel,
    text: &str,
    used: &mut HashSet<String>,
    headings: &mut Vec<Heading>,
) {
    let Some(Event::Start(Tag::Heading { id, .. })) = events.get_mut(start) else {
        return;
    };
    let base = match id.as_deref() {
        Some(given) if !given.is_empty() => given.to_string(),
        _ => {
            let s = slug_of(text);
            if s.is_empty() {
                "section".to_string()
            } else {
                s
            }
        }
    };
    let mut unique = base.clone();
    let mut n = 2;
    while !used.insert(unique.clone()) {
        unique = format!("{base}-{n}");
        n += 1;
    }
    *id = Some(CowStr::from(unique.clone()));
    headings.push(Heading {
        niveau: level as u8,
        id: unique,
        titre: text.to_string(),
    });
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
                    Diagnostic::error(
                        "lien-non-publie",
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
                    Diagnostic::error(
                        "lien-casse",
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
            Diagnostic::error(
                "lien-interdit",
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
            Diagnostic::error(
                "image-distante",
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
            Diagnostic::error(
                "image-introuvable",
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

#[cfg(test)]
mod tests {
    use super::*;

    fn run(body: &str) -> (Rendered, Vec<Diagnostic>) {
        let mut links = HashMap::new();
        links.insert(
            "offres/surf.md".to_string(),
            LinkTarget {
                url: "offres/surf/".into(),
                published: true,
            },
        );
        links.insert(
            "offres/brouillon.md".to_string(),
            LinkTarget {
                url: "offres/brouillon/".into(),
                published: false,
            },
        );
        let images: HashSet<String> = ["offres/surf.jpg".to_string()].into_iter().collect();
        let cx = Context {
            links: &links,
            images: &images,
            to_root: "../../",
            file: "content/pages/a.md",
            body_line: 5,
            shortcode: None,
            wallet: 15_000,
            highlight: true,
            remote_images: false,
        };
        let sink = Sink::new();
        let r = render(body, &cx, &sink);
        (r, sink.into_vec())
    }

    #[test]
    fn resolves_links_and_anchors() {
        let (r, d) = run("## Où s'inscrire ?\n\nVoir [le surf](@/offres/surf.md#tarifs).\n");
        assert!(d.is_empty());
        assert!(r.html.contains(r#"<h2 id="ou-s-inscrire">"#), "{}", r.html);
        assert!(r.html.contains(r#"href="../../offres/surf/#tarifs""#));
        assert_eq!(r.headings[0].id, "ou-s-inscrire");
    }

    #[test]
    fn broken_link_is_located() {
        let (_, d) = run("Texte\n\nVoir [x](@/offres/surff.md) et [y](@/offres/brouillon.md).\n");
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].code, "lien-casse");
        assert_eq!(d[0].pos, Pos::new(7, 6));
        assert!(d[0].hint.as_deref().unwrap().contains("offres/surf.md"));
        assert_eq!(d[1].code, "lien-non-publie");
    }

    #[test]
    fn excerpts_keep_whole_blocks_or_whole_sentences() {
        let body = "Premier paragraphe court.\n\nDeuxième paragraphe, un peu plus long que le premier.\n\nTroisième.\n";
        assert_eq!(excerpt(body, 1000), (body.to_string(), false));
        let (short, cut) = excerpt(body, 60);
        assert!(cut);
        assert_eq!(short, "Premier paragraphe court.");
        let long = format!("{} Fin.", "Une phrase. ".repeat(40));
        let (short, cut) = excerpt(&long, 100);
        assert!(cut);
        assert!(short.ends_with("phrase."), "{short}");
        assert!(short.chars().count() <= 100);
    }

    #[test]
    fn no_script_survives() {
        let (r, d) = run(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=offres/surf.jpg onerror=alert(1)>\n",
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("onerror"));
        assert!(!r.html.contains("javascript:"));
        let codes: Vec<&str> = d.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["html-retire", "lien-interdit", "html-retire"]);
        assert_eq!(d[2].pos, Pos::new(7, 26));
        assert!(d[2].message.contains("onerror"), "{}", d[2].message);
    }

    #[test]
    fn heading_attributes_are_not_text() {
        let (r, d) =
            run("## Essai {#essai .note tabindex=0 autofocus onfocus=alert(1) style=color:red}\n");
        assert_eq!(r.html, "<h2 id=\"essai\" class=\"note\">Essai</h2>\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "html-retire");
        assert!(d[0].message.contains("onfocus"));
    }

    #[test]
    fn raw_html_follows_the_link_rules() {
        let (r, d) = run(concat!(
            "<a href=\"ftp://x\">f</a> <a href=\"sms:1\">s</a>\n\n",
            "<div>\n<a href=\"@/offres/nexiste.md\">n</a>\n<a href=\"@/offres/surf.md\">ok</a>\n",
            "<img src=\"https://e.nc/x.png\" alt=\"\"> <img src=\"offres/surf.jpg\" alt=\"s\">\n</div>\n",
        ));
        let codes: Vec<(&str, usize)> = d.iter().map(|d| (d.code, d.pos.line)).collect();
        assert_eq!(
            codes,
            [
                ("lien-interdit", 5),
                ("lien-interdit", 5),
                ("lien-casse", 8),
                ("image-distante", 10)
            ]
        );
        assert!(
            r.html.contains(r#"<a href="../../offres/surf/">ok</a>"#),
            "{}",
            r.html
        );
        assert!(r.html.contains(r#"src="../../images/offres/surf.jpg""#));
        assert!(
            !r.html.contains("ftp:")
                && !r.html.contains("sms:")
                && !r.html.contains("https://e.nc")
        );
        assert_eq!(r.images, ["offres/surf.jpg"]);
    }

    #[test]
    fn table_cells_keep_only_their_alignment() {
        let (r, d) = run("| a | b |\n|:--|--:|\n| 1 | 2 |\n\n<table><tr><td style=\"text-align:left;background:url(https://e.nc/x)\">c</td></tr></table>\n");
        assert!(
            r.html.contains(r#"<th style="text-align: left">a</th>"#),
            "{}",
            r.html
        );
        assert!(!r.html.contains("background"));
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("style"));
    }

    #[test]
    fn typography_spares_code() {
        let (r, _) = run("Prêts ? `a ? b`\n\n```\nx ? y\n```\n");
        assert!(r.html.contains("Prêts\u{202f}?"));
        assert!(r.html.contains("<code>a ? b</code>"));
        assert!(r.html.contains("x ? y"));
    }

    #[test]
    fn images_come_from_content_images() {
        let (r, d) = run("![Surf](offres/surf.jpg)\n\n![X](manque.png)\n");
        assert!(r.html.contains(r#"src="../../images/offres/surf.jpg""#));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "image-introuvable");
    }
}
