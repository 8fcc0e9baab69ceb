//! Stage 2 — model: every file read into typed content, with its URL and
//! publication state. [`Site::load`] is the entry point; the cross-file rules
//! live in [`crate::validate`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use crate::config::{self, SiteConfig, CONFIG_FILE};
use crate::content::calendar::{self, Month};
use crate::content::offre::Offre;
use crate::content::{read_common, read_meta, Common, Meta, Section, Statut};
use crate::diagnostic::{Diagnostic, Sink};
use crate::load::{self, Found};
use crate::yaml::{Cx, YamlDoc};

/// What a build or check is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    /// Also build what is not `valide`, marked as such.
    pub drafts: bool,
    /// The reference day (today in Nouméa, or `--date`).
    pub today: NaiveDate,
}

/// One Markdown file of the site.
#[derive(Debug, Clone, Serialize)]
pub struct Doc {
    pub section: Section,
    /// Path relative to the root (`content/offres/surf.md`).
    pub file: String,
    /// Path relative to `content/`, as written in `@/` links (`offres/surf.md`).
    pub key: String,
    #[serde(flatten)]
    pub common: Common,
    pub meta: Meta,
    #[serde(skip)]
    pub body: String,
    #[serde(skip)]
    pub body_line: usize,
    /// URL relative to the site root, without a leading slash (`offres/surf/`).
    pub url: String,
    /// Whether the file is built (validated, or drafts previewed).
    pub published: bool,
    /// Not validated, shown only in a `--brouillons` preview.
    pub brouillon: bool,
}

impl Doc {
    /// Whether the file is the home page text (`pages/accueil.md`).
    pub fn is_home(&self) -> bool {
        self.section == Section::Pages && self.common.slug == "accueil"
    }

    /// The offer, for a file of `content/offres/`.
    pub fn offre(&self) -> Option<&Offre> {
        match &self.meta {
            Meta::Offre(o) => Some(o),
            _ => None,
        }
    }

    /// The rubrique of a news item (`evenement`, `actu`, `bon-plan`…).
    pub fn rubrique(&self) -> Option<&str> {
        match &self.meta {
            Meta::Actu(a) => Some(a.rubrique.as_str()),
            _ => None,
        }
    }

    /// Place in the kit or the guide (`ordre`), 0 elsewhere.
    fn ordre(&self) -> u64 {
        match &self.meta {
            Meta::Kit(k) => k.ordre,
            Meta::Guide(g) => g.ordre,
            _ => 0,
        }
    }
}

/// The whole site, in memory.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub docs: Vec<Doc>,
    pub months: Vec<Month>,
    /// `content/data/*.yaml`, by file stem.
    pub data: BTreeMap<String, serde_json::Value>,
    /// Images, as paths under `content/images/`.
    pub images: BTreeSet<String>,
    pub options: Options,
}

impl Site {
    /// Published documents of a section.
    pub fn published(&self, section: Section) -> impl Iterator<Item = &Doc> {
        self.docs
            .iter()
            .filter(move |d| d.section == section && d.published)
    }

    /// Published documents of a section in reading order: `ordre`, then
    /// title (the kit and the guide; titles alone elsewhere).
    pub fn in_order(&self, section: Section) -> Vec<&Doc> {
        let mut v: Vec<&Doc> = self.published(section).collect();
        v.sort_by(|a, b| (a.ordre(), &a.common.titre).cmp(&(b.ordre(), &b.common.titre)));
        v
    }

    /// Published model offers for each target of `site.yaml`, in its order,
    /// each list by title.
    pub fn model_offers_by_target(&self) -> Vec<(&str, Vec<&Doc>)> {
        self.config
            .cibles
            .iter()
            .map(|c| {
                let list = self
                    .in_order(Section::OffresModeles)
                    .into_iter()
                    .filter(|d| matches!(&d.meta, Meta::OffreModele(m) if &m.cible == c))
                    .collect();
                (c.as_str(), list)
            })
            .collect()
    }

    /// The index in `docs` of a reference into it, in constant time (a
    /// bundle of 10 000 offers must not search the list 10 000 times).
    pub fn index_of(&self, doc: &Doc) -> Option<usize> {
        let range = self.docs.as_ptr_range();
        let at = doc as *const Doc;
        if !range.contains(&at) {
            return None;
        }
        Some((at as usize - range.start as usize) / std::mem::size_of::<Doc>())
    }

    /// How many files were left out because they are not validated.
    pub fn held_back(&self) -> usize {
        self.docs.iter().filter(|d| !d.published).count()
    }

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
            docs: Vec::new(),
            months: Vec::new(),
            data: BTreeMap::new(),
            images: BTreeSet::new(),
            options,
        };
        for (item, diags) in results {
            for d in diags {
                sink.push(d);
            }
            match item {
                Item::Doc(doc) => site.docs.push(*doc),
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
    Doc(Box<Doc>),
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
        Found::Markdown { section, rel } => match read_doc(root, *section, rel, cfg, options, sink)
        {
            Some(d) => Item::Doc(Box::new(d)),
            None => Item::Nothing,
        },
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
            let value = doc.to_json();
            Item::Data(stem_of(rel).to_string(), value)
        }
        Found::Image { rel } => Item::Image(rel.trim_start_matches("content/images/").to_string()),
    }
}

/// Reads one Markdown file into a [`Doc`].
pub fn read_doc(
    root: &Path,
    section: Section,
    rel: &str,
    cfg: &SiteConfig,
    options: &Options,
    sink: &Sink,
) -> Option<Doc> {
    let text = load::read_text(root, rel, sink)?;
    let split = load::split_front_matter(&text, rel, sink)?;
    let doc = YamlDoc::parse(split.front_matter, split.front_matter_line, rel, sink)?;
    let cx = Cx { file: rel, sink };
    let map = doc.root(&cx).map()?;
    let common: Common = read_common(&map, stem_of(rel), section == Section::Actus);
    let meta = read_meta(section, &map, cfg);
    map.finish();
    let validated = common.statut == Statut::Valide;
    let url = url_for(section, &common.slug);
    let key = rel.trim_start_matches("content/").to_string();
    Some(Doc {
        section,
        file: rel.to_string(),
        key,
        url,
        published: validated || options.drafts,
        brouillon: !validated,
        body: split.body.to_string(),
        body_line: split.body_line,
        common,
        meta,
    })
}

/// URL of a document, relative to the site root.
pub fn url_for(section: Section, slug: &str) -> String {
    match section {
        Section::Pages if slug == "accueil" => String::new(),
        Section::Pages => format!("{slug}/"),
        s => format!("{}/{slug}/", s.dir()),
    }
}
