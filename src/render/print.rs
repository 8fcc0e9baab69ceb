//! What printed documents add to a page: the beginning of the description,
//! cut to fit one A4 page, and a QR code to the page online.

use qrcode::{Color, EcLevel, QrCode};
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
    pub qr: Option<Qr>,
    pub url_offre: String,
}

/// A QR code as the theme draws it (`partials/qr.html`): the side in
/// modules, quiet zone included, and one SVG path of its dark modules.
#[derive(Debug, Serialize)]
pub struct Qr {
    pub modules: usize,
    pub chemin: String,
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
        qr: qr_code(&url_offre),
        url_offre,
    }
}

/// Modules of blank border around a QR code, as its standard asks.
const QUIET_ZONE: usize = 4;

/// A QR code pointing at `url` (`None` when the address is too long to
/// encode): one `h`/`v` path of unit squares, row by row.
pub fn qr_code(url: &str) -> Option<Qr> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let mut chemin = String::new();
    for (i, c) in colors.iter().enumerate() {
        if *c == Color::Dark {
            let (x, y) = (i % width + QUIET_ZONE, i / width + QUIET_ZONE);
            chemin.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    Some(Qr {
        modules: width + 2 * QUIET_ZONE,
        chemin,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_code_has_its_modules_and_quiet_zone() {
        let qr = qr_code("https://www.province-sud.nc/clicetmouv/offres/surf/").unwrap();
        // Version 3 (29 modules) or more for a 50-character address.
        assert!(qr.modules >= 29 + 2 * QUIET_ZONE, "{}", qr.modules);
        // The three finder patterns start at the quiet zone's corner.
        assert!(
            qr.chemin.starts_with("M4 4h1v1h-1z"),
            "{}",
            &qr.chemin[..40]
        );
        let n = qr.chemin.matches('M').count();
        assert!(n > 100 && n < qr.modules * qr.modules, "{n}");
    }
}
