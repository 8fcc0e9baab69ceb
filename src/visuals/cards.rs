//! The visuals of every item, drawn: for each published document and each
//! validated calendar entry but the text messages (SMS, push)
//! ([`crate::derive::cards`] names their files), one picture per format —
//! 1200 × 630 for shared links, 1080 × 1080 for posts, 1080 × 1920 for
//! stories — from the theme's SVG layouts (`templates/visuels/<format>.svg`,
//! tera, markup and wording theirs), with the theme's fonts.
//!
//! 1. [`items`]: what each item's visuals show ([`CardData`]: title,
//!    universe and colour, price, commune, date and place, the photo's
//!    square variant).
//! 2. [`fit`]: its title broken into the lines of each format's box
//!    ([`BOXES`]) with the fonts' real advances; a title longer than a
//!    box is shortened with « … » and reported (`visuel-texte-trop-long`,
//!    a warning, with the file and line of the title). A check stops here.
//! 3. [`draw`]: each layout filled in ([`CardContext`]), drawn by resvg to
//!    a JPEG, in parallel. The bytes are kept in the image cache under the
//!    hash of the filled-in layout (which holds the data, and the photo's
//!    hash in the photo's place) and of the fonts: a build whose items did
//!    not change draws none, and fills each layout without its photo.

use std::sync::atomic::{AtomicUsize, Ordering};

use base64::Engine;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use super::raster::{self, Fonts};
use super::text::{self, Font};
use crate::config::Univers;
use crate::content::offre::Tarif;
use crate::diagnostic::{Diagnostic, Pos, Sink};
use crate::imageproc::Cache;
use crate::images::plan::Cartes;
use crate::library::Head;
use crate::pages::job::Job;
use crate::pages::partage::ListCard;
use crate::rules::Rule;
use crate::site::Site;

/// The box a format's title is fitted into: width in pixels of the
/// layout, font size, most lines. The layouts draw the lines they are
/// given at this size, one `interligne` apart.
#[derive(Debug, Clone, Copy)]
pub struct TitleBox {
    pub format: &'static str,
    pub width: f32,
    pub size: f32,
    pub lines: usize,
}

impl TitleBox {
    /// The distance between two baselines.
    pub fn leading(&self) -> f32 {
        (self.size * 1.15).round()
    }
}

/// The title boxes of the three layouts (a layout drawn at another size,
/// as the vignette is, keeps its box: the drawing is scaled).
pub const BOXES: [TitleBox; 3] = [
    TitleBox {
        format: "partage",
        width: 530.0,
        size: 54.0,
        lines: 4,
    },
    TitleBox {
        format: "carre",
        width: 960.0,
        size: 64.0,
        lines: 3,
    },
    TitleBox {
        format: "vertical",
        width: 940.0,
        size: 80.0,
        lines: 4,
    },
];

/// What one item's visuals show.
#[derive(Debug, Clone, Serialize)]
pub struct CardData<'a> {
    /// `offre`, `offre-modele`, `actu`, `kit`, `guide`, `page` or `entree`.
    pub genre: &'static str,
    /// The title, French typography applied.
    #[serde(skip)]
    pub titre: String,
    pub univers: Option<&'a Univers>,
    /// Background colour: the universe's, or the charter's.
    pub couleur: &'a str,
    pub tarif: Option<&'a Tarif>,
    pub commune: Option<&'a str>,
    pub date: Option<NaiveDate>,
    pub heure: Option<String>,
    pub lieu: Option<&'a str>,
    /// The photo's square variant in the output (`images/offres/surf-carre.jpg`).
    #[serde(skip)]
    pub photo: Option<&'a str>,
    /// For a list page: which list, how many it holds.
    pub liste: Option<&'a ListCard>,
}

/// One item: its files, where its title is written, what it shows.
pub struct Item<'a> {
    pub cartes: &'a Cartes,
    pub file: &'a str,
    /// Line and key of the text its visuals show (`titre`, or a calendar
    /// entry's `entrees[3].accroche`).
    pub line: usize,
    pub key: String,
    /// The layout family a calendar entry asks for (`gabarit: annonce`).
    pub gabarit: Option<&'a str>,
    pub data: CardData<'a>,
}

/// The layout family every item is drawn with unless it asks for another.
pub const STANDARD: &str = "standard";

