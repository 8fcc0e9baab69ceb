//! What the audit finds, offer by offer: what stops it from being booked
//! ([`super::bookable`]), and what would sell it better — a period ending
//! within 15 days, no visual, a description too short, a probable
//! duplicate (same organisation, titles a few letters apart).

use serde::{Deserialize, Serialize};

use crate::content::offre::Offre;
use crate::derive::bookable::{obstacles, Obstacle};
use crate::derive::network::organisation_key;
use crate::library::Doc;
use crate::site::Site;
use crate::slug::slug_of;

/// Days before the end of a period when an offer is reported as ending.
pub const ENDING_DAYS: i64 = 15;

/// How close two titles of one organisation must be to be a probable
/// duplicate (normalised Levenshtein similarity of their slugs).
const SIMILAR: f64 = 0.85;

/// Past this many offers, an organisation's titles are compared with their
/// neighbours in alphabetical order only (a window), not all pairs.
const ALL_PAIRS_UP_TO: usize = 400;
const WINDOW: usize = 20;

/// One finding about one offer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Finding {
    /// Stable id: `terminee`, `pas-commencee`, `sans-reservation`,
    /// `sans-creneau`, `sans-tarif`, `tarif-eleve`, `bientot-terminee`,
    /// `sans-visuel`, `description-courte`, `doublon-probable`.
    pub constat: String,
    /// Whether it makes the offer unbookable.
    pub bloquant: bool,
    pub fichier: String,
    pub ligne: usize,
    pub offre: String,
    pub titre: String,
    /// What is wrong, in French.
    pub message: String,
    /// Other files concerned (the other copies of a duplicate).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub avec: Vec<String>,
}

fn finding(d: &Doc<Offre>, constat: &str, bloquant: bool, line: usize, message: String) -> Finding {
    Finding {
        constat: constat.to_string(),
        bloquant,
        fichier: d.file.clone(),
        ligne: line.max(1),
        offre: d.common.slug.clone(),
        titre: d.common.titre.clone(),
        message,
        avec: Vec::new(),
    }
}

fn fr_date(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The words of a Markdown body, roughly: what a reader reads.
pub fn word_count(body: &str) -> usize {
    body.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Every finding about the published offers, by file then line.
pub fn findings(site: &Site, offers: &[&Doc<Offre>]) -> Vec<Finding> {
    let cfg = &site.config;
    let today = site.options.today;
    let mut out = Vec::new();
    for d in offers {
        let o = &d.meta;
        let period_line = o.periode.as_ref().map_or(1, |p| p.line);
        for ob in obstacles(o, cfg, today) {
            let (line, message) = match ob {
                Obstacle::Terminee { fin } => (
                    period_line,
                    format!(
                        "période terminée le {} : l'offre ne se réserve plus",
                        fr_date(fin)
                    ),
                ),
                Obstacle::PasCommencee { debut } => (
                    period_line,
                    format!("réservable seulement à partir du {}", fr_date(debut)),
                ),
                Obstacle::SansReservation => (
                    1,
                    "aucun moyen de réserver (lien, téléphone ou e-mail)".to_string(),
                ),
                Obstacle::SansCreneau => (1, "aucun créneau".to_string()),
                Obstacle::SansTarif => (1, "aucun tarif".to_string()),
                Obstacle::TarifEleve {
                    prix_seance,
                    plafond,
                } => (
                    o.tarif_line,
                    format!(
                        "{prix_seance} F CFP la séance, au-dessus du plafond de {plafond} F CFP"
                    ),
                ),
            };
            out.push(finding(d, ob.id(), true, line, message));
        }
        if let Some(p) = &o.periode {
            let left = (p.fin - today).num_days();
            if (0..ENDING_DAYS).contains(&left) && p.debut <= today {
                out.push(finding(
                    d,
                    "bientot-terminee",
                    false,
                    p.line,
                    format!("se termine le {} (dans {left} jour(s))", fr_date(p.fin)),
                ));
            }
        }
        if d.common.visuel.is_none() {
            out.push(finding(
                d,
                "sans-visuel",
                false,
                1,
                "aucun visuel".to_string(),
            ));
        }
        let words = word_count(&d.body);
        if words < cfg.audit_description_min_mots {
            out.push(finding(
                d,
                "description-courte",
                false,
                d.body_line,
                format!(
                    "description de {words} mot(s), {} attendus pour donner envie",
                    cfg.audit_description_min_mots
                ),
            ));
        }
    }
    out.extend(duplicates(offers));
    out.sort_by(|a, b| (&a.fichier, a.ligne, &a.constat).cmp(&(&b.fichier, b.ligne, &b.constat)));
    out
}

/// Probable duplicates: offers of one organisation whose titles are close.
/// One finding per offer, naming the others.
fn duplicates(offers: &[&Doc<Offre>]) -> Vec<Finding> {
    let mut by_org: std::collections::BTreeMap<String, Vec<(String, &Doc<Offre>)>> =
        Default::default();
    for d in offers {
        by_org
            .entry(organisation_key(&d.meta.organisme))
            .or_default()
            .push((slug_of(&d.common.titre), d));
    }
    let mut out = Vec::new();
    for (_, mut list) in by_org {
        if list.len() < 2 {
            continue;
        }
        list.sort_by(|a, b| a.0.cmp(&b.0));
        let n = list.len();
        let mut close: Vec<Vec<usize>> = vec![Vec::new(); n];
        for i in 0..n {
            let end = if n <= ALL_PAIRS_UP_TO {
                n
            } else {
                (i + 1 + WINDOW).min(n)
            };
            for j in i + 1..end {
                if strsim::normalized_levenshtein(&list[i].0, &list[j].0) >= SIMILAR {
                    close[i].push(j);
                    close[j].push(i);
                }
            }
        }
        for (i, others) in close.iter().enumerate() {
            if others.is_empty() {
                continue;
            }
            let d = list[i].1;
            let mut f = finding(
                d,
                "doublon-probable",
                false,
                d.common.titre_line,
                format!(
                    "doublon probable : même organisme et titre proche de {} autre(s) offre(s)",
                    others.len()
                ),
            );
            f.avec = others.iter().map(|&j| list[j].1.file.clone()).collect();
            f.avec.sort();
            out.push(f);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn words_are_counted_without_markup() {
        assert_eq!(
            super::word_count("# Titre\n\nUn texte — court, **vraiment**."),
            5
        );
    }
}
