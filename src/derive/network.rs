//! The state of the partner network, by commune and by universe: offers
//! online and distinct organisations, against `objectifs.organismes`; the
//! white zones (communes and universes with no offer); the priority
//! neighbourhoods and tribus counted apart; offers open to each target per
//! commune; and the map's points, placed from `content/data/communes.yaml`.
//!
//! Every commune of `site.yaml` has its line, with or without offers: a
//! commune with none is a white zone, never a missing row.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::content::offre::Offre;
use crate::library::Doc;
use crate::site::Site;
use crate::slug::slug_of;

/// One commune: its offers, organisations, and offers per universe and per
/// target (in the order of `site.yaml`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CommuneLine {
    pub nom: String,
    pub offres: usize,
    pub organismes: usize,
    pub par_univers: Vec<usize>,
    pub par_cible: Vec<usize>,
    pub zone_blanche: bool,
}

/// One universe across the province.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UniversLine {
    pub id: String,
    pub libelle: String,
    pub offres: usize,
    pub organismes: usize,
    pub communes: usize,
    pub zone_blanche: bool,
}

/// A priority neighbourhood or a tribu.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Place {
    pub nom: String,
    pub offres: usize,
    pub organismes: usize,
}

/// A commune on the map, in the map's own units.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Point {
    pub nom: String,
    pub x: f64,
    pub y: f64,
    /// Radius of its circle, by its number of offers (area ∝ offers).
    pub r: f64,
    pub offres: usize,
    pub zone_blanche: bool,
    /// Where its label stands, placed so that labels do not overlap when
    /// they can avoid it, and its `text-anchor` (`start`, `end`, `middle`).
    pub lx: f64,
    pub ly: f64,
    pub ancre: String,
}

/// The map: a frame and the communes placed in it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Map {
    pub largeur: f64,
    pub hauteur: f64,
    pub points: Vec<Point>,
    /// Communes of `site.yaml` with no coordinates in `data/communes.yaml`:
    /// in the tables, not on the map.
    pub sans_coordonnees: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WhiteZones {
    pub communes: Vec<String>,
    pub univers: Vec<String>,
}

/// The network at the reference day.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Network {
    /// Offers online (published and not over).
    pub offres: usize,
    pub organismes: usize,
    pub objectif_organismes: u64,
    /// Organisations against the goal, in percent (one decimal).
    pub part_objectif: f64,
    pub cibles: Vec<String>,
    pub communes: Vec<CommuneLine>,
    pub univers: Vec<UniversLine>,
    pub zones_blanches: WhiteZones,
    pub quartiers: Vec<Place>,
    pub tribus: Vec<Place>,
    pub carte: Map,
}

/// The same organisation however it is spelt (case, accents, spaces).
pub fn organisation_key(name: &str) -> String {
    slug_of(name)
}

fn organisations<'a>(offers: impl IntoIterator<Item = &'a Doc<Offre>>) -> usize {
    offers
        .into_iter()
        .map(|d| organisation_key(&d.meta.organisme))
        .collect::<BTreeSet<_>>()
        .len()
}

/// Percent with one decimal.
pub fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        return 0.0;
    }
    (part as f64 * 1000.0 / whole as f64).round() / 10.0
}

