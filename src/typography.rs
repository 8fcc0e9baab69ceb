//! French typography on running text (never on code, URLs or attributes):
//!
//! - no-break spaces: narrow (U+202F) before `; ! ?` and inside « », normal
//!   (U+00A0) before `:` — only where the editor typed a space, so that
//!   `14:00` and `https://…?x=1` are left alone;
//! - typographic apostrophe: `l'été` → `l’été`;
//! - prices: `15000 F CFP` or `15 000 F` → `15 000 F CFP` with a narrow
//!   no-break space between thousands and a no-break space before `F`;
//!
//! and numbers and dates written the French way, for the theme's filters
//! and the audit alike: [`thousands`], [`decimal`], [`date_fr`].

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};
use std::sync::LazyLock;

use regex::{Captures, Regex};

pub const NBSP: char = '\u{a0}';
pub const NNBSP: char = '\u{202f}';

static PRICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(\d{1,3}(?:[ \u{a0}\u{202f}]\d{3})+|\d{4,})[ \u{a0}\u{202f}]?(F CFP|F|XPF|francs)(?-u:\b)").unwrap()
});

/// `88.5` → `88,5` ; `100.0` → `100`.
pub fn decimal(v: f64) -> String {
    let s = if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v:.1}")
    };
    s.replace('.', ",")
}

pub const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const DAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

/// `16 mai 2026` (with `jour=true`: `samedi 16 mai 2026`).
pub fn date_fr(d: NaiveDate, with_day: bool) -> String {
    let base = format!(
        "{}{} {} {}",
        d.day(),
        if d.day() == 1 { "er" } else { "" },
        MONTHS[d.month0() as usize],
        d.year()
    );
    if with_day {
        format!(
            "{} {base}",
            DAYS[d.weekday().num_days_from_monday() as usize]
        )
    } else {
        base
    }
}

/// Groups the digits of a whole number by thousands with narrow no-break spaces.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(NNBSP);
        }
        out.push(c);
    }
    out
}

/// Spacing and apostrophes. Works from the punctuation marks themselves
/// (found by a byte scan), so that plain text costs one pass and no copy.
fn punctuation(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    // (start, end, replacement) of each edit, in order.
    let mut edits: Vec<(usize, usize, &'static str)> = Vec::new();
    let before = |i: usize| text[..i].chars().next_back();
    let after = |i: usize| text[i..].chars().next();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b';' | b'!' | b'?' | b':' if i > 0 && bytes[i - 1] == b' ' => {
                let space = if bytes[i] == b':' {
                    "\u{a0}"
                } else {
                    "\u{202f}"
                };
                edits.push((i - 1, i, space));
            }
            b'\''
                if before(i).is_some_and(char::is_alphabetic)
                    && after(i + 1).is_some_and(char::is_alphabetic) =>
            {
                edits.push((i, i + 1, "’"));
            }
            // « is C2 AB, » is C2 BB in UTF-8.
            0xC2 if bytes.get(i + 1) == Some(&0xAB) => match after(i + 2) {
                Some(' ') => edits.push((i + 2, i + 3, "\u{202f}")),
                Some(n) if !n.is_whitespace() => edits.push((i + 2, i + 2, "\u{202f}")),
                _ => {}
            },
            0xC2 if bytes.get(i + 1) == Some(&0xBB) => match before(i) {
                Some(' ') => edits.push((i - 1, i, "\u{202f}")),
                Some(p) if !p.is_whitespace() => edits.push((i, i, "\u{202f}")),
                _ => {}
            },
            _ => {}
        }
        i += 1;
    }
    if edits.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + edits.len() * 3);
    let mut copied = 0;
    for (start, end, r) in edits {
        if start < copied {
            continue; // two marks claimed the same space
        }
        out.push_str(&text[copied..start]);
        out.push_str(r);
        copied = end;
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// Whether a price may stand in the text (a digit, and a unit).
fn may_hold_price(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit()) && (text.contains('F') || text.contains("francs"))
}

/// Applies French typography to a run of text.
pub fn french(text: &str) -> Cow<'_, str> {
    let spaced = punctuation(text);
    if !may_hold_price(&spaced) {
        return spaced;
    }
    let priced = PRICE.replace_all(&spaced, |c: &Captures| {
        let digits: String = c[1].chars().filter(char::is_ascii_digit).collect();
        let grouped = digits.parse::<u64>().map(thousands).unwrap_or(digits);
        let unit = c[2].replace(' ', "\u{a0}");
        format!("{grouped}{NBSP}{unit}")
    });
    match priced {
        Cow::Owned(s) => Cow::Owned(s),
        Cow::Borrowed(_) => spaced,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_dates() {
        let d = NaiveDate::from_ymd_opt(2026, 5, 16).unwrap();
        assert_eq!(date_fr(d, false), "16 mai 2026");
        assert_eq!(date_fr(d, true), "samedi 16 mai 2026");
        assert_eq!(
            date_fr(NaiveDate::from_ymd_opt(2026, 8, 1).unwrap(), false),
            "1er août 2026"
        );
    }

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
    fn odd_sequences_do_not_panic() {
        for t in [
            "« ;", "«»", "« »", " ; : ! ?", "'", "a'", "'a", "»", "«", "l' été",
        ] {
            let _ = french(t);
        }
        assert_eq!(french("« ; »"), "«\u{202f};\u{202f}»");
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
