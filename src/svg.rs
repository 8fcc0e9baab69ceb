//! SVG made inert by construction. An SVG of `content/images/` is never
//! published as written: it is parsed, and written again from an allow-list
//! of drawing elements and attributes in the SVG namespace. What is not on
//! the list does not reach the output, whatever trick carried it in:
//!
//! - a DTD with an internal subset (entity declarations, which can expand
//!   into a `<script>`) is refused before anything else
//!   ([`Inert::Refused`]);
//! - elements: shapes, text, paint servers, clipping, masking, filters,
//!   `<style>` and raster `<image>`s embedded as `data:` URLs; never a
//!   script, an animation, `foreignObject`, or an element of another
//!   namespace (XHTML's `iframe`, `embed`, `object`, `form`, `meta`…);
//! - attributes: presentation and geometry only; no event handler, no
//!   `xml:base`; a link (`href`, `xlink:href`) only to a fragment of the
//!   file (`#id`), or, on `<image>`, a raster `data:` URL;
//! - CSS (`style` attribute and element) only when it loads nothing:
//!   `url()` only to a fragment, no `@import`, no `image-set()`.
//!
//! What the rewriting dropped is listed ([`Cleaned::removed`]) so that the
//! build warns with the file. Editors' own metadata (`<metadata>`, the
//! `inkscape:`/`sodipodi:` namespaces, `<title>`-less comments) is dropped
//! without a word: it draws nothing and every export holds some.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::diagnostic::Pos;

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Namespaces of drawing programs' metadata, dropped silently.
const EDITOR_NS: [&str; 8] = [
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://creativecommons.org/ns#",
    "http://purl.org/dc/elements/1.1/",
    "http://ns.adobe.com/AdobeIllustrator/10.0/",
    "http://ns.adobe.com/SaveForWeb/1.0/",
    "http://www.bohemiancoding.com/sketch/ns",
];

/// Elements kept, in the SVG namespace.
const ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "title",
    "desc",
    "switch",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
    "linearGradient",
    "radialGradient",
    "stop",
    "pattern",
    "clipPath",
    "mask",
    "marker",
    "filter",
    "image",
    "style",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
];

/// Attributes kept, without a namespace (besides `href`, `xml:space` and
/// `xml:lang`, handled apart).
const ATTRIBUTES: &[&str] = &[
    "id",
    "class",
    "style",
    "transform",
    "d",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "width",
    "height",
    "points",
    "pathLength",
    "viewBox",
    "preserveAspectRatio",
    "version",
    "baseProfile",
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-opacity",
    "opacity",
    "color",
    "display",
    "visibility",
    "overflow",
    "clip",
    "clip-path",
    "clip-rule",
    "clipPathUnits",
    "mask",
    "maskUnits",
    "maskContentUnits",
    "filter",
    "filterUnits",
    "primitiveUnits",
    "gradientUnits",
    "gradientTransform",
    "spreadMethod",
    "offset",
    "stop-color",
    "stop-opacity",
    "fx",
    "fy",
    "fr",
    "patternUnits",
    "patternContentUnits",
    "patternTransform",
    "marker-start",
    "marker-mid",
    "marker-end",
    "markerWidth",
    "markerHeight",
    "markerUnits",
    "refX",
    "refY",
    "orient",
    "font",
    "font-family",
    "font-size",
    "font-size-adjust",
    "font-weight",
    "font-style",
    "font-variant",
    "font-stretch",
    "text-anchor",
    "dominant-baseline",
    "alignment-baseline",
    "baseline-shift",
    "letter-spacing",
    "word-spacing",
    "text-decoration",
    "writing-mode",
    "direction",
    "unicode-bidi",
    "dx",
    "dy",
    "rotate",
    "textLength",
    "lengthAdjust",
    "startOffset",
    "method",
    "spacing",
    "side",
    "in",
    "in2",
    "result",
    "stdDeviation",
    "mode",
    "type",
    "values",
    "tableValues",
    "slope",
    "intercept",
    "amplitude",
    "exponent",
    "operator",
    "k1",
    "k2",
    "k3",
    "k4",
    "order",
    "kernelMatrix",
    "divisor",
    "bias",
    "targetX",
    "targetY",
    "edgeMode",
    "preserveAlpha",
    "scale",
    "xChannelSelector",
    "yChannelSelector",
    "baseFrequency",
    "numOctaves",
    "seed",
    "stitchTiles",
    "flood-color",
    "flood-opacity",
    "lighting-color",
    "surfaceScale",
    "diffuseConstant",
    "specularConstant",
    "specularExponent",
    "kernelUnitLength",
    "azimuth",
    "elevation",
    "z",
    "pointsAtX",
    "pointsAtY",
    "pointsAtZ",
    "limitingConeAngle",
    "color-interpolation",
    "color-interpolation-filters",
    "color-rendering",
    "shape-rendering",
    "text-rendering",
    "image-rendering",
    "vector-effect",
    "paint-order",
    "mix-blend-mode",
    "isolation",
    "enable-background",
    "lang",
    "role",
    "aria-label",
    "aria-labelledby",
    "aria-describedby",
    "aria-hidden",
    "focusable",
    "tabindex",
    "requiredFeatures",
    "systemLanguage",
];

