//! Text that fits: lines broken with a font's real advances (shaped by
//! rustybuzz, kerning included), never wider than the layout's box, and
//! shortened by a rule the layout can state when there is more text than
//! lines.
//!
//! French typography is the caller's ([`crate::typography::french`]): its
//! narrow no-break spaces before `;:!?»` and after `«` are not break
//! points here, so a line never starts with a question mark or ends with
//! an opening guillemet. Lines break at ordinary spaces only; a word wider
//! than a whole line (a long URL) is cut between letters rather than drawn
//! outside the box.

use rustybuzz::{Face, UnicodeBuffer};

/// What a shortened text ends with.
pub const ELLIPSIS: &str = "…";

/// A font, parsed once, that measures text.
pub struct Font<'a> {
    face: Face<'a>,
    units_per_em: f32,
}

impl<'a> Font<'a> {
    /// The font in `bytes` (TrueType or OpenType), or `None` when they are
    /// not one.
    pub fn parse(bytes: &'a [u8]) -> Option<Font<'a>> {
        let face = Face::from_slice(bytes, 0)?;
        let units_per_em = face.units_per_em() as f32;
        (units_per_em > 0.0).then_some(Font { face, units_per_em })
    }

    /// The width of `text` on one line at `size` pixels.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        if text.is_empty() {
            return 0.0;
        }
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        let glyphs = rustybuzz::shape(&self.face, &[], buffer);
        let units: i64 = glyphs
            .glyph_positions()
            .iter()
            .map(|p| i64::from(p.x_advance))
            .sum();
        units as f32 * size / self.units_per_em
    }
}

/// Lines that fit, and whether the text had to be shortened for them.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    pub lines: Vec<String>,
    /// The text needed more lines than the layout gives: the last line ends
    /// with [`ELLIPSIS`] after the last word that fits.
    pub shortened: bool,
}

