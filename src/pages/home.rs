//! The home page: the text of `pages/accueil.md`, the week's selection
//! (the bookable favourites of the week, `coup_de_coeur`, or else the
//! latest offers), the latest news, and how
//! many pages each section has.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{cards, ids, Card};
use crate::content::actu::Actu;
use crate::content::offre::Offre;
use crate::content::Section;
use crate::derive::bookable::bookable;
use crate::library::{AnyDoc, Doc};
use crate::pages::job::{data, Job, JobKind};
use crate::site::Site;

/// News shown on the home page.
const LATEST_NEWS: usize = 6;

#[derive(Serialize)]
struct Home<'a> {
    actus: Vec<Card<'a, Actu>>,
    selection: Vec<Card<'a, Offre>>,
    /// Whether the selection was chosen for the week (else: latest offers).
    selection_semaine: bool,
    /// Favourites of the week beyond the [`SELECTION`] shown (they head
    /// their universe in the catalogue).
    selection_autres: usize,
    compteurs: BTreeMap<&'static str, usize>,
    /// Every universe of `site.yaml`, with its number of listed offers.
    univers: Vec<Universe<'a>>,
    /// Every commune of `site.yaml` (« près de chez toi »), with its
    /// number of listed offers: a commune with none is shown as such.
    communes: Vec<Place<'a>>,
}

#[derive(Serialize)]
struct Universe<'a> {
    id: &'a str,
    libelle: &'a str,
    url: String,
    nombre: usize,
}

#[derive(Serialize)]
struct Place<'a> {
    nom: &'a str,
    url: String,
    nombre: usize,
}

/// Offers in the home page's selection.
const SELECTION: usize = 6;

/// The week's selection: the bookable favourites of the reference day's
/// week (`coup_de_coeur`); with none chosen, the latest bookable offers.
fn selection(site: &Site) -> Vec<&Doc<Offre>> {
    let chosen: Vec<&Doc<Offre>> = site
        .library
        .listed_offers()
        .filter(|d| d.meta.selection)
        .collect();
    if !chosen.is_empty() {
        return chosen;
    }
    let cfg = &site.config;
    let today = site.options.today;
    let mut recent: Vec<&Doc<Offre>> = site
        .library
        .listed_offers()
        .filter(|d| bookable(&d.meta, cfg, today))
        .collect();
    let added = |d: &Doc<Offre>| AnyDoc::Offre(d).dated();
    recent.sort_by(|a, b| {
        added(b)
            .cmp(&added(a))
            .then(a.common.titre.cmp(&b.common.titre))
    });
    recent.truncate(SELECTION);
    recent
}

/// The home page, made when it is rendered: the plan holds which offers
/// (the selection first) and news it shows, then every listed offer (the
/// counts of the universes and communes come from them).
pub fn plan(site: &Site) -> Vec<Job> {
    let chosen = selection(site);
    let others = chosen.len().saturating_sub(SELECTION);
    let offers = ids(chosen.into_iter().take(SELECTION));
    let shown = offers.len();
    let mut shows = offers;
    let news = ids(site.latest_news().into_iter().take(LATEST_NEWS));
    let news_count = news.len();
    shows.extend(news);
    shows.extend(ids(site.library.listed_offers()));
    let body = site.library.home().map(|d| d.id);
    let kind = JobKind::lazy_with_body(shows, body, move |site, ids| {
        let (offers, rest) = ids.split_at(shown);
        let (news, listed) = rest.split_at(news_count);
        let lib = &site.library;
        let cfg = &site.config;
        let listed: Vec<&Doc<Offre>> = listed.iter().map(|id| &lib.offres[id.index]).collect();
        let count = |f: &dyn Fn(&Offre) -> bool| listed.iter().filter(|d| f(&d.meta)).count();
        let home = Home {
            actus: cards(site, news.iter().map(|id| &lib.actus[id.index])),
            selection_semaine: listed.iter().any(|d| d.meta.selection),
            selection: cards(site, offers.iter().map(|id| &lib.offres[id.index])),
            selection_autres: others,
            compteurs: Section::ALL
                .iter()
                .map(|s| (s.dir(), lib.count_published(*s)))
                .collect(),
            univers: cfg
                .univers
                .iter()
                .map(|u| Universe {
                    id: &u.id,
                    libelle: &u.libelle,
                    url: super::offres::universe_url(&u.id),
                    nombre: count(&|o| o.univers == u.id),
                })
                .collect(),
            communes: cfg
                .communes
                .iter()
                .map(|c| Place {
                    nom: c,
                    url: super::offres::commune_url(c),
                    nombre: count(&|o| &o.commune == c),
                })
                .collect(),
        };
        data(&home)
    });
    vec![Job::page("", "index.html", kind)]
}
