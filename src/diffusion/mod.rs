//! The monthly diffusion kit (`diffusion/AAAA-MM/`): what the communication
//! team posts in a month, ready to go out.
//!
//! A month's kit holds every validated item of that month — the news dated
//! in it, the calendar entries validated for it, and the offers they put
//! forward (plus the week's favourites in the current month) — each with a
//! text for every network checked against that network's limits, its
//! visual in the three social formats, its link with campaign parameters,
//! and a zip of it all. The kit is internal like the calendar: `noindex`,
//! out of the sitemap, the feeds and the navigation, and left out with it
//! by `calendrier: { publier: false }`.
//!
//! - this module: which months and which items ([`kits`]);
//! - [`texts`]: a text per network, written by the theme's
//!   `diffusion/texte.txt`, measured and checked here;
//! - [`archive`]: the month's zip, made once the visuals exist.
//!
//! Entries of the month not validated yet are listed apart (never silently
//! left out): they join the kit when the province validates them.

pub mod archive;
pub mod texts;

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::content::actu::{Actu, Evenement};
use crate::content::calendar::Entry;
use crate::content::offre::Offre;
use crate::content::words::{Canal, Format, Reseau, RubriqueActu, StatutEntree};
use crate::library::Doc;
use crate::site::Site;
use crate::views::VisuelView;

/// What an item of the kit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Genre {
    Actu,
    Offre,
    Entree,
}

/// One thing to post: a news item, an offer, or a calendar entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub genre: Genre,
    /// Unique in the kit: the anchor of the item and the stem of its files
    /// in the zip (`actu-fete-du-sport`).
    pub id: String,
    pub titre: String,
    /// The line an entry's visuals show instead of its title.
    pub accroche: Option<String>,
    pub resume: Option<String>,
    /// The day it goes out (news: its date; entries: their date).
    pub date: Option<NaiveDate>,
    pub heure: Option<String>,
    /// Page of the item on the site, relative to its root (`""`: home).
    pub url: String,
    pub url_absolue: String,
    pub rubrique: Option<RubriqueActu>,
    /// When and where, for an event.
    pub evenement: Option<Evenement>,
    pub format: Option<Format>,
    /// Universe label, and commune, when the item or its offer has them.
    pub univers: Option<String>,
    pub commune: Option<String>,
    /// The channels it is planned for (news' `canaux`, an entry's `canal`).
    pub canaux: Vec<Canal>,
    /// The text an entry gives (its SMS or push message).
    pub message: Option<String>,
    pub visuel: Option<VisuelView<'static>>,
    /// The visuals kitpress draws for it, ready to post.
    pub cartes: Option<crate::images::plan::Cartes>,
    /// Where its visual's files are in the month's zip.
    pub fichiers_zip: Vec<String>,
    /// The site's hashtags, then the universe's and the commune's.
    pub hashtags: Vec<String>,
    /// Where the item is written, for a text over its network's limit.
    #[serde(skip)]
    pub file: String,
    #[serde(skip)]
    pub line: usize,
}

impl Item {
    /// The networks the item is planned for, from its channels.
    pub fn planned(&self) -> Vec<Reseau> {
        self.canaux.iter().filter_map(|c| network_of(*c)).collect()
    }
}

/// An entry of the month not validated yet: not in the kit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pending {
    pub date: NaiveDate,
    pub titre: String,
    pub canal: Option<Canal>,
    pub statut: StatutEntree,
}

/// A month's kit (compared with the previous plan's by a preview).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kit {
    /// `AAAA-MM`
    pub mois: String,
    /// `diffusion/AAAA-MM/`
    pub url: String,
    /// Campaign of its links (`clicmouv-2026-05`).
    pub campagne: String,
    /// Whether the month has an editorial calendar page to link to.
    pub calendrier: bool,
    /// Its items, which templates read with their texts
    /// ([`texts::KitTexts`]): not written twice in the page's context.
    #[serde(skip)]
    pub actus: Vec<Item>,
    #[serde(skip)]
    pub entrees: Vec<Item>,
    #[serde(skip)]
    pub offres: Vec<Item>,
    pub en_attente: Vec<Pending>,
}

