//! Render (floor 8): every planned page through its template.
//!
//! [`crate::pages`] plans the list of files ([`Job`]s), each with its own
//! typed data; this stage renders them in parallel (rayon), each from the
//! shared context ([`context::Shared`]: site settings, navigation, link
//! targets) and only the data of that page, so that a single page can be
//! rendered again alone ([`job::render_job`]).
//!
//! - [`job`]: one job → one file;
//! - [`body`]: a Markdown body as its page shows it (shortcodes drawn by the
//!   theme);
//! - [`print`](mod@print): what printed documents add (the whole text, the QR
//!   code, what a one-page sheet holds);
//! - [`article`]: a printed document's article, rendered once for its
//!   sheet's page and its bundle;
//! - [`qr`]: the QR codes of printed documents, kept across builds;
//! - [`partials`]: the `partiel` filter, a partial rendered once per distinct
//!   input (the cards of long lists);
//! - [`feed`]: Atom and JSON feeds.

pub mod anchors;
pub mod article;
pub mod body;
pub mod context;
pub mod events;
pub mod feed;
pub mod job;
pub mod partials;
pub mod print;
pub mod qr;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use tera::Tera;

use crate::diagnostic::Diagnostic;
use crate::diffusion::archive::Pending;
use crate::library::DocId;
use crate::site::Site;

pub use crate::pages::job::{Job, JobKind};
pub use context::Shared;
pub use job::{render_job, JobResult};

/// `../` as many times as the URL is deep.
pub fn to_root(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

pub use crate::diagnostic::write_error;

/// What rendering remembers from one page to the next, and a preview from
/// one rebuild to the next: the diffusion texts written, the QR codes drawn.
#[derive(Debug, Default, Clone)]
pub struct Memos {
    pub texts: Arc<crate::diffusion::texts::Memo>,
    pub qr: Arc<qr::Codes>,
}

/// What rendering every job gave besides the files.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Diagnostics of all pages, fragment checks included.
    pub diagnostics: Vec<Diagnostic>,
    /// Images of `content/images/` that the bodies show.
    pub images: BTreeSet<String>,
    /// Zips of the diffusion kits, to make once the visuals exist.
    pub archives: Vec<Pending>,
}

/// Renders every job in parallel and hands each result to `write`; the
/// result of each job is kept, in the jobs' order, for a later partial
/// rebuild ([`crate::rebuild`]).
pub fn render_all<W>(
    site: &Site,
    tera: &Tera,
    jobs: &[Job],
    memos: Memos,
    write: W,
) -> (Rendered, Vec<JobResult>)
where
    W: Fn(&str, &[u8]) -> std::io::Result<()> + Sync,
{
    let mut shared = Shared::new(site);
    shared.texts = memos.texts;
    shared.qr = memos.qr;
    let targeted = crate::render::anchors::targets(site);
    let order = order(jobs);
    let all: Vec<&Job> = order.iter().map(|i| &jobs[*i]).collect();
    let write = |rel: &str, bytes: &[u8], _: &[Diagnostic]| write(rel, bytes);
    let started = render_some(site, tera, &shared, &targeted, &all, write);
    let mut results: Vec<JobResult> = Vec::with_capacity(jobs.len());
    results.resize_with(jobs.len(), JobResult::default);
    for (i, r) in order.into_iter().zip(started) {
        results[i] = r;
    }
    let rendered = gather(&mut results);
    (rendered, results)
}

/// In what order a build starts its jobs: the longest first, so that it
/// does not wait at its end for a month's kit begun last; a bundle just
/// after the sheets it prints, which leave it their articles
/// ([`article::Articles`]: one bundle's articles wait at a time, not a
/// catalogue's).
fn order(jobs: &[Job]) -> Vec<usize> {
    let mut by_weight: Vec<usize> = (0..jobs.len()).collect();
    by_weight.sort_by_key(|i| std::cmp::Reverse(jobs[*i].weight()));
    let sheets: HashMap<DocId, usize> = jobs
        .iter()
        .enumerate()
        .filter_map(|(i, job)| match job.kind {
            JobKind::Sheet(id) => Some((id, i)),
            _ => None,
        })
        .collect();
    let mut placed = vec![false; jobs.len()];
    let mut order = Vec::with_capacity(jobs.len());
    for i in by_weight {
        if let JobKind::Bundle(ids, _) = &jobs[i].kind {
            for s in ids.iter().filter_map(|id| sheets.get(id)) {
                if !std::mem::replace(&mut placed[*s], true) {
                    order.push(*s);
                }
            }
        }
        if !std::mem::replace(&mut placed[i], true) {
            order.push(i);
        }
    }
    order
}

