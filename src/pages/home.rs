//! The home page: the text of `pages/accueil.md`, the week's selection
//! (the bookable favourites of the week, `coup_de_coeur`, or else the
//! latest offers), the latest news, and how
//! many pages each section has.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{cards, ids, Card};
use crate::audit::bookable::bookable;
use crate::content::actu::Actu;
use crate::content::offre::Offre;
use crate::content::Section;
use crate::library::{AnyDoc, Doc};
use crate::render::{data, Job, JobKind};
use crate::site::Site;

/// News shown on the home page.
const LATEST_NEWS: usize = 6;

#[derive(Serialize)]
struct Home<'a> {
    actus: Vec<Card<'a, Actu>>,
    selection: Vec<Card<'a, Offre>>,
    /// Whether the selection was chosen for the week (else: latest offers).
    selection_semaine: bool,
    compteurs: BTreeMap<&'static str, usize>,
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
    let added = |d: &Doc<Offre>| crate::render::feed::dated(AnyDoc::Offre(d));
    recent.sort_by(|a, b| {
        added(b)
            .cmp(&added(a))
            .then(a.common.titre.cmp(&b.common.titre))
    });
    recent.truncate(SELECTION);
    recent
}

/// The home page, made when it is rendered: the plan holds which offers
/// (first) and news it shows.
pub fn plan(site: &Site) -> Vec<Job> {
    let offers = ids(selection(site));
    let shown = offers.len();
    let mut shows = offers;
    shows.extend(ids(super::actus::latest(site)
        .into_iter()
        .take(LATEST_NEWS)));
    let body = site.library.home().map(|d| d.id);
    let kind = JobKind::lazy_with_body(shows, body, move |site, ids| {
        let (offers, news) = ids.split_at(shown);
        let lib = &site.library;
        let home = Home {
            actus: cards(news.iter().map(|id| &lib.actus[id.index])),
            selection_semaine: lib.listed_offers().any(|d| d.meta.selection),
            selection: cards(offers.iter().map(|id| &lib.offres[id.index])),
            compteurs: Section::ALL
                .iter()
                .map(|s| (s.dir(), lib.count_published(*s)))
                .collect(),
        };
        data(&home)
    });
    vec![Job::page("", "index.html", kind)]
}
