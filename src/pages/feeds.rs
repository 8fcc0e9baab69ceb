//! Feeds of validated content — Atom and JSON Feed 1.1 — for all news, for
//! each rubrique and for each channel named in `canaux`, and the feed of
//! new and updated offers. Drafts never go in
//! a feed, not even in a `--brouillons` preview: a feed is what partners
//! and the provincial website take as validated.

use super::job::{Feed, Format, Job, JobKind};
use crate::content::actu::Actu;
use crate::content::offre::Offre;
use crate::content::words::{Canal, RubriqueActu, Word};
use crate::content::Section;
use crate::library::AnyDoc;
use crate::library::{Doc, DocId};
use crate::site::Site;

/// Entries of a feed, newest first.
const ENTRIES: usize = 50;

/// Atom and JSON Feed files for one selection of news, under `dir`.
fn both(dir: String, feed: Feed) -> Vec<Job> {
    [Format::Atom, Format::Json]
        .into_iter()
        .map(|format| {
            let path = format!("{dir}{}", format.file_name());
            Job::file(
                path,
                "partials/flux-titre.html",
                JobKind::Feed(Feed {
                    format,
                    dir: dir.clone(),
                    ..feed.clone()
                }),
            )
        })
        .collect()
}

pub fn plan(site: &Site) -> Vec<Job> {
    let validated: Vec<&Doc<Actu>> = site
        .latest_news()
        .into_iter()
        .filter(|d| !d.brouillon)
        .collect();
    let ids = |keep: &dyn Fn(&Actu) -> bool| {
        let docs = validated.iter().copied().filter(|d| keep(&d.meta));
        super::ids(docs.take(ENTRIES))
    };
    let feed = |docs: Vec<DocId>, rubrique: Option<RubriqueActu>, canal: Option<Canal>| Feed {
        format: Format::Atom,
        dir: String::new(),
        section: Section::Actus,
        docs,
        rubrique,
        canal,
    };
    let mut jobs = both("actus/".into(), feed(ids(&|_| true), None, None));
    for &r in RubriqueActu::ALL {
        let docs = ids(&|a| a.rubrique == Some(r));
        jobs.extend(both(
            format!("actus/rubriques/{r}/"),
            feed(docs, Some(r), None),
        ));
    }
    for &c in Canal::ALL {
        let docs = ids(&|a| a.canaux.contains(&c));
        if !docs.is_empty() {
            jobs.extend(both(
                format!("actus/canaux/{c}/"),
                feed(docs, None, Some(c)),
            ));
        }
    }
    // The public calendar of events, beside the news feeds.
    let events = validated
        .iter()
        .filter(|d| d.meta.evenement.is_some())
        .map(|d| d.id)
        .collect();
    jobs.push(Job::file(
        "actus/evenements.ics",
        "partials/flux-titre.html",
        JobKind::Feed(Feed {
            format: Format::Ics,
            dir: "actus/".into(),
            section: Section::Actus,
            docs: events,
            rubrique: Some(RubriqueActu::Evenement),
            canal: None,
        }),
    ));
    jobs.extend(both("offres/".into(), offers(site)));
    jobs
}

/// The feed of new and updated offers: validated offers, the latest
/// first (by `date`, else the opening of their booking period).
fn offers(site: &Site) -> Feed {
    let mut offers: Vec<&Doc<Offre>> = site
        .library
        .listed_offers()
        .filter(|d| !d.brouillon)
        .collect();
    let date = |d: &Doc<Offre>| AnyDoc::Offre(d).dated();
    offers.sort_by(|a, b| {
        date(b)
            .cmp(&date(a))
            .then(a.common.titre.cmp(&b.common.titre))
    });
    Feed {
        format: Format::Atom,
        dir: String::new(),
        section: Section::Offres,
        docs: super::ids(offers.into_iter().take(ENTRIES)),
        rubrique: None,
        canal: None,
    }
}
