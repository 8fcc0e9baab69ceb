//! Offer sheets (`content/offres/**/*.md`): one activity of a partner.

use chrono::NaiveDate;
use serde::Serialize;

use super::{read_accessibilite, read_choices, read_public, Accessibilite, Public};
use crate::config::SiteConfig;
use crate::rules::Rule;
use crate::yaml::{MapReader, Node};

pub mod state;
mod tarif;

pub use state::{CoupDeCoeur, Etat, Proche};
use tarif::read_tarif;
pub use tarif::{wallet_sessions, Tarif};

#[derive(Debug, Clone, Serialize)]
pub struct Creneau {
    pub jour: String,
    pub debut: String,
    pub fin: String,
    pub periode: Option<String>,
}

/// The slots of one day of the week.
#[derive(Debug, Clone, Serialize)]
pub struct JourCreneaux {
    pub jour: String,
    pub creneaux: Vec<Creneau>,
}

/// Groups slots by day, days in the order of `jours` (the week).
pub fn group_by_day(creneaux: &[Creneau], jours: &[String]) -> Vec<JourCreneaux> {
    jours
        .iter()
        .filter_map(|j| {
            let mut list: Vec<Creneau> =
                creneaux.iter().filter(|c| &c.jour == j).cloned().collect();
            list.sort_by(|a, b| a.debut.cmp(&b.debut));
            (!list.is_empty()).then(|| JourCreneaux {
                jour: j.clone(),
                creneaux: list,
            })
        })
        .collect()
}

/// What a card shows of an offer in lists (`c.meta` in `partials/carte.html`):
/// a few keys rather than the whole offer, since a catalogue holds
/// thousands of cards.
#[derive(Debug, Serialize)]
pub struct CarteOffre<'a> {
    pub univers: &'a str,
    pub univers_libelle: &'a str,
    pub commune: &'a str,
    pub etat: Etat,
    pub periode: Option<&'a Periode>,
    pub tarif: &'a Tarif,
    /// How to book, for the card's « Réserver » action.
    pub reservation: &'a Reservation,
}