/// Raster images an SVG may embed as `data:` URLs.
pub const EMBEDDED: [&str; 4] = [
    "data:image/png",
    "data:image/jpeg",
    "data:image/gif",
    "data:image/webp",
];

/// The outcome of making an SVG inert.
#[derive(Debug, PartialEq)]
pub enum Inert {
    /// The drawing, written again; what was dropped.
    Cleaned(Cleaned),
    /// Not published: why, with the line and column.
    Refused { line: u32, col: u32, why: String },
}

#[derive(Debug, PartialEq)]
pub struct Cleaned {
    pub svg: String,
    /// What was dropped (`<script>`, `attribut onload`…), each once.
    pub removed: BTreeSet<String>,
}

/// Whether CSS text loads something: `@import`, `image-set()`, or a
/// `url()` to anything but a fragment of the file (`url(#degrade)`).
pub fn css_loads(css: &str) -> bool {
    let lower: String = css
        .to_ascii_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    // CSS escapes (`\75 rl(`) would hide a word: refuse them outright.
    lower.contains('\\')
        || lower.contains("@import")
        || lower.contains("image-set(")
        || lower.contains("-webkit-image-set(")
        || lower.contains("expression(")
        || lower.match_indices("url(").any(|(i, m)| {
            let rest = lower[i + m.len()..].trim_start_matches(['"', '\'']);
            !rest.starts_with('#')
        })
}

/// Where a DTD's internal subset starts, if the text has one: `<!DOCTYPE
/// svg [ … ]>` (or any entity declaration).
fn internal_subset(text: &str) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    if let Some(i) = lower.find("<!entity") {
        return Some(i);
    }
    let start = lower.find("<!doctype")?;
    let rest = &lower[start..];
    let end = rest.find('>').unwrap_or(rest.len());
    rest[..end].contains('[').then_some(start)
}

/// Line and column (from 1) of a byte offset.
fn line_col(text: &str, at: usize) -> (u32, u32) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line as u32, col as u32)
}

/// What an SVG that is not XML is said to be.
const UNREADABLE: &str = "est illisible (ce n'est pas du XML valide)";

/// An SVG's text parsed, with a bound on its nodes; where it stops being
/// XML otherwise. Both readers ([`inert`], [`problems`]) parse the same way.
fn parse(text: &str) -> Result<roxmltree::Document<'_>, Pos> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: 200_000,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        let p = e.pos();
        Pos::new(p.row as usize, p.col as usize)
    })
}

/// Parses `text` and writes its drawing again, keeping only the allowed.
pub fn inert(text: &str) -> Inert {
    if let Some(at) = internal_subset(text) {
        let (line, col) = line_col(text, at);
        return Inert::Refused {
            line,
            col,
            why: "déclare une DTD interne ou des entités (<!DOCTYPE … [ … ]>, <!ENTITY>)".into(),
        };
    }
    let doc = match parse(text) {
        Ok(d) => d,
        Err(pos) => {
            return Inert::Refused {
                line: pos.line as u32,
                col: pos.col as u32,
                why: UNREADABLE.into(),
            };
        }
    };
    let root = doc.root_element();
    if !drawing(root.tag_name().namespace()) || root.tag_name().name() != "svg" {
        return Inert::Refused {
            line: 1,
            col: 1,
            why: "n'est pas un dessin SVG (son élément racine n'est pas <svg> de l'espace SVG)"
                .into(),
        };
    }
    let mut w = Writer {
        out: String::with_capacity(text.len()),
        removed: BTreeSet::new(),
        xlink: false,
    };
    let mut body = String::new();
    std::mem::swap(&mut w.out, &mut body);
    w.element(root, true);
    std::mem::swap(&mut w.out, &mut body);
    Inert::Cleaned(Cleaned {
        svg: body,
        removed: w.removed,
    })
}

