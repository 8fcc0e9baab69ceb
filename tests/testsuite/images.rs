//! Images of the embedded site: responsive variants and social formats of
//! the exact sizes, a cache that makes a rebuild decode nothing and a
//! changed image re-process alone, and bad images reported, never a panic.

use std::path::Path;

use crate::support::{copy_dir, kitpress, TODAY};
use scraper::{Html, Selector};

/// A copy of the embedded site (its `content/`; the default theme is built in).
fn embedded_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &tmp.path().join("content"),
    );
    tmp
}

/// Builds `site` into its `output/`; the report.
fn build(site: &Path) -> String {
    let out = kitpress(&["build", "--root", site.to_str().unwrap(), "--date", TODAY]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// « Images : 6 images traitées, 0 décodée — … »: how many were decoded.
fn decoded(report: &str) -> usize {
    let line = report
        .lines()
        .find(|l| l.starts_with("Images : "))
        .unwrap_or_else(|| panic!("no image line in {report}"));
    let part = line.split(", ").nth(1).unwrap();
    part.split(' ').next().unwrap().parse().unwrap()
}

/// The output file a URL of a page in `dir` points at (the 404 page's are
/// absolute, from the site's path).
fn local(out: &Path, dir: &Path, url: &str) -> std::path::PathBuf {
    match url.strip_prefix("/clicetmouv/") {
        Some(rel) => out.join(rel),
        None => dir.join(url),
    }
}

fn size(path: &Path) -> (u32, u32) {
    image::image_dimensions(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn visuals_get_variants_of_the_exact_sizes_and_a_rebuild_decodes_nothing() {
    let site = embedded_copy();
    let first = build(site.path());
    assert!(decoded(&first) >= 5, "{first}");
    let out = site.path().join("output");
    let img = out.join("images/offres");
    assert_eq!(size(&img.join("surf-bourail-carre.jpg")), (1080, 1080));
    assert_eq!(size(&img.join("surf-bourail-vertical.jpg")), (1080, 1920));
    assert_eq!(size(&img.join("surf-bourail-partage.jpg")), (1200, 630));
    // The 1800 px original is published at most 1600 wide, never enlarged.
    assert_eq!(size(&img.join("surf-bourail-1600.webp")), (1600, 1067));
    assert_eq!(size(&img.join("surf-bourail.jpg")), (1600, 1067));
    assert_eq!(size(&img.join("escalade-1200.jpg")), (1200, 1600));
    assert!(!img.join("escalade-1600.jpg").exists());
    // The cache sits beside the output, not in it.
    assert!(site.path().join(".kitpress-cache").is_dir());
    assert!(!out.join(".kitpress-cache").exists());

    let second = build(site.path());
    assert_eq!(decoded(&second), 0, "{second}");
    assert!(second.contains("reprises du cache"), "{second}");

    // One changed image: only it is decoded again, its old variants go.
    let theatre = site.path().join("content/images/offres/theatre.jpg");
    let mut pixels = image::open(&theatre).unwrap().to_rgb8();
    pixels.put_pixel(0, 0, image::Rgb([255, 0, 0]));
    pixels.save(&theatre).unwrap();
    let third = build(site.path());
    assert_eq!(decoded(&third), 1, "{third}");
    assert!(third.contains("anciennes variantes retirées"), "{third}");
}

#[test]
fn every_image_has_its_size_and_text_and_sharing_uses_the_1200_by_630_format() {
    let site = embedded_copy();
    build(site.path());
    let out = site.path().join("output");
    let img = Selector::parse("img").unwrap();
    let source = Selector::parse("source").unwrap();
    let og = Selector::parse("meta[property=\"og:image\"]").unwrap();
    let mut seen = 0;
    let mut shared = 0;
    // Public pages with no picture for shared links.
    let mut unshared: Vec<String> = Vec::new();
    for (path, bytes) in crate::support::tree(&out) {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let page = path.to_string_lossy();
        let dir = out.join(&path).parent().unwrap().to_path_buf();
        let doc = Html::parse_document(&String::from_utf8_lossy(&bytes));
        for i in doc.select(&img) {
            seen += 1;
            for attr in ["width", "height", "alt"] {
                assert!(
                    i.value().attr(attr).is_some(),
                    "{page}: <img> without {attr}"
                );
            }
            let src = i.value().attr("src").unwrap();
            assert!(local(&out, &dir, src).is_file(), "{page}: {src} missing");
        }
        // Every width of every srcset exists.
        for s in doc.select(&source).chain(doc.select(&img)) {
            if let Some(set) = s.value().attr("srcset") {
                for entry in set.split(", ") {
                    let url = entry.split(' ').next().unwrap();
                    assert!(local(&out, &dir, url).is_file(), "{page}: {url} missing");
                }
            }
        }
        let text = String::from_utf8_lossy(&bytes);
        let public = !text.contains("noindex") && !text.contains("kitpress:impression");
        if public && doc.select(&og).next().is_none() {
            unshared.push(page.to_string());
        }
        if let Some(m) = doc.select(&og).next() {
            shared += 1;
            let url = m.value().attr("content").unwrap();
            let rel = url
                .strip_prefix("https://www.province-sud.nc/clicetmouv/")
                .unwrap_or_else(|| panic!("{page}: og:image {url}"));
            assert_eq!(size(&out.join(rel)), (1200, 630), "{page}");
        }
    }
    assert!(seen > 50, "{seen} images");
    // Feeds carry the sharing format too.
    let feed: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("actus/feed.json")).unwrap()).unwrap();
    let item = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| {
            i["url"]
                .as_str()
                .unwrap()
                .ends_with("/actus/bon-plan-vacances/")
        })
        .unwrap();
    let image = item["image"].as_str().unwrap();
    assert!(
        image.ends_with("/images/actus/coucher-de-soleil-partage.jpg"),
        "{image}"
    );
    assert!(shared > 100, "{shared} pages shared with a picture");
    // Pages with no photo of their own share the site's picture (charte.partage).
    assert!(unshared.is_empty(), "{unshared:?}");
}

#[test]
fn a_truncated_picture_is_reported_and_nothing_of_it_published() {
    let site = embedded_copy();
    let surf = site.path().join("content/images/offres/surf-bourail.jpg");
    let bytes = std::fs::read(&surf).unwrap();
    std::fs::write(&surf, &bytes[..bytes.len() / 3]).unwrap();
    // And a PNG cut in its pixel data, as the theatre offer's visual.
    let png = site.path().join("content/images/offres/coupee.png");
    image::RgbImage::from_fn(300, 200, |x, y| image::Rgb([x as u8, y as u8, 7]))
        .save(&png)
        .unwrap();
    let bytes = std::fs::read(&png).unwrap();
    std::fs::write(&png, &bytes[..bytes.len() / 2]).unwrap();
    let offer = site
        .path()
        .join("content/offres/arts-culture/theatre-impro-la-foa.md");
    let text = std::fs::read_to_string(&offer).unwrap();
    std::fs::write(
        &offer,
        text.replace("offres/theatre.jpg", "offres/coupee.png"),
    )
    .unwrap();
    let out = kitpress(&[
        "build",
        "--root",
        site.path().to_str().unwrap(),
        "--date",
        TODAY,
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains("kitpress::image-illisible"), "{stderr}");
    // Each named with a file that shows it.
    for file in [
        "« offres/surf-bourail.jpg » ne peut pas être lue",
        "content/offres/arts-culture/theatre-impro-la-foa.md",
    ] {
        assert!(stderr.contains(file), "{stderr}");
    }
    assert!(!site.path().join("output").exists());
}

/// The variants the cache holds (`.kitpress-cache/images-v2/<source>/<variant>@<check>`).
fn cached_variants(site: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = walkdir::WalkDir::new(site.join(".kitpress-cache/images-v2"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.file_name().to_string_lossy().contains('@'))
        .map(|e| e.into_path())
        .collect();
    v.sort();
    v
}

/// No link anywhere in the output, every raster image decodes, and none
/// holds `secret`'s bytes.
fn assert_output_sound(out: &Path, secret: &[u8]) {
    for entry in walkdir::WalkDir::new(out).into_iter().flatten() {
        assert!(
            !entry.path_is_symlink(),
            "{} is a link",
            entry.path().display()
        );
        let p = entry.path();
        if !entry.file_type().is_file() {
            continue;
        }
        let bytes = std::fs::read(p).unwrap();
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret),
            "{} holds the secret",
            p.display()
        );
        if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("jpg" | "png" | "webp")
        ) {
            image::load_from_memory(&bytes).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        }
    }
}