/// Renders some jobs in parallel, started in the order given, handing each file to `write` with the
/// diagnostics of its job as soon as it is rendered. A content
/// page that another page links to with an anchor (`targeted`) keeps the
/// ids its HTML holds.
pub fn render_some<W>(
    site: &Site,
    tera: &Tera,
    shared: &Shared,
    targeted: &std::collections::HashSet<&str>,
    jobs: &[&Job],
    write: W,
) -> Vec<JobResult>
where
    W: Fn(&str, &[u8], &[Diagnostic]) -> std::io::Result<()> + Sync,
{
    let profile = std::env::var_os("KITPRESS_PROFIL").is_some();
    let times = std::sync::Mutex::new(HashMap::<&str, (usize, f64, f64, &str)>::new());
    let articles = article::Articles::of(jobs);
    // Taken in the order given (a preview puts what the editor looks at
    // first), results put back in that order.
    let mut results: Vec<(usize, JobResult)> = jobs
        .iter()
        .enumerate()
        .par_bridge()
        .map(|(i, job)| {
            let t0 = std::time::Instant::now();
            let mut r = render_job(site, tera, shared, &articles, job);
            if profile {
                let dt = t0.elapsed().as_secs_f64();
                let mut t = times.lock().unwrap_or_else(|e| e.into_inner());
                let e = t.entry(job.template).or_insert((0, 0.0, 0.0, ""));
                e.0 += 1;
                e.1 += dt;
                if dt > e.2 {
                    e.2 = dt;
                    e.3 = &job.path;
                }
            }
            if let Some(html) = r.html.take() {
                if let Err(e) = write(&job.path, html.as_bytes(), &r.diagnostics) {
                    r.diagnostics.push(write_error(&job.path, &e));
                }
                if let JobKind::Doc(id) = job.kind {
                    let key = &site.library.head(id).key;
                    if targeted.contains(key.as_str()) {
                        r.ids = Some((key.clone(), crate::render::anchors::ids_of(&html)));
                    }
                }
            }
            (i, r)
        })
        .collect();
    results.sort_unstable_by_key(|(i, _)| *i);
    let results = results.into_iter().map(|(_, r)| r).collect();
    if profile {
        let t = times.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut t: Vec<_> = t.into_iter().collect();
        t.sort_by(|a, b| b.1 .1.total_cmp(&a.1 .1));
        for (template, (n, total, max, path)) in t {
            eprintln!("profil : {template} ×{n} {total:.3} s (max {max:.3} s : {path})");
        }
    }
    results
}

/// What the results of every job give together: their diagnostics, the
/// anchors checked against the pages they point to, the images shown, and
/// the zips to make (taken out of the results).
pub fn gather(results: &mut [JobResult]) -> Rendered {
    let archives = results
        .iter_mut()
        .filter_map(|r| r.archive.take())
        .collect();
    let ids: HashMap<&str, &Vec<String>> = results
        .iter()
        .filter_map(|r| r.ids.as_ref().map(|(k, v)| (k.as_str(), v)))
        .collect();
    let mut diagnostics = Vec::new();
    let mut images = BTreeSet::new();
    for r in results.iter() {
        diagnostics.extend(r.diagnostics.iter().cloned());
        images.extend(r.images.iter().cloned());
        diagnostics.extend(crate::render::anchors::check(&r.fragments, &ids));
    }
    Rendered {
        diagnostics,
        images,
        archives,
    }
}