/// The layout families of the theme: the standard one
/// (`templates/visuels/<format>.svg`) and each folder of
/// `templates/visuels/` with layouts (`visuels/annonce/carre.svg`); a
/// format a family lacks is drawn with the standard layout.
pub fn gabarits(tera: &tera::Tera) -> std::collections::BTreeSet<&str> {
    let mut out: std::collections::BTreeSet<&str> = tera
        .get_template_names()
        .filter_map(|n| n.strip_prefix("visuels/")?.strip_suffix(".svg"))
        .filter_map(|n| {
            let (family, format) = n.split_once('/')?;
            BOXES.iter().any(|b| b.format == format).then_some(family)
        })
        .collect();
    out.insert(STANDARD);
    out
}

/// Every calendar entry's `gabarit` is a layout family of the theme — an
/// entry not validated yet too, so that its editor learns it before the
/// day it is drawn: else a `valeur-inconnue` error naming those it has.
pub fn check_gabarits(site: &Site, tera: &tera::Tera, sink: &Sink) {
    let families = gabarits(tera);
    for m in &site.months {
        for (i, e) in m.entrees.iter().enumerate() {
            let Some(g) = e.gabarit.as_deref() else {
                continue;
            };
            if families.contains(g) {
                continue;
            }
            let known: Vec<&str> = families.iter().copied().collect();
            sink.push(
                Diagnostic::new(
                    Rule::ValeurInconnue,
                    &m.file,
                    e.gabarit_pos,
                    format!(
                        "le gabarit « {g} » n'existe pas dans le thème, qui a : {}",
                        known.join(", ")
                    ),
                )
                .with_key(format!("entrees[{}].gabarit", i + 1))
                .with_hint_opt(crate::diagnostic::did_you_mean(g, known.iter().copied())),
            );
        }
    }
}

/// The template an item's format is drawn with.
fn layout(tera: &tera::Tera, gabarit: Option<&str>, format: &str) -> String {
    if let Some(g) = gabarit.filter(|g| *g != STANDARD) {
        let own = format!("visuels/{g}/{format}.svg");
        if tera.get_template_names().any(|n| n == own) {
            return own;
        }
    }
    format!("visuels/{format}.svg")
}

/// What a layout receives (`templates/visuels/<format>.svg`).
#[derive(Serialize)]
pub struct CardContext<'a> {
    pub format: &'static str,
    pub largeur: u32,
    pub hauteur: u32,
    /// The title's lines, fitted to the format's box.
    pub titre: &'a [String],
    /// Font size of the title, and the distance between its lines.
    pub taille: f32,
    pub interligne: f32,
    #[serde(flatten)]
    pub data: &'a CardData<'a>,
    /// The photo, inline (`data:image/jpeg;base64,…`): a layout reads no file.
    pub photo: Option<String>,
    pub site_titre: &'a str,
    /// The charter's marks every visual carries.
    pub marque: &'a Marque<'a>,
}

/// What every visual carries of the charter (`site.yaml`): the site's
/// logo and each funder's logo and mention (« Dispositif financé par la
/// Province Sud »), the logos inline as the photo is — an SVG as kitpress
/// publishes it, cleaned of anything active.
#[derive(Serialize)]
pub struct Marque<'a> {
    pub logo: Option<Mark>,
    pub financeurs: Vec<FunderMark<'a>>,
}

/// A logo, inline, with its width for a height of 1 (its aspect).
#[derive(Serialize)]
pub struct Mark {
    pub src: String,
    pub ratio: f64,
}

#[derive(Serialize)]
pub struct FunderMark<'a> {
    pub nom: &'a str,
    pub mention: &'a str,
    pub logo: Option<Mark>,
}

impl<'a> Marque<'a> {
    /// The marks of `site`; a logo that cannot be read is left out (the
    /// validation said why).
    pub fn of(site: &'a Site) -> Marque<'a> {
        let mark = |path: &str, size: Option<(u32, u32)>| -> Option<Mark> {
            let img = path.trim_start_matches("images/");
            let (w, h) = size.filter(|(w, h)| *w > 0 && *h > 0)?;
            let (mime, bytes) = match crate::images::kind_of(img) {
                crate::images::Kind::Svg => (
                    "image/svg+xml",
                    crate::images::published_svg(&site.root, img)?,
                ),
                crate::images::Kind::Raster(f) => (
                    f.to_mime_type(),
                    std::fs::read(site.root.join(crate::images::DIR).join(img)).ok()?,
                ),
                _ => return None,
            };
            // A logo is small: a large file is not carried into thousands of visuals.
            if bytes.len() > 512 * 1024 {
                return None;
            }
            Some(Mark {
                src: format!(
                    "data:{mime};base64,{}",
                    base64::engine::general_purpose::STANDARD.encode(bytes)
                ),
                ratio: w as f64 / h as f64,
            })
        };
        let size_of = |path: &str| {
            site.probes
                .get(path.trim_start_matches("images/"))
                .and_then(crate::images::Probe::size)
        };
        Marque {
            logo: site
                .config
                .charte
                .logo
                .as_deref()
                .and_then(|l| mark(l, size_of(l))),
            financeurs: site
                .config
                .financeurs
                .iter()
                .map(|f| FunderMark {
                    nom: &f.nom,
                    mention: &f.mention,
                    logo: f.logo.as_deref().and_then(|l| {
                        let size = f.logo_dimensions.map(|[w, h]| (w, h)).or(size_of(l));
                        mark(l, size)
                    }),
                })
                .collect(),
        }
    }
}

fn universe<'a>(site: &'a Site, id: Option<&str>) -> Option<&'a Univers> {
    let id = id?;
    site.config.univers.iter().find(|u| u.id == id)
}