struct Writer {
    out: String,
    removed: BTreeSet<String>,
    /// An `xlink:href` was kept: the root declares the namespace.
    xlink: bool,
}

/// An element's name as a person reads it (`svg:script`, `html:iframe`).
fn shown_name(node: roxmltree::Node) -> String {
    let tag = node.tag_name();
    match tag.namespace() {
        Some(SVG_NS) | None => tag.name().to_string(),
        Some("http://www.w3.org/1999/xhtml") => format!("html:{}", tag.name()),
        Some(_) => node
            .lookup_prefix(tag.namespace().unwrap_or(""))
            .map(|p| format!("{p}:{}", tag.name()))
            .unwrap_or_else(|| tag.name().to_string()),
    }
}

/// The SVG namespace, or none (a hand-written `<svg>` without `xmlns`,
/// which the written file then declares).
fn drawing(ns: Option<&str>) -> bool {
    matches!(ns, Some(SVG_NS) | None)
}

fn editor(ns: Option<&str>) -> bool {
    ns.is_some_and(|n| EDITOR_NS.contains(&n))
}

impl Writer {
    fn element(&mut self, node: roxmltree::Node, is_root: bool) {
        let tag = node.tag_name();
        let name = tag.name();
        let kept = drawing(tag.namespace()) && ELEMENTS.contains(&name);
        // A link is dropped, what it drew is kept.
        if drawing(tag.namespace()) && name == "a" {
            self.removed
                .insert("lien <a> (son dessin est gardé)".into());
            for child in node.children() {
                if child.is_element() {
                    self.element(child, false);
                } else if let Some(t) = child.text().filter(|_| child.is_text()) {
                    text(&mut self.out, t);
                }
            }
            return;
        }
        if !kept {
            if !(editor(tag.namespace()) || name == "metadata" && drawing(tag.namespace())) {
                self.removed.insert(format!("<{}>", shown_name(node)));
            }
            return;
        }
        if name == "style" {
            let css: String = node.children().filter_map(|c| c.text()).collect();
            if css_loads(&css) {
                self.removed
                    .insert("<style> qui charge une ressource externe".into());
                return;
            }
        }
        if name == "image" {
            let data = node
                .attributes()
                .find(|a| a.name() == "href")
                .map(|a| a.value().trim().to_ascii_lowercase())
                .is_some_and(|v| EMBEDDED.iter().any(|e| v.starts_with(e)));
            if !data {
                self.removed
                    .insert("<image> qui n'est pas incluse dans le fichier".into());
                return;
            }
        }
        let start = self.out.len();
        self.out.push('<');
        self.out.push_str(name);
        if is_root {
            self.out.push_str(" xmlns=\"");
            self.out.push_str(SVG_NS);
            self.out.push('"');
        }
        let after_xmlns = self.out.len();
        for a in node.attributes() {
            self.attribute(node, a);
        }
        let children: Vec<_> = node.children().collect();
        if children.iter().all(|c| !c.is_element() && !c.is_text()) {
            self.out.push_str("/>");
        } else {
            self.out.push('>');
            for child in children {
                if child.is_element() {
                    self.element(child, false);
                } else if let Some(t) = child.text().filter(|_| child.is_text()) {
                    text(&mut self.out, t);
                }
            }
            let _ = write!(self.out, "</{name}>");
        }
        if is_root && self.xlink {
            self.out
                .insert_str(after_xmlns, &format!(" xmlns:xlink=\"{XLINK_NS}\""));
        }
        debug_assert!(self.out.len() > start);
    }

