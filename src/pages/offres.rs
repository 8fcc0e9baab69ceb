//! The offer catalogue: the whole catalogue, a page per universe, commune
//! and target, the print bundle of each commune's offers, and the JSON index
//! of the instant filter.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{cards, ids, Card};
use crate::content::offre::Offre;
use crate::library::Doc;
use crate::render::{data, Job, JobKind};
use crate::site::Site;
use crate::slug::slug_of;

#[derive(Serialize)]
struct Univers<'a> {
    id: &'a str,
    libelle: &'a str,
    couleur: &'a str,
    url: String,
    nombre: usize,
    /// Its offers, by title (the catalogue shows them by universe).
    offres: Vec<Card<'a, Offre>>,
}

#[derive(Serialize)]
struct Commune<'a> {
    nom: &'a str,
    url: String,
    nombre: usize,
}

#[derive(Serialize)]
struct Cible<'a> {
    id: &'a str,
    url: String,
    nombre: usize,
}

#[derive(Serialize)]
struct Catalogue<'a> {
    /// How many offers are listed.
    nombre: usize,
    univers: Vec<Univers<'a>>,
    communes: Vec<Commune<'a>>,
    cibles: Vec<Cible<'a>>,
}

/// One list of the catalogue: the offers of a universe, commune or target.
#[derive(Serialize)]
struct Liste<'a> {
    critere: &'static str,
    valeur: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    couleur: Option<&'a str>,
    offres: Vec<Card<'a, Offre>>,
    /// The commune's print bundle.
    #[serde(skip_serializing_if = "Option::is_none")]
    recueil: Option<String>,
}

#[derive(Serialize)]
struct CommuneBundle<'a> {
    commune: &'a str,
    url_commune: &'a str,
}

#[derive(Serialize)]
struct FilterIndex<'a> {
    index: Vec<super::offres_index::IndexEntry<'a>>,
}

/// Published offers grouped by a key of the offer (several keys per offer
/// for its targets), each group by title.
fn by<'a>(
    offers: &[&'a Doc<Offre>],
    keys: impl Fn(&Offre) -> Vec<&str>,
) -> BTreeMap<String, Vec<&'a Doc<Offre>>> {
    let mut m: BTreeMap<String, Vec<&Doc<Offre>>> = BTreeMap::new();
    for d in offers {
        for k in keys(&d.meta) {
            m.entry(k.to_string()).or_default().push(d);
        }
    }
    m
}

/// The cards of one group (none when the group is empty).
fn list<'a>(groups: &BTreeMap<String, Vec<&'a Doc<Offre>>>, key: &str) -> Vec<Card<'a, Offre>> {
    groups
        .get(key)
        .map(|v| cards(v.iter().copied()))
        .unwrap_or_default()
}

fn commune_url(commune: &str) -> String {
    format!("offres/communes/{}/", slug_of(commune))
}

pub fn plan(site: &Site) -> Vec<Job> {
    let cfg = &site.config;
    let mut offers: Vec<&Doc<Offre>> = site.library.listed_offers().collect();
    offers.sort_by(|a, b| a.common.titre.cmp(&b.common.titre));
    let by_univers = by(&offers, |o| vec![o.univers.as_str()]);
    let by_commune = by(&offers, |o| vec![o.commune.as_str()]);
    let by_cible = by(&offers, |o| o.cibles.iter().map(String::as_str).collect());
    let count = |m: &BTreeMap<String, Vec<&Doc<Offre>>>, k: &str| m.get(k).map_or(0, Vec::len);

    let mut jobs = Vec::new();
    let catalogue = Catalogue {
        nombre: offers.len(),
        univers: cfg
            .univers
            .iter()
            .map(|u| Univers {
                id: &u.id,
                libelle: &u.libelle,
                couleur: &u.couleur,
                url: format!("offres/univers/{}/", u.id),
                nombre: count(&by_univers, &u.id),
                offres: list(&by_univers, &u.id),
            })
            .collect(),
        communes: by_commune
            .iter()
            .map(|(c, list)| Commune {
                nom: c,
                url: commune_url(c),
                nombre: list.len(),
            })
            .collect(),
        cibles: cfg
            .cibles
            .iter()
            .map(|c| Cible {
                id: c,
                url: format!("offres/cibles/{c}/"),
                nombre: count(&by_cible, c),
            })
            .collect(),
    };
    jobs.push(Job::listing("offres/", "offres.html", &catalogue));
    for u in &cfg.univers {
        let liste = Liste {
            critere: "univers",
            valeur: &u.libelle,
            couleur: Some(&u.couleur),
            offres: list(&by_univers, &u.id),
            recueil: None,
        };
        let url = format!("offres/univers/{}/", u.id);
        jobs.push(Job::listing(url, "offres-liste.html", &liste));
    }
    for (c, offers) in &by_commune {
        let url = commune_url(c);
        let bundle_url = format!("{url}fiches/");
        let liste = Liste {
            critere: "commune",
            valeur: c,
            couleur: None,
            offres: cards(offers.iter().copied()),
            recueil: Some(bundle_url.clone()),
        };
        jobs.push(Job::listing(url.clone(), "offres-liste.html", &liste));
        let bundle = CommuneBundle {
            commune: c,
            url_commune: &url,
        };
        jobs.push(Job::page(
            bundle_url,
            "offres-recueil.html",
            JobKind::Bundle(ids(offers.iter().copied()), data(&bundle)),
        ));
    }
    let index = FilterIndex {
        index: super::offres_index::index(offers.iter().copied()),
    };
    jobs.push(Job::file(
        "offres/index.json",
        "index.json",
        JobKind::of(&index),
    ));
    for c in &cfg.cibles {
        let liste = Liste {
            critere: "cible",
            valeur: c,
            couleur: None,
            offres: list(&by_cible, c),
            recueil: None,
        };
        let url = format!("offres/cibles/{c}/");
        jobs.push(Job::listing(url, "offres-liste.html", &liste));
    }
    jobs
}