#[cfg(unix)]
#[test]
fn a_damaged_or_planted_cache_never_reaches_the_output_nor_beyond_the_cache() {
    let site = embedded_copy();
    build(site.path());
    let out = site.path().join("output");
    let secret_dir = tempfile::tempdir().unwrap();
    let secret = secret_dir.path().join("cle-privee");
    let secret_bytes = b"-----BEGIN KITPRESS TEST SECRET-----";
    std::fs::write(&secret, secret_bytes).unwrap();

    // A variant cut short, one emptied, one replaced by a link to a secret.
    let variants = cached_variants(site.path());
    assert!(variants.len() > 10, "{variants:?}");
    let bytes = std::fs::read(&variants[0]).unwrap();
    std::fs::write(&variants[0], &bytes[..bytes.len() / 2]).unwrap();
    std::fs::write(&variants[1], b"").unwrap();
    std::fs::remove_file(&variants[2]).unwrap();
    std::os::unix::fs::symlink(&secret, &variants[2]).unwrap();
    let second = build(site.path());
    assert!(second.contains("abîmée"), "{second}");
    assert!(!second.contains("image-illisible"), "{second}");
    assert!((1..=3).contains(&decoded(&second)), "{second}");
    assert_output_sound(&out, secret_bytes);
    assert_eq!(std::fs::read(&secret).unwrap(), secret_bytes);
    // Made again: the next build takes them from the cache.
    let third = build(site.path());
    assert_eq!(decoded(&third), 0, "{third}");

    // The cache's folder replaced by a link to another folder: the cache
    // is not used (said), nothing in that folder is touched, the output is
    // whole.
    let cache = site.path().join(".kitpress-cache/images-v2");
    std::fs::rename(&cache, site.path().join("ancien-cache")).unwrap();
    std::os::unix::fs::symlink(secret_dir.path(), &cache).unwrap();
    let fourth = build(site.path());
    assert!(fourth.contains("cache d'images non utilisé"), "{fourth}");
    assert_eq!(std::fs::read(&secret).unwrap(), secret_bytes);
    assert_eq!(std::fs::read_dir(secret_dir.path()).unwrap().count(), 1);
    assert_output_sound(&out, secret_bytes);
    assert!(size(&out.join("images/offres/surf-bourail-carre.jpg")) == (1080, 1080));
}