fn colour<'a>(site: &'a Site, u: Option<&'a Univers>) -> &'a str {
    u.map_or(site.config.charte.couleur_primaire.as_str(), |u| {
        u.couleur.as_str()
    })
}

/// The photo's square variant of a document, when it has one.
fn photo_of<'a>(site: &'a Site, head: &Head) -> Option<&'a str> {
    let v = site.variants.get(&head.id)?;
    let decorative = head.common.visuel.as_ref().is_none_or(|v| v.decoratif);
    if decorative {
        return None;
    }
    v.carre.as_deref()
}

fn title(t: &str) -> String {
    crate::typography::french(t).into_owned()
}

/// Every item with visuals, in a stable order.
pub fn items(site: &Site) -> Vec<Item<'_>> {
    items_of(site, |_| true)
}

/// The items of the documents whose file `keep` accepts, and every
/// calendar entry (a few per month, which show the offers they name): what
/// a preview draws again after a save.
pub fn items_of<'a>(site: &'a Site, keep: impl Fn(&str) -> bool) -> Vec<Item<'a>> {
    let mut out = Vec::new();
    let lib = &site.library;
    let cards = |h: &Head| site.cards.get(&h.id).filter(|_| keep(&h.file));
    for d in &lib.offres {
        let Some(cartes) = cards(d) else {
            continue;
        };
        let u = universe(site, Some(&d.meta.univers));
        out.push(Item {
            cartes,
            file: &d.file,
            line: d.common.titre_line,
            key: "titre".into(),
            gabarit: None,
            data: CardData {
                genre: "offre",
                titre: title(&d.common.titre),
                univers: u,
                couleur: colour(site, u),
                tarif: Some(&d.meta.tarif),
                commune: Some(&d.meta.commune),
                date: None,
                heure: None,
                lieu: None,
                photo: photo_of(site, d),
                liste: None,
            },
        });
    }
    for d in &lib.offres_modeles {
        let Some(cartes) = cards(d) else {
            continue;
        };
        let u = universe(site, d.meta.univers.as_deref());
        out.push(plain(site, cartes, d, "offre-modele", u));
    }
    for d in &lib.actus {
        let Some(cartes) = cards(d) else {
            continue;
        };
        let mut item = plain(site, cartes, d, "actu", None);
        item.data.date = d.common.date;
        if let Some(e) = &d.meta.evenement {
            item.data.date = Some(e.debut.date());
            item.data.heure = Some(e.debut.format("%H:%M").to_string()).filter(|h| h != "00:00");
            item.data.lieu = Some(e.lieu.as_str()).filter(|l| !l.is_empty());
            item.data.commune = e.commune.as_deref();
        }
        out.push(item);
    }
    for d in &lib.kit {
        if let Some(cartes) = cards(d) {
            out.push(plain(site, cartes, d, "kit", None));
        }
    }
    for d in &lib.guide {
        if let Some(cartes) = cards(d) {
            out.push(plain(site, cartes, d, "guide", None));
        }
    }
    for d in &lib.pages {
        if let Some(cartes) = cards(d) {
            out.push(plain(site, cartes, d, "page", None));
        }
    }
    for m in &site.months {
        for (i, e) in m.entrees.iter().enumerate() {
            let Some(cartes) = site.entry_cards.get(&(m.mois.clone(), i)) else {
                continue;
            };
            // An entry about an offer shows the offer's price, place and photo.
            let offer = e
                .offre
                .as_deref()
                .and_then(|slug| lib.offres.iter().find(|o| o.common.slug == slug));
            let u = universe(
                site,
                e.univers
                    .as_deref()
                    .or(offer.map(|o| o.meta.univers.as_str())),
            );
            // Its own photo, else its offer's.
            let photo = site
                .entry_variants
                .get(&(m.mois.clone(), i))
                .filter(|_| e.visuel.as_ref().is_some_and(|v| !v.decoratif))
                .and_then(|v| v.carre.as_deref())
                .or_else(|| offer.and_then(|o| photo_of(site, o)));
            let shown = if e.accroche.is_some() {
                "accroche"
            } else {
                "titre"
            };
            out.push(Item {
                cartes,
                file: &m.file,
                line: e.accroche_line,
                key: format!("entrees[{}].{shown}", i + 1),
                gabarit: e.gabarit.as_deref(),
                data: CardData {
                    genre: "entree",
                    titre: title(e.accroche.as_deref().unwrap_or(&e.titre)),
                    univers: u,
                    couleur: colour(site, u),
                    tarif: offer.map(|o| &o.meta.tarif),
                    commune: offer.map(|o| o.meta.commune.as_str()),
                    date: Some(e.date),
                    heure: e.heure.clone(),
                    lieu: None,
                    photo,
                    liste: None,
                },
            });
        }
    }
    out
}

