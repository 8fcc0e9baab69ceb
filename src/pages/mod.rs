//! Stage 4a — plan: the list of every file the site produces.
//!
//! One planner per section, each in its own module with the typed data its
//! templates receive: a new section, feed or report is one new file here,
//! listed in [`plan`]. Planners only choose pages and gather their data; the
//! rendering is [`crate::render`]'s.

mod actus;
mod calendrier;
mod docs;
mod feeds;
mod guide;
mod home;
mod kit;
mod offres;
pub mod offres_index;
mod offres_modeles;
mod sitemap;

use serde::Serialize;

use crate::content::{Meta, Section, Visuel};
use crate::render::{data, Job, JobKind};
use crate::site::{Doc, Site};

/// Every file of the site, in a stable order.
pub fn plan(site: &Site) -> Vec<Job> {
    let mut jobs = docs::plan(site);
    jobs.extend(home::plan(site));
    jobs.extend(offres::plan(site));
    jobs.extend(offres_modeles::plan(site));
    jobs.extend(kit::plan(site));
    jobs.extend(guide::plan(site));
    jobs.extend(actus::plan(site));
    jobs.extend(feeds::plan(site));
    // Internal: not in navigation, sitemap or feeds.
    if site.config.calendrier.publier {
        jobs.extend(calendrier::plan(site));
    }
    jobs.extend(sitemap::plan(site, &jobs));
    jobs
}

/// A card for lists: what index pages need of a document, without its body.
#[derive(Serialize)]
pub struct Card<'a> {
    url: &'a str,
    titre: &'a str,
    resume: &'a Option<String>,
    date: Option<chrono::NaiveDate>,
    brouillon: bool,
    section: Section,
    visuel: &'a Option<Visuel>,
    meta: &'a Meta,
}

impl<'a> Card<'a> {
    pub fn of(d: &'a Doc) -> Card<'a> {
        Card {
            url: &d.url,
            titre: &d.common.titre,
            resume: &d.common.resume,
            date: d.common.date,
            brouillon: d.brouillon,
            section: d.section,
            visuel: &d.common.visuel,
            meta: &d.meta,
        }
    }
}

pub fn cards<'a>(docs: impl IntoIterator<Item = &'a Doc>) -> Vec<Card<'a>> {
    docs.into_iter().map(Card::of).collect()
}

/// Indexes in `site.docs` of some of its documents (references into it).
pub fn positions<'a>(site: &Site, docs: impl IntoIterator<Item = &'a Doc>) -> Vec<usize> {
    docs.into_iter().filter_map(|d| site.index_of(d)).collect()
}

/// Pages of the kit or the guide in groups (by audience, by topic), each in
/// reading order; pages with no group last, under an empty id.
#[derive(Serialize)]
pub struct Group<'a> {
    id: &'a str,
    pages: Vec<Card<'a>>,
}

pub fn grouped<'a>(
    site: &'a Site,
    section: Section,
    ids: &[&'a str],
    key: impl Fn(&Doc) -> Option<&str>,
) -> Vec<Group<'a>> {
    let pages = site.in_order(section);
    let mut groups: Vec<Group> = ids
        .iter()
        .map(|id| Group {
            id,
            pages: cards(pages.iter().copied().filter(|d| key(d) == Some(*id))),
        })
        .filter(|g| !g.pages.is_empty())
        .collect();
    let rest = cards(pages.iter().copied().filter(|d| key(d).is_none()));
    if !rest.is_empty() {
        groups.push(Group {
            id: "",
            pages: rest,
        });
    }
    groups
}

/// A section read in order, with a printed bundle: the kit and the guide.
pub struct ReadingSection<'a> {
    pub section: Section,
    /// The groups of its index page, in their order.
    pub groups: &'a [&'a str],
    /// The group of a page, if any.
    pub group_of: fn(&Doc) -> Option<&str>,
    /// Template of the index page.
    pub template: &'static str,
    /// Which bundle `recueil.html` prints (`kit-pedagogique`).
    pub bundle: &'static str,
}

#[derive(Serialize)]
struct ReadingIndex<'a> {
    pages: Vec<Card<'a>>,
    groupes: Vec<Group<'a>>,
}

#[derive(Serialize)]
struct BundleData {
    recueil: &'static str,
}

/// The index page (all pages, and by group) and the print bundle of a
/// section read in order.
pub fn reading_section(site: &Site, spec: ReadingSection) -> Vec<Job> {
    let dir = spec.section.dir();
    let index = ReadingIndex {
        pages: cards(site.in_order(spec.section)),
        groupes: grouped(site, spec.section, spec.groups, spec.group_of),
    };
    let bundle = BundleData {
        recueil: spec.bundle,
    };
    let ids = positions(site, site.in_order(spec.section));
    vec![
        Job::listing(format!("{dir}/"), spec.template, &index),
        Job::page(
            format!("{dir}/recueil/"),
            "recueil.html",
            JobKind::Bundle(ids, data(&bundle)),
        ),
    ]
}
