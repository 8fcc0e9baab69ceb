//! Syntax highlighting of fenced code with syntect. The output carries CSS
//! classes (`hl-…`), never inline colours: the theme owns the colours, on
//! screen and in print.

use std::sync::LazyLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Loaded on first use only: most pages have no code.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// Prefix of the CSS classes emitted.
pub const CLASS_PREFIX: &str = "hl-";

/// Highlights `code` written in `lang` (a fence's info string). `None` when
/// the language is unknown: the caller keeps plain, escaped code.
pub fn highlight(code: &str, lang: &str) -> Option<String> {
    let lang = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
    if lang.is_empty() {
        return None;
    }
    let ss = &*SYNTAXES;
    let syntax = ss.find_syntax_by_token(lang)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        ss,
        ClassStyle::SpacedPrefixed {
            prefix: CLASS_PREFIX,
        },
    );
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_is_highlighted_with_classes_not_styles() {
        let html = highlight("titre: \"Fête\" # commentaire\n", "yaml").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
        assert!(html.contains("Fête"));
        assert!(highlight("x", "langage-inconnu").is_none());
    }
}
