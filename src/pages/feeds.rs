//! Feeds of validated news — Atom and JSON Feed 1.1 — for all news, for
//! each rubrique and for each channel named in `canaux`. Drafts never go in
//! a feed, not even in a `--brouillons` preview: a feed is what partners
//! and the provincial website take as validated.

use crate::content::actu::RUBRIQUES;
use crate::content::{Meta, CANAUX};
use crate::render::feed::{Feed, Format};
use crate::render::{Job, JobKind};
use crate::site::{Doc, Site};

/// Entries of a feed, newest first.
const ENTRIES: usize = 50;

fn canaux(d: &Doc) -> &[String] {
    match &d.meta {
        Meta::Actu(a) => &a.canaux,
        _ => &[],
    }
}

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
    let validated: Vec<&Doc> = super::actus::latest(site)
        .into_iter()
        .filter(|d| !d.brouillon)
        .collect();
    let ids = |keep: &dyn Fn(&Doc) -> bool| {
        let docs = validated.iter().copied().filter(|d| keep(d)).take(ENTRIES);
        super::positions(site, docs)
    };
    let feed =
        |docs: Vec<usize>, rubrique: Option<&'static str>, canal: Option<&'static str>| Feed {
            format: Format::Atom,
            dir: String::new(),
            docs,
            rubrique,
            canal,
        };
    let mut jobs = both("actus/".into(), feed(ids(&|_| true), None, None));
    for r in RUBRIQUES {
        let docs = ids(&|d| d.rubrique() == Some(r));
        jobs.extend(both(
            format!("actus/rubriques/{r}/"),
            feed(docs, Some(r), None),
        ));
    }
    for c in CANAUX {
        let docs = ids(&|d| canaux(d).iter().any(|x| x == c));
        if !docs.is_empty() {
            jobs.extend(both(
                format!("actus/canaux/{c}/"),
                feed(docs, None, Some(c)),
            ));
        }
    }
    jobs
}
