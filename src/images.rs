//! `content/images/`: which files are published, and which may be.
//!
//! Only images that the published site uses are copied to the output: the
//! visuals of published files, images shown in their bodies, the logos of
//! `site.yaml`, and paths named in `content/data/`. An image used only by a
//! draft, or by nothing, stays out (the build summary counts them).
//!
//! A published file must be what its name says: a raster image whose bytes
//! are of its format, or an SVG with no active content (no script, event
//! handler, `foreignObject`, animation of a link or handler, or reference to
//! another file or site). Anything else under `content/images/` is reported
//! and never published.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Pos, Sink};
use crate::rules::Rule;
use crate::site::Site;

/// Folder of the site's images, relative to the root.
pub const DIR: &str = "content/images";

/// What a file under `content/images/` is, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Raster(image::ImageFormat),
    Svg,
    /// Not an image kitpress publishes.
    Other,
}

/// Raster formats a page may show.
const RASTER: [image::ImageFormat; 4] = [
    image::ImageFormat::Jpeg,
    image::ImageFormat::Png,
    image::ImageFormat::Gif,
    image::ImageFormat::WebP,
];

pub fn kind_of(rel: &str) -> Kind {
    let ext = rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("svg") => Kind::Svg,
        Some(e) => match image::ImageFormat::from_extension(e) {
            Some(f) if RASTER.contains(&f) => Kind::Raster(f),
            _ => Kind::Other,
        },
        None => Kind::Other,
    }
}

/// A file of `content/images/` that is not an image kitpress publishes.
pub fn not_an_image(rel: &str) -> Diagnostic {
    Diagnostic::new(
        Rule::FichierNonPublie,
        rel,
        Pos::default(),
        "ce fichier n'est pas une image JPEG, PNG, GIF, WebP ou SVG : il n'est pas publié",
    )
    .with_hint("rangez les documents ailleurs que dans content/images/, ou enregistrez l'image dans l'un de ces formats")
}

/// The images (paths under `content/images/`) that the published site uses,
/// given those the rendered bodies showed.
pub fn used(site: &Site, in_bodies: impl IntoIterator<Item = String>) -> BTreeSet<String> {
    let mut used: BTreeSet<String> = in_bodies.into_iter().collect();
    for d in site.library.heads().filter(|d| d.published) {
        if let Some(v) = &d.common.visuel {
            used.insert(v.src.clone());
        }
    }
    let cfg = &site.config;
    let logos = cfg
        .charte
        .logo
        .iter()
        .chain(&cfg.charte.partage)
        .chain(cfg.financeurs.iter().filter_map(|f| f.logo.as_ref()));
    for logo in logos {
        used.insert(logo.trim_start_matches("images/").to_string());
    }
    let mut strings = Vec::new();
    for v in site.data.values() {
        collect_strings(v, &mut strings);
    }
    for s in strings {
        let s = s.trim_start_matches('/').trim_start_matches("images/");
        if site.images.contains(s) {
            used.insert(s.to_string());
        }
    }
    used.retain(|i| site.images.contains(i));
    used
}

fn collect_strings<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match v {
        serde_json::Value::String(s) => out.push(s),
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        serde_json::Value::Object(m) => m.values().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}

/// Checks an image before it is published; problems go to `sink`, and
/// `false` keeps the file out.
pub fn check(root: &Path, img: &str, sink: &Sink) -> bool {
    let rel = format!("{DIR}/{img}");
    let path = root.join(&rel);
    match kind_of(img) {
        Kind::Other => {
            sink.push(not_an_image(&rel));
            false
        }
        Kind::Raster(format) => {
            let mut head = [0u8; 32];
            let n = std::fs::File::open(&path)
                .and_then(|mut f| f.read(&mut head))
                .unwrap_or(0);
            match image::guess_format(&head[..n]) {
                Ok(found) if found == format => true,
                _ => {
                    sink.push(
                        Diagnostic::new(
                            Rule::ImageInvalide,
                            rel,
                            Pos::default(),
                            format!(
                                "le contenu de ce fichier n'est pas une image {} comme son nom l'annonce",
                                format_name(format)
                            ),
                        )
                        .with_hint("ouvrez l'image dans un logiciel d'images et réenregistrez-la en JPEG, PNG ou WebP"),
                    );
                    false
                }
            }
        }
        Kind::Svg => {
            let text = match std::fs::read(&path) {
                Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                Err(e) => {
                    sink.push(Diagnostic::new(
                        Rule::LectureImpossible,
                        rel,
                        Pos::default(),
                        format!(
                            "impossible de lire l'image : {}",
                            crate::diagnostic::io_fr(&e)
                        ),
                    ));
                    return false;
                }
            };
            let problems = svg_problems(&text);
            for (pos, what) in &problems {
                sink.push(
                    Diagnostic::new(
                        Rule::SvgActif,
                        &rel,
                        *pos,
                        format!("l'image SVG {what} : elle n'est pas publiée"),
                    )
                    .with_hint("exportez l'image sans script ni lien externe (Inkscape : « SVG simple »), ou en PNG"),
                );
            }
            problems.is_empty()
        }
    }
}

