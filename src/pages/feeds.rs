//! Feeds of validated news — Atom and JSON Feed 1.1 — for all news, for
//! each rubrique and for each channel named in `canaux`. Drafts never go in
//! a feed, not even in a `--brouillons` preview: a feed is what partners
//! and the provincial website take as validated.

use crate::content::actu::Actu;
use crate::content::words::{Canal, RubriqueActu, Word};
use crate::library::{Doc, DocId};
use crate::render::feed::{Feed, Format};
use crate::render::{Job, JobKind};
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
    let validated: Vec<&Doc<Actu>> = super::actus::latest(site)
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
    jobs
}
