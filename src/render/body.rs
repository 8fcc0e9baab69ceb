//! A Markdown body as its page shows it: links resolved from the page's
//! place, shortcodes drawn by the theme's `shortcodes/<nom>.html`.

use serde_json::Value;
use tera::{Context, Tera};

use super::Shared;
use crate::content::Section;
use crate::diagnostic::{Diagnostic, Pos, Sink};
use crate::markdown;
use crate::rules::Rule;
use crate::site::{Doc, Site};

/// Draws a shortcode with the theme's `shortcodes/<nom>.html`.
fn draw_shortcode(
    tera: &Tera,
    name: &str,
    data: &Value,
    root: &str,
    file: &str,
    sink: &Sink,
) -> Option<String> {
    let template = format!("shortcodes/{name}.html");
    let mut cx = Context::new();
    cx.insert("sc", data);
    cx.insert("racine", root);
    match tera.render(&template, &cx) {
        Ok(html) => Some(html),
        Err(e) => {
            let (_, message) = crate::templates::template_error(&e);
            sink.push(Diagnostic::new(
                Rule::GabaritErreur,
                format!("templates/{template}"),
                Pos::default(),
                format!("le shortcode « {name} » n'a pas pu être dessiné ({file}) : {message}"),
            ));
            None
        }
    }
}

/// The body of `doc`, for a page at `root` (`../../`) from the site root.
pub fn render_body(
    site: &Site,
    shared: &Shared,
    tera: &Tera,
    doc: &Doc,
    root: &str,
    sink: &Sink,
) -> markdown::Rendered {
    render_markdown(site, shared, tera, doc, &doc.body, root, sink)
}

/// Renders `text`, the body of `doc` or a part of it, as `doc`'s page would.
pub fn render_markdown(
    site: &Site,
    shared: &Shared,
    tera: &Tera,
    doc: &Doc,
    text: &str,
    root: &str,
    sink: &Sink,
) -> markdown::Rendered {
    let draw = |name: &str, data: &Value| draw_shortcode(tera, name, data, root, &doc.file, sink);
    let cx = markdown::Context {
        links: &shared.links,
        images: &shared.images,
        to_root: root,
        file: &doc.file,
        body_line: doc.body_line,
        shortcode: Some(&draw),
        wallet: site.config.portefeuille,
        highlight: matches!(doc.section, Section::Guide | Section::Kit),
        remote_images: site.config.images_distantes,
    };
    markdown::render(text, &cx, sink)
}
