//! The model: the whole site in memory — its configuration, its typed
//! content with URLs and publication state, calendar months, data files and
//! images — and the queries stages share. It is read from the files by
//! [`crate::load`] ([`Site::load`]); the cross-file rules live in
//! [`crate::validate`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::config::SiteConfig;
use crate::content::actu::Actu;
use crate::content::calendar::Month;
use crate::content::offre_modele::OffreModele;
use crate::content::Section;
use crate::library::{Doc, Library};

/// What a build or check is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    /// Also build what is not `valide`, marked as such.
    pub drafts: bool,
    /// The reference day (today in Nouméa, or `--date`).
    pub today: NaiveDate,
}

/// The whole site, in memory.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub library: Library,
    pub months: Vec<Month>,
    /// `content/data/*.yaml`, by file stem.
    pub data: BTreeMap<String, serde_json::Value>,
    /// Images, as paths under `content/images/`.
    pub images: BTreeSet<String>,
    /// What the header of each image a published page shows gave (its
    /// size, or why it cannot be read), read once by [`crate::derive`].
    pub probes: BTreeMap<String, crate::images::Probe>,
    /// The files made of each published document's visual, by document
    /// ([`crate::derive::images::plan_variants`]): a side table, the model's
    /// `Visuel` holds what the editor wrote.
    pub variants: std::collections::HashMap<crate::library::DocId, crate::images::plan::Variantes>,
    /// The sharing formats of the site's sharing picture (`charte.partage`).
    pub sharing_variants: Option<crate::images::plan::Variantes>,
    /// The visuals kitpress draws for each published document
    /// ([`crate::derive::cards::plan`]).
    pub cards: std::collections::HashMap<crate::library::DocId, crate::images::plan::Cartes>,
    /// The same for the validated calendar entries but the text messages
    /// (SMS, push), by month (`2026-12`) and place in its file.
    pub entry_cards: BTreeMap<(String, usize), crate::images::plan::Cartes>,
    /// The files made of the photo of each such entry that has one.
    pub entry_variants: BTreeMap<(String, usize), crate::images::plan::Variantes>,
    pub options: Options,
}

/// The list a data file holds: the file itself when it is a bare list,
/// or the list under `key` when it is a mapping (the form the CMS edits:
/// `communes: [...]`).
pub fn data_list<'a>(
    data: &'a BTreeMap<String, serde_json::Value>,
    file: &str,
    key: &str,
) -> &'a [serde_json::Value] {
    match data.get(file) {
        Some(serde_json::Value::Array(items)) => items,
        Some(serde_json::Value::Object(map)) => match map.get(key) {
            Some(serde_json::Value::Array(items)) => items,
            _ => &[],
        },
        _ => &[],
    }
}

impl Site {
    /// Published model offers for each target of `site.yaml`, in its order,
    /// each list by title.
    pub fn model_offers_by_target(&self) -> Vec<(&str, Vec<&Doc<OffreModele>>)> {
        let all = self.library.in_order::<OffreModele>();
        self.config
            .cibles
            .iter()
            .map(|c| {
                let list = all.iter().copied().filter(|d| &d.meta.cible == c).collect();
                (c.as_str(), list)
            })
            .collect()
    }

    /// Width and height of a picture of `content/images/`, when known (from
    /// [`Site::probes`]: no header is read again).
    pub fn image_size(&self, src: &str) -> Option<(u32, u32)> {
        self.probes.get(src).and_then(crate::images::Probe::size)
    }

    /// Published news, newest first (then by title).
    pub fn latest_news(&self) -> Vec<&Doc<Actu>> {
        let mut actus: Vec<&Doc<Actu>> = self.library.published().collect();
        actus.sort_by(|a, b| {
            b.common
                .date
                .cmp(&a.common.date)
                .then(a.common.titre.cmp(&b.common.titre))
        });
        actus
    }

    /// How many files were left out because they are not validated.
    pub fn held_back(&self) -> usize {
        self.library.heads().filter(|d| !d.published).count()
    }

    /// Files this build does not publish (not validated, without
    /// `--brouillons`): their errors are warnings « brouillon incomplet ».
    pub fn unpublished_files(&self) -> std::collections::HashSet<String> {
        self.library
            .heads()
            .filter(|d| !d.published)
            .map(|d| d.file.clone())
            .collect()
    }
}

/// URL of a document, relative to the site root.
pub fn url_for(section: Section, slug: &str) -> String {
    match section {
        Section::Pages if slug == "accueil" => String::new(),
        Section::Pages => format!("{slug}/"),
        s => format!("{}/{slug}/", s.dir()),
    }
}
