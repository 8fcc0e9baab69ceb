//! The pedagogical kit: its index by audience and its print bundle.

use serde::Serialize;

use super::{cards, grouped, positions, Card, Group};
use crate::content::{Meta, Section};
use crate::render::{data, Job, JobKind};
use crate::site::Site;

#[derive(Serialize)]
struct Kit<'a> {
    pages: Vec<Card<'a>>,
    groupes: Vec<Group<'a>>,
}

#[derive(Serialize)]
struct Bundle {
    recueil: &'static str,
}

pub fn plan(site: &Site) -> Vec<Job> {
    let groupes = grouped(
        site,
        Section::Kit,
        &crate::content::kit::CIBLES,
        |d| match &d.meta {
            Meta::Kit(k) => k.cible.as_deref(),
            _ => None,
        },
    );
    let index = Kit {
        pages: cards(site.in_order(Section::Kit)),
        groupes,
    };
    let bundle = Bundle {
        recueil: "kit-pedagogique",
    };
    vec![
        Job::listing("kit/", "kit.html", &index),
        Job::page(
            "kit/recueil/",
            "recueil.html",
            JobKind::Bundle(positions(site, site.in_order(Section::Kit)), data(&bundle)),
        ),
    ]
}