    fn attribute(&mut self, node: roxmltree::Node, a: roxmltree::Attribute) {
        let name = a.name();
        let value = a.value();
        let element = node.tag_name().name();
        match a.namespace() {
            None => {}
            Some(XML_NS) if matches!(name, "space" | "lang") => {
                return attr(&mut self.out, &format!("xml:{name}"), value);
            }
            Some(XLINK_NS) if name == "href" => {}
            Some(ns) if editor(Some(ns)) => return,
            Some(XML_NS) => {
                self.removed.insert(format!("attribut xml:{name}"));
                return;
            }
            Some(_) => {
                let prefix = node
                    .lookup_prefix(a.namespace().unwrap_or(""))
                    .unwrap_or("");
                self.removed.insert(format!("attribut {prefix}:{name}"));
                return;
            }
        }
        if name == "href" {
            let v = value.trim();
            let lower = v.to_ascii_lowercase();
            let fine = v.starts_with('#') && !v.contains(['(', ':'])
                || element == "image" && EMBEDDED.iter().any(|e| lower.starts_with(e));
            if !fine {
                self.removed.insert(format!("lien vers « {} »", shorten(v)));
                return;
            }
            if a.namespace() == Some(XLINK_NS) {
                self.xlink = true;
                return attr(&mut self.out, "xlink:href", v);
            }
            return attr(&mut self.out, "href", v);
        }
        if name.to_ascii_lowercase().starts_with("on") {
            self.removed
                .insert(format!("attribut de comportement {name}"));
            return;
        }
        if !ATTRIBUTES.contains(&name) {
            self.removed.insert(format!("attribut {name}"));
            return;
        }
        // A paint or a reference may point at a fragment only.
        if css_loads(value) || value.to_ascii_lowercase().contains("javascript:") {
            self.removed
                .insert(format!("attribut {name} qui charge une ressource externe"));
            return;
        }
        attr(&mut self.out, name, value);
    }
}