fn plain<'a>(
    site: &'a Site,
    cartes: &'a Cartes,
    head: &'a Head,
    genre: &'static str,
    u: Option<&'a Univers>,
) -> Item<'a> {
    Item {
        cartes,
        file: &head.file,
        line: head.common.titre_line,
        key: "titre".into(),
        gabarit: None,
        data: CardData {
            genre,
            titre: title(&head.common.titre),
            univers: u,
            couleur: colour(site, u),
            tarif: None,
            commune: None,
            date: None,
            heure: None,
            lieu: None,
            photo: photo_of(site, head),
            liste: None,
        },
    }
}

/// The list pages' own shared-link visuals ([`crate::pages::partage`]):
/// their title is the theme's wording for the list
/// (`partials/liste-partagee.txt`), fitted like any title; a theme
/// without that partial writes the list's value, or the site's title.
pub fn page_items<'a>(site: &'a Site, jobs: &'a [Job], tera: &tera::Tera) -> Vec<Item<'a>> {
    jobs.iter()
        .filter_map(|job| {
            let card = job.partage.as_deref()?;
            let l = &card.data;
            let mut cx = tera::Context::new();
            cx.insert("l", l);
            let titre = tera
                .render("partials/liste-partagee.txt", &cx)
                .ok()
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .or_else(|| l.valeur.clone())
                .unwrap_or_else(|| site.config.titre.clone());
            let u = universe(site, l.univers.as_deref());
            Some(Item {
                cartes: &card.cartes,
                // The wording is the theme's: nothing of the content to point at.
                file: "",
                line: 0,
                key: String::new(),
                gabarit: None,
                data: CardData {
                    genre: "liste",
                    titre: title(&titre),
                    univers: u,
                    couleur: colour(site, u),
                    tarif: None,
                    commune: None,
                    date: None,
                    heure: None,
                    lieu: None,
                    photo: None,
                    liste: Some(l),
                },
            })
        })
        .collect()
}

/// An item's title fitted to each format's box, in the order of [`BOXES`].
pub type Fitted = [Vec<String>; 3];

