//! The offer catalogue: the whole catalogue, a page per universe, commune
//! and target, the print bundle of each commune's offers, and the JSON index
//! of the instant filter.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{cards, ids, Card};
use crate::content::offre::Offre;
use crate::library::{Doc, DocId};
use crate::pages::job::{data, Job, JobKind};
use crate::pages::partage::ListCard;
use crate::site::Site;
use crate::slug::slug_of;

/// How many cards each universe shows at the top of the catalogue (its
/// favourites first): the catalogue lists every offer in one line each,
/// with the instant filter; the cards of all of them are on the
/// universe's own page. A catalogue of thousands of offers stays light on
/// a phone, and quick to remake in a preview.
pub const SHOWCASE: usize = 4;

#[derive(Serialize)]
struct Univers<'a> {
    id: &'a str,
    libelle: &'a str,
    url: String,
    nombre: usize,
    /// Its first cards: favourites (`selection`), then by title.
    vitrine: Vec<Card<'a, Offre>>,
    /// Every offer of the universe in one line, by title.
    offres: Vec<Line<'a>>,
}

/// One offer in the catalogue's full list: enough to choose and to filter.
#[derive(Serialize)]
struct Line<'a> {
    url: &'a str,
    titre: &'a str,
    commune: &'a str,
    /// The price to pay: `montant` of its `tarif`, 0 when free.
    montant: u64,
    /// The price of one session, when it can be known.
    prix_seance: Option<u64>,
    brouillon: bool,
}

