//! Plan (floor 7): the list of every file the site produces, each a
//! [`job::Job`] with its typed data.
//!
//! One planner per section, each in its own module with the typed data its
//! templates receive: a new section, feed or report is one new file here,
//! listed in [`plan`]. Planners only choose pages and gather their data; the
//! rendering is [`crate::render`]'s.

mod actus;
mod calendrier;
mod diffusion;
mod docs;
mod feeds;
mod guide;
mod home;
pub mod job;
mod kit;
mod offres;
pub mod offres_index;
mod offres_modeles;
pub mod partage;
mod reseau;
mod sitemap;

use serde::Serialize;

use crate::content::actu::Actu;
use crate::content::guide::Guide;
use crate::content::kit::Kit;
use crate::content::offre::Offre;
use crate::content::offre_modele::OffreModele;
use crate::content::words::Word;
use crate::content::Section;
use crate::library::{AnyDoc, Doc, DocId, Kind, Page};
use crate::pages::job::{data, Job, JobKind};
use crate::site::Site;
use crate::views::VisuelView;

/// Every file of the site, in a stable order: the public ones, then the
/// internal ones (calendar, diffusion kits, network), planned side by side.
/// A preview plans the public ones again on every change of a front matter
/// and renders them before it plans the internal ones
/// ([`crate::rebuild`]).
pub fn plan(site: &Site) -> Vec<Job> {
    let profile = crate::messages::Profile::from_env();
    let (mut jobs, internal) = rayon::join(|| plan_public(site), || plan_internal(site));
    jobs.extend(internal);
    profile.stage("plan");
    jobs
}

/// The public files: sections, feeds, and the sitemap that lists them.
pub fn plan_public(site: &Site) -> Vec<Job> {
    let mut jobs = docs::plan(site);
    jobs.extend(home::plan(site));
    jobs.extend(offres::plan(site));
    jobs.extend(offres_modeles::plan(site));
    jobs.extend(kit::plan(site));
    jobs.extend(guide::plan(site));
    jobs.extend(actus::plan(site));
    jobs.extend(feeds::plan(site));
    jobs.extend(sitemap::plan(site, &jobs));
    jobs
}

/// The internal files, not in navigation, sitemap or feeds (none with
/// `calendrier: { publier: false }`); each URL under [`INTERNAL`].
pub fn plan_internal(site: &Site) -> Vec<Job> {
    let mut jobs = Vec::new();
    if site.config.calendrier.publier {
        jobs.extend(calendrier::plan(site));
        jobs.extend(diffusion::plan(site));
        jobs.extend(reseau::plan(site));
    }
    jobs
}

/// Where the internal files start in a plan ([`plan`]'s order).
pub fn internal_start(jobs: &[Job]) -> usize {
    jobs.partition_point(|j| !is_internal(&j.url))
}

pub use crate::content::{is_internal, INTERNAL};

/// A card for lists: what index pages need of a document, without its body
/// (and of an offer, only what its card shows: [`crate::library::CardMeta`]).
#[derive(Serialize)]
pub struct Card<'a, M: Kind> {
    url: &'a str,
    slug: &'a str,
    titre: &'a str,
    resume: &'a Option<String>,
    date: Option<chrono::NaiveDate>,
    brouillon: bool,
    section: Section,
    visuel: Option<VisuelView<'a>>,
    /// The visuals kitpress draws for it: a card without a photo shows
    /// its square one.
    cartes: Option<&'a crate::images::plan::Cartes>,
    meta: M::Card<'a>,
}

impl<'a, M: Kind> Card<'a, M> {
    pub fn of(site: &'a Site, d: &'a Doc<M>) -> Card<'a, M> {
        Card {
            url: &d.url,
            slug: &d.common.slug,
            titre: &d.common.titre,
            resume: &d.common.resume,
            date: d.common.date,
            brouillon: d.brouillon,
            section: d.section,
            visuel: VisuelView::of(site, d),
            cartes: site.cards.get(&d.id),
            meta: d.meta.card(),
        }
    }
}

