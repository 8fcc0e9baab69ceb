//! Which files an image becomes, from its size alone (no decoding): the
//! widths of its responsive variants, in its fallback format and in WebP,
//! and — for a visual — its three social formats cropped around its focal
//! point.

use serde::Serialize;

/// The visuals kitpress draws for one item (issue 29), as URLs relative to
/// the site root: one file per format, named after the item's page
/// (`visuels/offres/surf-partage.jpg`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cartes {
    /// 1200 × 630, shared links (`og:image`).
    pub partage: String,
    /// 1080 × 1080, posts (items the diffusion kit may carry).
    pub carre: Option<String>,
    /// 1080 × 1920, stories (the same).
    pub vertical: Option<String>,
    /// 640 × 360, without text: the picture of the item's card in lists
    /// when it has no photo. One per universe (or per section for items
    /// without one), shared by its items.
    pub vignette: String,
}

impl Cartes {
    /// The files of an item whose files start with `base`
    /// (`visuels/offres/surf`), its card's picture named after `family`
    /// (its universe, or its section).
    pub fn at(base: &str, family: &str) -> Cartes {
        Cartes {
            partage: format!("{base}-partage.jpg"),
            carre: Some(format!("{base}-carre.jpg")),
            vertical: Some(format!("{base}-vertical.jpg")),
            vignette: format!("visuels/vignettes/{family}.jpg"),
        }
    }

    /// The same with the shared-link format only (pages the diffusion kit
    /// never carries: the kit's and the guide's).
    pub fn sharing_only(base: &str, family: &str) -> Cartes {
        Cartes {
            carre: None,
            vertical: None,
            ..Cartes::at(base, family)
        }
    }

    /// Each file with its layout's name, width and height.
    pub fn files(&self) -> Vec<(&'static str, &str, u32, u32)> {
        let mut files = vec![("partage", self.partage.as_str(), 1200, 630)];
        if let Some(c) = &self.carre {
            files.push(("carre", c, 1080, 1080));
        }
        if let Some(v) = &self.vertical {
            files.push(("vertical", v, 1080, 1920));
        }
        files
    }

    /// Width and height of [`Cartes::vignette`].
    pub const VIGNETTE: (u32, u32) = (640, 360);
}

/// Widths of the responsive variants; an image is never enlarged, and is
/// published at most this wide.
pub const WIDTHS: [u32; 3] = [480, 960, 1600];
pub const MAX_WIDTH: u32 = 1600;

/// The social formats of a visual: name, width, height.
pub const SOCIAL: [(&str, u32, u32); 3] = [
    ("carre", 1080, 1080),
    ("vertical", 1080, 1920),
    ("partage", 1200, 630),
];

/// An encoding kitpress writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    Jpeg,
    Png,
    WebP,
}

impl Encoding {
    pub fn ext(self) -> &'static str {
        match self {
            Encoding::Jpeg => "jpg",
            Encoding::Png => "png",
            Encoding::WebP => "webp",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Encoding::Jpeg => "image/jpeg",
            Encoding::Png => "image/png",
            Encoding::WebP => "image/webp",
        }
    }
}

/// What one output file is made of.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    /// The whole picture at this width (height kept in proportion).
    Width(u32),
    /// Cropped to `w`×`h`'s proportions around the focal point, then sized.
    Crop { w: u32, h: u32, focal: [f64; 2] },
}

/// One file to produce from a source image.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub shape: Shape,
    pub encoding: Encoding,
    /// Path in the output (`images/offres/surf-480.webp`).
    pub out: String,
}

impl Variant {
    /// The name of this variant in the source's cache folder: it holds
    /// every parameter the bytes depend on.
    pub fn cache_name(&self) -> String {
        match self.shape {
            Shape::Width(w) => format!("{w}.{}", self.encoding.ext()),
            Shape::Crop { w, h, focal } => format!(
                "{w}x{h}-{:.3}-{:.3}.{}",
                focal[0],
                focal[1],
                self.encoding.ext()
            ),
        }
    }
}

/// One width of a `srcset`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    pub url: String,
    pub largeur: u32,
}

/// What templates know of a processed visual (`visuel.variantes`): URLs
/// relative to the site root, percent-encoded ([`crate::escape::url_path`]):
/// a file name with spaces or commas stays one URL in a `srcset`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Variantes {
    /// The largest fallback file, for `src`.
    pub src: String,
    pub largeur: u32,
    pub hauteur: u32,
    pub type_repli: &'static str,
    /// Fallback format (JPEG, or PNG for a PNG source), by width.
    pub repli: Vec<Source>,
    /// WebP, by width.
    pub webp: Vec<Source>,
    /// Social formats (`carre`, `vertical`, `partage`), when planned.
    pub carre: Option<String>,
    pub vertical: Option<String>,
    pub partage: Option<String>,
}

/// Widths of the responsive variants of an image `width` wide.
pub fn widths(width: u32) -> Vec<u32> {
    let top = width.min(MAX_WIDTH);
    let mut v: Vec<u32> = WIDTHS.iter().copied().filter(|w| *w < top).collect();
    v.push(top);
    v
}

/// The fallback encoding of a source format (by its extension).
pub fn fallback(ext: &str) -> Encoding {
    if ext.eq_ignore_ascii_case("png") {
        Encoding::Png
    } else {
        Encoding::Jpeg
    }
}

/// `offres/surf.jpg` → (`offres/surf`, `jpg`).
fn split(src: &str) -> (&str, &str) {
    src.rsplit_once('.').unwrap_or((src, ""))
}

