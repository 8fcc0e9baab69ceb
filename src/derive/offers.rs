//! Each offer at the reference day: its state (open, to come, over), whether
//! it is in the week's selection (a favourite that can be booked), and for
//! an offer that is over, the open offers close to it.

use crate::site::Site;

/// Open offers shown beside one that is over.
const CLOSE_OFFERS: usize = 4;

/// Each offer's state at the reference day; for those that are over, the
/// open offers close to them (same universe and commune, then same
/// universe, then same commune).
pub fn states(site: &mut Site) {
    use crate::content::offre::{state::state_at, Etat, Proche};
    let today = site.options.today;
    let cfg = &site.config;
    for d in site.library.offres.iter_mut() {
        d.meta.etat = state_at(d.meta.periode.as_ref(), today);
        d.meta.selection = d.meta.coup_de_coeur.during(today)
            && crate::derive::bookable::bookable(&d.meta, cfg, today);
    }
    let open: Vec<(String, String, Proche)> = site
        .library
        .listed_offers()
        .filter(|d| d.meta.etat == Etat::Ouverte && !d.brouillon)
        .map(|d| {
            (
                d.common.slug.clone(),
                d.file.clone(),
                Proche {
                    titre: d.common.titre.clone(),
                    url: d.url.clone(),
                    commune: d.meta.commune.clone(),
                    univers: d.meta.univers.clone(),
                },
            )
        })
        .collect();
    for d in site.library.offres.iter_mut() {
        if d.meta.etat != Etat::Terminee {
            continue;
        }
        let score = |p: &Proche| {
            let u = p.univers == d.meta.univers;
            let c = p.commune == d.meta.commune;
            match (u, c) {
                (true, true) => 0,
                (true, false) => 1,
                (false, true) => 2,
                _ => 3,
            }
        };
        let mut close: Vec<&Proche> = open
            .iter()
            .filter(|(_, file, p)| *file != d.file && score(p) < 3)
            .map(|(_, _, p)| p)
            .collect();
        close.sort_by(|a, b| (score(a), &a.titre).cmp(&(score(b), &b.titre)));
        d.meta.proches = close.into_iter().take(CLOSE_OFFERS).cloned().collect();
    }
}