fn attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn text(out: &mut String, t: &str) {
    for c in t.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// What in an SVG could run or load something, with where it stands
/// (an unreadable SVG is one problem).
pub fn problems(text: &str) -> Vec<(Pos, String)> {
    let doc = match parse(text) {
        Ok(d) => d,
        Err(pos) => return vec![(pos, UNREADABLE.to_string())],
    };
    let mut problems = Vec::new();
    let at = |n: roxmltree::Node| {
        let p = doc.text_pos_at(n.range().start);
        Pos::new(p.row as usize, p.col as usize)
    };
    for node in doc.descendants() {
        if node.is_pi() && node.pi().is_some_and(|pi| pi.target == "xml-stylesheet") {
            problems.push((at(node), "appelle une feuille de style externe".to_string()));
        }
        if !node.is_element() {
            continue;
        }
        let name = node.tag_name().name();
        if node.tag_name().namespace() == Some("http://www.w3.org/1999/xhtml")
            && node
                .parent_element()
                .is_none_or(|p| p.tag_name().namespace() != node.tag_name().namespace())
            && !node
                .ancestors()
                .any(|a| a.tag_name().name().eq_ignore_ascii_case("foreignobject"))
        {
            problems.push((at(node), format!("contient du HTML (<{name}>)")));
        }
        match name.to_ascii_lowercase().as_str() {
            "iframe" | "embed" | "object" | "meta" | "form" | "img" | "audio" | "video"
            | "link" | "base" | "frame" | "frameset" | "portal" => problems.push((
                at(node),
                format!("contient un élément qui charge ou exécute (<{name}>)"),
            )),
            "script" => problems.push((at(node), "contient un script (<script>)".into())),
            "foreignobject" => {
                problems.push((at(node), "contient du HTML (<foreignObject>)".into()))
            }
            "style" => {
                let css = node.text().unwrap_or("");
                if css_loads(css) {
                    problems.push((
                        at(node),
                        "charge une ressource externe depuis <style>".into(),
                    ));
                }
            }
            "set" | "animate" | "animatetransform" | "animatemotion" => {
                let target = node.attribute("attributeName").unwrap_or("");
                if target.to_ascii_lowercase().starts_with("on") || target.ends_with("href") {
                    problems.push((
                        at(node),
                        format!("anime l'attribut « {target} » (<{name}>)"),
                    ));
                }
            }
            _ => {}
        }
        for a in node.attributes() {
            let attr = a.name();
            let value = a.value().trim();
            if a.namespace() == Some("http://www.w3.org/XML/1998/namespace") && attr == "base" {
                problems.push((
                    at(node),
                    format!("change l'adresse de ses liens (xml:base sur <{name}>)"),
                ));
            } else if value.to_ascii_lowercase().contains("javascript:") {
                problems.push((at(node), format!("a un lien javascript: sur <{name}>")));
            } else if attr.to_ascii_lowercase().starts_with("on") {
                problems.push((
                    at(node),
                    format!("a un attribut de comportement « {attr} » sur <{name}>"),
                ));
            } else if attr == "href" {
                let lower = value.to_ascii_lowercase();
                let fine = value.starts_with('#')
                    || (name == "image" && EMBEDDED.iter().any(|e| lower.starts_with(e)))
                    || (name == "a"
                        && (lower.starts_with("https://") || lower.starts_with("http://")));
                if !fine {
                    problems.push((
                        at(node),
                        format!("renvoie vers « {} » (<{name}>)", shorten(value)),
                    ));
                }
            } else if attr == "style" && css_loads(value) {
                problems.push((at(node), format!("charge une ressource externe (<{name}>)")));
            }
        }
    }
    problems
}

fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(svg: &str) -> Cleaned {
        match inert(svg) {
            Inert::Cleaned(c) => c,
            Inert::Refused { why, .. } => panic!("refused: {why}"),
        }
    }

    /// Nothing in a written SVG can run or load: checked by parsing it.
    pub(crate) fn assert_inert(svg: &str) {
        let doc = roxmltree::Document::parse(svg).expect("the written SVG parses");
        for n in doc.descendants().filter(|n| n.is_element()) {
            assert_eq!(n.tag_name().namespace(), Some(SVG_NS), "{svg}");
            assert!(ELEMENTS.contains(&n.tag_name().name()), "{svg}");
            for a in n.attributes() {
                assert!(!a.name().to_ascii_lowercase().starts_with("on"), "{svg}");
                let v = a.value().to_ascii_lowercase();
                assert!(!v.contains("javascript:"), "{svg}");
                if a.name() == "href" {
                    assert!(v.starts_with('#') || v.starts_with("data:image/"), "{svg}");
                }
                assert!(!css_loads(a.value()) || a.name() == "href", "{svg}");
            }
        }
    }

    #[test]
    fn a_drawing_is_written_again_whole() {
        let svg = r##"<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 10 10" inkscape:version="1.2"><defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs><rect fill="url(#g)" width="10" height="10"/><use xlink:href="#g"/><image href="data:image/png;base64,AAAA" width="1" height="1"/><text x="1" y="5">A &amp; B &lt; C</text></svg>"##;
        let c = cleaned(svg);
        assert!(c.removed.is_empty(), "{:?}", c.removed);
        assert_eq!(
            c.svg,
            r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"><defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs><rect fill="url(#g)" width="10" height="10"/><use xlink:href="#g"/><image href="data:image/png;base64,AAAA" width="1" height="1"/><text x="1" y="5">A &amp; B &lt; C</text></svg>"##
        );
        assert_inert(&c.svg);
    }

    #[test]
    fn entities_are_refused_before_anything_else() {
        let svg = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY s \"&#60;script&#62;alert(1)&#60;/script&#62;\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\">&s;</svg>";
        let Inert::Refused { line, why, .. } = inert(svg) else {
            panic!("published")
        };
        assert_eq!(line, 2);
        assert!(why.contains("entités"), "{why}");
    }

    #[test]
    fn what_ran_script_or_loaded_is_not_written() {
        for svg in [
            r#"<svg xmlns="http://www.w3.org/2000/svg"><iframe xmlns="http://www.w3.org/1999/xhtml" srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml"><h:iframe src="javascript:alert(1)"/><h:embed src="https://e.nc/x"/><h:object data="x"/><h:meta http-equiv="refresh" content="0;url=https://e.nc"/><h:form action="https://e.nc"/><h:img src="https://e.nc/p.png"/></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)"><rect width="1" height="1"/></a><set attributeName="onclick" to="alert(4)"/><animate attributeName="href" to="javascript:alert(5)"/><foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>"#,
            r#"<svg xmlns="http://www.w3.org/2000/svg" xml:base="https://e.nc/"><image href="https://e.nc/x.png"/><use href="https://e.nc/s.svg#a"/><rect style="fill:url(https://e.nc/p)"/><rect style="background:image-set('https://e.nc/a.png' 1x)"/><style>@import url(https://e.nc/s.css);</style><rect fill="url( 'https://e.nc/p')"/></svg>"#,
        ] {
            let c = cleaned(svg);
            assert!(!c.removed.is_empty(), "{svg}");
            assert_inert(&c.svg);
            let lower = c.svg.to_ascii_lowercase();
            for needle in [
                "script",
                "javascript",
                "iframe",
                "e.nc",
                "onload",
                "xml:base",
                "@import",
            ] {
                assert!(!lower.contains(needle), "{needle} in {}", c.svg);
            }
        }
    }

    /// Pieces of SVG an attacker puts together: whatever the mix, what is
    /// written is inert.
    const PIECES: &[&str] = &[
        "<script>alert(1)</script>",
        "<rect width=\"1\" height=\"1\" onclick=\"alert(1)\"/>",
        "<a href=\"javascript:alert(1)\"><circle r=\"1\"/></a>",
        "<a xlink:href=\"https://e.nc/\"><text>t</text></a>",
        "<iframe xmlns=\"http://www.w3.org/1999/xhtml\" srcdoc=\"&lt;script&gt;x&lt;/script&gt;\"/>",
        "<h:embed xmlns:h=\"http://www.w3.org/1999/xhtml\" src=\"https://e.nc\"/>",
        "<foreignObject><body xmlns=\"http://www.w3.org/1999/xhtml\"><script>x</script></body></foreignObject>",
        "<set attributeName=\"onload\" to=\"alert(1)\"/>",
        "<animate attributeName=\"href\" values=\"javascript:alert(1)\"/>",
        "<image href=\"https://e.nc/x.png\"/>",
        "<image xlink:href=\"data:image/png;base64,AAAA\" width=\"1\" height=\"1\"/>",
        "<use href=\"https://e.nc/s.svg#a\"/>",
        "<use href=\"#g\"/>",
        "<style>@import url(https://e.nc/x.css);</style>",
        "<style>rect{fill:url(#g)}</style>",
        "<style>rect{background:image-set(\"https://e.nc/a.png\" 1x)}</style>",
        "<rect style=\"fill:url(https://e.nc/p)\"/>",
        "<rect style=\"fill:u\\72l(https://e.nc/p)\"/>",
        "<g xml:base=\"https://e.nc/\"><use href=\"#g\"/></g>",
        "<linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"red\"/></linearGradient>",
        "<text x=\"1\">&lt;script&gt;alert(1)&lt;/script&gt;</text>",
        "<filter id=\"f\"><feImage href=\"https://e.nc/x.png\"/><feGaussianBlur stdDeviation=\"1\"/></filter>",
        "<metadata><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/></metadata>",
        "<path d=\"M0 0L1 1\" fill=\"url( 'https://e.nc/p')\"/>",
        "<switch><g requiredFeatures=\"x\"><circle r=\"2\"/></g></switch>",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        #[test]
        fn any_mix_of_hostile_pieces_is_written_inert(
            picks in proptest::collection::vec(0..PIECES.len(), 0..12),
            root_attr in 0usize..4,
        ) {
            let attrs = ["", " onload=\"alert(1)\"", " xml:base=\"https://e.nc/\"", " style=\"background:url(https://e.nc/)\""];
            let body: String = picks.iter().map(|i| PIECES[*i]).collect();
            let svg = format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"{}>{body}</svg>",
                attrs[root_attr]
            );
            if let Inert::Cleaned(c) = inert(&svg) {
                assert_inert(&c.svg);
                let lower = c.svg.to_ascii_lowercase();
                for needle in ["script>", "javascript", "e.nc", "onload", "onclick", "xml:base", "@import", "image-set"] {
                    proptest::prop_assert!(!lower.contains(needle), "{} in {}", needle, c.svg);
                }
            }
        }
    }

    #[test]
    fn not_an_svg_drawing_is_refused() {
        assert!(matches!(inert("<svg"), Inert::Refused { .. }));
        assert!(matches!(
            inert("<html xmlns=\"http://www.w3.org/1999/xhtml\"><script>1</script></html>"),
            Inert::Refused { .. }
        ));
        // Without its namespace, an `<svg>` is still a drawing: the
        // written file declares it.
        assert_eq!(
            cleaned("<svg><rect/></svg>").svg,
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>"
        );
    }

    #[test]
    fn a_plain_svg_passes() {
        let svg = r##"<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"><defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="10" height="10"/><use xlink:href="#g"/><image href="data:image/png;base64,AAAA"/></svg>"##;
        assert_eq!(problems(svg), vec![]);
    }

    #[test]
    fn active_svg_content_is_found_with_its_line() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\">\n<script>alert(2)</script>\n<foreignObject><div/></foreignObject>\n<image href=\"https://e.nc/x.png\"/>\n<set attributeName=\"onmouseover\" to=\"alert(3)\"/>\n<rect style=\"fill:url(https://e.nc/p)\"/>\n</svg>";
        let found: Vec<usize> = problems(svg).iter().map(|(p, _)| p.line).collect();
        assert_eq!(found, [1, 2, 3, 4, 5, 6]);
        assert!(!problems("<svg").is_empty());
    }
}