impl<'a> Line<'a> {
    fn of(d: &'a Doc<Offre>) -> Line<'a> {
        Line {
            url: &d.url,
            titre: &d.common.titre,
            commune: &d.meta.commune,
            montant: d.meta.tarif.montant,
            prix_seance: d.meta.tarif.prix_seance,
            brouillon: d.brouillon,
        }
    }
}

/// The showcase of a universe: its favourites, then its other offers, by
/// title, [`SHOWCASE`] at most.
fn showcase<'a>(site: &'a Site, offers: &[&'a Doc<Offre>]) -> Vec<Card<'a, Offre>> {
    let favourites = offers.iter().filter(|d| d.meta.selection);
    let others = offers.iter().filter(|d| !d.meta.selection);
    favourites
        .chain(others)
        .take(SHOWCASE)
        .map(|d| Card::of(site, d))
        .collect()
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
    /// The universe's id, for its colour and icon.
    #[serde(skip_serializing_if = "Option::is_none")]
    id_univers: Option<&'a str>,
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

/// The list page of a universe.
pub(super) fn universe_url(id: &str) -> String {
    format!("offres/univers/{id}/")
}

/// The list page of a commune.
pub(super) fn commune_url(commune: &str) -> String {
    format!("offres/communes/{}/", slug_of(commune))
}

/// The offers `ids` names, in order.
fn offers_of<'a>(site: &'a Site, ids: &[DocId]) -> Vec<&'a Doc<Offre>> {
    ids.iter()
        .map(|id| &site.library.offres[id.index])
        .collect()
}

/// The catalogue: every listed offer by universe, and the ways to browse.
fn catalogue(site: &Site, ids: &[DocId]) -> tera::Context {
    let cfg = &site.config;
    let offers = offers_of(site, ids);
    let by_univers = by(&offers, |o| vec![o.univers.as_str()]);
    let by_commune = by(&offers, |o| vec![o.commune.as_str()]);
    let by_cible = by(&offers, |o| o.cibles.iter().map(String::as_str).collect());
    let count = |m: &BTreeMap<String, Vec<&Doc<Offre>>>, k: &str| m.get(k).map_or(0, Vec::len);
    let catalogue = Catalogue {
        nombre: offers.len(),
        univers: cfg
            .univers
            .iter()
            .map(|u| Univers {
                id: &u.id,
                libelle: &u.libelle,
                url: universe_url(&u.id),
                nombre: count(&by_univers, &u.id),
                vitrine: by_univers
                    .get(&u.id)
                    .map(|v| showcase(site, v))
                    .unwrap_or_default(),
                offres: by_univers
                    .get(&u.id)
                    .map(|v| v.iter().map(|d| Line::of(d)).collect())
                    .unwrap_or_default(),
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
    data(&catalogue)
}

/// The list of one universe, commune or target.
fn liste(site: &Site, ids: &[DocId], critere: &'static str, valeur: &str) -> tera::Context {
    let offers = offers_of(site, ids);
    let (valeur, id_univers, recueil) = match critere {
        "univers" => {
            let u = site.config.univers.iter().find(|u| u.id == valeur);
            (
                u.map_or(valeur, |u| u.libelle.as_str()),
                u.map(|u| u.id.as_str()),
                None,
            )
        }
        "commune" => (
            valeur,
            None,
            Some(format!("{}fiches/", commune_url(valeur))),
        ),
        _ => (valeur, None, None),
    };
    data(&Liste {
        critere,
        valeur,
        id_univers,
        offres: cards(site, offers.iter().copied()),
        recueil,
    })
}

/// The catalogue's pages. Lists are made when rendered ([`JobKind::lazy`]):
/// the plan holds only which offers each shows.
pub fn plan(site: &Site) -> Vec<Job> {
    let cfg = &site.config;
    let mut offers: Vec<&Doc<Offre>> = site.library.listed_offers().collect();
    offers.sort_by(|a, b| a.common.titre.cmp(&b.common.titre));
    let by_univers = by(&offers, |o| vec![o.univers.as_str()]);
    let by_commune = by(&offers, |o| vec![o.commune.as_str()]);
    let by_cible = by(&offers, |o| o.cibles.iter().map(String::as_str).collect());
    let group = |m: &BTreeMap<String, Vec<&Doc<Offre>>>, k: &str| {
        m.get(k).map(|v| ids(v.iter().copied())).unwrap_or_default()
    };
    let all = ids(offers.iter().copied());

    let mut jobs = vec![Job::page(
        "offres/",
        "offres.html",
        JobKind::lazy(all.clone(), catalogue),
    )
    .with_card(ListCard::of("offres", all.len()))];
    for u in &cfg.univers {
        let id = u.id.clone();
        let url = universe_url(&u.id);
        let shows = group(&by_univers, &u.id);
        let mut card = ListCard::of("offres", shows.len()).by("univers", u.libelle.clone());
        card.univers = Some(u.id.clone());
        let kind = JobKind::lazy(shows, move |site, ids| liste(site, ids, "univers", &id));
        jobs.push(Job::page(url, "offres-liste.html", kind).with_card(card));
    }
    for c in by_commune.keys() {
        let url = commune_url(c);
        let bundle_url = format!("{url}fiches/");
        let name = c.clone();
        let shows = group(&by_commune, c);
        let card = ListCard::of("offres", shows.len()).by("commune", c.clone());
        let kind = JobKind::lazy(shows, move |site, ids| liste(site, ids, "commune", &name));
        jobs.push(Job::page(url.clone(), "offres-liste.html", kind).with_card(card));
        let bundle = CommuneBundle {
            commune: c,
            url_commune: &url,
        };
        jobs.push(Job::page(
            bundle_url,
            "offres-recueil.html",
            JobKind::Bundle(group(&by_commune, c), data(&bundle)),
        ));
    }
    jobs.push(Job::file(
        "offres/index.json",
        "index.json",
        JobKind::lazy(all, |site, ids| {
            data(&FilterIndex {
                index: super::offres_index::index(offers_of(site, ids).into_iter()),
            })
        }),
    ));
    for c in &cfg.cibles {
        let name = c.clone();
        let url = format!("offres/cibles/{c}/");
        let shows = group(&by_cible, c);
        let card = ListCard::of("offres", shows.len()).by("cible", c.clone());
        let kind = JobKind::lazy(shows, move |site, ids| liste(site, ids, "cible", &name));
        jobs.push(Job::page(url, "offres-liste.html", kind).with_card(card));
    }
    jobs
}
