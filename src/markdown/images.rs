//! Images of a body (`![texte](offres/surf.jpg)`), drawn by the theme
//! (`markdown/image.html`) with their size, and their responsive variants
//! when kitpress makes them. Like shortcodes, they are drawn after the
//! cleaning pass: the markup is the theme's, the alternative text is
//! escaped by the template. Each image stands in the HTML as a token until
//! then.

use pulldown_cmark::{CowStr, Event, TagEnd};
use serde::Serialize;

use super::Markup;
use crate::images::plan::{self, Variantes};

/// An image of the body, as its template sees it (`v`, like a visual).
#[derive(Debug, Clone, Serialize)]
pub struct BodyImage {
    /// Path under `content/images/`.
    pub src: String,
    pub alt: String,
    pub decoratif: bool,
    pub largeur: Option<u32>,
    pub hauteur: Option<u32>,
    pub variantes: Option<Variantes>,
}

impl BodyImage {
    /// The image at `src`, of size `size` when known.
    pub fn new(src: &str, size: Option<(u32, u32)>) -> BodyImage {
        let variantes = size
            .filter(|(w, h)| crate::images::processed(src) && crate::limits::within_limits(*w, *h))
            .map(|(w, h)| plan::variants(src, w, h, None).1);
        BodyImage {
            src: src.to_string(),
            alt: String::new(),
            decoratif: false,
            largeur: size.map(|s| s.0),
            hauteur: size.map(|s| s.1),
            variantes,
        }
    }
}

/// What stands in the HTML for the `n`th image until it is drawn.
pub fn placeholder(n: usize) -> String {
    format!("KITPRESSIMAGE{n}X")
}

/// The images of one body: those read, and the one whose alternative text
/// is being read.
#[derive(Default)]
pub struct BodyImages {
    read: Vec<BodyImage>,
    open: Option<BodyImage>,
}

impl BodyImages {
    /// An image starts: the events up to its end are its alternative text.
    pub fn open(&mut self, image: BodyImage) {
        self.open = Some(image);
    }

    /// Takes `event` when inside an image (its end leaves the image's
    /// placeholder in `events`); `false` when not inside one.
    pub fn reading<'e>(&mut self, event: &Event<'e>, events: &mut Vec<Event<'e>>) -> bool {
        let Some(image) = self.open.as_mut() else {
            return false;
        };
        match event {
            Event::Text(t) | Event::Code(t) => image.alt.push_str(t),
            Event::End(TagEnd::Image) => {
                events.push(Event::Text(CowStr::from(placeholder(self.read.len()))));
                self.read.extend(self.open.take());
            }
            _ => {}
        }
        true
    }

    /// The cleaned HTML with each placeholder replaced by its drawing.
    pub fn draw(&self, mut html: String, markup: &dyn Markup, to_root: &str) -> String {
        for (i, image) in self.read.iter().enumerate() {
            html = html.replacen(&placeholder(i), &markup.image(image, to_root), 1);
        }
        html
    }
}
