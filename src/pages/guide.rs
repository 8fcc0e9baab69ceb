//! The contributor guide for partners: its index by topic and its print bundle.

use serde::Serialize;

use super::{cards, grouped, positions, Card, Group};
use crate::content::{Meta, Section};
use crate::render::{data, Job, JobKind};
use crate::site::Site;

#[derive(Serialize)]
struct Guide<'a> {
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
        Section::Guide,
        &crate::content::guide::RUBRIQUES,
        |d| match &d.meta {
            Meta::Guide(g) => g.rubrique.as_deref(),
            _ => None,
        },
    );
    let index = Guide {
        pages: cards(site.in_order(Section::Guide)),
        groupes,
    };
    let bundle = Bundle {
        recueil: "kit-contribution",
    };
    vec![
        Job::listing("guide/", "guide.html", &index),
        Job::page(
            "guide/recueil/",
            "recueil.html",
            JobKind::Bundle(
                positions(site, site.in_order(Section::Guide)),
                data(&bundle),
            ),
        ),
    ]
}
