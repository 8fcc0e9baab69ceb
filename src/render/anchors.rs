//! `@/page.md#ancre` links: the anchor must exist in the target page.
//!
//! Only the pages some link points into have their ids collected ([`targets`],
//! a scan of the bodies before rendering), read with html5ever's tokenizer
//! from the rendered HTML ([`ids_of`]): a template's own ids (`#tarifs`) count
//! as much as the headings'.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::markdown::FragmentLink;
use crate::rules::Rule;
use crate::site::Site;

/// Keys of the documents that some `@/…#fragment` link points at.
pub fn targets(site: &Site) -> HashSet<&str> {
    let keys: HashSet<&str> = site.library.heads().map(|d| d.key.as_str()).collect();
    let mut out = HashSet::new();
    for d in site.library.heads() {
        for key in anchored_links(&d.body) {
            if let Some(target) = keys.get(key) {
                out.insert(*target);
            }
        }
    }
    out
}

/// The keys that a body's `@/…#fragment` links name (existing or not).
pub fn anchored_links(body: &str) -> std::collections::BTreeSet<&str> {
    let mut out = std::collections::BTreeSet::new();
    for (i, _) in body.match_indices("@/") {
        let link = &body[i + 2..];
        let end = link.find([')', ' ', '\n', '>', '"']).unwrap_or(link.len());
        if let Some((key, _)) = link[..end].split_once('#') {
            out.insert(key);
        }
    }
    out
}

#[derive(Default)]
struct Ids(RefCell<Vec<String>>);

impl TokenSink for Ids {
    type Handle = ();
    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token {
            if tag.kind == TagKind::StartTag {
                let id = tag.attrs.iter().find(|a| &*a.name.local == "id");
                if let Some(a) = id {
                    self.0.borrow_mut().push(a.value.to_string());
                }
            }
        }
        TokenSinkResult::Continue
    }
}

/// Every `id` of an HTML page, as a browser reads them.
pub fn ids_of(html: &str) -> Vec<String> {
    let tokenizer = Tokenizer::new(Ids::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.into_inner()
}

/// The links of one page whose anchor is not in their target.
pub fn check(links: &[FragmentLink], ids: &HashMap<&str, &Vec<String>>) -> Vec<Diagnostic> {
    links
        .iter()
        .filter_map(|f| {
            let known = ids.get(f.target.as_str())?;
            if known.contains(&f.fragment) {
                return None;
            }
            let hint =
                did_you_mean(&f.fragment, known.iter().map(String::as_str)).unwrap_or_else(|| {
                    "l'ancre d'un titre est son texte en minuscules, sans accent, avec des tirets"
                        .into()
                });
            Some(
                Diagnostic::new(
                    Rule::AncreInconnue,
                    &f.file,
                    f.pos,
                    format!(
                        "la page « {} » n'a pas d'ancre « #{} »",
                        f.target, f.fragment
                    ),
                )
                .with_key("lien")
                .with_hint(hint),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_read_as_a_browser_reads_them() {
        let html = r#"<h2 id="tarifs">T</h2><p title=' id="faux"'>x</p><div ID=Bas></div><!-- id="non" -->"#;
        assert_eq!(ids_of(html), ["tarifs", "Bas"]);
    }
}
