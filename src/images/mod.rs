//! `content/images/`: which files are published, which may be, and what
//! each becomes ([`plan`]).
//!
//! Only images that the published site uses are copied to the output: the
//! visuals of published files, images shown in their bodies, the logos of
//! `site.yaml`, and paths named in `content/data/`. An image used only by a
//! draft, or by nothing, stays out (the build summary counts them).
//!
//! A published file must be what its name says: a raster image whose bytes
//! are of its format, or an SVG with no active content ([`crate::svg`]: no
//! script, event handler, `foreignObject`, HTML element, animation of a link
//! or handler, internal DTD, or reference to another file or site), which is
//! then published written again from its drawing alone. Anything else under
//! `content/images/` is reported and never published.

pub mod plan;

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Pos, Sink};
use crate::rules::Rule;

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

/// Whether kitpress makes variants of this file (JPEG, PNG, WebP).
pub fn processed(src: &str) -> bool {
    matches!(
        kind_of(src),
        Kind::Raster(f) if f != image::ImageFormat::Gif
    )
}

/// An image larger than kitpress decodes ([`crate::limits::MAX_SIDE`],
/// [`crate::limits::MAX_PIXELS`]), at the line of the `visuel` that shows
/// it, or at the file.
pub fn too_large(file: &str, pos: Pos, w: u32, h: u32) -> Diagnostic {
    Diagnostic::new(
        Rule::ImageTropGrande,
        file,
        pos,
        format!(
            "image de {} × {} pixels : au-delà de {} pixels de côté ou {} millions de pixels, elle n'est pas traitée",
            crate::typography::thousands(w.into()),
            crate::typography::thousands(h.into()),
            crate::typography::thousands(crate::limits::MAX_SIDE.into()),
            crate::limits::MAX_PIXELS / 1_000_000
        ),
    )
    .with_key_opt((pos.line > 0).then_some("visuel.src"))
    .with_hint("réduisez l'image (2 000 pixels de large suffisent pour le site) et réenregistrez-la")
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

/// Checks an image before it is published, from what [`probe`] read of it
/// (`probes`, the site's inventory: no header is read again); problems go
/// to `sink`, and `false` keeps the file out.
pub fn check(root: &Path, probes: &BTreeMap<String, Probe>, img: &str, sink: &Sink) -> bool {
    let rel = format!("{DIR}/{img}");
    let path = root.join(&rel);
    match kind_of(img) {
        Kind::Other => {
            sink.push(not_an_image(&rel));
            false
        }
        Kind::Raster(format) => {
            if matches!(
                probes.get(img),
                Some(Probe::Sized(..) | Probe::Unreadable(_))
            ) {
                return true;
            }
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
            let problems = crate::svg::problems(&text);
            let refused = match crate::svg::inert(&text) {
                crate::svg::Inert::Refused { line, col, why } => {
                    Some((Pos::new(line as usize, col as usize), why))
                }
                crate::svg::Inert::Cleaned(c) if problems.is_empty() && !c.removed.is_empty() => {
                    let removed: Vec<&str> = c.removed.iter().map(String::as_str).collect();
                    sink.push(
                        Diagnostic::new(
                            Rule::SvgNettoye,
                            &rel,
                            Pos::default(),
                            format!(
                                "l'image SVG est publiée sans ce qui ne dessine pas : {}",
                                removed.join(", ")
                            ),
                        )
                        .with_hint("exportez l'image en « SVG simple » (Inkscape) ou « SVG optimisé » pour qu'elle soit publiée telle quelle"),
                    );
                    None
                }
                crate::svg::Inert::Cleaned(_) => None,
            };
            // A refusal (a DTD with entities, unreadable XML) is the
            // cause: what the parser made of the file after it is not said.
            let problems = match refused {
                Some(refusal) => vec![refusal],
                None => problems,
            };
            let mut any = false;
            for (pos, what) in problems {
                any = true;
                sink.push(
                    Diagnostic::new(
                        Rule::SvgActif,
                        &rel,
                        pos,
                        format!("l'image SVG {what} : elle n'est pas publiée"),
                    )
                    .with_hint("exportez l'image sans script ni lien externe (Inkscape : « SVG simple »), ou en PNG"),
                );
            }
            !any
        }
    }
}

/// The bytes an SVG of `content/images/` is published as: its drawing
/// written again by [`crate::svg::inert`]; `None` for one that is refused
/// (already reported by [`check`]).
pub fn published_svg(root: &Path, img: &str) -> Option<Vec<u8>> {
    let bytes = std::fs::read(root.join(DIR).join(img)).ok()?;
    match crate::svg::inert(&String::from_utf8_lossy(&bytes)) {
        crate::svg::Inert::Cleaned(c) => Some(c.svg.into_bytes()),
        crate::svg::Inert::Refused { .. } => None,
    }
}

/// What reading a picture's header gave: each picture of the site is read
/// once ([`crate::derive::images::measure`]) and what it gave is kept in
/// [`crate::site::Site::probes`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Probe {
    Sized(u32, u32),
    /// An SVG, sized from its own attributes when it gives them.
    Svg(Option<(u32, u32)>),
    /// Bytes that are not of the format its name announces (or of none).
    NotItsFormat,
    /// Of its format, but why it cannot be read, for a person.
    Unreadable(String),
}

