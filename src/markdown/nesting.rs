//! How deep a body nests, against [`crate::limits::MAX_BODY_NESTING`].

use super::Rendered;
use crate::diagnostic::{Diagnostic, Pos, Sink};
use crate::limits::MAX_BODY_NESTING;
use crate::rules::Rule;

/// How deep a body nests: Markdown blocks and inline elements open, raw HTML
/// elements open. Past [`MAX_BODY_NESTING`] the cleaning pass would cost
/// seconds, so the body is refused instead.
#[derive(Default)]
pub(super) struct Nesting {
    pub(super) blocks: usize,
    html: isize,
}

impl Nesting {
    pub(super) fn too_deep(&self) -> bool {
        self.blocks + self.html.max(0) as usize > MAX_BODY_NESTING
    }

    /// Adds a raw HTML fragment's (net, peak); whether the peak is too deep.
    pub(super) fn add_html(&mut self, (net, peak): (isize, isize)) -> bool {
        let at_peak = self.blocks + (self.html + peak).max(0) as usize;
        self.html = (self.html + net).max(0);
        at_peak > MAX_BODY_NESTING
    }
}

pub(super) fn too_deep(file: &str, pos: Pos, sink: &Sink) -> Rendered {
    sink.push(
        Diagnostic::new(
            Rule::ImbricationExcessive,
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
