//! From a filled-in layout to pixels: resvg draws the SVG at the exact size
//! a network asks for, with the theme's fonts and nothing else.
//!
//! - **Fonts**: the database holds only the files it is given (the theme's
//!   `visuels/polices/`), never the machine's, so a visual has the same
//!   pixels on every machine; a family the layout names but the theme lacks
//!   falls back to the theme's first font.
//! - **No file is read**: an `<image>` may only carry its picture inline (a
//!   `data:` URL, as kitpress passes a photo's variant); a path or an
//!   address in `href` is ignored, whatever the layout or the data say.
//! - **Deterministic**: the same SVG and fonts give the same bytes.

use std::sync::Arc;

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, fontdb, ImageHrefResolver};

/// The fonts a visual may use.
#[derive(Clone)]
pub struct Fonts {
    db: Arc<fontdb::Database>,
    /// The family of the first font: what text without a known family uses.
    default_family: String,
    /// The bold face's file (what titles are measured with), else the first.
    measure: Arc<Vec<u8>>,
    /// Hash of every file, for the cache of drawn visuals.
    pub hash: String,
}

impl Fonts {
    /// A database holding only the fonts in `files` (TrueType or OpenType
    /// bytes); files that are not fonts are left out.
    pub fn new(files: impl IntoIterator<Item = Vec<u8>>) -> Fonts {
        let mut db = fontdb::Database::new();
        let mut hasher = blake3::Hasher::new();
        let mut measure: Option<Arc<Vec<u8>>> = None;
        for bytes in files {
            let Some(face) = rustybuzz::Face::from_slice(&bytes, 0) else {
                continue;
            };
            let bold = face.is_bold();
            hasher.update(&bytes);
            let shared = Arc::new(bytes);
            if bold || measure.is_none() {
                measure = Some(Arc::clone(&shared));
            }
            db.load_font_data(shared.to_vec());
        }
        let default_family = db
            .faces()
            .next()
            .and_then(|f| f.families.first().map(|(name, _)| name.clone()))
            .unwrap_or_default();
        // Generic families (`sans-serif` in a funder's SVG logo, drawn
        // inside a visual) are the theme's font too: no machine font.
        db.set_sans_serif_family(default_family.clone());
        db.set_serif_family(default_family.clone());
        db.set_monospace_family(default_family.clone());
        db.set_cursive_family(default_family.clone());
        db.set_fantasy_family(default_family.clone());
        Fonts {
            db: Arc::new(db),
            default_family,
            measure: measure.unwrap_or_default(),
            hash: hasher.finalize().to_hex()[..16].to_string(),
        }
    }

    /// The bytes of the face titles are measured with (bold when there is
    /// one), for [`crate::visuals::text::Font::parse`].
    pub fn measuring_face(&self) -> &[u8] {
        &self.measure
    }