/// Fits every item's title to each format (in parallel); a title that had
/// to be shortened is a `visuel-texte-trop-long` warning in `sink`, once
/// per item, naming the formats.
pub fn fit(items: &[Item], fonts: &Fonts, sink: &Sink) -> Vec<Fitted> {
    let Some(font) = Font::parse(fonts.measuring_face()) else {
        return items
            .iter()
            .map(|i| [0, 1, 2].map(|_| vec![i.data.titre.clone()]))
            .collect();
    };
    let fitted: Vec<(Fitted, Vec<&'static str>)> = items
        .par_iter()
        .map(|item| {
            let mut cut = Vec::new();
            let drawn = item.cartes.files();
            let lines = BOXES.map(|b| {
                if !drawn.iter().any(|(layout, ..)| *layout == b.format) {
                    return Vec::new();
                }
                let f = text::fit(&font, &item.data.titre, b.size, b.width, b.lines);
                if f.shortened {
                    cut.push(match b.format {
                        "partage" => "partage 1200 × 630",
                        "carre" => "carré 1080 × 1080",
                        _ => "vertical 1080 × 1920",
                    });
                }
                f.lines
            });
            (lines, cut)
        })
        .collect();
    let mut out = Vec::with_capacity(fitted.len());
    for (item, (lines, cut)) in items.iter().zip(fitted) {
        if !cut.is_empty() && !item.file.is_empty() {
            sink.push(
                Diagnostic::new(
                    Rule::VisuelTexteTropLong,
                    item.file,
                    Pos::new(item.line.max(1), 1),
                    format!(
                        "{} « {} » est trop long pour les visuels ({}) : il y est coupé après « {} »",
                        if item.key.ends_with("accroche") { "l'accroche" } else { "le titre" },
                        item.data.titre,
                        cut.join(", "),
                        lines
                            .iter()
                            .find(|l| l.last().is_some_and(|l| l.ends_with(text::ELLIPSIS)))
                            .and_then(|l| l.last())
                            .map(|l| l.trim_end_matches(text::ELLIPSIS))
                            .unwrap_or_default()
                    ),
                )
                .with_key(item.key.clone())
                .with_hint(if item.key.ends_with("accroche") {
                    "raccourcissez l'accroche, ou acceptez qu'elle soit coupée sur les visuels"
                } else {
                    "raccourcissez le titre, ou acceptez qu'il soit coupé sur les visuels"
                }),
            );
        }
        out.push(lines);
    }
    out
}

/// What drawing did, for the build summary.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    /// Files written.
    pub files: usize,
    /// Visuals drawn (the others came from the cache).
    pub drawn: usize,
}

/// The cache's name for a drawn visual (one per folder).
const CACHE_NAME: &str = "visuel.jpg";

/// What the layout of a card's picture receives
/// (`templates/visuels/vignette.svg`): no text, no photo.
#[derive(Serialize)]
struct VignetteContext<'a> {
    largeur: u32,
    hauteur: u32,
    genre: &'static str,
    univers: Option<&'a Univers>,
    couleur: &'a str,
}

/// A visual to write: its bytes and their hash, and when it came from the
/// cache, the cache's file it was read from (a build links it).
pub struct Drawn<'a> {
    pub bytes: &'a [u8],
    pub hash: blake3::Hash,
    pub cached: Option<(&'a std::path::Path, crate::output::FileIdentity)>,
}

/// A photo shown by a layout: inline in the drawing, by its hash in the
/// drawing's cache key.
struct Photo {
    bytes: Vec<u8>,
    /// What the layout receives in the photo's place to make the key.
    token: String,
}

impl Photo {
    fn of(bytes: Vec<u8>) -> Photo {
        let token = format!("kitpress-photo:{}", blake3::hash(&bytes).to_hex());
        Photo { bytes, token }
    }

    /// The photo inline (`data:image/jpeg;base64,…`): a layout reads no file.
    fn inline(&self) -> String {
        format!(
            "data:image/jpeg;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(&self.bytes)
        )
    }
}

