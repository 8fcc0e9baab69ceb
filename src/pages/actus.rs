//! News: their index, a page per rubrique (évènements, actus, bons plans,
//! activités), each linking its feeds ([`super::feeds`]).

use serde::Serialize;

use super::{cards, Card};
use crate::content::actu::Actu;
use crate::content::words::{RubriqueActu, Word};
use crate::pages::job::Job;
use crate::pages::partage::ListCard;
use crate::site::Site;

#[derive(Serialize)]
struct Actus<'a> {
    actus: Vec<Card<'a, Actu>>,
    /// The rubrique of this page; `None` for the index of all news.
    rubrique_actu: Option<RubriqueActu>,
    /// Every rubrique, with its page and how many news it has.
    rubriques_actu: &'a [RubriqueLink],
}

#[derive(Serialize)]
struct RubriqueLink {
    id: RubriqueActu,
    url: String,
    nombre: usize,
}

pub fn plan(site: &Site) -> Vec<Job> {
    let actus = site.latest_news();
    let of = |r: RubriqueActu| {
        actus
            .iter()
            .copied()
            .filter(move |d| d.meta.rubrique == Some(r))
    };
    let links: Vec<RubriqueLink> = RubriqueActu::ALL
        .iter()
        .map(|&r| RubriqueLink {
            id: r,
            url: format!("actus/rubriques/{}/", r.id()),
            nombre: of(r).count(),
        })
        .collect();
    let index = Actus {
        actus: cards(site, actus.iter().copied()),
        rubrique_actu: None,
        rubriques_actu: &links,
    };
    let mut jobs =
        vec![Job::listing("actus/", "actus.html", &index)
            .with_card(ListCard::of("actus", actus.len()))];
    for (&r, link) in RubriqueActu::ALL.iter().zip(&links) {
        let page = Actus {
            actus: cards(site, of(r)),
            rubrique_actu: Some(r),
            rubriques_actu: &links,
        };
        let card = ListCard::of("actus", link.nombre).by("rubrique", r.id());
        jobs.push(Job::listing(link.url.clone(), "actus.html", &page).with_card(card));
    }
    jobs
}
