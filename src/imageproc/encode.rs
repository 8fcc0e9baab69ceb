//! Decoding (with limits: a small file may claim a huge picture), resizing,
//! cropping and encoding one variant. Metadata is never carried over: a
//! published raster image holds pixels only.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::imageops::FilterType;
use image::{DynamicImage, ImageEncoder, ImageReader, Limits};

use super::plan::{crop_box, scaled_height, Encoding, Shape, Variant};

/// Largest side and area kitpress decodes; beyond, the file is refused
/// before any pixel is read (a decompression bomb, or a camera original
/// far too large for a web page).
pub const MAX_SIDE: u32 = 12_000;
pub const MAX_PIXELS: u64 = 60_000_000;

const JPEG_QUALITY: u8 = 80;
const WEBP_QUALITY: f32 = 75.0;

/// Why a source could not be processed (said in French by the caller).
#[derive(Debug)]
pub enum Failure {
    /// Larger than [`MAX_SIDE`] or [`MAX_PIXELS`].
    TooLarge(u32, u32),
    /// Unreadable, truncated or not what it claims to be.
    Broken(String),
}

/// Whether a picture of this size may be decoded.
pub fn within_limits(w: u32, h: u32) -> bool {
    w <= MAX_SIDE && h <= MAX_SIDE && (w as u64) * (h as u64) <= MAX_PIXELS
}

/// Decodes an image from its bytes, refusing oversized pictures from their
/// header, before allocating them.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, Failure> {
    // The JPEG decoder fills a cut file with grey: a JPEG must end with its
    // end-of-image marker (trailing padding aside).
    if bytes.starts_with(&[0xFF, 0xD8]) {
        let end = bytes.iter().rposition(|b| *b != 0).unwrap_or(0);
        if end < 1 || bytes[end - 1..=end] != [0xFF, 0xD9] {
            return Err(Failure::Broken("fichier tronqué".into()));
        }
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| Failure::Broken(e.to_string()))?;
    let (w, h) = reader
        .into_dimensions()
        .map_err(|e| Failure::Broken(e.to_string()))?;
    if !within_limits(w, h) {
        return Err(Failure::TooLarge(w, h));
    }
    reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| Failure::Broken(e.to_string()))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_PIXELS * 4 + (64 << 20));
    reader.limits(limits);
    reader.decode().map_err(|e| Failure::Broken(e.to_string()))
}

/// The pixels of one variant.
fn shape(img: &DynamicImage, shape: Shape) -> DynamicImage {
    let (iw, ih) = (img.width(), img.height());
    match shape {
        Shape::Width(w) if w >= iw => img.clone(),
        Shape::Width(w) => img.resize_exact(w, scaled_height(iw, ih, w), FilterType::CatmullRom),
        Shape::Crop { w, h, focal } => {
            let (x, y, cw, ch) = crop_box(iw, ih, w, h, focal);
            img.crop_imm(x, y, cw, ch)
                .resize_exact(w, h, FilterType::CatmullRom)
        }
    }
}

/// Encodes one variant of a decoded image.
pub fn render(img: &DynamicImage, variant: &Variant) -> Result<Vec<u8>, Failure> {
    let pixels = shape(img, variant.shape);
    let mut out = Vec::new();
    let broken = |e: image::ImageError| Failure::Broken(e.to_string());
    match variant.encoding {
        Encoding::Jpeg => {
            let rgb = pixels.to_rgb8();
            JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
                .write_image(
                    rgb.as_raw(),
                    rgb.width(),
                    rgb.height(),
                    image::ExtendedColorType::Rgb8,
                )
                .map_err(broken)?;
        }
        Encoding::Png => {
            let rgba = pixels.to_rgba8();
            PngEncoder::new_with_quality(&mut out, CompressionType::Default, PngFilter::Adaptive)
                .write_image(
                    rgba.as_raw(),
                    rgba.width(),
                    rgba.height(),
                    image::ExtendedColorType::Rgba8,
                )
                .map_err(broken)?;
        }
        Encoding::WebP => {
            let encoded = if pixels.color().has_alpha() {
                let rgba = pixels.to_rgba8();
                webp::Encoder::from_rgba(rgba.as_raw(), rgba.width(), rgba.height())
                    .encode(WEBP_QUALITY)
                    .to_vec()
            } else {
                let rgb = pixels.to_rgb8();
                webp::Encoder::from_rgb(rgb.as_raw(), rgb.width(), rgb.height())
                    .encode(WEBP_QUALITY)
                    .to_vec()
            };
            out = encoded;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 128]));
        let mut out = Vec::new();
        PngEncoder::new(&mut out)
            .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
            .unwrap();
        out
    }

    #[test]
    fn variants_have_their_exact_sizes() {
        let img = decode(&png(400, 300)).unwrap();
        for (w, h) in [(1080, 1080), (1080, 1920), (1200, 630)] {
            let v = Variant {
                shape: Shape::Crop {
                    w,
                    h,
                    focal: [0.5, 0.5],
                },
                encoding: Encoding::Jpeg,
                out: String::new(),
            };
            let bytes = render(&img, &v).unwrap();
            let out = image::load_from_memory(&bytes).unwrap();
            assert_eq!((out.width(), out.height()), (w, h));
        }
        let v = Variant {
            shape: Shape::Width(200),
            encoding: Encoding::WebP,
            out: String::new(),
        };
        let out = image::load_from_memory(&render(&img, &v).unwrap()).unwrap();
        assert_eq!((out.width(), out.height()), (200, 150));
    }

    #[test]
    fn a_truncated_file_is_broken_not_a_panic() {
        let bytes = png(64, 64);
        let cut = &bytes[..bytes.len() / 2];
        assert!(matches!(decode(cut), Err(Failure::Broken(_))));
        let img = decode(&bytes).unwrap();
        let v = Variant {
            shape: Shape::Width(64),
            encoding: Encoding::Jpeg,
            out: String::new(),
        };
        let jpeg = render(&img, &v).unwrap();
        assert!(decode(&jpeg).is_ok());
        assert!(matches!(
            decode(&jpeg[..jpeg.len() * 2 / 3]),
            Err(Failure::Broken(_))
        ));
    }
}
