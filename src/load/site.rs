//! The site read from its files: `site.yaml`, then every file
//! [`super::discover`] finds, read in parallel into typed content (with its
//! URL and publication state), data files, calendar months and images.
//! [`Site::load`] is the entry point; the cross-file rules live in
//! [`crate::validate`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;

use super::{self as load, Found};
use crate::config::{self, SiteConfig, CONFIG_FILE};
use crate::content::actu::Actu;
use crate::content::calendar::{self, Month};
use crate::content::guide::Guide;
use crate::content::kit::Kit;
use crate::content::offre::Offre;
use crate::content::offre_modele::OffreModele;
use crate::content::{read_common, Common, Section, Statut};
use crate::diagnostic::{Diagnostic, Sink};
use crate::library::{Doc, DocId, Head, Kind, Library, Page};
use crate::site::{url_for, Options, Site};
use crate::yaml::{Cx, YamlDoc};

impl Site {
    /// Loads and models the site at `options.root`. Every problem goes to
    /// `sink`; `None` only when there is no usable configuration.
    pub fn load(options: Options, sink: &Sink) -> Option<Site> {
        let root = options.root.clone();
        let config_path = root.join(CONFIG_FILE);
        if !config_path.is_file() {
            config::missing(sink);
            return None;
        }
        let config = {
            let text = load::read_text(&root, CONFIG_FILE, sink)?;
            SiteConfig::parse(&text, sink)?
        };
        let found = load::discover(&root, sink);
        let results: Vec<(Item, Vec<Diagnostic>)> = found
            .par_iter()
            .map(|f| {
                let local = Sink::new();
                let item = read_item(&root, f, &config, &options, &local);
                (item, local.into_vec())
            })
            .collect();
        let mut site = Site {
            root,
            config,
            library: Library::default(),
            months: Vec::new(),
            data: BTreeMap::new(),
            images: BTreeSet::new(),
            probes: BTreeMap::new(),
            variants: Default::default(),
            sharing_variants: None,
            cards: Default::default(),
            entry_cards: BTreeMap::new(),
            entry_variants: BTreeMap::new(),
            options,
        };
        for (item, diags) in results {
            for d in diags {
                sink.push(d);
            }
            match item {
                Item::Doc(doc) => doc.add_to(&mut site.library),
                Item::Month(m) if site.config.calendrier.publier => site.months.push(*m),
                Item::Data(stem, v) => {
                    site.data.insert(stem, v);
                }
                Item::Image(rel) => {
                    site.images.insert(rel);
                }
                Item::Month(_) | Item::Nothing => {}
            }
        }
        site.months.sort_by(|a, b| a.mois.cmp(&b.mois));
        Some(site)
    }
}

enum Item {
    Doc(Box<dyn Loaded>),
    Month(Box<Month>),
    Data(String, serde_json::Value),
    Image(String),
    Nothing,
}

fn stem_of(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name)
}

fn read_item(root: &Path, found: &Found, cfg: &SiteConfig, options: &Options, sink: &Sink) -> Item {
    match found {
        Found::Markdown { section, rel } => {
            let read = ReadDoc {
                root,
                rel,
                cfg,
                options,
                sink,
            };
            let doc: Option<Box<dyn Loaded>> = match section {
                Section::Pages => read.boxed::<Page>(),
                Section::Offres => read.boxed::<Offre>(),
                Section::OffresModeles => read.boxed::<OffreModele>(),
                Section::Kit => read.boxed::<Kit>(),
                Section::Guide => read.boxed::<Guide>(),
                Section::Actus => read.boxed::<Actu>(),
            };
            doc.map_or(Item::Nothing, Item::Doc)
        }
        Found::Month { rel } => {
            if !cfg.calendrier.publier {
                return Item::Nothing;
            }
            let Some(text) = load::read_text(root, rel, sink) else {
                return Item::Nothing;
            };
            match calendar::read(&text, rel, stem_of(rel), cfg, options.today, sink) {
                Some(m) => Item::Month(Box::new(m)),
                None => Item::Nothing,
            }
        }
        Found::Data { rel } => {
            let Some(text) = load::read_text(root, rel, sink) else {
                return Item::Nothing;
            };
            let Some(doc) = YamlDoc::parse(&text, 1, rel, sink) else {
                return Item::Nothing;
            };
            super::data::check(&doc, rel, stem_of(rel), sink);
            let value = doc.to_json();
            Item::Data(stem_of(rel).to_string(), value)
        }
        Found::Image { rel } => Item::Image(rel.trim_start_matches("content/images/").to_string()),
    }
}

/// A document read on a worker thread, waiting to join the library.
pub trait Loaded: Send {
    fn add_to(self: Box<Self>, lib: &mut Library);
    /// Takes the place of the document `id` (same type), keeping its id.
    fn replace(self: Box<Self>, lib: &mut Library, id: DocId);
    fn head(&self) -> &Head;
}

impl<M: Kind> Loaded for Doc<M> {
    fn add_to(self: Box<Self>, lib: &mut Library) {
        lib.push(*self);
    }

    fn replace(self: Box<Self>, lib: &mut Library, id: DocId) {
        let mut doc = *self;
        doc.head.id = id;
        if let Some(slot) = M::list_mut(lib).get_mut(id.index) {
            *slot = doc;
        }
    }

    fn head(&self) -> &Head {
        &self.head
    }
}

impl Site {
    /// Reads again the Markdown file of the document `id` (a preview's
    /// rebuild). `None` when it cannot be read; its problems go to `sink`.
    pub fn reread(&self, id: DocId, sink: &Sink) -> Option<Box<dyn Loaded>> {
        let rel = self.library.head(id).file.clone();
        let found = Found::Markdown {
            section: id.section,
            rel,
        };
        match read_item(&self.root, &found, &self.config, &self.options, sink) {
            Item::Doc(doc) => Some(doc),
            _ => None,
        }
    }
}

/// What reading one Markdown file needs.
pub struct ReadDoc<'a> {
    pub root: &'a Path,
    pub rel: &'a str,
    pub cfg: &'a SiteConfig,
    pub options: &'a Options,
    pub sink: &'a Sink,
}

impl ReadDoc<'_> {
    fn boxed<M: Kind>(&self) -> Option<Box<dyn Loaded>> {
        self.read::<M>().map(|d| Box::new(d) as Box<dyn Loaded>)
    }

    /// Reads one Markdown file of type `M`.
    pub fn read<M: Kind>(&self) -> Option<Doc<M>> {
        let (rel, sink) = (self.rel, self.sink);
        let section = M::SECTION;
        let text = load::read_text(self.root, rel, sink)?;
        let split = load::split_front_matter(&text, rel, sink)?;
        let doc = YamlDoc::parse(split.front_matter, split.front_matter_line, rel, sink)?;
        let cx = Cx { file: rel, sink };
        let map = doc.root(&cx).map()?;
        let common: Common = read_common(&map, stem_of(rel), section == Section::Actus);
        let meta = M::read(&map, self.cfg);
        map.finish();
        let validated = common.statut == Statut::Valide;
        let url = url_for(section, &common.slug);
        let key = rel.trim_start_matches("content/").to_string();
        Some(Doc {
            head: Head {
                id: DocId { section, index: 0 },
                section,
                file: rel.to_string(),
                key,
                url,
                published: validated || self.options.drafts,
                brouillon: !validated,
                body: split.body.to_string(),
                body_line: split.body_line,
                front_hash: blake3::hash(split.front_matter.as_bytes()),
                common,
            },
            meta,
        })
    }
}
