//! iCalendar (RFC 5545) output: the template writes the events, this module
//! escapes text values and finishes the file (CRLF line ends, lines folded
//! at 75 octets without cutting a character).

/// A TEXT value's characters as iCalendar allows them: every line break
/// (CRLF, a lone CR, LF, and the Unicode separators) made one `\n`, and
/// the other control characters but the tab dropped. A CR left alone would
/// end the line for parsers that split on it, and what follows it would be
/// read as a new property (`ATTACH:…`).
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes a TEXT value: backslash, semicolon, comma and line breaks
/// (after [`text`]).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in text(s).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line at 75 octets (continuation lines start with a
/// space, which counts in their 75).
fn fold(line: &str, out: &mut String) {
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
}

/// Turns the template's output into a valid iCalendar stream: blank lines
/// dropped, each line folded, CRLF line ends.
pub fn finish(rendered: &str) -> String {
    let mut out = String::with_capacity(rendered.len() + rendered.len() / 20);
    for line in rendered.lines().map(str::trim).filter(|l| !l.is_empty()) {
        fold(line, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text() {
        assert_eq!(escape_text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
        // A lone CR, CRLF and a Unicode separator are line breaks; other
        // controls go.
        assert_eq!(
            escape_text("Fête\rATTACH:x\r\nB\u{2028}C\u{7}D"),
            "Fête\\nATTACH:x\\nB\\nCD"
        );
    }

    #[test]
    fn folds_at_75_octets_without_cutting_characters() {
        let line = format!("SUMMARY:{}", "é".repeat(60));
        let out = finish(&line);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{line}\r\n"));
    }
}
