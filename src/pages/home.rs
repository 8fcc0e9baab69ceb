//! The home page: the text of `pages/accueil.md`, the week's selection
//! (offers marked `coup_de_coeur` or `insolite`), the latest news, and how
//! many pages each section has.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{cards, Card};
use crate::content::actu::Actu;
use crate::content::offre::Offre;
use crate::content::Section;
use crate::render::{data, Job, JobKind};
use crate::site::Site;

/// News shown on the home page.
const LATEST_NEWS: usize = 6;

#[derive(Serialize)]
struct Home<'a> {
    actus: Vec<Card<'a, Actu>>,
    selection: Vec<Card<'a, Offre>>,
    compteurs: BTreeMap<&'static str, usize>,
}

pub fn plan(site: &Site) -> Vec<Job> {
    let home = Home {
        actus: cards(super::actus::latest(site).into_iter().take(LATEST_NEWS)),
        selection: cards(
            site.library
                .published::<Offre>()
                .filter(|d| d.meta.coup_de_coeur || d.meta.insolite),
        ),
        compteurs: Section::ALL
            .iter()
            .map(|s| (s.dir(), site.library.count_published(*s)))
            .collect(),
    };
    let body = site.library.home().map(|d| d.id);
    vec![Job::page(
        "",
        "index.html",
        JobKind::Listing {
            data: data(&home),
            body,
        },
    )]
}
