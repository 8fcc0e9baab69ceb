//! Decoding (with limits: a small file may claim a huge picture), resizing,
//! cropping and encoding one variant. Metadata is never carried over: a
//! published raster image holds pixels only.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::imageops::FilterType;
use image::{DynamicImage, ImageEncoder, ImageReader, Limits};

use crate::limits::{within_limits, MAX_PIXELS, MAX_SIDE};

use crate::images::plan::{crop_box, scaled_height, Encoding, Shape, Variant};

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

/// Largest memory a decoded picture may take: the largest picture
/// allowed, at 8 bytes a pixel (16-bit RGBA).
pub const MAX_DECODED_BYTES: u64 = MAX_PIXELS * 8;
/// Pixels a byte of the file may stand for. A photo holds one pixel for a
/// fraction of a byte to a few bytes; a flat image compresses to a few
/// hundred pixels a byte, a few thousand at most. Beyond this, a tiny file
/// claims a huge picture (a decompression bomb): it would cost seconds and
/// hundreds of megabytes to decode for nothing.
pub const MAX_PIXELS_PER_BYTE: u64 = 50_000;

/// Whether a JPEG's scans end with the end-of-image marker: the decoder
/// fills a cut file with grey, so a cut must be found here. The segments
/// are walked from the start; bytes after the end marker (a phone's
/// trailer, a second picture) are not the picture's and are fine.
fn jpeg_complete(bytes: &[u8]) -> bool {
    let mut i = 2;
    while i + 1 < bytes.len() {
        if bytes[i] != 0xFF {
            return false;
        }
        let marker = bytes[i + 1];
        match marker {
            // Fill bytes before a marker.
            0xFF => {
                i += 1;
                continue;
            }
            0xD9 => return true,
            // Markers without a length.
            0x01 | 0xD0..=0xD7 => {
                i += 2;
                continue;
            }
            _ => {}
        }
        let Some(len) = bytes.get(i + 2..i + 4) else {
            return false;
        };
        let len = u16::from_be_bytes([len[0], len[1]]) as usize;
        i += 2 + len;
        if marker == 0xDA {
            // Entropy-coded data runs to the next marker that is not a
            // stuffed byte (`FF 00`) or a restart (`FF D0`–`FF D7`).
            loop {
                let Some(at) = bytes
                    .get(i..)
                    .and_then(|r| r.iter().position(|b| *b == 0xFF))
                else {
                    return false;
                };
                i += at;
                match bytes.get(i + 1) {
                    None => return false,
                    Some(0x00 | 0xD0..=0xD7 | 0xFF) => i += 1,
                    Some(_) => break,
                }
            }
        }
    }
    false
}

/// Decodes an image from its bytes, refusing oversized pictures from their
/// header, before allocating them: too many pixels, more memory than
/// [`MAX_DECODED_BYTES`] for its real depth, or far more pixels than a
/// file of its size can hold.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, Failure> {
    use image::ImageDecoder;
    if bytes.starts_with(&[0xFF, 0xD8]) && !jpeg_complete(bytes) {
        return Err(Failure::Broken("fichier tronqué".into()));
    }
    let broken = |e: image::ImageError| Failure::Broken(e.to_string());
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| Failure::Broken(e.to_string()))?;
    let mut decoder = reader.into_decoder().map_err(broken)?;
    let (w, h) = decoder.dimensions();
    if !within_limits(w, h) {
        return Err(Failure::TooLarge(w, h));
    }
    let pixels = u64::from(w) * u64::from(h);
    if pixels / (bytes.len() as u64).max(1) > MAX_PIXELS_PER_BYTE {
        return Err(Failure::Broken(format!(
            "le fichier ne fait que {} octets pour {w} × {h} pixels : ce n'est pas une vraie image",
            bytes.len()
        )));
    }
    // What the picture really takes in memory, at its own depth (a 16-bit
    // RGBA PNG takes 8 bytes a pixel), with room for the decoder's work.
    let needed = decoder.total_bytes();
    if needed > MAX_DECODED_BYTES {
        return Err(Failure::TooLarge(w, h));
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(needed * 2 + (64 << 20));
    decoder.set_limits(limits).map_err(broken)?;
    DynamicImage::from_decoder(decoder).map_err(broken)
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
    fn a_phone_jpeg_trailer_and_a_16_bit_png_are_pictures() {
        let img = decode(&png(64, 48)).unwrap();
        let v = Variant {
            shape: Shape::Width(64),
            encoding: Encoding::Jpeg,
            out: String::new(),
        };
        let mut jpeg = render(&img, &v).unwrap();
        // Bytes after the end marker, as phones write (a trailer holding
        // FF D8 and FF D9 of its own, then more).
        jpeg.extend_from_slice(b"\xFF\xD8SEFHtrailer\xFF\xD9 more bytes\x00\x00");
        assert_eq!(decode(&jpeg).unwrap().width(), 64);
        // 16-bit RGBA: 8 bytes a pixel.
        let deep = image::ImageBuffer::<image::Rgba<u16>, _>::from_fn(300, 200, |x, y| {
            image::Rgba([x as u16 * 200, y as u16 * 300, 5000, 65535])
        });
        let mut bytes = Vec::new();
        DynamicImage::ImageRgba16(deep)
            .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
            .unwrap();
        assert_eq!(decode(&bytes).unwrap().width(), 300);
    }

    #[test]
    fn a_tiny_file_claiming_a_huge_picture_is_refused_at_once() {
        // The start of a PNG of 10 000 × 4 000 pixels: its header says the
        // size, the few bytes after it cannot hold the picture.
        let flat = image::GrayImage::new(10_000, 4_000);
        let mut bytes = Vec::new();
        PngEncoder::new_with_quality(&mut bytes, CompressionType::Best, PngFilter::NoFilter)
            .write_image(flat.as_raw(), 10_000, 4_000, image::ExtendedColorType::L8)
            .unwrap();
        bytes.truncate(200);
        let started = std::time::Instant::now();
        match decode(&bytes) {
            Err(Failure::Broken(why)) => assert!(why.contains("pas une vraie image"), "{why}"),
            other => panic!("{:?}", other.map(|i| i.width())),
        }
        assert!(started.elapsed() < std::time::Duration::from_millis(500));
        // The same picture whole is a picture (a flat image compresses
        // well, not that well).
        assert!(decode(&png(64, 64)).is_ok());
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
