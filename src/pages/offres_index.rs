//! `offres/index.json`: what the catalogue's instant filter needs to know
//! of each published offer.

use serde::Serialize;

use crate::content::offre::Offre;
use crate::library::Doc;

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

/// The filter index: one entry per given offer.
pub fn index<'a>(offers: impl Iterator<Item = &'a Doc<Offre>>) -> Vec<IndexEntry<'a>> {
    offers
        .map(|d| {
            let o = &d.meta;
            IndexEntry {
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
                coup_de_coeur: o.selection,
                insolite: o.insolite,
            }
        })
        .collect()
}
