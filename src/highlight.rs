//! Syntax highlighting of fenced code with syntect. The output carries CSS
//! classes (`hl-…`), never inline colours: the theme owns the colours, on
//! screen and in print.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Loaded on first use only: most pages have no code.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// Prefix of the CSS classes emitted.
pub const CLASS_PREFIX: &str = "hl-";

/// Blocks already highlighted, by language and code: a guide shows the same
/// example on page after page, and a preview renders its pages again. The
/// result depends on nothing else, so it is kept for the whole process,
/// up to [`MEMO_CAP`] blocks (then the memo starts again, empty).
type Memo = HashMap<(Box<str>, Box<str>), Option<String>>;
static MEMO: LazyLock<Mutex<Memo>> = LazyLock::new(Mutex::default);
const MEMO_CAP: usize = 4096;

/// Highlights `code` written in `lang` (a fence's info string). `None` when
/// the language is unknown: the caller keeps plain, escaped code.
pub fn highlight(code: &str, lang: &str) -> Option<String> {
    let lang = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
    if lang.is_empty() {
        return None;
    }
    let key: (Box<str>, Box<str>) = (lang.into(), code.into());
    if let Some(done) = MEMO.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return done.clone();
    }
    // Highlighted outside the lock: the other threads go on meanwhile.
    let html = highlight_uncached(code, lang);
    let mut memo = MEMO.lock().unwrap_or_else(|e| e.into_inner());
    if memo.len() >= MEMO_CAP {
        memo.clear();
    }
    memo.insert(key, html.clone());
    html
}

fn highlight_uncached(code: &str, lang: &str) -> Option<String> {
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

    #[test]
    fn a_block_seen_before_gives_the_same_html() {
        let code = "offre: judo # même exemple\n";
        let first = highlight(code, "yaml").unwrap();
        assert_eq!(highlight(code, "yaml").unwrap(), first);
        assert_eq!(first, highlight_uncached(code, "yaml").unwrap());
        // The language is part of the key.
        assert_ne!(highlight(code, "bash").unwrap(), first);
    }
}
