//! What printed documents add to a page: its whole text (nothing is cut on
//! paper: a sheet whose text is longer than its page holds is a warning of
//! `check`, `fiche-trop-longue`) and a QR code to the page online.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex, OnceLock};

use fast_qr::{QRBuilder, ECL};
use serde::Serialize;
use tera::Tera;

use super::body::render_markdown;
use super::Shared;
use crate::content::Section;
use crate::diagnostic::Sink;
use crate::library::Head;
use crate::site::Site;

/// What a printable sheet shows besides the document's data.
#[derive(Serialize)]
pub struct Sheet {
    /// The whole text, as HTML.
    pub texte: String,
    pub qr: Option<Arc<Qr>>,
    pub url_offre: String,
}

/// A QR code as the theme draws it (`partials/qr.html`): the side in
/// modules, quiet zone included (`modules`), and one SVG path of its dark
/// modules (`chemin`). Kept as its modules (a byte each), the path made
/// when a page is rendered: a catalogue's codes stay small in memory.
#[derive(Debug)]
pub struct Qr {
    /// Side of the code without its quiet zone.
    width: usize,
    dark: Vec<bool>,
}

impl Qr {
    /// The side in modules, quiet zone included.
    pub fn modules(&self) -> usize {
        self.width + 2 * QUIET_ZONE
    }

    /// One path, each horizontal run of dark modules a rectangle.
    pub fn chemin(&self) -> String {
        let mut chemin = String::new();
        for (y, row) in self.dark.chunks(self.width).enumerate() {
            let mut x = 0;
            while x < self.width {
                if !row[x] {
                    x += 1;
                    continue;
                }
                let run = row[x..].iter().take_while(|d| **d).count();
                let _ = write!(
                    chemin,
                    "M{} {}h{run}v1h-{run}z",
                    x + QUIET_ZONE,
                    y + QUIET_ZONE
                );
                x += run;
            }
        }
        chemin
    }
}

impl Serialize for Qr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Qr", 2)?;
        st.serialize_field("modules", &self.modules())?;
        st.serialize_field("chemin", &self.chemin())?;
        st.end()
    }
}

/// Characters of text a one-page sheet holds beside its facts (offers and
/// model offers); kit and guide pages flow over as many pages as they need.
pub fn capacity(section: Section) -> Option<usize> {
    match section {
        Section::Offres => Some(650),
        Section::OffresModeles => Some(350),
        _ => None,
    }
}

/// The sheet of `doc` in a document at `root` from the site root.
pub fn sheet(site: &Site, shared: &Shared, tera: &Tera, doc: &Head, root: &str) -> Sheet {
    // Links and images were checked with the page: not reported twice.
    let quiet = Sink::new();
    let url_offre = format!("{}{}", site.config.url_base, doc.url);
    Sheet {
        texte: render_markdown(site, shared, tera, doc, root, &quiet, true).html,
        qr: cached_qr_code(&url_offre),
        url_offre,
    }
}

/// Modules of blank border around a QR code, as its standard asks.
const QUIET_ZONE: usize = 4;

/// The QR code of `url`, computed once per process: an offer's sheet and
/// its commune's bundle show the same code, and a preview rebuilds the same
/// sheets again and again (choosing the best mask is most of a code's cost).
fn cached_qr_code(url: &str) -> Option<Arc<Qr>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Option<Arc<Qr>>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(qr) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(url) {
        return qr.clone();
    }
    let qr = qr_code(url).map(Arc::new);
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(url.to_string(), qr.clone());
    qr
}

/// A QR code pointing at `url` (`None` when the address is too long to
/// encode).
///
/// fast_qr chooses the mask with the standard's penalty rules, as every
/// generator must, in a fraction of the time the `qrcode` crate took (it
/// was a fifth of a 10 000-offer build).
pub fn qr_code(url: &str) -> Option<Qr> {
    let code = QRBuilder::new(url).ecl(ECL::M).build().ok()?;
    let side = code.size;
    Some(Qr {
        width: side,
        dark: code.data[..side * side].iter().map(|m| m.value()).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://www.province-sud.nc/clicetmouv/offres/surf/";

    /// Reads the drawn path back into a grid and decodes it as a phone would.
    fn decode(qr: &Qr) -> String {
        let side = qr.modules();
        let mut grid = vec![false; side * side];
        for rect in qr.chemin().split('M').skip(1) {
            let (xy, rest) = rect.split_once('h').unwrap();
            let (x, y) = xy.split_once(' ').unwrap();
            let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
            let run: usize = rest.split('v').next().unwrap().parse().unwrap();
            for cell in &mut grid[y * side + x..y * side + x + run] {
                assert!(!*cell, "module drawn twice at {x},{y}");
                *cell = true;
            }
        }
        // Four pixels a module, as a reader sees a printed code.
        let scale = 4;
        let mut img =
            rqrr::PreparedImage::prepare_from_greyscale(side * scale, side * scale, |x, y| {
                if grid[(y / scale) * side + x / scale] {
                    0
                } else {
                    255
                }
            });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one code found");
        grids[0].decode().unwrap().1
    }

    #[test]
    fn qr_code_has_its_modules_and_quiet_zone() {
        let qr = qr_code(URL).unwrap();
        // Version 3 (29 modules) or more for a 50-character address.
        assert!(qr.modules() >= 29 + 2 * QUIET_ZONE, "{}", qr.modules());
        let chemin = qr.chemin();
        // The first row starts with a finder pattern: 7 dark modules at the
        // quiet zone's corner.
        assert!(chemin.starts_with("M4 4h7v1h-7z"), "{}", &chemin[..40]);
        // Every dark module is drawn once.
        let dark = qr.dark.iter().filter(|d| **d).count();
        let drawn: usize = chemin
            .split('M')
            .skip(1)
            .map(|r| {
                r.split('h')
                    .nth(1)
                    .unwrap()
                    .split('v')
                    .next()
                    .unwrap()
                    .parse::<usize>()
                    .unwrap()
            })
            .sum();
        assert_eq!(drawn, dark);
    }

    #[test]
    fn qr_code_reads_back_as_its_address() {
        for url in [
            URL,
            "https://www.province-sud.nc/clicetmouv/offres/offre-09073/",
            "https://exemple.nc/offres/éveil-musical-à-dumbéa/?source=fiche#réserver",
        ] {
            assert_eq!(decode(&qr_code(url).unwrap()), url);
        }
        // Too long for any version: no code rather than a wrong one.
        assert!(qr_code(&"x".repeat(4000)).is_none());
    }
}
