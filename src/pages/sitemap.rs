//! `sitemap.xml` (the public pages: no print document, no internal page —
//! calendar, diffusion kits —, no draft), `robots.txt` pointing to it, and the `404.html` page (which works
//! at any depth).

use serde::Serialize;

use crate::content::offre::Etat;
use crate::library::{AnyDoc, DocId};
use crate::pages::job::{Job, JobKind};
use crate::site::Site;

#[derive(Serialize)]
struct Sitemap<'a> {
    urls: Vec<Url<'a>>,
}

/// One page of the sitemap, with the day its content last changed when it
/// says so (`date`, or an offer's opening).
#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct Url<'a> {
    loc: &'a str,
    lastmod: Option<chrono::NaiveDate>,
}

#[derive(Serialize)]
struct Empty {}

/// The sitemap is made when rendered ([`JobKind::lazy`]): the plan keeps
/// the documents it lists (their URLs and dates are read then) and the
/// addresses of the lists, so that a preview does not remake it on every
/// change of a front matter.
pub fn plan(site: &Site, jobs: &[Job]) -> Vec<Job> {
    let listed = |j: &&Job| {
        matches!(
            j.kind,
            JobKind::Doc(_) | JobKind::Listing { .. } | JobKind::List(_)
        ) && j.path.ends_with(".html")
            && !super::is_internal(&j.url)
    };
    let docs: Vec<DocId> = jobs
        .iter()
        .filter(listed)
        .filter_map(|j| match j.kind {
            JobKind::Doc(id) => Some(id),
            _ => None,
        })
        .collect();
    let lists: Vec<String> = jobs
        .iter()
        .filter(listed)
        .filter(|j| !matches!(j.kind, JobKind::Doc(_)))
        .map(|j| j.url.clone())
        .collect();
    let sitemap = JobKind::lazy(docs, move |site, ids| {
        let mut urls: Vec<Url> = ids
            .iter()
            .map(|id| site.library.get(*id))
            .filter(|d| {
                let head = d.head();
                // An offer that is over keeps its page, but search engines
                // are not sent to it.
                !head.brouillon && !matches!(d, AnyDoc::Offre(o) if o.meta.etat == Etat::Terminee)
            })
            .map(|d| Url {
                loc: &d.head().url,
                lastmod: d.dated(),
            })
            .chain(lists.iter().map(|url| Url {
                loc: url,
                lastmod: None,
            }))
            .collect();
        urls.sort_unstable();
        crate::pages::job::data(&Sitemap { urls })
    });
    vec![
        Job::file("sitemap.xml", "sitemap.xml", sitemap),
        Job::file("robots.txt", "robots.txt", JobKind::of(&Empty {})),
        // Served for any missing address, at any depth (a withdrawn
        // offer's QR code): its links start from the site's path.
        Job::file("404.html", "404.html", JobKind::of(&Empty {}))
            .with_root(site.config.base_path()),
    ]
}
