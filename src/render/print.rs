//! What printed documents add to a page: the beginning of the description,
//! cut to fit one A4 page, and a QR code to the page online.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use serde::Serialize;
use tera::Tera;

use super::body::render_markdown;
use super::Shared;
use crate::content::Section;
use crate::diagnostic::Sink;
use crate::library::Head;
use crate::markdown;
use crate::site::Site;

/// Characters of description a printed offer sheet has room for.
pub const SHEET_TEXT_BUDGET: usize = 650;

/// What a printable sheet shows besides the document's data.
#[derive(Serialize)]
pub struct Sheet {
    pub extrait: String,
    pub coupe: bool,
    pub qr: String,
    pub url_offre: String,
}

/// The sheet of `doc` in a document at `root` from the site root.
pub fn sheet(site: &Site, shared: &Shared, tera: &Tera, doc: &Head, root: &str) -> Sheet {
    let budget = match doc.section {
        Section::Offres => SHEET_TEXT_BUDGET,
        Section::OffresModeles => 350,
        _ => 1_600,
    };
    let (text, coupe) = markdown::excerpt(&doc.body, budget);
    // Links and images were checked with the whole body: not reported twice.
    let quiet = Sink::new();
    let url_offre = format!("{}{}", site.config.url_base, doc.url);
    Sheet {
        extrait: render_markdown(site, shared, tera, doc, &text, root, &quiet).html,
        coupe,
        qr: qr_svg(&url_offre),
        url_offre,
    }
}

/// A QR code pointing at `url`, as an inline SVG element (no external asset;
/// black on white so that it scans once printed).
pub fn qr_svg(url: &str) -> String {
    match QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M) {
        Ok(code) => code
            .render::<svg::Color>()
            .min_dimensions(160, 160)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .quiet_zone(true)
            .build()
            .replacen("<?xml version=\"1.0\" standalone=\"yes\"?>", "", 1)
            .replacen("<svg ", "<svg aria-hidden=\"true\" focusable=\"false\" ", 1),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_code_is_inline_svg() {
        let svg = qr_svg("https://www.province-sud.nc/clicetmouv/offres/surf/");
        assert!(svg.starts_with("<svg"), "{}", &svg[..60]);
        assert!(svg.contains("aria-hidden=\"true\""));
        assert!(!svg.contains("<?xml"));
    }
}
