//! Markdown bodies to HTML, with pulldown-cmark.
//!
//! One pass over the events does what a French editorial site needs:
//! French typography on text, stable anchors on headings, `@/` links resolved
//! to the target's URL (and checked), images taken from `content/images/`,
//! and link schemes restricted. Raw HTML gets the same link and image
//! rules as Markdown (its tags are read with [`crate::sanitize::scan`]), and
//! the whole result goes through [`crate::sanitize::clean`], whatever the
//! body holds: content is untrusted.

mod headings;
pub mod images;
mod links;
mod nesting;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::diagnostic::{Pos, Sink};
use crate::sanitize::Removed;
use crate::typography::french;

use headings::finish_heading;
use links::{removed_html, Refs};
use nesting::{too_deep, Nesting};

/// What an `@/` link may point to.
#[derive(Debug, Clone)]
pub struct LinkTarget {
    /// URL relative to the site root.
    pub url: String,
    pub published: bool,
}

/// The theme's markup for what a body shows beyond Markdown's own HTML:
/// the markup and its wording belong to the theme (`markdown/*.html`).
pub trait Markup {
    /// A task marker (`- [x]`, `- [ ]`), with its text equivalent.
    fn task(&self, done: bool) -> String;
    /// A highlighted code block (`html` is already escaped and coloured).
    fn code_block(&self, language: &str, html: &str) -> String;
    /// An image of the body, with its size and variants; `to_root` leads
    /// from the page to the site root.
    fn image(&self, image: &images::BodyImage, to_root: &str) -> String;
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
    /// The theme's markup for task markers and code blocks.
    pub markup: &'a dyn Markup,
    /// The site's wallet amount, default of the `portefeuille` shortcode.
    pub wallet: u64,
    /// Whether fenced code is highlighted (free pages, the kit and the
    /// guide: the editors' page shows front-matter examples to copy).
    pub highlight: bool,
    /// Whether images from other sites are allowed (`images_distantes`).
    pub remote_images: bool,
    /// Width and height of an image under `content/images/`, when known.
    pub image_size: &'a dyn Fn(&str) -> Option<(u32, u32)>,
    /// Put before every heading id and every `#fragment` link of the body:
    /// a printed bundle holds several bodies in one page, each with its
    /// own ids (empty for a page of its own).
    pub id_prefix: &'a str,
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
    // Images of the body, drawn by the theme after cleaning.
    let mut body_images = images::BodyImages::default();

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if body_images.reading(&event, &mut events) {
            continue;
        }
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
                        events.push(Event::Html(CowStr::from(
                            cx.markup.code_block(&class, &html),
                        )));
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
            Event::TaskListMarker(done) => Event::InlineHtml(CowStr::from(cx.markup.task(done))),
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
                        cx.id_prefix,
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
                let known = refs.images.len();
                let dest = refs.image(&dest_url, lines.pos(range.start));
                // An image of the site: drawn by the theme (its alternative
                // text is the events up to its end).
                if let Some(path) = refs.images.get(known) {
                    body_images.open(images::BodyImage::new(path, (cx.image_size)(path)));
                    continue;
                }
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
    let html = body_images.draw(html, cx.markup, cx.to_root);
    Rendered {
        html,
        headings,
        fragments,
        images,
    }
}