/// Draws every format of every item, and each card picture once (in
/// parallel), and hands each file to `write` ([`Drawn`], path in the
/// output);
/// `read` gives back a file already in the output (a photo's variant).
/// Problems go to `sink`: a layout that cannot be filled in or drawn
/// publishes no visual of that format, and is said once.
#[allow(clippy::too_many_arguments)]
pub fn draw<R, W>(
    site: &Site,
    tera: &tera::Tera,
    fonts: &Fonts,
    items: &[Item],
    fitted: &[Fitted],
    cache: &Cache,
    read: R,
    write: W,
    sink: &Sink,
) -> Stats
where
    R: Fn(&str) -> Option<Vec<u8>> + Sync,
    W: Fn(Drawn, &str) -> std::io::Result<()> + Sync,
{
    let files = AtomicUsize::new(0);
    let drawn = AtomicUsize::new(0);
    let failed = std::sync::Mutex::new(std::collections::BTreeSet::new());
    // Diagnostics of the worker threads, handed to `sink` at the end.
    let found = std::sync::Mutex::new(Vec::new());
    let report = |d: Diagnostic| {
        if let Ok(mut f) = found.lock() {
            f.push(d);
        }
    };
    // A layout that cannot be filled in is said once.
    let unfilled = |template: &str, e: tera::Error, out: &str| {
        let first = failed
            .lock()
            .map(|mut f| f.insert(template.to_string()))
            .unwrap_or(false);
        if first {
            let (_, message) = crate::theme::template_error(&e);
            report(
                Diagnostic::new(
                    Rule::GabaritErreur,
                    format!("templates/{template}"),
                    Pos::default(),
                    format!("le gabarit n'a pas pu produire le visuel {out} : {message}"),
                )
                .with_hint("vérifiez les variables utilisées par le gabarit"),
            );
        }
    };
    // One file: the layout filled in, taken from the cache or drawn,
    // written. `fill` gives the layout's data with the photo as given: the
    // key is made with the photo's hash in its place (a warm build neither
    // encodes nor hashes the photo's bytes in every layout), the drawing
    // with the photo itself.
    let one = |template: String,
               fill: &dyn Fn(Option<String>) -> Result<tera::Context, tera::Error>,
               photo: Option<&Photo>,
               out: &str,
               w: u32,
               h: u32| {
        let render = |photo: Option<String>| fill(photo).and_then(|c| tera.render(&template, &c));
        let keyed = match render(photo.map(|p| p.token.clone())) {
            Ok(svg) => svg,
            Err(e) => return unfilled(&template, e, out),
        };
        let mut key = blake3::Hasher::new();
        key.update(keyed.as_bytes());
        key.update(fonts.hash.as_bytes());
        key.update(format!("{w}x{h}").as_bytes());
        let key = format!("visuel-{}", &key.finalize().to_hex()[..24]);
        let cached = cache
            .listed(&key)
            .get(CACHE_NAME)
            .and_then(|check| cache.get_checked(&key, CACHE_NAME, check));
        let (bytes, hash, from) = match cached {
            Some(c) => (c.bytes, c.hash, Some((c.file, c.identity))),
            None => {
                let svg = match photo {
                    None => keyed,
                    Some(p) => match render(Some(p.inline())) {
                        Ok(svg) => svg,
                        Err(e) => return unfilled(&template, e, out),
                    },
                };
                match raster::jpeg(&svg, w, h, fonts) {
                    Ok(b) => {
                        drawn.fetch_add(1, Ordering::Relaxed);
                        let hash = blake3::hash(&b);
                        cache.store_hashed(&key, CACHE_NAME, &b, &hash);
                        (b, hash, None)
                    }
                    Err(e) => {
                        report(Diagnostic::new(
                            Rule::GabaritErreur,
                            format!("templates/{template}"),
                            Pos::default(),
                            format!("le visuel {out} n'a pas pu être dessiné : {}", e.0),
                        ));
                        return;
                    }
                }
            }
        };
        match write(
            Drawn {
                bytes: &bytes,
                hash,
                cached: from.as_ref().map(|(f, i)| (f.as_path(), *i)),
            },
            out,
        ) {
            Ok(()) => {
                files.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => report(crate::render::write_error(out, &e)),
        }
    };
    let marque = Marque::of(site);
    items.par_iter().zip(fitted).for_each(|(item, lines)| {
        let photo = item.data.photo.and_then(&read).map(Photo::of);
        for (format, out, w, h) in item.cartes.files() {
            let Some(i) = BOXES.iter().position(|b| b.format == format) else {
                continue;
            };
            let (b, lines) = (BOXES[i], &lines[i]);
            let fill = |photo: Option<String>| {
                tera::Context::from_serialize(CardContext {
                    format,
                    largeur: w,
                    hauteur: h,
                    titre: lines,
                    taille: b.size,
                    interligne: b.leading(),
                    data: &item.data,
                    photo,
                    site_titre: &site.config.titre,
                    marque: &marque,
                })
            };
            let template = layout(tera, item.gabarit, format);
            one(template, &fill, photo.as_ref(), out, w, h);
        }
    });
    // Each card picture once, from the first item that uses it.
    let mut vignettes = std::collections::BTreeMap::new();
    for item in items {
        vignettes
            .entry(item.cartes.vignette.as_str())
            .or_insert(&item.data);
    }
    let (w, h) = Cartes::VIGNETTE;
    vignettes.par_iter().for_each(|(out, data)| {
        let cx = VignetteContext {
            largeur: w,
            hauteur: h,
            genre: data.genre,
            univers: data.univers,
            couleur: data.couleur,
        };
        let fill = |_| tera::Context::from_serialize(&cx);
        one("visuels/vignette.svg".into(), &fill, None, out, w, h);
    });
    let mut found = found.into_inner().unwrap_or_default();
    found.sort_by(|a, b| (&a.file, a.pos.line).cmp(&(&b.file, b.pos.line)));
    for d in found {
        sink.push(d);
    }
    Stats {
        files: files.into_inner(),
        drawn: drawn.into_inner(),
    }
}
