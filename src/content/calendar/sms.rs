//! SMS length as the network counts it: GSM-7 with its extension table,
//! or UCS-2 as soon as one character is outside GSM-7.

use serde::Serialize;

/// SMS length: characters counted as the network counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SmsLength {
    /// Units used (extension characters count 2 in GSM-7).
    pub longueur: usize,
    /// `gsm7` or `ucs2`.
    pub encodage: &'static str,
    /// What one SMS holds in that encoding: 160 or 70.
    pub limite: usize,
}

const GSM7_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM7_EXTENSION: &str = "^{}\\[~]|€\u{c}";

/// Counts an SMS: GSM-7 with its extension table (2 units each), or UCS-2
/// (UTF-16 units) as soon as one character is outside GSM-7.
pub fn sms_length(text: &str) -> SmsLength {
    let mut units = 0;
    for c in text.chars() {
        if GSM7_BASIC.contains(c) {
            units += 1;
        } else if GSM7_EXTENSION.contains(c) {
            units += 2;
        } else {
            return SmsLength {
                longueur: text.encode_utf16().count(),
                encodage: "ucs2",
                limite: 70,
            };
        }
    }
    SmsLength {
        longueur: units,
        encodage: "gsm7",
        limite: 160,
    }
}

/// The characters of `text` that are outside GSM-7, for the hint.
pub fn non_gsm_chars(text: &str) -> Vec<char> {
    let mut out: Vec<char> = text
        .chars()
        .filter(|c| !GSM7_BASIC.contains(*c) && !GSM7_EXTENSION.contains(*c))
        .collect();
    out.dedup();
    out.truncate(5);
    out
}
