//! French typography on running text (never on code, URLs or attributes):
//!
//! - no-break spaces: narrow (U+202F) before `; ! ?` and inside « », normal
//!   (U+00A0) before `:` — only where the editor typed a space, so that
//!   `14:00` and `https://…?x=1` are left alone;
//! - typographic apostrophe: `l'été` → `l’été`;
//! - prices: `15000 F CFP` or `15 000 F` → `15 000 F CFP` with a narrow
//!   no-break space between thousands and a no-break space before `F`.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::{Captures, Regex};

pub const NBSP: char = '\u{a0}';
pub const NNBSP: char = '\u{202f}';

static PRICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(\d{1,3}(?:[ \u{a0}\u{202f}]\d{3})+|\d{4,})[ \u{a0}\u{202f}]?(F CFP|F|XPF|francs)\b",
    )
    .unwrap()
});

/// Groups the digits of a whole number by thousands with narrow no-break spaces.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(NNBSP);
        }
        out.push(c);
    }
    out
}

fn needs_work(text: &str) -> bool {
    text.bytes()
        .any(|b| matches!(b, b'\'' | b';' | b':' | b'!' | b'?' | b'0'..=b'9'))
        || text.contains(['«', '»'])
}

/// Applies French typography to a run of text.
pub fn french(text: &str) -> Cow<'_, str> {
    if !needs_work(text) {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        let next = chars.get(i + 1).copied();
        match c {
            ' ' if matches!(next, Some(';' | '!' | '?' | '»')) => out.push(NNBSP),
            ' ' if next == Some(':') => out.push(NBSP),
            ' ' if prev == Some('«') => out.push(NNBSP),
            '\'' if prev.is_some_and(char::is_alphabetic)
                && next.is_some_and(char::is_alphabetic) =>
            {
                out.push('’')
            }
            '«' => {
                out.push('«');
                if next.is_some_and(|n| !n.is_whitespace()) {
                    out.push(NNBSP);
                }
            }
            '»' => {
                if prev.is_some_and(|p| !p.is_whitespace()) {
                    out.push(NNBSP);
                }
                out.push('»');
            }
            _ => out.push(c),
        }
    }
    if out.bytes().any(|b| b.is_ascii_digit()) {
        if let Cow::Owned(priced) = PRICE.replace_all(&out, |c: &Captures| {
            let digits: String = c[1].chars().filter(char::is_ascii_digit).collect();
            let grouped = digits.parse::<u64>().map(thousands).unwrap_or(digits);
            let unit = c[2].replace(' ', "\u{a0}");
            format!("{grouped}{NBSP}{unit}")
        }) {
            return Cow::Owned(priced);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_before_high_punctuation() {
        assert_eq!(french("Prêts ? Partez !"), "Prêts\u{202f}? Partez\u{202f}!");
        assert_eq!(
            french("À noter : rendez-vous"),
            "À noter\u{a0}: rendez-vous"
        );
        assert_eq!(french("« Bonjour »"), "«\u{202f}Bonjour\u{202f}»");
        assert_eq!(french("«Bonjour»"), "«\u{202f}Bonjour\u{202f}»");
    }

    #[test]
    fn leaves_times_and_urls() {
        assert_eq!(french("de 14:00 à 16:00"), "de 14:00 à 16:00");
        assert_eq!(french("https://x.nc/a?b=1"), "https://x.nc/a?b=1");
    }

    #[test]
    fn apostrophes_and_prices() {
        assert_eq!(french("l'été"), "l’été");
        assert_eq!(french("15000 F CFP"), "15\u{202f}000\u{a0}F\u{a0}CFP");
        assert_eq!(
            french("un portefeuille de 15 000 F"),
            "un portefeuille de 15\u{202f}000\u{a0}F"
        );
        assert_eq!(french("2500F"), "2\u{202f}500\u{a0}F");
        assert_eq!(french("en 2026 à Bourail"), "en 2026 à Bourail");
        assert_eq!(thousands(1500), "1\u{202f}500");
        assert_eq!(thousands(150), "150");
    }
}