impl Kit {
    /// Every item, in the order the page shows them.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.actus
            .iter()
            .chain(self.entrees.iter())
            .chain(self.offres.iter())
    }

    /// Name of its zip file (`kit-diffusion-2026-05.zip`).
    pub fn archive_name(&self) -> String {
        format!("kit-diffusion-{}.zip", self.mois)
    }

    /// Where its zip is in the output, beside its page.
    pub fn archive_path(&self) -> String {
        format!("{}{}", self.url, self.archive_name())
    }
}

/// The network a channel's text is written for, if it has one.
pub fn network_of(c: Canal) -> Option<Reseau> {
    match c {
        Canal::Facebook => Some(Reseau::Facebook),
        Canal::Instagram => Some(Reseau::Instagram),
        Canal::Tiktok => Some(Reseau::Tiktok),
        Canal::Sms => Some(Reseau::Sms),
        Canal::Push => Some(Reseau::Push),
        _ => None,
    }
}

fn month_of(d: NaiveDate) -> String {
    d.format("%Y-%m").to_string()
}

/// The kits: one per month with a calendar file or validated news, in
/// month order.
pub fn kits(site: &Site) -> Vec<Kit> {
    let news: Vec<&Doc<Actu>> = site
        .latest_news()
        .into_iter()
        .filter(|d| !d.brouillon)
        .collect();
    let mut months: BTreeSet<String> = site.months.iter().map(|m| m.mois.clone()).collect();
    months.extend(news.iter().filter_map(|d| d.common.date.map(month_of)));
    let current = month_of(site.options.today);
    let months: Vec<String> = months.into_iter().collect();
    // An offer put forward in several months (a favourite all season is in
    // every month's kit) has its item made once, and copied into each.
    let offers: Vec<&Doc<Offre>> = site
        .library
        .listed_offers()
        .filter(|d| !d.brouillon)
        .collect();
    use rayon::prelude::*;
    let favourites: Vec<BTreeSet<String>> = offers
        .par_iter()
        .map(|d| favourite_months(&d.meta))
        .collect();
    let chosen: Vec<Vec<usize>> = months
        .par_iter()
        .map(|mois| {
            let cited = cited_offers(&news, site, mois);
            (0..offers.len())
                .filter(|i| {
                    let d = offers[*i];
                    cited.contains(&d.common.slug.as_str())
                        || (d.meta.coup_de_coeur.toujours && *mois == current)
                        || favourites[*i].contains(mois)
                })
                .collect()
        })
        .collect();
    let wanted: BTreeSet<usize> = chosen.iter().flatten().copied().collect();
    let made: std::collections::HashMap<usize, Item> = wanted
        .into_par_iter()
        .map(|i| (i, offer_item(site, offers[i])))
        .collect();
    // Months side by side: a preview plans them again on every save.
    months
        .into_par_iter()
        .zip(chosen)
        .map(|(mois, chosen)| {
            let calendar = site.months.iter().find(|m| m.mois == mois);
            let mut ids = BTreeSet::new();
            let mut actus: Vec<Item> = news
                .iter()
                .filter(|d| d.common.date.map(month_of).as_ref() == Some(&mois))
                .map(|d| news_item(site, d, &mut ids))
                .collect();
            actus.sort_by(|a, b| (a.date, &a.titre).cmp(&(b.date, &b.titre)));
            // Each entry with its place in its file (its visuals' key).
            let entries: Vec<(usize, &Entry)> =
                calendar.map_or(Vec::new(), |m| m.entrees.iter().enumerate().collect());
            let (done, waiting): (Vec<_>, Vec<_>) =
                entries.into_iter().partition(|(_, e)| e.validated());
            let file = calendar.map(|m| m.file.clone()).unwrap_or_default();
            let mut entrees: Vec<Item> = done
                .iter()
                .map(|(i, e)| {
                    let cartes = site.entry_cards.get(&(mois.clone(), *i));
                    entry_item(site, e, cartes, &file, &mut ids)
                })
                .collect();
            entrees.sort_by(|a, b| (a.date, &a.heure, &a.titre).cmp(&(b.date, &b.heure, &b.titre)));
            // Offers the month puts forward: those its news and entries
            // name, and the favourites of its weeks.
            let mut offres: Vec<Item> = chosen
                .iter()
                .map(|i| {
                    let mut item = made[i].clone();
                    item.id = unique_id(&mut ids, &item.id);
                    item
                })
                .collect();
            offres.sort_by(|a, b| a.titre.cmp(&b.titre));
            let mut en_attente: Vec<Pending> = waiting
                .iter()
                .map(|(_, e)| Pending {
                    date: e.date,
                    titre: e.titre.clone(),
                    canal: e.canal,
                    statut: e.statut,
                })
                .collect();
            en_attente.sort_by(|a, b| (a.date, &a.titre).cmp(&(b.date, &b.titre)));
            Kit {
                url: format!("diffusion/{mois}/"),
                campagne: format!("{}-{mois}", site.config.diffusion.campagne),
                calendrier: calendar.is_some(),
                mois,
                actus,
                entrees,
                offres,
                en_attente,
            }
        })
        .collect()
}