/// Width and height of an image under `content/images/` (raster from its
/// header, SVG from its `width`/`height` or `viewBox`), when known.
pub fn size_of(root: &Path, img: &str) -> Option<(u32, u32)> {
    match kind_of(img) {
        Kind::Raster(_) => image::image_dimensions(root.join(DIR).join(img)).ok(),
        Kind::Svg => svg_size_of(root, img),
        Kind::Other => None,
    }
}

/// The size an SVG gives itself.
pub fn svg_size_of(root: &Path, img: &str) -> Option<(u32, u32)> {
    let text = std::fs::read_to_string(root.join(DIR).join(img)).ok()?;
    svg_size(&text)
}

pub fn svg_size(text: &str) -> Option<(u32, u32)> {
    let doc = roxmltree::Document::parse(text).ok()?;
    let svg = doc.root_element();
    let px = |name: &str| -> Option<f64> {
        let v = svg.attribute(name)?.trim().trim_end_matches("px");
        v.parse::<f64>().ok().filter(|n| *n > 0.0)
    };
    let (w, h) = match (px("width"), px("height")) {
        (Some(w), Some(h)) => (w, h),
        _ => {
            let b: Vec<f64> = svg
                .attribute("viewBox")?
                .split([' ', ','])
                .filter_map(|n| n.parse().ok())
                .collect();
            match b.as_slice() {
                [_, _, w, h] if *w > 0.0 && *h > 0.0 => (*w, *h),
                _ => return None,
            }
        }
    };
    Some((w.round().max(1.0) as u32, h.round().max(1.0) as u32))
}

fn format_name(f: image::ImageFormat) -> &'static str {
    match f {
        image::ImageFormat::Jpeg => "JPEG",
        image::ImageFormat::Png => "PNG",
        image::ImageFormat::Gif => "GIF",
        image::ImageFormat::WebP => "WebP",
        _ => "de ce format",
    }
}

/// Raster images an SVG may embed as `data:` URLs.
const EMBEDDED: [&str; 4] = [
    "data:image/png",
    "data:image/jpeg",
    "data:image/gif",
    "data:image/webp",
];

/// What in an SVG could run or load something, with where it stands
/// (an unreadable SVG is one problem).
pub fn svg_problems(text: &str) -> Vec<(Pos, String)> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: 200_000,
        ..Default::default()
    };
    let doc = match roxmltree::Document::parse_with_options(text, options) {
        Ok(d) => d,
        Err(e) => {
            let p = e.pos();
            return vec![(
                Pos::new(p.row as usize, p.col as usize),
                "est illisible (ce n'est pas du XML valide)".to_string(),
            )];
        }
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
        match name.to_ascii_lowercase().as_str() {
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
            if attr.to_ascii_lowercase().starts_with("on") {
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

/// Whether CSS text loads something other than a fragment of the file.
fn css_loads(css: &str) -> bool {
    let lower = css.to_ascii_lowercase();
    lower.contains("@import")
        || lower.match_indices("url(").any(|(i, m)| {
            let rest = lower[i + m.len()..].trim_start_matches([' ', '"', '\'']);
            !rest.starts_with('#')
        })
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

    #[test]
    fn kinds_come_from_the_extension() {
        assert_eq!(kind_of("a/b.JPG"), Kind::Raster(image::ImageFormat::Jpeg));
        assert_eq!(kind_of("x.svg"), Kind::Svg);
        assert_eq!(kind_of("x.html"), Kind::Other);
        assert_eq!(kind_of("x.xhtml"), Kind::Other);
        assert_eq!(kind_of("x"), Kind::Other);
    }

    #[test]
    fn a_plain_svg_passes() {
        let svg = r##"<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"><defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="10" height="10"/><use xlink:href="#g"/><image href="data:image/png;base64,AAAA"/></svg>"##;
        assert_eq!(svg_problems(svg), vec![]);
    }

    #[test]
    fn active_svg_content_is_found_with_its_line() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\">\n<script>alert(2)</script>\n<foreignObject><div/></foreignObject>\n<image href=\"https://e.nc/x.png\"/>\n<set attributeName=\"onmouseover\" to=\"alert(3)\"/>\n<rect style=\"fill:url(https://e.nc/p)\"/>\n</svg>";
        let found: Vec<usize> = svg_problems(svg).iter().map(|(p, _)| p.line).collect();
        assert_eq!(found, [1, 2, 3, 4, 5, 6]);
        assert!(!svg_problems("<svg").is_empty());
    }
}