/// The state of the network from the offers online.
pub fn state(site: &Site) -> Network {
    let cfg = &site.config;
    let online: Vec<&Doc<Offre>> = site
        .library
        .listed_offers()
        .filter(|d| !d.brouillon)
        .collect();
    let communes: Vec<CommuneLine> = cfg
        .communes
        .iter()
        .map(|c| {
            let here: Vec<&Doc<Offre>> = online
                .iter()
                .copied()
                .filter(|d| &d.meta.commune == c)
                .collect();
            CommuneLine {
                nom: c.clone(),
                offres: here.len(),
                organismes: organisations(here.iter().copied()),
                par_univers: cfg
                    .univers
                    .iter()
                    .map(|u| here.iter().filter(|d| d.meta.univers == u.id).count())
                    .collect(),
                par_cible: cfg
                    .cibles
                    .iter()
                    .map(|t| here.iter().filter(|d| d.meta.cibles.contains(t)).count())
                    .collect(),
                zone_blanche: here.is_empty(),
            }
        })
        .collect();
    let univers: Vec<UniversLine> = cfg
        .univers
        .iter()
        .map(|u| {
            let of: Vec<&Doc<Offre>> = online
                .iter()
                .copied()
                .filter(|d| d.meta.univers == u.id)
                .collect();
            UniversLine {
                id: u.id.clone(),
                libelle: u.libelle.clone(),
                offres: of.len(),
                organismes: organisations(of.iter().copied()),
                communes: of
                    .iter()
                    .map(|d| d.meta.commune.as_str())
                    .collect::<BTreeSet<_>>()
                    .len(),
                zone_blanche: of.is_empty(),
            }
        })
        .collect();
    let place = |nom: &str, of: Vec<&Doc<Offre>>| Place {
        nom: nom.to_string(),
        offres: of.len(),
        organismes: organisations(of),
    };
    let quartiers = cfg
        .quartiers_prioritaires
        .iter()
        .map(|q| {
            let of = online
                .iter()
                .copied()
                .filter(|d| slug_of(&d.meta.quartier) == slug_of(q))
                .collect();
            place(q, of)
        })
        .collect();
    let mut by_tribu: BTreeMap<String, Vec<&Doc<Offre>>> = BTreeMap::new();
    for d in online.iter().filter(|d| !d.meta.tribu.is_empty()) {
        by_tribu.entry(d.meta.tribu.clone()).or_default().push(d);
    }
    let tribus = by_tribu.into_iter().map(|(t, of)| place(&t, of)).collect();
    let organismes = organisations(online.iter().copied());
    let goal = cfg.objectif_organismes;
    Network {
        offres: online.len(),
        organismes,
        objectif_organismes: goal,
        part_objectif: percent(organismes, goal as usize),
        cibles: cfg.cibles.clone(),
        zones_blanches: WhiteZones {
            communes: communes
                .iter()
                .filter(|c| c.zone_blanche)
                .map(|c| c.nom.clone())
                .collect(),
            univers: univers
                .iter()
                .filter(|u| u.zone_blanche)
                .map(|u| u.libelle.clone())
                .collect(),
        },
        carte: map(site, &communes),
        communes,
        univers,
        quartiers,
        tribus,
    }
}

/// Coordinates of the communes, from `data/communes.yaml` (a list of
/// `{ nom, lat, lon }`, bare or under `communes:`).
fn coordinates(site: &Site) -> BTreeMap<String, (f64, f64)> {
    crate::site::data_list(&site.data, "communes", "communes")
        .iter()
        .filter_map(|i| {
            let nom = i.get("nom")?.as_str()?;
            let lat = i.get("lat")?.as_f64()?;
            let lon = i.get("lon")?.as_f64()?;
            Some((slug_of(nom), (lat, lon)))
        })
        .collect()
}

/// Width of the map in its own units; the height follows the communes.
const MAP_WIDTH: f64 = 600.0;
const MARGIN: f64 = 40.0;
/// Room on each side for the labels.
const LABEL_ROOM: f64 = 100.0;
/// Label size: characters are about 7 units wide and 14 high at the
/// theme's 13-unit font.
const CHAR_W: f64 = 7.0;
const LINE_H: f64 = 14.0;
const R_MIN: f64 = 4.0;
const R_MAX: f64 = 26.0;