/// The offers named by the news of `mois` and its validated calendar
/// entries.
fn cited_offers<'a>(news: &[&'a Doc<Actu>], site: &'a Site, mois: &str) -> Vec<&'a str> {
    let entries = site
        .months
        .iter()
        .filter(|m| m.mois == mois)
        .flat_map(|m| m.entrees.iter())
        .filter(|e| e.validated());
    let mut cited: Vec<&str> = Vec::new();
    for slug in news
        .iter()
        .filter(|d| d.common.date.map(month_of).as_deref() == Some(mois))
        .filter_map(|d| d.meta.offre.as_deref())
        .chain(entries.filter_map(|e| e.offre.as_deref()))
    {
        if !cited.contains(&slug) {
            cited.push(slug);
        }
    }
    cited
}

/// The months (`AAAA-MM`) of the weeks an offer is a favourite of: a week
/// across two months counts in both.
fn favourite_months(o: &Offre) -> BTreeSet<String> {
    o.coup_de_coeur
        .semaines
        .iter()
        .filter_map(|w| {
            let (y, n) = w.split_once("-W")?;
            Some((y.parse().ok()?, n.parse().ok()?))
        })
        .flat_map(|(y, n)| {
            [chrono::Weekday::Mon, chrono::Weekday::Sun]
                .into_iter()
                .filter_map(move |d| NaiveDate::from_isoywd_opt(y, n, d))
                .map(month_of)
        })
        .collect()
}

/// The visual of `head` as the kit's templates see it (with its variants).
fn visual(site: &Site, head: &crate::library::Head) -> Option<VisuelView<'static>> {
    VisuelView::of(site, head).map(VisuelView::into_owned)
}

fn zip_names(v: &Option<VisuelView>, cartes: Option<&crate::images::plan::Cartes>) -> Vec<String> {
    let mut names: Vec<String> = cartes
        .map(|c| archive::card_files(c).into_iter().map(|(_, n)| n).collect())
        .unwrap_or_default();
    if let Some(v) = v {
        names.extend(archive::visual_files(v).into_iter().map(|(_, n)| n));
    }
    names
}

/// A unique id in the kit from a prefix and a title.
fn unique(ids: &mut BTreeSet<String>, prefix: &str, title: &str) -> String {
    unique_id(ids, &format!("{prefix}-{}", crate::slug::slug_of(title)))
}

/// `base`, or `base-2`, `base-3`… if the kit has it already.
fn unique_id(ids: &mut BTreeSet<String>, base: &str) -> String {
    let mut id = base.to_string();
    let mut n = 2;
    while !ids.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

fn hashtags(site: &Site, univers: Option<&str>, commune: Option<&str>) -> Vec<String> {
    let mut tags = site.config.diffusion.hashtags.clone();
    for name in univers.into_iter().chain(commune) {
        let tag = crate::slug::hashtag(name);
        if tag.len() > 1 && !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}

fn absolute(site: &Site, url: &str) -> String {
    format!("{}{url}", site.config.url_base)
}

fn offer_by_slug<'a>(site: &'a Site, slug: Option<&str>) -> Option<&'a Doc<Offre>> {
    let slug = slug?;
    site.library
        .listed_offers()
        .find(|d| !d.brouillon && d.common.slug == slug)
}