    /// The default theme's fonts (`themes/clicmouv/visuels/polices/`).
    pub fn builtin() -> Fonts {
        let files = crate::theme::DEFAULT_THEME
            .get_dir("visuels/polices")
            .map(|d| {
                d.files()
                    .filter(|f| {
                        f.path()
                            .extension()
                            .is_some_and(|e| e == "ttf" || e == "otf")
                    })
                    .map(|f| f.contents().to_vec())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        Fonts::new(files)
    }

    /// The fonts of `theme` (its `visuels/polices/`), or the default
    /// theme's when it has none.
    pub fn of_theme(theme: &crate::theme::ThemeSource) -> Fonts {
        if let crate::theme::ThemeSource::Disk(dir) = theme {
            let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(dir.join("visuels/polices"))
                .map(|r| r.flatten().map(|e| e.path()).collect())
                .unwrap_or_default();
            files.sort();
            let fonts = Fonts::new(
                files
                    .iter()
                    .filter(|p| p.extension().is_some_and(|e| e == "ttf" || e == "otf"))
                    .filter_map(|p| std::fs::read(p).ok()),
            );
            if !fonts.is_empty() {
                return fonts;
            }
        }
        Fonts::builtin()
    }

    /// How many font faces there are.
    pub fn len(&self) -> usize {
        self.db.len()
    }

    pub fn is_empty(&self) -> bool {
        self.db.is_empty()
    }
}

/// Why a layout could not be drawn (French, for the report).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RasterError(pub String);

/// Draws `svg` as a PNG of exactly `width` × `height` pixels, its own
/// size scaled to fill them.
pub fn png(svg: &str, width: u32, height: u32, fonts: &Fonts) -> Result<Vec<u8>, RasterError> {
    draw(svg, width, height, fonts)?
        .encode_png()
        .map_err(|e| RasterError(format!("encodage PNG impossible : {e}")))
}

/// JPEG quality of a drawn visual: text stays crisp, and under 90 the
/// encoder halves the colours' resolution (4:2:0), a third less work.
const JPEG_QUALITY: u8 = 88;

/// Draws `svg` as a JPEG of exactly `width` × `height` pixels (what the
/// networks take everywhere), over white where the layout leaves a hole.
pub fn jpeg(svg: &str, width: u32, height: u32, fonts: &Fonts) -> Result<Vec<u8>, RasterError> {
    let pixmap = draw(svg, width, height, fonts)?;
    // jpeg-encoder: five times faster than `image`'s encoder here, where
    // the encoding is most of a visual's cost. Every pixel is opaque (drawn
    // over white), so the premultiplied RGBA is plain RGBA, its alpha
    // ignored.
    let (Ok(w), Ok(h)) = (u16::try_from(width), u16::try_from(height)) else {
        return Err(RasterError(format!(
            "taille impossible : {width} × {height} pixels"
        )));
    };
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, JPEG_QUALITY)
        .encode(pixmap.data(), w, h, jpeg_encoder::ColorType::Rgba)
        .map_err(|e| RasterError(format!("encodage JPEG impossible : {e}")))?;
    Ok(out)
}

/// The layout drawn over white.
fn draw(svg: &str, width: u32, height: u32, fonts: &Fonts) -> Result<Pixmap, RasterError> {
    let options = usvg::Options {
        fontdb: Arc::clone(&fonts.db),
        font_family: fonts.default_family.clone(),
        resources_dir: None,
        image_href_resolver: ImageHrefResolver {
            resolve_data: ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options)
        .map_err(|e| RasterError(format!("gabarit SVG illisible : {e}")))?;
    let mut pixmap = Pixmap::new(width, height)
        .ok_or_else(|| RasterError(format!("taille impossible : {width} × {height} pixels")))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    let size = tree.size();
    let scale = Transform::from_scale(width as f32 / size.width(), height as f32 / size.height());
    resvg::render(&tree, scale, &mut pixmap.as_mut());
    Ok(pixmap)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CARD: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
  <rect width="1200" height="630" fill="#005a9c"/>
  <text x="60" y="200" font-family="Atkinson Hyperlegible" font-weight="700" font-size="96" fill="#ffffff">Surf à Bourail</text>
  <text x="60" y="330" font-size="72" fill="#ffffff">2 500 F la séance</text>
</svg>"##;

    fn decoded(png: &[u8]) -> image::RgbaImage {
        image::load_from_memory(png).unwrap().to_rgba8()
    }

    #[test]
    fn a_layout_is_drawn_at_the_exact_size_with_the_themes_fonts() {
        let fonts = Fonts::builtin();
        assert_eq!(fonts.len(), 2, "regular and bold");
        for (w, h) in [(1200, 630), (1080, 1080), (1080, 1920)] {
            let img = decoded(&png(CARD, w, h, &fonts).unwrap());
            assert_eq!(img.dimensions(), (w, h));
        }
        let img = decoded(&png(CARD, 1200, 630, &fonts).unwrap());
        assert_eq!(img.get_pixel(5, 5).0, [0x00, 0x5a, 0x9c, 0xff]);
        // The text is drawn: white pixels where the title is.
        let white = (60..700)
            .flat_map(|x| (120..210).map(move |y| (x, y)))
            .filter(|&(x, y)| img.get_pixel(x, y).0[0] > 240)
            .count();
        assert!(white > 2000, "{white} white pixels");
        // Without the theme's fonts nothing is written: no machine font.
        let bare = decoded(&png(CARD, 1200, 630, &Fonts::new(Vec::new())).unwrap());
        let white = bare.pixels().filter(|p| p.0[0] > 240).count();
        assert_eq!(white, 0);
    }

    #[test]
    fn the_same_layout_gives_the_same_bytes() {
        let fonts = Fonts::builtin();
        assert_eq!(
            png(CARD, 1200, 630, &fonts).unwrap(),
            png(CARD, 1200, 630, &fonts).unwrap()
        );
    }

    #[test]
    fn no_file_is_read_through_an_image() {
        let fonts = Fonts::builtin();
        let plain = r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect width="100" height="100" fill="red"/></svg>"#;
        let dir = tempfile::tempdir().unwrap();
        let picture = dir.path().join("x.png");
        let blue = plain.replace("red", "blue");
        std::fs::write(&picture, png(&blue, 10, 10, &fonts).unwrap()).unwrap();
        for href in [
            picture.display().to_string(),
            format!("file://{}", picture.display()),
        ] {
            let svg = plain.replace(
                "</svg>",
                &format!(r#"<image href="{href}" width="100" height="100"/></svg>"#),
            );
            assert_eq!(
                png(&svg, 100, 100, &fonts).unwrap(),
                png(plain, 100, 100, &fonts).unwrap(),
                "{href}"
            );
        }
        // Inline, as kitpress passes a photo, the picture is drawn.
        use base64::Engine;
        let inline = format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(std::fs::read(&picture).unwrap())
        );
        let svg = plain.replace(
            "</svg>",
            &format!(r#"<image href="{inline}" width="100" height="100"/></svg>"#),
        );
        let img = decoded(&png(&svg, 100, 100, &fonts).unwrap());
        assert_eq!(img.get_pixel(50, 50).0, [0, 0, 255, 255]);
    }

    #[test]
    fn a_broken_layout_is_an_error_in_french() {
        let err = png("<svg", 10, 10, &Fonts::builtin()).unwrap_err();
        assert!(err.0.starts_with("gabarit SVG illisible"), "{err:?}");
        let err = png(CARD, 0, 10, &Fonts::builtin()).unwrap_err();
        assert!(err.0.starts_with("taille impossible"), "{err:?}");
    }
}