fn map(site: &Site, communes: &[CommuneLine]) -> Map {
    let coords = coordinates(site);
    let placed: Vec<(&CommuneLine, (f64, f64))> = communes
        .iter()
        .filter_map(|c| coords.get(&slug_of(&c.nom)).map(|p| (c, *p)))
        .collect();
    let sans_coordonnees = communes
        .iter()
        .filter(|c| !coords.contains_key(&slug_of(&c.nom)))
        .map(|c| c.nom.clone())
        .collect();
    if placed.is_empty() {
        return Map {
            largeur: MAP_WIDTH,
            hauteur: 0.0,
            points: Vec::new(),
            sans_coordonnees,
        };
    }
    let lats = placed.iter().map(|(_, (la, _))| *la);
    let lons = placed.iter().map(|(_, (_, lo))| *lo);
    let (lat0, lat1) = lats.fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(v), b.max(v)));
    let (lon0, lon1) = lons.fold((f64::MAX, f64::MIN), |(a, b), v| (a.min(v), b.max(v)));
    // Equirectangular, a degree of longitude shortened by the latitude.
    let k = ((lat0 + lat1) / 2.0).to_radians().cos();
    let span_x = ((lon1 - lon0) * k).max(1e-6);
    let span_y = (lat1 - lat0).max(1e-6);
    let scale = (MAP_WIDTH - 2.0 * (MARGIN + LABEL_ROOM)) / span_x.max(span_y);
    let hauteur = (span_y * scale + 2.0 * MARGIN).round();
    let max = communes.iter().map(|c| c.offres).max().unwrap_or(0).max(1) as f64;
    let points = placed
        .into_iter()
        .map(|(c, (lat, lon))| {
            let r = if c.offres == 0 {
                R_MIN
            } else {
                R_MIN + (R_MAX - R_MIN) * (c.offres as f64 / max).sqrt()
            };
            Point {
                nom: c.nom.clone(),
                x: ((lon - lon0) * k * scale + MARGIN + LABEL_ROOM).round(),
                y: ((lat1 - lat) * scale + MARGIN).round(),
                r: (r * 10.0).round() / 10.0,
                offres: c.offres,
                zone_blanche: c.zone_blanche,
                lx: 0.0,
                ly: 0.0,
                ancre: String::new(),
            }
        })
        .collect();
    let points = place_labels(points);
    Map {
        largeur: MAP_WIDTH,
        hauteur,
        points,
        sans_coordonnees,
    }
}

/// A label's box: left, top, right, bottom.
type Box = (f64, f64, f64, f64);

fn overlaps(a: Box, b: Box) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Places each label beside its circle — right, left, above or below,
/// the first that overlaps no label already placed nor any circle; the
/// largest communes first.
fn place_labels(mut points: Vec<Point>) -> Vec<Point> {
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by(|&a, &b| points[b].offres.cmp(&points[a].offres).then(a.cmp(&b)));
    let circles: Vec<Box> = points
        .iter()
        .map(|p| (p.x - p.r, p.y - p.r, p.x + p.r, p.y + p.r))
        .collect();
    let mut placed: Vec<Box> = Vec::new();
    for i in order {
        let p = &points[i];
        let w = (format!("{} ({})", p.nom, p.offres).chars().count() as f64) * CHAR_W;
        let gap = p.r + 3.0;
        // Beside, above, below; then beside but shifted up or down.
        let mut candidates = vec![
            (p.x + gap, p.y + 4.0, "start"),
            (p.x - gap, p.y + 4.0, "end"),
            (p.x, p.y - gap - 2.0, "middle"),
            (p.x, p.y + gap + LINE_H - 3.0, "middle"),
        ];
        for dy in [-16.0, 16.0, -32.0, 32.0] {
            candidates.push((p.x + gap, p.y + 4.0 + dy, "start"));
            candidates.push((p.x - gap, p.y + 4.0 + dy, "end"));
        }
        let boxed = |(x, y, a): (f64, f64, &'static str)| -> (f64, f64, &'static str, Box) {
            let left = match a {
                "start" => x,
                "end" => x - w,
                _ => x - w / 2.0,
            };
            (x, y, a, (left, y - 11.0, left + w, y + 3.0))
        };
        let candidates: Vec<(f64, f64, &'static str, Box)> =
            candidates.into_iter().map(boxed).collect();
        // The first free place; else the one that hides the least (labels
        // weigh more than circles).
        let cost = |b: Box| {
            10 * placed.iter().filter(|o| overlaps(**o, b)).count()
                + circles
                    .iter()
                    .enumerate()
                    .filter(|(j, c)| *j != i && overlaps(**c, b))
                    .count()
        };
        let (lx, ly, ancre, b) = candidates
            .iter()
            .copied()
            .min_by_key(|c| cost(c.3))
            .unwrap_or(candidates[0]);
        placed.push(b);
        let p = &mut points[i];
        p.lx = lx.round();
        p.ly = ly.round();
        p.ancre = ancre.to_string();
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_has_one_decimal() {
        assert_eq!(percent(22, 25), 88.0);
        assert_eq!(percent(1, 3), 33.3);
        assert_eq!(percent(0, 0), 0.0);
    }

    #[test]
    fn organisations_are_the_same_however_spelt() {
        assert_eq!(
            organisation_key("Club de Surf"),
            organisation_key("club de  surf")
        );
        assert_eq!(
            organisation_key("Pôle Jeunesse"),
            organisation_key("pole jeunesse")
        );
    }
}