/// Every file an image of `width` becomes, and what templates need of it.
/// `social` adds the social formats (for a visual).
pub fn variants(
    src: &str,
    width: u32,
    height: u32,
    social: Option<[f64; 2]>,
) -> (Vec<Variant>, Variantes) {
    let (stem, ext) = split(src);
    let repli = fallback(ext);
    let mut out = Vec::new();
    let mut sets = (Vec::new(), Vec::new());
    for w in widths(width) {
        for (encoding, set) in [(repli, &mut sets.0), (Encoding::WebP, &mut sets.1)] {
            let path = format!("images/{stem}-{w}.{}", encoding.ext());
            set.push(Source {
                url: crate::escape::url_path(&path),
                largeur: w,
            });
            out.push(Variant {
                shape: Shape::Width(w),
                encoding,
                out: path,
            });
        }
    }
    // The image at its own path too, for Markdown bodies that show it.
    let top = width.min(MAX_WIDTH);
    out.push(Variant {
        shape: Shape::Width(top),
        encoding: match ext.to_ascii_lowercase().as_str() {
            "webp" => Encoding::WebP,
            _ => repli,
        },
        out: format!("images/{src}"),
    });
    let mut social_urls: [Option<String>; 3] = Default::default();
    if let Some(focal) = social {
        for (i, (name, w, h)) in SOCIAL.iter().enumerate() {
            let url = format!("images/{stem}-{name}.jpg");
            social_urls[i] = Some(crate::escape::url_path(&url));
            out.push(Variant {
                shape: Shape::Crop {
                    w: *w,
                    h: *h,
                    focal,
                },
                encoding: Encoding::Jpeg,
                out: url,
            });
        }
    }
    let [carre, vertical, partage] = social_urls;
    let last = sets.0.last().map(|s| s.url.clone()).unwrap_or_default();
    let variantes = Variantes {
        src: last,
        largeur: top,
        hauteur: scaled_height(width, height, top),
        type_repli: repli.mime(),
        repli: sets.0,
        webp: sets.1,
        carre,
        vertical,
        partage,
    };
    (out, variantes)
}

/// Height of an image `w`×`h` shown `to` wide.
pub fn scaled_height(w: u32, h: u32, to: u32) -> u32 {
    if w == 0 {
        return h;
    }
    ((h as u64 * to as u64 + w as u64 / 2) / w as u64).max(1) as u32
}

/// The largest `w`×`h`-shaped rectangle of an image `iw`×`ih`, centred on
/// `focal` (fractions of the width and height) as far as the edges allow:
/// (x, y, width, height).
pub fn crop_box(iw: u32, ih: u32, w: u32, h: u32, focal: [f64; 2]) -> (u32, u32, u32, u32) {
    let (iw64, ih64) = (iw as u64, ih as u64);
    // Widest box of ratio w:h inside the image.
    let (cw, ch) = if iw64 * h as u64 >= ih64 * w as u64 {
        (((ih64 * w as u64) / h as u64).max(1) as u32, ih)
    } else {
        (iw, ((iw64 * h as u64) / w as u64).max(1) as u32)
    };
    let place = |size: u32, box_size: u32, f: f64| -> u32 {
        let centre = (f.clamp(0.0, 1.0) * size as f64).round() as i64;
        let start = centre - box_size as i64 / 2;
        start.clamp(0, (size - box_size) as i64) as u32
    };
    (place(iw, cw, focal[0]), place(ih, ch, focal[1]), cw, ch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_never_enlarge() {
        assert_eq!(widths(4000), vec![480, 960, 1600]);
        assert_eq!(widths(1200), vec![480, 960, 1200]);
        assert_eq!(widths(300), vec![300]);
        assert_eq!(widths(480), vec![480]);
    }

    #[test]
    fn crops_follow_the_focal_point_within_the_edges() {
        // A 4000×3000 landscape cut square: 3000×3000.
        assert_eq!(crop_box(4000, 3000, 1, 1, [0.5, 0.5]), (500, 0, 3000, 3000));
        assert_eq!(crop_box(4000, 3000, 1, 1, [0.0, 0.5]), (0, 0, 3000, 3000));
        assert_eq!(
            crop_box(4000, 3000, 1, 1, [0.9, 0.5]),
            (1000, 0, 3000, 3000)
        );
        // Vertical 9:16 from landscape: 1687×3000 around x = 25 %.
        let (x, _, cw, ch) = crop_box(4000, 3000, 1080, 1920, [0.25, 0.5]);
        assert_eq!((cw, ch), (1687, 3000));
        assert_eq!(x, 1000 - 843);
        // 1200×630 from a portrait: full width.
        assert_eq!(
            crop_box(1000, 2000, 1200, 630, [0.5, 0.1]),
            (0, 0, 1000, 525)
        );
    }

    #[test]
    fn a_visual_gets_responsive_and_social_files() {
        let (files, v) = variants("offres/surf.jpg", 2400, 1600, Some([0.5, 0.5]));
        let outs: Vec<&str> = files.iter().map(|f| f.out.as_str()).collect();
        assert!(outs.contains(&"images/offres/surf-480.webp"));
        assert!(outs.contains(&"images/offres/surf-1600.jpg"));
        assert!(outs.contains(&"images/offres/surf.jpg"));
        assert!(outs.contains(&"images/offres/surf-partage.jpg"));
        assert_eq!((v.largeur, v.hauteur), (1600, 1067));
        assert_eq!(v.src, "images/offres/surf-1600.jpg");
        assert_eq!(v.webp.len(), 3);
    }
}
