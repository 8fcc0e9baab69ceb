//! The typed library: every Markdown file of the site, one list per content
//! type, so that a planner for offers holds [`Doc<Offre>`]s and never asks
//! which kind of file it was given.
//!
//! What every file has — its place, common keys, body and URL — is its
//! [`Head`]; a [`Doc<M>`] is a head and the type-specific part `M` (a
//! [`Kind`]). Code that handles any file (pages, links, URLs) goes through
//! [`Library::heads`] or a [`DocId`]; the one `match` over content types is
//! [`Library::get`].

use std::ops::Deref;

use serde::Serialize;

use crate::config::SiteConfig;
use crate::content::actu::Actu;
use crate::content::guide::Guide;
use crate::content::kit::Kit;
use crate::content::offre::Offre;
use crate::content::offre_modele::OffreModele;
use crate::content::{self, Common, Section};
use crate::yaml::MapReader;

/// Where a document sits in the library: its section and its place in that
/// section's list. Pages and feeds refer to documents by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocId {
    pub section: Section,
    pub index: usize,
}

/// What every Markdown file has, whatever its type.
#[derive(Debug, Clone, Serialize)]
pub struct Head {
    #[serde(skip)]
    pub id: DocId,
    pub section: Section,
    /// Path relative to the root (`content/offres/surf.md`).
    pub file: String,
    /// Path relative to `content/`, as written in `@/` links (`offres/surf.md`).
    pub key: String,
    #[serde(flatten)]
    pub common: Common,
    #[serde(skip)]
    pub body: String,
    #[serde(skip)]
    pub body_line: usize,
    /// Hash of the front matter as written: the same hash after an edit
    /// means only the body changed.
    #[serde(skip)]
    pub front_hash: blake3::Hash,
    /// URL relative to the site root, without a leading slash (`offres/surf/`).
    pub url: String,
    /// Whether the file is built (validated, or drafts previewed).
    pub published: bool,
    /// Not validated, shown only in a `--brouillons` preview.
    pub brouillon: bool,
}

impl Head {
    /// Whether the file is the home page text (`pages/accueil.md`).
    pub fn is_home(&self) -> bool {
        self.section == Section::Pages && self.common.slug == "accueil"
    }
}

/// One Markdown file: its head and its type-specific keys (`page.meta` in
/// templates).
#[derive(Debug, Clone, Serialize)]
pub struct Doc<M> {
    #[serde(flatten)]
    pub head: Head,
    pub meta: M,
}

impl<M> Deref for Doc<M> {
    type Target = Head;
    fn deref(&self) -> &Head {
        &self.head
    }
}

/// A free page (`content/pages/`): no key of its own.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Page;

/// What a card of a list (`c.meta`) shows of a type's keys: all of them,
/// except for offers ([`content::offre::CarteOffre`]).
pub trait CardMeta {
    type Card<'a>: Serialize
    where
        Self: 'a;
    fn card(&self) -> Self::Card<'_>;
}

macro_rules! card_is_all {
    ($($ty:ty),*) => {$(
        impl CardMeta for $ty {
            type Card<'a> = &'a $ty;
            fn card(&self) -> &$ty {
                self
            }
        }
    )*};
}

card_is_all!(Page, OffreModele, Kit, Guide, Actu);

impl CardMeta for Offre {
    type Card<'a> = content::offre::CarteOffre<'a>;
    fn card(&self) -> content::offre::CarteOffre<'_> {
        self.carte()
    }
}

/// A content type: the section it lives in, how its keys are read and where
/// the library keeps it.
pub trait Kind: Serialize + CardMeta + Sized + Send + Sync + 'static {
    const SECTION: Section;
    /// Reads the type-specific keys of a front matter.
    fn read(m: &MapReader, cfg: &SiteConfig) -> Self;
    /// Place in reading order (`ordre` of kit and guide pages); 0 elsewhere.
    fn ordre(&self) -> u64 {
        0
    }
    fn list(lib: &Library) -> &[Doc<Self>];
    fn list_mut(lib: &mut Library) -> &mut Vec<Doc<Self>>;
}

macro_rules! kind {
    ($ty:ty, $section:ident, $field:ident, |$m:ident, $cfg:ident| $read:expr $(, ordre: $o:ident)?) => {
        impl Kind for $ty {
            const SECTION: Section = Section::$section;
            fn read($m: &MapReader, $cfg: &SiteConfig) -> Self {
                $read
            }
            $(fn ordre(&self) -> u64 {
                self.$o
            })?
            fn list(lib: &Library) -> &[Doc<Self>] {
                &lib.$field
            }
            fn list_mut(lib: &mut Library) -> &mut Vec<Doc<Self>> {
                &mut lib.$field
            }
        }
    };
}

kind!(Page, Pages, pages, |_m, _cfg| Page);
kind!(Offre, Offres, offres, |m, cfg| content::offre::read(m, cfg));
kind!(OffreModele, OffresModeles, offres_modeles, |m, cfg| {
    content::offre_modele::read(m, cfg)
});
kind!(Kit, Kit, kit, |m, _cfg| content::kit::read(m), ordre: ordre);
kind!(Guide, Guide, guide, |m, _cfg| content::guide::read(m), ordre: ordre);
kind!(Actu, Actus, actus, |m, cfg| content::actu::read(m, cfg));

