//! Whether an offer can really be booked at the reference day, and if not,
//! why: the rule shared by `kitpress audit`, the week's selection and the
//! diffusion kit, so that they never disagree.

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::SiteConfig;
use crate::content::offre::{state, Etat, Offre};

/// What stops a published offer from being booked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case", tag = "constat")]
pub enum Obstacle {
    /// Its period ended on that day.
    Terminee { fin: NaiveDate },
    /// Its period opens on that day.
    PasCommencee { debut: NaiveDate },
    /// No link, phone or e-mail to book.
    SansReservation,
    /// No slot.
    SansCreneau,
    /// No price.
    SansTarif,
    /// A session costs more than `tarif_max_seance`.
    TarifEleve { prix_seance: u64, plafond: u64 },
}

impl Obstacle {
    /// The stable id of the finding (`terminee`, `sans-creneau`…).
    pub fn id(self) -> &'static str {
        match self {
            Obstacle::Terminee { .. } => "terminee",
            Obstacle::PasCommencee { .. } => "pas-commencee",
            Obstacle::SansReservation => "sans-reservation",
            Obstacle::SansCreneau => "sans-creneau",
            Obstacle::SansTarif => "sans-tarif",
            Obstacle::TarifEleve { .. } => "tarif-eleve",
        }
    }
}

/// Everything that stops `o` from being booked on `today`; empty when it
/// is bookable.
pub fn obstacles(o: &Offre, cfg: &SiteConfig, today: NaiveDate) -> Vec<Obstacle> {
    let mut out = Vec::new();
    match (state::state_at(o.periode.as_ref(), today), &o.periode) {
        (Etat::Terminee, Some(p)) => out.push(Obstacle::Terminee { fin: p.fin }),
        (Etat::AVenir, Some(p)) => out.push(Obstacle::PasCommencee { debut: p.debut }),
        _ => {}
    }
    let r = &o.reservation;
    if r.url.is_none() && r.telephone.is_none() && r.email.is_none() {
        out.push(Obstacle::SansReservation);
    }
    if o.creneaux.is_empty() {
        out.push(Obstacle::SansCreneau);
    }
    if o.tarif_line == 0 {
        out.push(Obstacle::SansTarif);
    } else if let Some(p) = o.tarif.prix_seance.filter(|p| *p > cfg.tarif_max_seance) {
        out.push(Obstacle::TarifEleve {
            prix_seance: p,
            plafond: cfg.tarif_max_seance,
        });
    }
    out
}

/// Whether `o` can be booked on `today`.
pub fn bookable(o: &Offre, cfg: &SiteConfig, today: NaiveDate) -> bool {
    obstacles(o, cfg, today).is_empty()
}
