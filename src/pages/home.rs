//! The home page: the text of `pages/accueil.md`, the week's selection
//! (offers marked `coup_de_coeur` or `insolite`), the latest news, and how
//! many pages each section has.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{cards, Card};
use crate::content::Section;
use crate::render::{data, Job, JobKind};
use crate::site::Site;

/// News shown on the home page.
const LATEST_NEWS: usize = 6;

#[derive(Serialize)]
struct Home<'a> {
    actus: Vec<Card<'a>>,
    selection: Vec<Card<'a>>,
    compteurs: BTreeMap<&'static str, usize>,
}

pub fn plan(site: &Site) -> Vec<Job> {
    let home = Home {
        actus: cards(super::actus::latest(site).into_iter().take(LATEST_NEWS)),
        selection: cards(
            site.published(Section::Offres)
                .filter(|d| d.offre().is_some_and(|o| o.coup_de_coeur || o.insolite)),
        ),
        compteurs: Section::ALL
            .iter()
            .map(|s| (s.dir(), site.published(*s).count()))
            .collect(),
    };
    let body = site.docs.iter().position(|d| d.is_home() && d.published);
    vec![Job::page(
        "",
        "index.html",
        JobKind::Listing {
            data: data(&home),
            body,
        },
    )]
}