/// Breaks `text` into at most `max_lines` lines, each no wider than
/// `width` at `size` pixels in `font`.
pub fn fit(font: &Font, text: &str, size: f32, width: f32, max_lines: usize) -> Fitted {
    let fits = |s: &str| font.width(s, size) <= width;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split([' ', '\n', '\t']).filter(|w| !w.is_empty()) {
        let joined = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if fits(&joined) {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if fits(word) {
            line = word.to_string();
            continue;
        }
        // A word wider than a line: cut between letters, never beside a
        // no-break space (`vient ?` keeps its question mark).
        for piece in unbreakable(word) {
            let longer = format!("{line}{piece}");
            if !line.is_empty() && !fits(&longer) {
                lines.push(std::mem::take(&mut line));
                line.push_str(&piece);
            } else {
                line = longer;
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() <= max_lines {
        return Fitted {
            lines,
            shortened: false,
        };
    }
    lines.truncate(max_lines);
    if let Some(last) = lines.last_mut() {
        *last = shortened(last, &fits);
    }
    Fitted {
        lines,
        shortened: true,
    }
}

/// The letters of `word`, a no-break space kept with the letters on both
/// of its sides.
fn unbreakable(word: &str) -> Vec<String> {
    const GLUE: [char; 2] = ['\u{202f}', '\u{a0}'];
    let mut pieces: Vec<String> = Vec::new();
    let mut glued = false;
    for c in word.chars() {
        match pieces.last_mut() {
            Some(last) if glued || GLUE.contains(&c) => last.push(c),
            _ => pieces.push(c.to_string()),
        }
        glued = GLUE.contains(&c);
    }
    pieces
}

/// `line` with the ellipsis, words (then letters) taken off its end until
/// it fits; punctuation left dangling before the ellipsis goes too.
fn shortened(line: &str, fits: &dyn Fn(&str) -> bool) -> String {
    let mut kept = line.to_string();
    loop {
        let trimmed = kept.trim_end_matches([' ', ',', ';', ':', '\u{202f}', '\u{a0}', '–', '—']);
        let candidate = format!("{trimmed}{ELLIPSIS}");
        if fits(&candidate) || trimmed.is_empty() {
            return candidate;
        }
        kept = match trimmed.rsplit_once(' ') {
            Some((head, _)) => head.to_string(),
            None => {
                let mut t = trimmed.to_string();
                t.pop();
                t
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typography::french;

    fn font_bytes(name: &str) -> &'static [u8] {
        crate::theme::DEFAULT_THEME
            .get_file(format!("visuels/polices/{name}"))
            .expect("the theme ships its fonts")
            .contents()
    }

    const LONG: &str = "Initiation au surf à la Roche Percée : deux heures pour se mettre debout sur une planche, encadré par des moniteurs diplômés, avec le Bourail Surf Club !";

    #[test]
    fn no_line_is_wider_than_the_box() {
        let font = Font::parse(font_bytes("AtkinsonHyperlegible-Bold.ttf")).unwrap();
        let text = french(LONG);
        for width in [120.0, 300.0, 560.0, 980.0] {
            let got = fit(&font, &text, 64.0, width, 50);
            assert!(!got.shortened);
            for line in &got.lines {
                assert!(font.width(line, 64.0) <= width, "{width}: {line}");
            }
            // Nothing lost: the words are all there, in order.
            let again: String = got.lines.join(" ");
            assert_eq!(again.replace(' ', ""), text.replace(' ', ""), "{width}");
        }
    }

    #[test]
    fn a_title_too_long_is_shortened_on_its_last_line() {
        let font = Font::parse(font_bytes("AtkinsonHyperlegible-Bold.ttf")).unwrap();
        let title = "Stage ".to_string() + &"de découverte des arts du cirque ".repeat(6);
        assert!(title.chars().count() >= 200);
        let got = fit(&font, &french(title.trim()), 72.0, 900.0, 3);
        assert!(got.shortened);
        assert_eq!(got.lines.len(), 3);
        let last = got.lines.last().unwrap();
        assert!(last.ends_with(ELLIPSIS), "{last}");
        assert!(!last.ends_with(" …"), "{last}");
        for line in &got.lines {
            assert!(font.width(line, 72.0) <= 900.0, "{line}");
        }
    }

    #[test]
    fn french_punctuation_never_starts_or_ends_a_line_alone() {
        let font = Font::parse(font_bytes("AtkinsonHyperlegible-Regular.ttf")).unwrap();
        let text = french("Qui vient ? On dit « Bonjour » : tout le monde ; même toi !");
        for width in (60..400).step_by(7) {
            for line in fit(&font, &text, 40.0, width as f32, 50).lines {
                assert!(
                    !line.starts_with(['?', '!', ':', ';', '»']),
                    "{width}: {line}"
                );
                assert!(!line.ends_with('«'), "{width}: {line}");
            }
        }
    }

    #[test]
    fn a_word_wider_than_the_box_is_cut_not_overflowing() {
        let font = Font::parse(font_bytes("AtkinsonHyperlegible-Regular.ttf")).unwrap();
        let url = "https://www.province-sud.nc/clicetmouv/offres/initiation-surf-bourail/";
        let got = fit(&font, url, 40.0, 300.0, 10);
        assert!(got.lines.len() > 1);
        assert_eq!(got.lines.concat(), url);
        for line in &got.lines {
            assert!(font.width(line, 40.0) <= 300.0, "{line}");
        }
    }

    #[test]
    fn advances_are_the_fonts_own() {
        let regular = Font::parse(font_bytes("AtkinsonHyperlegible-Regular.ttf")).unwrap();
        let bold = Font::parse(font_bytes("AtkinsonHyperlegible-Bold.ttf")).unwrap();
        let w = regular.width("Clic&Mouv'", 100.0);
        assert!(w > 300.0 && w < 700.0, "{w}");
        assert!(bold.width("Clic&Mouv'", 100.0) > w);
        assert!((regular.width("MMMM", 50.0) * 2.0 - regular.width("MMMM", 100.0)).abs() < 0.01);
        assert!(regular.width("iiii", 100.0) < regular.width("MMMM", 100.0));
        assert!(Font::parse(b"not a font").is_none());
    }
}