impl Offre {
    pub fn carte(&self) -> CarteOffre<'_> {
        CarteOffre {
            univers: &self.univers,
            univers_libelle: &self.univers_libelle,
            commune: &self.commune,
            etat: self.etat,
            periode: self.periode.as_ref(),
            tarif: &self.tarif,
            reservation: &self.reservation,
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Periode {
    pub debut: NaiveDate,
    pub fin: NaiveDate,
    #[serde(skip)]
    pub line: usize,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Reservation {
    pub url: Option<String>,
    pub telephone: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Offre {
    pub organisme: String,
    pub univers: String,
    /// Derived: the universe's name in `site.yaml` (`Arts et culture`).
    pub univers_libelle: String,
    pub commune: String,
    pub lieu: String,
    pub quartier: String,
    pub tribu: String,
    pub quartier_prioritaire: bool,
    pub public: Option<Public>,
    pub cibles: Vec<String>,
    pub tarif: Tarif,
    /// Line of `tarif`, for the price warning.
    #[serde(skip)]
    pub tarif_line: usize,
    pub formules: Vec<Tarif>,
    pub creneaux: Vec<Creneau>,
    /// Derived: the slots grouped by day, in the order of the week.
    pub creneaux_par_jour: Vec<JourCreneaux>,
    pub periode: Option<Periode>,
    pub reservation: Reservation,
    pub accessibilite: Accessibilite,
    pub transport: String,
    pub materiel: String,
    pub places: Option<u64>,
    pub coup_de_coeur: CoupDeCoeur,
    pub insolite: bool,
    /// What young people say of it (`temoignages`, optional).
    pub temoignages: Vec<crate::content::temoignage::Temoignage>,
    /// Derived at the reference day: open, not open yet, or over.
    pub etat: Etat,
    /// Derived: a favourite of the reference day's week, and bookable.
    pub selection: bool,
    /// Derived for an offer that is over: open offers close to it (same
    /// universe and commune first).
    pub proches: Vec<Proche>,
}

/// Reads `coup_de_coeur`: `true`/`false` (`oui`/`non`), a week `2026-W49`,
/// weeks separated by commas, or a list of weeks.
fn read_coup_de_coeur(n: &Node) -> CoupDeCoeur {
    let one = |item: &Node, t: &str| -> Option<String> {
        let w = state::parse_week(t.trim());
        if w.is_none() {
            item.report(
                Rule::TypeInvalide,
                format!(
                    "`{}` : « {} » n'est pas une semaine AAAA-Www",
                    item.path,
                    t.trim()
                ),
                Some("écrivez la semaine ISO de la sélection, par exemple 2026-W49".into()),
            );
        }
        w
    };
    let week = |item: &Node| -> Option<String> { one(item, &item.text()?) };
    if n.is_list() {
        return CoupDeCoeur {
            toujours: false,
            semaines: n.list().iter().filter_map(week).collect(),
        };
    }
    if n.is_bool() {
        return CoupDeCoeur {
            toujours: n.bool().unwrap_or(false),
            semaines: Vec::new(),
        };
    }
    match n.text().as_deref().map(crate::slug::slug_of).as_deref() {
        Some("oui" | "vrai") => CoupDeCoeur {
            toujours: true,
            semaines: Vec::new(),
        },
        Some("non" | "faux") | None => CoupDeCoeur::default(),
        // One week, or several separated by commas (as the CMS's text
        // field writes them).
        Some(_) => CoupDeCoeur {
            toujours: false,
            semaines: n
                .text()
                .unwrap_or_default()
                .split(',')
                .filter(|t| !t.trim().is_empty())
                .filter_map(|t| one(n, t))
                .collect(),
        },
    }
}

fn read_creneau(n: &Node, cfg: &SiteConfig) -> Option<Creneau> {
    let m = n.map()?;
    let jour = m
        .require("jour")
        .and_then(|n| n.choice(cfg.jours.iter().map(String::as_str)));
    let debut = m.require("debut").and_then(|n| n.time());
    let fin_node = m.require("fin");
    let fin = fin_node.as_ref().and_then(|n| n.time());
    let periode = m
        .get("periode")
        .and_then(|n| n.choice(cfg.periodes.iter().map(String::as_str)));
    m.finish();
    let (jour, debut, fin) = (jour?, debut?, fin?);
    if debut >= fin {
        fin_node.unwrap().report(
            Rule::OrdreInvalide,
            format!(
                "`{}.fin` ({}) doit être après `debut` ({})",
                n.path,
                fin.format("%H:%M"),
                debut.format("%H:%M")
            ),
            Some("vérifiez l'heure de fin du créneau".into()),
        );
    }
    Some(Creneau {
        jour,
        debut: debut.format("%H:%M").to_string(),
        fin: fin.format("%H:%M").to_string(),
        periode,
    })
}

fn read_periode(n: &Node) -> Option<Periode> {
    let m = n.map()?;
    let debut = m.require("debut").and_then(|n| n.date());
    let fin = m.require("fin").and_then(|n| n.date());
    m.finish();
    let (debut, fin) = (debut?, fin?);
    if debut > fin {
        super::m_report_order(n, "debut", "fin", &debut.to_string(), &fin.to_string());
    }
    Some(Periode {
        debut,
        fin,
        line: n.pos().line,
    })
}

fn read_reservation(n: &Node) -> Reservation {
    let Some(m) = n.map() else {
        return Reservation::default();
    };
    let url = m.get("url").and_then(|n| {
        let s = n.text()?;
        if s.starts_with("https://") || s.starts_with("http://") {
            Some(s)
        } else if s.is_empty() {
            None
        } else {
            n.report(
                Rule::UrlInvalide,
                format!("`{}` : « {s} » n'est pas une adresse web", n.path),
                Some("l'adresse commence par https://".into()),
            );
            None
        }
    });
    let telephone = m.get("telephone").and_then(|n| {
        let s = n.text()?;
        let digits = s.chars().filter(char::is_ascii_digit).count();
        if s.is_empty() {
            None
        } else if digits < 6
            || s.chars()
                .any(|c| !(c.is_ascii_digit() || " +.-()".contains(c)))
        {
            n.report(
                Rule::TelephoneInvalide,
                format!("`{}` : « {s} » n'est pas un numéro de téléphone", n.path),
                Some("par exemple \"+687 44 55 66\"".into()),
            );
            None
        } else {
            Some(s)
        }
    });
    let email = m.get("email").and_then(|n| {
        let s = n.text()?;
        let valid = s
            .split_once('@')
            .is_some_and(|(a, b)| !a.is_empty() && b.contains('.') && !s.contains(' '));
        if s.is_empty() {
            None
        } else if !valid {
            n.report(
                Rule::EmailInvalide,
                format!("`{}` : « {s} » n'est pas une adresse e-mail", n.path),
                Some("par exemple contact@club.nc".into()),
            );
            None
        } else {
            Some(s)
        }
    });
    let r = Reservation {
        url,
        telephone,
        email,
    };
    let written = ["url", "telephone", "email"].iter().any(|k| m.written(k));
    if !written {
        let d =
            n.cx.error(
                Rule::ReservationManquante,
                n.pos(),
                &n.path,
                "aucun moyen de réserver : indiquez au moins `url`, `telephone` ou `email`".into(),
            )
            .with_hint("par exemple reservation: { telephone: \"+687 44 55 66\" }");
        n.cx.sink.push(d);
    }
    m.finish();
    r
}

/// Reads the keys of an offer sheet.
pub fn read(m: &MapReader, cfg: &SiteConfig) -> Offre {
    let text = |k: &'static str| m.get(k).and_then(|n| n.text()).unwrap_or_default();
    let organisme = m
        .require("organisme")
        .and_then(|n| n.text())
        .unwrap_or_default();
    let univers = m
        .require("univers")
        .and_then(|n| n.choice(cfg.univers_ids()))
        .unwrap_or_default();
    let commune = m
        .require("commune")
        .and_then(|n| n.name_in(cfg.communes.iter().map(String::as_str)))
        .unwrap_or_default();
    let quartier = text("quartier");
    let quartier_prioritaire =
        !quartier.is_empty() && cfg.quartiers_prioritaires.contains(&quartier);
    let public = m.get("public").and_then(|n| read_public(&n));
    let cibles = m
        .get("cibles")
        .map(|n| read_choices(&n, cfg.cibles.iter().map(String::as_str)))
        .unwrap_or_default();
    let tarif_node = m.require("tarif");
    let tarif_line = tarif_node.as_ref().map(|n| n.pos().line).unwrap_or(0);
    let tarif = tarif_node
        .map(|n| read_tarif(&n, cfg.portefeuille, false))
        .unwrap_or_else(Tarif::absent);
    let formules = m
        .get("formules")
        .map(|n| {
            n.list()
                .iter()
                .map(|f| read_tarif(f, cfg.portefeuille, true))
                .collect()
        })
        .unwrap_or_default();
    let creneaux: Vec<Creneau> = m
        .get("creneaux")
        .map(|n| {
            n.list()
                .iter()
                .filter_map(|c| read_creneau(c, cfg))
                .collect()
        })
        .unwrap_or_default();
    let creneaux_par_jour = group_by_day(&creneaux, &cfg.jours);
    let periode = m.get("periode").and_then(|n| read_periode(&n));
    let reservation = match m.get("reservation") {
        Some(n) => read_reservation(&n),
        None => {
            m.require("reservation");
            Reservation::default()
        }
    };
    let accessibilite = m
        .get("accessibilite")
        .map(|n| read_accessibilite(&n, cfg))
        .unwrap_or_default();
    let places = m.get("places").and_then(|n| n.uint());
    let flag = |k: &'static str| m.get(k).and_then(|n| n.bool()).unwrap_or(false);
    let univers_libelle = cfg
        .univers
        .iter()
        .find(|u| u.id == univers)
        .map(|u| u.libelle.clone())
        .unwrap_or_default();
    Offre {
        organisme,
        univers,
        univers_libelle,
        commune,
        lieu: text("lieu"),
        quartier,
        tribu: text("tribu"),
        quartier_prioritaire,
        public,
        cibles,
        tarif,
        tarif_line,
        formules,
        creneaux,
        creneaux_par_jour,
        periode,
        reservation,
        accessibilite,
        transport: text("transport"),
        materiel: text("materiel"),
        places,
        coup_de_coeur: m
            .get("coup_de_coeur")
            .map(|n| read_coup_de_coeur(&n))
            .unwrap_or_default(),
        insolite: flag("insolite"),
        temoignages: crate::content::temoignage::read(m),
        etat: Etat::Ouverte,
        selection: false,
        proches: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::wallet_sessions;
    use crate::content::words::Unite::{Mois, Seance, Stage};

    #[test]
    fn wallet_pays_whole_sessions() {
        assert_eq!(wallet_sessions(15_000, Seance, 2_500, None), Some(6));
        assert_eq!(wallet_sessions(15_000, Seance, 4_000, None), Some(3));
        assert_eq!(wallet_sessions(15_000, Stage, 6_000, Some(5)), Some(10));
        assert_eq!(wallet_sessions(15_000, Stage, 20_000, Some(5)), Some(0));
        assert_eq!(wallet_sessions(15_000, Seance, 0, None), None);
        assert_eq!(wallet_sessions(15_000, Mois, 3_000, None), None);
    }
}
