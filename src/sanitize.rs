//! Untrusted HTML made inert.
//!
//! Every HTML fragment produced from content (a Markdown body, whatever it
//! holds: raw HTML, heading attributes, highlighted code) goes through
//! [`clean`] once, after Markdown rendering. The pass is ammonia with an
//! allow-list:
//!
//! - the tags of editorial text (ammonia's defaults, less image maps);
//! - no event handler, no `style` except `text-align` on table cells (what
//!   Markdown tables write), no `cite` URLs;
//! - link and image URLs relative, or `http`, `https`, `mailto`, `tel`
//!   (no `javascript:`, no `data:`).
//!
//! The *rules* that editors see (an `@/` link resolved and checked, a
//! refused scheme reported at its line) are applied before, by
//! [`crate::markdown`], to raw HTML as to Markdown; [`scan`] gives it the
//! tags and attributes of a raw HTML fragment, and [`Removed`] tells it
//! what this pass will take out, so that nothing is removed silently.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// URL schemes a link or image may use (the spec's link rule).
pub const SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// Tags of ammonia's default list that content does not need.
const DROPPED_TAGS: [&str; 2] = ["area", "map"];

/// Attributes allowed on every tag, besides ammonia's `lang` and `title`.
const GENERIC: [&str; 2] = ["id", "class"];

fn builder<'a>() -> ammonia::Builder<'a> {
    let mut b = ammonia::Builder::default();
    b.rm_tags(DROPPED_TAGS)
        .add_generic_attributes(GENERIC)
        .add_tag_attributes("span", ["role", "aria-label"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .add_tag_attributes("img", ["loading"])
        .rm_tag_attributes("blockquote", ["cite"])
        .rm_tag_attributes("q", ["cite"])
        .rm_tag_attributes("del", ["cite"])
        .rm_tag_attributes("ins", ["cite"])
        .url_schemes(SCHEMES.into_iter().collect())
        .link_rel(None);
    b
}

/// The allow-list, for questions about it (not for cleaning).
static LISTS: LazyLock<Lists> = LazyLock::new(|| {
    let b = builder();
    Lists {
        tags: b.clone_tags().into_iter().map(String::from).collect(),
        removed_with_content: b
            .clone_clean_content_tags()
            .into_iter()
            .map(String::from)
            .collect(),
        generic: b
            .clone_generic_attributes()
            .into_iter()
            .map(String::from)
            .collect(),
        per_tag: b
            .clone_tag_attributes()
            .into_iter()
            .map(|(t, a)| (t.to_string(), a.into_iter().map(String::from).collect()))
            .collect(),
    }
});

struct Lists {
    tags: HashSet<String>,
    removed_with_content: HashSet<String>,
    generic: HashSet<String>,
    per_tag: HashMap<String, HashSet<String>>,
}

/// The only declarations a `style` attribute may keep.
fn allowed_style(value: &str) -> bool {
    value
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .all(|d| match d.split_once(':') {
            Some((prop, val)) => {
                prop.trim().eq_ignore_ascii_case("text-align")
                    && matches!(
                        val.trim().to_ascii_lowercase().as_str(),
                        "left" | "center" | "right"
                    )
            }
            None => false,
        })
}

/// The attribute filter shared by every cleaning: styles checked, URLs
/// rewritten as the Markdown pass decided.
fn filter<'v>(
    rewrites: &HashMap<String, String>,
    attribute: &str,
    value: &'v str,
) -> Option<std::borrow::Cow<'v, str>> {
    match attribute {
        "style" => allowed_style(value).then_some(value.into()),
        "href" | "src" => Some(
            rewrites
                .get(value)
                .map(|r| r.clone().into())
                .unwrap_or(value.into()),
        ),
        _ => Some(value.into()),
    }
}

static PLAIN: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = builder();
    let none = HashMap::new();
    b.attribute_filter(move |_, a, v| filter(&none, a, v));
    b
});

/// Cleans a fragment. `rewrites` maps URLs of raw HTML, as written, to what
/// the Markdown pass made of them (`@/offres/surf.md` → `../../offres/surf/`).
pub fn clean(html: &str, rewrites: HashMap<String, String>) -> String {
    if rewrites.is_empty() {
        return PLAIN.clean(html).to_string();
    }
    let mut b = builder();
    b.attribute_filter(move |_, a, v| filter(&rewrites, a, v));
    b.clean(html).to_string()
}

/// A start tag of raw HTML, with the line (from 1) of the fragment it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub line: usize,
}

/// The start tags of a raw HTML fragment and how it nests elements.
#[derive(Debug, Default)]
pub struct Scanned {
    pub tags: Vec<RawTag>,
    /// Elements opened minus elements closed at the end of the fragment.
    pub net: isize,
    /// Most elements open at once within the fragment (from its start).
    pub peak: isize,
}

/// Elements that never hold others, or that the next one of their kind
/// closes: they do not count as nesting.
const NOT_NESTING: [&str; 22] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "param",
];

#[derive(Default)]
struct Collect(RefCell<Scanned>);

