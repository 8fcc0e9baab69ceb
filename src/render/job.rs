//! One job → one file.

use serde::Serialize;
use tera::Tera;

use super::article::{fill, Articles};
use super::body::render_body;
use super::context::PageContext;
use super::{to_root, Job, JobKind, Shared};
use crate::diagnostic::{Diagnostic, Sink};
use crate::library::AnyDoc;
use crate::markdown::FragmentLink;
use crate::pages::AnyCard;
use crate::site::Site;

/// What rendering one job gave.
#[derive(Debug, Default)]
pub struct JobResult {
    pub html: Option<String>,
    /// For a content page: its key and the ids its HTML holds.
    pub ids: Option<(String, Vec<String>)>,
    pub diagnostics: Vec<Diagnostic>,
    pub fragments: Vec<FragmentLink>,
    /// Images of `content/images/` the page's body shows.
    pub images: Vec<String>,
    /// A diffusion zip to make once the visuals exist.
    pub archive: Option<crate::diffusion::archive::Pending>,
}

/// One document of a print bundle: its card (for the contents) and its
/// article as the bundle prints it ([`super::article`]).
#[derive(Serialize)]
struct BundleSheet<'a> {
    page: AnyCard<'a>,
    article: String,
}

/// Renders one job. Problems go to the result's diagnostics.
pub fn render_job(
    site: &Site,
    tera: &Tera,
    shared: &Shared,
    articles: &Articles,
    job: &Job,
) -> JobResult {
    let sink = Sink::new();
    let mut fragments = Vec::new();
    let mut images = Vec::new();
    let root = job.root.clone().unwrap_or_else(|| to_root(&job.url));
    let mut cx = PageContext::new(shared);
    cx.insert("racine", &root);
    cx.insert("url", &job.url);
    // The top-level folder of the page, for the navigation's current item.
    cx.insert("rubrique", job.url.split('/').next().unwrap_or(""));
    cx.insert(
        "url_absolue",
        &format!("{}{}", site.config.url_base, job.url),
    );
    // A list page's own shared-link visual, and what it shows (its alt).
    if let Some(card) = &job.partage {
        cx.insert("carte_page", &card.cartes);
        cx.insert("liste_partagee", &card.data);
    }
    let mut body_of = |doc: AnyDoc, cx: &mut PageContext, with_headings: bool| {
        let body = render_body(site, shared, tera, doc.head(), &root, &sink);
        cx.insert("page", &crate::views::PageView::of(site, doc));
        cx.insert("contenu", &body.html);
        if with_headings {
            cx.insert("titres", &body.headings);
        }
        fragments = body.fragments;
        images = body.images;
    };
    match &job.kind {
        JobKind::Doc(id) => body_of(site.library.get(*id), &mut cx, true),
        JobKind::Sheet(id) => {
            let Some(article) = articles.get(site, shared, tera, *id, &job.path, &sink) else {
                return failed(sink);
            };
            cx.insert("page", &AnyCard::of(site, site.library.get(*id)));
            cx.insert("article", &fill(&article, &root, "h1"));
        }
        JobKind::Bundle(ids, data) => {
            let mut sheets = Vec::with_capacity(ids.len());
            for id in ids {
                let Some(article) = articles.get(site, shared, tera, *id, &job.path, &sink) else {
                    return failed(sink);
                };
                sheets.push(BundleSheet {
                    page: AnyCard::of(site, site.library.get(*id)),
                    article: fill(&article, &root, "h2"),
                });
            }
            cx.insert("fiches", &sheets);
            cx.extend(data.clone());
        }
        JobKind::Feed(_) => {}
        JobKind::Diffusion(kit) => {
            let texts = crate::diffusion::texts::write(kit, tera, &shared.texts, &sink);
            cx.insert("diffusion", &texts);
        }
        JobKind::List(lazy) => {
            cx.extend((lazy.make)(site, &lazy.shows));
            if let Some(id) = lazy.body {
                body_of(site.library.get(id), &mut cx, false);
            }
        }
        JobKind::Listing { data, body } => {
            cx.extend(data.clone());
            if let Some(id) = body {
                body_of(site.library.get(*id), &mut cx, false);
            }
        }
    }
    if let JobKind::Feed(feed) = &job.kind {
        let html = super::feed::render(site, tera, shared, job.template, feed, &sink);
        return JobResult {
            html,
            diagnostics: sink.into_vec(),
            ..JobResult::default()
        };
    }
    let out = crate::theme::render_or_report(tera, job.template, cx.context(), &job.path, &sink)
        .map(|s| {
            if job.path.ends_with(".ics") {
                crate::ics::finish(&s)
            } else {
                s
            }
        });
    // A kit's page also writes its zip's texts, from the same context.
    let archive = match &job.kind {
        JobKind::Diffusion(kit) if out.is_some() => {
            crate::diffusion::archive::texts_file(kit.clone(), tera, cx.context(), &sink)
        }
        _ => None,
    };
    JobResult {
        html: out,
        diagnostics: sink.into_vec(),
        fragments,
        ids: None,
        images,
        archive,
    }
}

/// A job whose page could not be rendered: its diagnostics, no file.
fn failed(sink: Sink) -> JobResult {
    JobResult {
        diagnostics: sink.into_vec(),
        ..JobResult::default()
    }
}
