//! The plan's unit: one job, one file of the output. Each planner of
//! [`crate::pages`] gives jobs with their typed data; [`crate::render`]
//! turns each into its file, and a preview's rebuild ([`crate::rebuild`])
//! tells by a job's inputs which to render again.

use std::sync::Arc;

use tera::Context;

use crate::content::words::{Canal, RubriqueActu};
use crate::content::Section;
use crate::diffusion::Kit;
use crate::library::DocId;
use crate::site::Site;

/// One file to produce.
#[derive(Debug, Clone)]
pub struct Job {
    /// Output path relative to the output folder (`offres/surf/index.html`).
    pub path: String,
    /// URL relative to the site root (`offres/surf/`).
    pub url: String,
    pub template: &'static str,
    pub kind: JobKind,
    /// How the page reaches the site root, when not relatively (`../../`):
    /// the 404 page is served at any depth, so it uses the site's path.
    pub root: Option<String>,
    /// A list page's own shared-link visual ([`super::partage`]).
    pub partage: Option<Arc<super::partage::PageCard>>,
}

#[derive(Debug, Clone)]
pub enum JobKind {
    /// A content file.
    Doc(DocId),
    /// The printable sheet of an offer.
    Sheet(DocId),
    /// Printable sheets of several documents in one, with the bundle's data.
    Bundle(Vec<DocId>, Context),
    /// A list or generated page with its data, and the document whose body
    /// it shows, if any (the home page's text).
    Listing { data: Context, body: Option<DocId> },
    /// A list whose data is made when it is rendered ([`Lazy`]).
    List(Lazy),
    /// A feed of news, written by [`crate::render::feed`] rather than by a template.
    Feed(Feed),
    /// A month's diffusion kit page, its texts written for each network;
    /// it also writes the texts file of the month's zip, which is made once
    /// the visuals exist ([`crate::render::Rendered::archives`], [`Job::files`]).
    Diffusion(Arc<Kit>),
}

/// The data of a list, made from the site when the page is rendered (and
/// dropped once it is): a catalogue of thousands of cards does not sit in
/// memory for the whole build. `shows` are the documents it is made of, in
/// order — its inputs, for a preview's rebuild ([`crate::rebuild`]).
#[derive(Clone)]
pub struct Lazy {
    pub shows: Arc<Vec<DocId>>,
    pub make: Arc<MakeData>,
    /// The document whose body the page shows, if any (the home page's text).
    pub body: Option<DocId>,
}

/// How a [`Lazy`] list makes its data from the site and its documents.
pub type MakeData = dyn Fn(&Site, &[DocId]) -> Context + Send + Sync;

impl std::fmt::Debug for Lazy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Lazy({} documents)", self.shows.len())
    }
}

impl JobKind {
    /// A list made of `shows` by `make` when it is rendered.
    pub fn lazy(
        shows: Vec<DocId>,
        make: impl Fn(&Site, &[DocId]) -> Context + Send + Sync + 'static,
    ) -> JobKind {
        JobKind::lazy_with_body(shows, None, make)
    }

    /// A list made when rendered that also shows the body of `body`.
    pub fn lazy_with_body(
        shows: Vec<DocId>,
        body: Option<DocId>,
        make: impl Fn(&Site, &[DocId]) -> Context + Send + Sync + 'static,
    ) -> JobKind {
        JobKind::List(Lazy {
            shows: Arc::new(shows),
            make: Arc::new(make),
            body,
        })
    }

    /// A generated file or page with its typed data.
    pub fn of(v: &impl serde::Serialize) -> JobKind {
        JobKind::Listing {
            data: data(v),
            body: None,
        }
    }
}

impl Job {
    /// A page at `url` (its file is `url` + `index.html`).
    pub fn page(url: impl Into<String>, template: &'static str, kind: JobKind) -> Job {
        let url = url.into();
        Job {
            path: format!("{url}index.html"),
            url,
            template,
            kind,
            root: None,
            partage: None,
        }
    }

    /// A file that is not a page (`sitemap.xml`, `offres/index.json`).
    pub fn file(path: impl Into<String>, template: &'static str, kind: JobKind) -> Job {
        let path = path.into();
        Job {
            url: path.clone(),
            path,
            template,
            kind,
            root: None,
            partage: None,
        }
    }

    /// Every file of the output the job gives: its own, a kit's zip, a list
    /// page's shared-link visual (drawn after the pages, gone with them).
    pub fn files(&self) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
        let zip = match &self.kind {
            JobKind::Diffusion(kit) => Some(std::borrow::Cow::Owned(kit.archive_path())),
            _ => None,
        };
        let card = self
            .partage
            .as_ref()
            .map(|c| std::borrow::Cow::Borrowed(c.cartes.partage.as_str()));
        std::iter::once(std::borrow::Cow::Borrowed(self.path.as_str()))
            .chain(zip)
            .chain(card)
    }

    /// How many documents the job renders, to start the longest first (a
    /// build does not wait at its end for a month's kit begun last; a
    /// preview shows the catalogue while the short lists fill the other
    /// threads). A bundle counts its documents, though their sheets, started
    /// just before it, render their articles (see `render_all`).
    pub fn weight(&self) -> usize {
        match &self.kind {
            JobKind::List(lazy) => lazy.shows.len(),
            JobKind::Bundle(ids, _) => ids.len(),
            JobKind::Diffusion(kit) => kit.items().count(),
            JobKind::Feed(feed) => feed.docs.len(),
            JobKind::Doc(_) | JobKind::Sheet(_) | JobKind::Listing { .. } => 0,
        }
    }

    /// The same job, reaching the site root by `root` (an absolute path).
    pub fn with_root(self, root: String) -> Job {
        Job {
            root: Some(root),
            ..self
        }
    }

    /// The same page, with its own shared-link visual showing `card`.
    pub fn with_card(self, card: super::partage::ListCard) -> Job {
        let partage = Some(super::partage::PageCard::at(&self.url, card));
        Job { partage, ..self }
    }

    /// A listing page with its typed data.
    pub fn listing(
        url: impl Into<String>,
        template: &'static str,
        v: &impl serde::Serialize,
    ) -> Job {
        Job::page(url, template, JobKind::of(v))
    }
}

/// A page's typed data as a template context. The data types are plain
/// `Serialize` structs: serialising them cannot fail.
pub fn data(v: &impl serde::Serialize) -> Context {
    Context::from_serialize(v).unwrap_or_default()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Atom,
    Json,
    /// The public calendar of events ([`crate::render::events`]).
    Ics,
}

impl Format {
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Atom => "atom.xml",
            Format::Json => "feed.json",
            Format::Ics => "evenements.ics",
        }
    }
}

/// One feed to write: which documents (newest first), and what it selects
/// them by.
#[derive(Debug, Clone, PartialEq)]
pub struct Feed {
    pub format: Format,
    /// Folder of the feed's files (`actus/rubriques/bon-plan/`).
    pub dir: String,
    /// News, or offers (the feed of new and updated offers).
    pub section: Section,
    pub docs: Vec<DocId>,
    pub rubrique: Option<RubriqueActu>,
    pub canal: Option<Canal>,
}