/// Every Markdown file of the site, one list per type, each in the order of
/// the files' paths.
#[derive(Debug, Default)]
pub struct Library {
    pub pages: Vec<Doc<Page>>,
    pub offres: Vec<Doc<Offre>>,
    pub offres_modeles: Vec<Doc<OffreModele>>,
    pub kit: Vec<Doc<Kit>>,
    pub guide: Vec<Doc<Guide>>,
    pub actus: Vec<Doc<Actu>>,
}

/// A document of any type, borrowed from the library.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(untagged)]
pub enum AnyDoc<'a> {
    Page(&'a Doc<Page>),
    Offre(&'a Doc<Offre>),
    OffreModele(&'a Doc<OffreModele>),
    Kit(&'a Doc<Kit>),
    Guide(&'a Doc<Guide>),
    Actu(&'a Doc<Actu>),
}

impl<'a> AnyDoc<'a> {
    pub fn head(self) -> &'a Head {
        match self {
            AnyDoc::Page(d) => &d.head,
            AnyDoc::Offre(d) => &d.head,
            AnyDoc::OffreModele(d) => &d.head,
            AnyDoc::Kit(d) => &d.head,
            AnyDoc::Guide(d) => &d.head,
            AnyDoc::Actu(d) => &d.head,
        }
    }

    /// When the document was published or updated: its `date`, or for an
    /// offer without one the opening of its booking period.
    pub fn dated(self) -> Option<chrono::NaiveDate> {
        match self {
            AnyDoc::Offre(o) => o.common.date.or(o.meta.periode.as_ref().map(|p| p.debut)),
            other => other.head().common.date,
        }
    }
}

impl Library {
    /// Adds a document to its type's list, giving it its id.
    pub fn push<M: Kind>(&mut self, mut doc: Doc<M>) {
        let list = M::list_mut(self);
        doc.head.id = DocId {
            section: M::SECTION,
            index: list.len(),
        };
        list.push(doc);
    }

    /// The document `id` names.
    pub fn get(&self, id: DocId) -> AnyDoc<'_> {
        let i = id.index;
        match id.section {
            Section::Pages => AnyDoc::Page(&self.pages[i]),
            Section::Offres => AnyDoc::Offre(&self.offres[i]),
            Section::OffresModeles => AnyDoc::OffreModele(&self.offres_modeles[i]),
            Section::Kit => AnyDoc::Kit(&self.kit[i]),
            Section::Guide => AnyDoc::Guide(&self.guide[i]),
            Section::Actus => AnyDoc::Actu(&self.actus[i]),
        }
    }

    pub fn head(&self, id: DocId) -> &Head {
        self.get(id).head()
    }

    /// Every document, in the order of `content/`'s folders and then of the
    /// files' paths (the order the pages are planned in).
    pub fn heads(&self) -> impl Iterator<Item = &Head> {
        fn of<M>(v: &[Doc<M>]) -> impl Iterator<Item = &Head> {
            v.iter().map(|d| &d.head)
        }
        of(&self.actus)
            .chain(of(&self.guide))
            .chain(of(&self.kit))
            .chain(of(&self.offres))
            .chain(of(&self.offres_modeles))
            .chain(of(&self.pages))
    }

    /// Every document, to change what validation learns (image sizes).
    pub fn heads_mut(&mut self) -> impl Iterator<Item = &mut Head> {
        fn of<M>(v: &mut [Doc<M>]) -> impl Iterator<Item = &mut Head> {
            v.iter_mut().map(|d| &mut d.head)
        }
        of(&mut self.actus)
            .chain(of(&mut self.guide))
            .chain(of(&mut self.kit))
            .chain(of(&mut self.offres))
            .chain(of(&mut self.offres_modeles))
            .chain(of(&mut self.pages))
    }

    /// Published documents of one type.
    pub fn published<M: Kind>(&self) -> impl Iterator<Item = &Doc<M>> {
        M::list(self).iter().filter(|d| d.published)
    }

    /// Published documents of one type in reading order: `ordre`, then
    /// title (the kit and the guide; titles alone elsewhere).
    pub fn in_order<M: Kind>(&self) -> Vec<&Doc<M>> {
        let mut v: Vec<&Doc<M>> = self.published().collect();
        v.sort_by(|a, b| (a.meta.ordre(), &a.common.titre).cmp(&(b.meta.ordre(), &b.common.titre)));
        v
    }

    /// Published offers that are not over at the reference day: what lists,
    /// indexes, bundles, feeds and the selection show.
    pub fn listed_offers(&self) -> impl Iterator<Item = &Doc<Offre>> {
        self.published::<Offre>()
            .filter(|d| d.meta.etat != crate::content::offre::Etat::Terminee)
    }

    /// How many documents of a section are published.
    pub fn count_published(&self, section: Section) -> usize {
        self.heads()
            .filter(|h| h.section == section && h.published)
            .count()
    }

    /// The home page's text, when published.
    pub fn home(&self) -> Option<&Doc<Page>> {
        self.published::<Page>().find(|d| d.is_home())
    }
}
