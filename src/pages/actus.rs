//! News: their index (the feeds are [`super::feeds`]).

use serde::Serialize;

use super::{cards, Card};
use crate::content::Section;
use crate::render::Job;
use crate::site::{Doc, Site};

#[derive(Serialize)]
struct Actus<'a> {
    actus: Vec<Card<'a>>,
}

/// Published news, newest first (then by title).
pub fn latest(site: &Site) -> Vec<&Doc> {
    let mut actus: Vec<&Doc> = site.published(Section::Actus).collect();
    actus.sort_by(|a, b| {
        b.common
            .date
            .cmp(&a.common.date)
            .then(a.common.titre.cmp(&b.common.titre))
    });
    actus
}

pub fn plan(site: &Site) -> Vec<Job> {
    let actus = latest(site);
    let index = Actus {
        actus: cards(actus.iter().copied()),
    };
    vec![Job::listing("actus/", "actus.html", &index)]
}