impl TokenSink for Collect {
    type Handle = ();
    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token {
            let mut scanned = self.0.borrow_mut();
            let nests = !tag.self_closing && !NOT_NESTING.contains(&&*tag.name);
            if tag.kind == TagKind::EndTag {
                if nests {
                    scanned.net -= 1;
                }
            } else {
                if nests {
                    scanned.net += 1;
                    scanned.peak = scanned.peak.max(scanned.net);
                }
                scanned.tags.push(RawTag {
                    name: tag.name.to_string(),
                    attrs: tag
                        .attrs
                        .iter()
                        .map(|a| (a.name.local.to_string(), a.value.to_string()))
                        .collect(),
                    line: line_number as usize,
                });
            }
        }
        TokenSinkResult::Continue
    }
}

/// The start tags of a raw HTML fragment, attribute values decoded as a
/// browser would read them, and its nesting.
pub fn scan(fragment: &str) -> Scanned {
    let tokenizer = Tokenizer::new(Collect::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(fragment));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.into_inner()
}

/// What the cleaning pass takes out of a tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Removed {
    /// The tag and everything inside it (`script`, `style`).
    TagAndContent,
    /// The tag; its text stays.
    Tag,
    /// These attributes.
    Attributes(Vec<String>),
}

/// Whether `attr` may stay on `tag` with this value.
pub fn allows(tag: &str, attr: &str, value: &str) -> bool {
    let lists = &*LISTS;
    let listed =
        lists.generic.contains(attr) || lists.per_tag.get(tag).is_some_and(|a| a.contains(attr));
    listed && (attr != "style" || allowed_style(value))
}

/// What cleaning will remove from a raw tag, if anything.
pub fn removed(tag: &RawTag) -> Option<Removed> {
    let lists = &*LISTS;
    if lists.removed_with_content.contains(&tag.name) {
        return Some(Removed::TagAndContent);
    }
    if !lists.tags.contains(&tag.name) {
        return Some(Removed::Tag);
    }
    let attrs: Vec<String> = tag
        .attrs
        .iter()
        .filter(|(a, v)| !allows(&tag.name, a, v))
        .map(|(a, _)| a.clone())
        .collect();
    (!attrs.is_empty()).then_some(Removed::Attributes(attrs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(html: &str) -> String {
        clean(html, HashMap::new())
    }

    #[test]
    fn handlers_scripts_and_styles_go() {
        let out = plain(
            r#"<h2 tabindex="0" autofocus onfocus="alert(1)" style="color:red" id="a">T</h2><script>x()</script><img src=x onerror=alert(1)>"#,
        );
        assert_eq!(out, r#"<h2 id="a">T</h2><img src="x">"#);
    }

    #[test]
    fn only_text_align_survives_on_cells() {
        assert_eq!(
            plain(
                r#"<table><tr><td style="text-align: left">a</td><td style="text-align:left;background:url(https://e.nc/x)">b</td></tr></table>"#
            ),
            r#"<table><tbody><tr><td style="text-align: left">a</td><td>b</td></tr></tbody></table>"#
        );
    }

    #[test]
    fn only_the_spec_schemes_survive() {
        let out = plain(
            r#"<a href="javascript:alert(1)">a</a><a href="ftp://x">b</a><a href="sms:1">c</a><img src="data:image/svg+xml,<svg onload=alert(1)>"><a href="https://e.nc/">d</a>"#,
        );
        assert_eq!(
            out,
            r#"<a>a</a><a>b</a><a>c</a><img><a href="https://e.nc/">d</a>"#
        );
    }

    #[test]
    fn rewrites_apply_to_raw_urls() {
        let mut map = HashMap::new();
        map.insert(
            "@/offres/surf.md".to_string(),
            "../offres/surf/".to_string(),
        );
        assert_eq!(
            clean(r#"<a href="@/offres/surf.md">s</a>"#, map),
            r#"<a href="../offres/surf/">s</a>"#
        );
    }

    #[test]
    fn scan_reads_decoded_attributes_with_lines() {
        let tags = scan("<p>\n<a href=\"java&#115;cript:x\" onclick=y>t</a>").tags;
        assert_eq!(tags.len(), 2);
        assert_eq!(tags[1].name, "a");
        assert_eq!(tags[1].line, 2);
        assert_eq!(tags[1].attrs[0], ("href".into(), "javascript:x".into()));
        assert_eq!(
            removed(&tags[1]),
            Some(Removed::Attributes(vec!["onclick".into()]))
        );
        assert_eq!(
            removed(&scan("<script>").tags[0]),
            Some(Removed::TagAndContent)
        );
        assert_eq!(removed(&scan("<iframe>").tags[0]), Some(Removed::Tag));
        assert_eq!(
            removed(&scan("<td style='text-align:center'>").tags[0]),
            None
        );
    }

    #[test]
    fn scan_counts_nesting() {
        let s = scan("<div><section><p>a<br><img src=x></section><div>");
        assert_eq!((s.net, s.peak), (2, 2));
        let s = scan("</div></div>");
        assert_eq!((s.net, s.peak), (-2, 0));
    }
}
