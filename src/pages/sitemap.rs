//! `sitemap.xml` (the public pages: no print document, no internal page —
//! calendar, diffusion kits —, no draft), `robots.txt` pointing to it, and the `404.html` page (which works
//! at any depth).

use serde::Serialize;

use crate::render::{Job, JobKind};
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

pub fn plan(site: &Site, jobs: &[Job]) -> Vec<Job> {
    let is_draft = |j: &Job| matches!(j.kind, JobKind::Doc(id) if site.library.head(id).brouillon);
    // An offer that is over keeps its page, but search engines are not sent to it.
    let over: std::collections::HashSet<_> = site
        .library
        .published::<crate::content::offre::Offre>()
        .filter(|d| d.meta.etat == crate::content::offre::Etat::Terminee)
        .map(|d| d.id)
        .collect();
    let is_over = |j: &Job| matches!(j.kind, JobKind::Doc(id) if over.contains(&id));
    let mut urls: Vec<Url> = jobs
        .iter()
        .filter(|j| {
            matches!(
                j.kind,
                JobKind::Doc(_) | JobKind::Listing { .. } | JobKind::List(_)
            ) && j.path.ends_with(".html")
                && !super::is_internal(&j.url)
                && !is_draft(j)
                && !is_over(j)
        })
        .map(|j| Url {
            loc: j.url.as_str(),
            lastmod: match j.kind {
                JobKind::Doc(id) => crate::render::feed::dated(site.library.get(id)),
                _ => None,
            },
        })
        .collect();
    urls.sort_unstable();
    vec![
        Job::file("sitemap.xml", "sitemap.xml", JobKind::of(&Sitemap { urls })),
        Job::file("robots.txt", "robots.txt", JobKind::of(&Empty {})),
        // Served for any missing address, at any depth (a withdrawn
        // offer's QR code): its links start from the site's path.
        Job::file("404.html", "404.html", JobKind::of(&Empty {}))
            .with_root(site.config.base_path()),
    ]
}