fn news_item(site: &Site, d: &Doc<Actu>, ids: &mut BTreeSet<String>) -> Item {
    let offer = offer_by_slug(site, d.meta.offre.as_deref());
    let univers = offer.map(|o| site.config.univers_libelle(&o.meta.univers));
    let commune = d
        .meta
        .evenement
        .as_ref()
        .and_then(|e| e.commune.clone())
        .or_else(|| offer.map(|o| o.meta.commune.clone()));
    Item {
        genre: Genre::Actu,
        id: unique(ids, "actu", &d.common.titre),
        titre: d.common.titre.clone(),
        accroche: None,
        resume: d.common.resume.clone(),
        date: d.common.date,
        heure: None,
        url: d.url.clone(),
        url_absolue: absolute(site, &d.url),
        rubrique: d.meta.rubrique,
        evenement: d.meta.evenement.clone(),
        format: None,
        hashtags: hashtags(site, univers.as_deref(), commune.as_deref()),
        univers,
        commune,
        canaux: d.meta.canaux.clone(),
        message: None,
        fichiers_zip: zip_names(&visual(site, d), site.cards.get(&d.id)),
        visuel: visual(site, d),
        cartes: site.cards.get(&d.id).cloned(),
        file: d.file.clone(),
        line: d.common.titre_line,
    }
}

/// An offer's item, its id not yet made unique in its kit.
fn offer_item(site: &Site, d: &Doc<Offre>) -> Item {
    let univers = site.config.univers_libelle(&d.meta.univers);
    Item {
        genre: Genre::Offre,
        id: format!("offre-{}", crate::slug::slug_of(&d.common.titre)),
        titre: d.common.titre.clone(),
        accroche: None,
        resume: d.common.resume.clone(),
        date: None,
        heure: None,
        url: d.url.clone(),
        url_absolue: absolute(site, &d.url),
        rubrique: None,
        evenement: None,
        format: None,
        hashtags: hashtags(site, Some(&univers), Some(&d.meta.commune)),
        commune: Some(d.meta.commune.clone()),
        univers: Some(univers),
        canaux: Vec::new(),
        message: None,
        fichiers_zip: zip_names(&visual(site, d), site.cards.get(&d.id)),
        visuel: visual(site, d),
        cartes: site.cards.get(&d.id).cloned(),
        file: d.file.clone(),
        line: d.common.titre_line,
    }
}

fn entry_item(
    site: &Site,
    e: &Entry,
    cartes: Option<&crate::images::plan::Cartes>,
    file: &str,
    ids: &mut BTreeSet<String>,
) -> Item {
    let offer = offer_by_slug(site, e.offre.as_deref());
    let univers = e
        .univers
        .as_deref()
        .or(offer.map(|o| o.meta.univers.as_str()))
        .map(|u| site.config.univers_libelle(u));
    let commune = offer.map(|o| o.meta.commune.clone());
    let url = offer.map(|o| o.url.clone()).unwrap_or_default();
    let day = e.date.day();
    Item {
        genre: Genre::Entree,
        id: unique(ids, &format!("entree-{day:02}"), &e.titre),
        titre: e.titre.clone(),
        accroche: e.accroche.clone(),
        resume: offer.and_then(|o| o.common.resume.clone()),
        date: Some(e.date),
        heure: e.heure.clone(),
        url_absolue: absolute(site, &url),
        url,
        rubrique: None,
        evenement: None,
        format: e.format,
        hashtags: hashtags(site, univers.as_deref(), commune.as_deref()),
        univers,
        commune,
        canaux: e.canal.into_iter().collect(),
        message: e.message.clone(),
        fichiers_zip: zip_names(&offer.and_then(|o| visual(site, o)), cartes),
        visuel: offer.and_then(|o| visual(site, o)),
        cartes: cartes.cloned(),
        file: file.to_string(),
        line: e.line,
    }
}
