//! A Markdown body as its page shows it: links resolved from the page's
//! place, shortcodes drawn by the theme's `shortcodes/<nom>.html`.

use serde_json::Value;
use tera::{Context, Tera};

use super::Shared;
use crate::content::Section;
use crate::diagnostic::{Diagnostic, Pos, Sink};
use crate::library::Head;
use crate::markdown;
use crate::rules::Rule;
use crate::site::Site;

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
            let (_, message) = crate::theme::template_error(&e);
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

/// Task markers and code blocks drawn by the theme's `markdown/*.html`.
pub struct ThemeMarkup<'a> {
    tera: &'a Tera,
    sink: &'a Sink,
    /// For a printed document: images ask for their print resolution.
    paper: bool,
}

impl<'a> ThemeMarkup<'a> {
    /// Draws with `tera`; a template that fails is reported to `sink`.
    pub fn new(tera: &'a Tera, sink: &'a Sink) -> Self {
        ThemeMarkup {
            tera,
            sink,
            paper: false,
        }
    }

    /// The same, drawing for paper (`papier` in `markdown/image.html`).
    pub fn on_paper(self, paper: bool) -> Self {
        ThemeMarkup { paper, ..self }
    }

    fn draw(&self, template: &str, cx: &Context) -> String {
        self.tera.render(template, cx).unwrap_or_else(|e| {
            let (_, message) = crate::theme::template_error(&e);
            self.sink.push(Diagnostic::new(
                Rule::GabaritErreur,
                format!("templates/{template}"),
                Pos::default(),
                format!("le gabarit n'a pas pu dessiner un élément de texte : {message}"),
            ));
            String::new()
        })
    }
}

impl markdown::Markup for ThemeMarkup<'_> {
    fn task(&self, done: bool) -> String {
        let mut cx = Context::new();
        cx.insert("fait", &done);
        self.draw("markdown/tache.html", &cx)
    }

    fn code_block(&self, language: &str, html: &str) -> String {
        let mut cx = Context::new();
        cx.insert("langage", language);
        cx.insert("code", html);
        self.draw("markdown/code.html", &cx)
    }

    fn image(&self, image: &markdown::images::BodyImage, to_root: &str) -> String {
        let mut cx = Context::new();
        cx.insert("v", image);
        cx.insert("racine", to_root);
        cx.insert("papier", &self.paper);
        // Inline in its paragraph: no blank line from the template's layout.
        self.draw("markdown/image.html", &cx).trim().to_string()
    }
}

/// The body of `doc`, for a page at `root` (`../../`) from the site root.
pub fn render_body(
    site: &Site,
    shared: &Shared,
    tera: &Tera,
    doc: &Head,
    root: &str,
    sink: &Sink,
) -> markdown::Rendered {
    render_markdown(site, shared, tera, doc, root, sink, false)
}

/// Renders the body of `doc` as its page would, or for paper (`paper`: a
/// printed sheet or bundle, whose images ask for print resolution).
pub fn render_markdown(
    site: &Site,
    shared: &Shared,
    tera: &Tera,
    doc: &Head,
    root: &str,
    sink: &Sink,
    paper: bool,
) -> markdown::Rendered {
    let draw = |name: &str, data: &Value| draw_shortcode(tera, name, data, root, &doc.file, sink);
    // On paper a body may share its page with others (a bundle).
    let id_prefix = if paper {
        format!("{}-", doc.common.slug)
    } else {
        String::new()
    };
    let cx = markdown::Context {
        id_prefix: &id_prefix,
        links: &shared.links,
        images: &shared.images,
        to_root: root,
        file: &doc.file,
        body_line: doc.body_line,
        shortcode: Some(&draw),
        markup: &ThemeMarkup::new(tera, sink).on_paper(paper),
        wallet: site.config.portefeuille,
        highlight: matches!(doc.section, Section::Guide | Section::Kit | Section::Pages),
        remote_images: site.config.images_distantes,
        image_size: &|path| site.image_size(path),
    };
    markdown::render(&doc.body, &cx, sink)
}
