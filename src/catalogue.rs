//! The offer catalogue: the filter index, the printable offer sheets (with
//! their QR code) and the per-commune bundles.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use serde::Serialize;

use crate::content::offre::Offre;
use crate::content::Meta;
use crate::site::Doc;

/// Characters of description a printed sheet has room for.
pub const SHEET_TEXT_BUDGET: usize = 650;

/// What the catalogue's filter needs to know of one offer.
#[derive(Debug, Serialize)]
pub struct IndexEntry<'a> {
    pub url: &'a str,
    pub titre: &'a str,
    pub univers: &'a str,
    pub commune: &'a str,
    pub quartier: &'a str,
    pub tribu: &'a str,
    pub cibles: &'a [String],
    pub age_min: Option<u64>,
    pub age_max: Option<u64>,
    /// Per-session price, `None` when it cannot be known.
    pub prix_seance: Option<u64>,
    pub jours: Vec<&'a str>,
    /// Welcomes people with a disability (PMR access or listed handicaps).
    pub accessible: bool,
    pub coup_de_coeur: bool,
    pub insolite: bool,
}

pub fn offer(d: &Doc) -> Option<&Offre> {
    match &d.meta {
        Meta::Offre(o) => Some(o),
        _ => None,
    }
}

/// The filter index: one entry per given offer.
pub fn index<'a>(offers: impl Iterator<Item = &'a Doc>) -> Vec<IndexEntry<'a>> {
    offers
        .filter_map(|d| {
            let o = offer(d)?;
            Some(IndexEntry {
                url: &d.url,
                titre: &d.common.titre,
                univers: &o.univers,
                commune: &o.commune,
                quartier: &o.quartier,
                tribu: &o.tribu,
                cibles: &o.cibles,
                age_min: o.public.map(|p| p.age_min),
                age_max: o.public.map(|p| p.age_max),
                prix_seance: o.tarif.prix_seance,
                jours: o
                    .creneaux_par_jour
                    .iter()
                    .map(|j| j.jour.as_str())
                    .collect(),
                accessible: o.accessibilite.pmr || !o.accessibilite.handicaps.is_empty(),
                coup_de_coeur: o.coup_de_coeur,
                insolite: o.insolite,
            })
        })
        .collect()
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
