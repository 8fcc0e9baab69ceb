//! Text written into a format other than HTML, escaped by that format's
//! rules (HTML itself is escaped by tera and cleaned by [`crate::sanitize`]):
//!
//! - [`url_path`]: a path of the output written as a URL (`src`, `srcset`,
//!   `og:image`, feeds): percent-encoded, so that a file named
//!   `a 1w, https://…` stays one URL of the site;
//! - [`terminal`]: text from the content printed on a terminal, its control
//!   characters shown as `\u{1b}` rather than obeyed (a YAML value could
//!   otherwise set the window's title or write to the clipboard);
//! - iCalendar text is [`crate::ics::text`]'s.

use std::fmt::Write;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

/// What a path segment of a URL may not hold as it is: controls, space,
/// the URL's own delimiters, and the separators of `srcset` (`,`) and of
/// HTML attributes. `/` separates segments and is kept.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'\'')
    .add(b',')
    .add(b';')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A relative path of the output (`images/offres/surf 2.jpg`) as a URL
/// path (`images/offres/surf%202.jpg`); letters beyond ASCII as UTF-8.
pub fn url_path(path: &str) -> String {
    utf8_percent_encode(path, PATH).to_string()
}

/// A URL path back to the output path it was made from.
pub fn path_of_url(url: &str) -> String {
    percent_encoding::percent_decode_str(url)
        .decode_utf8_lossy()
        .into_owned()
}

/// `text` for a terminal: every control character but the line break and
/// the tab written as `\u{…}`.
pub fn terminal(text: &str) -> std::borrow::Cow<'_, str> {
    let shown = |c: char| !c.is_control() || c == '\n' || c == '\t';
    if text.chars().all(shown) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if shown(c) {
            out.push(c);
        } else {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_with_spaces_and_commas_stays_one_url_of_the_site() {
        let path = "images/a 1w, http://evil.example/x.jpg 850w,b.jpg";
        let url = url_path(path);
        assert_eq!(
            url,
            "images/a%201w%2C%20http://evil.example/x.jpg%20850w%2Cb.jpg"
        );
        assert!(!url.contains([' ', ',']));
        assert_eq!(path_of_url(&url), path);
        assert_eq!(
            url_path("images/offres/été.jpg"),
            "images/offres/%C3%A9t%C3%A9.jpg"
        );
        assert_eq!(
            url_path("images/offres/surf-480.webp"),
            "images/offres/surf-480.webp"
        );
    }

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(
            terminal("Fête\u{1b}]0;titre\u{7}"),
            "Fête\\u{1b}]0;titre\\u{7}"
        );
        assert_eq!(terminal("ligne\n\tsuite"), "ligne\n\tsuite");
        assert_eq!(terminal("a\rb\u{9b}c"), "a\\u{d}b\\u{9b}c");
    }
}