impl Probe {
    /// The picture's width and height, when known (over the limits too).
    pub fn size(&self) -> Option<(u32, u32)> {
        match self {
            Probe::Sized(w, h) => Some((*w, *h)),
            Probe::Svg(size) => *size,
            Probe::NotItsFormat | Probe::Unreadable(_) => None,
        }
    }
}

/// Reads the size of `content/images/<src>` from its header (raster: its
/// first bytes must be of the format its name announces) or its attributes
/// (SVG).
pub fn probe(root: &Path, src: &str) -> Probe {
    let Kind::Raster(format) = kind_of(src) else {
        return Probe::Svg(svg_size_of(root, src));
    };
    let file = match std::fs::File::open(root.join(DIR).join(src)) {
        Ok(f) => std::io::BufReader::new(f),
        Err(io) => return Probe::Unreadable(crate::diagnostic::io_fr(&io)),
    };
    probe_raster(file, format)
}

/// Reads the size of a raster picture of `format` from `file`'s header.
fn probe_raster(mut file: impl BufRead + std::io::Seek, format: image::ImageFormat) -> Probe {
    let unreadable = |io: std::io::Error| Probe::Unreadable(crate::diagnostic::io_fr(&io));
    // The header is looked at without being consumed: the decoder reads it
    // again from the buffer, not from the disk.
    match file.fill_buf() {
        Ok(head) if image::guess_format(head).ok() == Some(format) => {}
        Ok(_) => return Probe::NotItsFormat,
        Err(io) => return unreadable(io),
    }
    match image::ImageReader::with_format(file, format).into_dimensions() {
        Ok((w, h)) => Probe::Sized(w, h),
        Err(image::ImageError::IoError(io)) => unreadable(io),
        Err(_) => Probe::Unreadable("fichier abîmé ou tronqué".to_string()),
    }
}

/// Why a file sent to be saved as `name` under `content/images/` (an
/// upload of the CMS) is refused, checked as a build checks a picture: a
/// kind kitpress publishes, bytes of the format the name announces, within
/// the size limits (a decompression bomb is refused before it is decoded),
/// and for an SVG no active content. `None`: it may be written.
pub fn upload_problem(name: &str, bytes: &[u8]) -> Option<String> {
    match kind_of(name) {
        Kind::Other => {
            Some("seules les images JPEG, PNG, GIF, WebP et SVG peuvent être envoyées".to_string())
        }
        Kind::Svg => {
            let Ok(text) = std::str::from_utf8(bytes) else {
                return Some("ce fichier SVG n'est pas du texte UTF-8".to_string());
            };
            // As a build: anything that could run or load is refused
            // (`svg-actif`), not quietly cleaned.
            if let Some((_, why)) = crate::svg::problems(text).into_iter().next() {
                return Some(format!("SVG refusé : {why}"));
            }
            match crate::svg::inert(text) {
                crate::svg::Inert::Refused { why, .. } => Some(format!("SVG refusé : {why}")),
                crate::svg::Inert::Cleaned(_) => None,
            }
        }
        Kind::Raster(format) => match probe_raster(std::io::Cursor::new(bytes), format) {
            Probe::Sized(w, h) if !crate::limits::within_limits(w, h) => Some(format!(
                "image de {} × {} pixels : au-delà de {} pixels de côté ou {} millions de pixels",
                crate::typography::thousands(w.into()),
                crate::typography::thousands(h.into()),
                crate::typography::thousands(crate::limits::MAX_SIDE.into()),
                crate::limits::MAX_PIXELS / 1_000_000
            )),
            Probe::Sized(..) | Probe::Svg(_) => None,
            Probe::NotItsFormat => Some(format!(
                "le contenu de ce fichier n'est pas une image {} : son nom ne dit pas ce qu'il est",
                format_name(format)
            )),
            Probe::Unreadable(why) => Some(format!("image illisible : {why}")),
        },
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
}
