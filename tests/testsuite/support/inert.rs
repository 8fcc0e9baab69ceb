//! What "inert" means for a built page: the scan that finds anything a
//! browser would run, or load from elsewhere, in an output file. Shared by
//! the attack fixture test and the fuzz run.

use scraper::Html;

/// Scripts the theme itself ships (served from the output folder).
const THEME_SCRIPTS: [&str; 5] = [
    "catalogue.js",
    "copier.js",
    "impression.js",
    "pagination.js",
    "vendor/pagedjs/paged.polyfill.min.js",
];

/// The attack fixture's payloads all point at this host.
pub const PIRATE: &str = "pirate.example.com";

/// Attributes whose value a browser follows or loads.
const URL_ATTRS: [&str; 9] = [
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "xlink:href",
    "srcdoc",
    "srcset",
];

pub fn compact(v: &str) -> String {
    v.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Everything executable or external in one HTML file, as readable lines.
pub fn executable_markup(rel: &str, html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut found = Vec::new();
    for el in doc
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        let name = el.value().name();
        for (attr, value) in el.value().attrs() {
            let v = compact(value);
            if attr.to_ascii_lowercase().starts_with("on") {
                found.push(format!("{rel}: <{name} {attr}=…>"));
            }
            if URL_ATTRS.contains(&attr) {
                if v.starts_with("javascript:")
                    || v.starts_with("data:")
                    || v.starts_with("vbscript:")
                {
                    found.push(format!("{rel}: <{name} {attr}=\"{value}\">"));
                }
                if v.contains(PIRATE) {
                    found.push(format!("{rel}: <{name} {attr}> loads {value}"));
                }
            }
            if attr == "style" && (v.contains("url(") || v.contains("position:fixed")) {
                found.push(format!("{rel}: <{name} style=\"{value}\">"));
            }
        }
        match name {
            // Structured data is data: valid JSON that no text can close.
            "script" if el.value().attr("type") == Some("application/ld+json") => {
                let json: String = el.text().collect();
                if el.value().attr("src").is_some()
                    || json.contains('<')
                    || serde_json::from_str::<serde_json::Value>(&json).is_err()
                {
                    found.push(format!("{rel}: a JSON-LD block that is not inert data"));
                }
            }
            "script" => {
                let src = el.value().attr("src").unwrap_or("");
                // Relative to the site, and one of the theme's files.
                let theirs = !src.contains("//") && THEME_SCRIPTS.iter().any(|s| src.ends_with(s));
                let inline = el.text().any(|t| !t.trim().is_empty());
                if !theirs || inline {
                    found.push(format!("{rel}: <script src=\"{src}\"> not the theme's"));
                }
            }
            "style" => {
                let css: String = el.text().collect();
                if css.contains(PIRATE) && css.contains("url(") && !css_strings_hold(&css) {
                    found.push(format!("{rel}: a <style> rule loads {PIRATE}"));
                }
                if css.contains('\r') {
                    found.push(format!("{rel}: a raw carriage return in <style>"));
                }
            }
            "iframe" | "object" | "embed" | "math" | "base" => {
                found.push(format!("{rel}: <{name}>"));
            }
            // The theme's filter form posts nowhere.
            "form" if el.value().attr("action").is_some() => {
                found.push(format!("{rel}: <form action>"));
            }
            "svg" if !is_theme_svg(&el) => found.push(format!("{rel}: <svg> not the theme's")),
            "meta" if el.value().attr("http-equiv").is_some() => {
                found.push(format!("{rel}: <meta http-equiv>"));
            }
            _ => {}
        }
    }
    found
}

/// Whether every `url(` of a stylesheet is inside a quoted string (and so
/// only text, e.g. a title in `content: "…"`).
fn css_strings_hold(css: &str) -> bool {
    let mut in_string = false;
    let mut escaped = false;
    let chars: Vec<char> = css.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '"' => in_string = !in_string,
            '\n' if in_string => return false,
            'u' if !in_string && chars[i..].starts_with(&['u', 'r', 'l', '(']) => return false,
            _ => {}
        }
    }
    true
}

/// The theme's own inline SVG (shortcodes, QR codes) carry a role and a title.
fn is_theme_svg(el: &scraper::ElementRef) -> bool {
    el.value().attr("role") == Some("img") || el.value().attr("aria-hidden") == Some("true")
}