/// A card of a document of any type.
#[derive(Serialize)]
#[serde(untagged)]
pub enum AnyCard<'a> {
    Page(Card<'a, Page>),
    Offre(Card<'a, Offre>),
    OffreModele(Card<'a, OffreModele>),
    Kit(Card<'a, Kit>),
    Guide(Card<'a, Guide>),
    Actu(Card<'a, Actu>),
}

impl<'a> AnyCard<'a> {
    pub fn of(site: &'a Site, doc: AnyDoc<'a>) -> AnyCard<'a> {
        match doc {
            AnyDoc::Page(d) => AnyCard::Page(Card::of(site, d)),
            AnyDoc::Offre(d) => AnyCard::Offre(Card::of(site, d)),
            AnyDoc::OffreModele(d) => AnyCard::OffreModele(Card::of(site, d)),
            AnyDoc::Kit(d) => AnyCard::Kit(Card::of(site, d)),
            AnyDoc::Guide(d) => AnyCard::Guide(Card::of(site, d)),
            AnyDoc::Actu(d) => AnyCard::Actu(Card::of(site, d)),
        }
    }
}

pub fn cards<'a, M: Kind>(
    site: &'a Site,
    docs: impl IntoIterator<Item = &'a Doc<M>>,
) -> Vec<Card<'a, M>> {
    docs.into_iter().map(|d| Card::of(site, d)).collect()
}

/// The ids of some documents, for a bundle or a feed.
pub fn ids<'a, M: 'a>(docs: impl IntoIterator<Item = &'a Doc<M>>) -> Vec<DocId> {
    docs.into_iter().map(|d| d.id).collect()
}

/// Pages of the kit or the guide in groups (by audience, by topic), each in
/// reading order; pages with no group last, under an empty id.
#[derive(Serialize)]
pub struct Group<'a, M: Kind> {
    id: &'a str,
    pages: Vec<Card<'a, M>>,
}

pub fn grouped<'a, M: Kind, W: Word>(
    site: &'a Site,
    pages: &[&'a Doc<M>],
    key: impl Fn(&M) -> Option<W>,
) -> Vec<Group<'a, M>> {
    let mut groups: Vec<Group<M>> = W::ALL
        .iter()
        .map(|&w| Group {
            id: w.id(),
            pages: cards(
                site,
                pages.iter().copied().filter(|d| key(&d.meta) == Some(w)),
            ),
        })
        .filter(|g| !g.pages.is_empty())
        .collect();
    let rest = cards(
        site,
        pages.iter().copied().filter(|d| key(&d.meta).is_none()),
    );
    if !rest.is_empty() {
        groups.push(Group {
            id: "",
            pages: rest,
        });
    }
    groups
}

/// A section read in order, with a printed bundle: the kit and the guide.
pub struct ReadingSection<M, W> {
    /// The group of a page, if any; the index shows the groups in the
    /// order of their word list.
    pub group_of: fn(&M) -> Option<W>,
    /// Template of the index page.
    pub template: &'static str,
    /// Which bundle `recueil.html` prints (`kit-pedagogique`).
    pub bundle: &'static str,
}

#[derive(Serialize)]
struct ReadingIndex<'a, M: Kind> {
    pages: Vec<Card<'a, M>>,
    groupes: Vec<Group<'a, M>>,
}

#[derive(Serialize)]
struct BundleData {
    recueil: &'static str,
}

/// The index page (all pages, and by group) and the print bundle of a
/// section read in order.
pub fn reading_section<M: Kind, W: Word>(site: &Site, spec: ReadingSection<M, W>) -> Vec<Job> {
    let dir = M::SECTION.dir();
    let pages = site.library.in_order::<M>();
    let index = ReadingIndex {
        pages: cards(site, pages.iter().copied()),
        groupes: grouped(site, &pages, spec.group_of),
    };
    let bundle = BundleData {
        recueil: spec.bundle,
    };
    let ids = ids(pages.iter().copied());
    vec![
        Job::listing(format!("{dir}/"), spec.template, &index)
            .with_card(partage::ListCard::of(dir, ids.len())),
        Job::page(
            format!("{dir}/recueil/"),
            "recueil.html",
            JobKind::Bundle(ids, data(&bundle)),
        ),
    ]
}
