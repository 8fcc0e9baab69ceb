//! Model-offer sheets (`content/offres-modeles/*.md`): inclusive offers that
//! partner organisations copy.

use super::words::Unite;
use serde::Serialize;

use super::{read_accessibilite, read_public, Accessibilite, Public};
use crate::config::SiteConfig;
use crate::yaml::MapReader;

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Effectif {
    pub min: u64,
    pub max: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tarification {
    pub montant: u64,
    pub unite: Unite,
    pub formule: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OffreModele {
    pub cible: String,
    pub univers: Option<String>,
    pub format: String,
    pub duree: String,
    pub public: Option<Public>,
    pub effectif: Option<Effectif>,
    pub encadrement: String,
    pub tarification: Option<Tarification>,
    pub objectifs: Vec<String>,
    pub partenaires: Vec<String>,
    pub accessibilite: Accessibilite,
    pub materiel: String,
    pub etapes: Vec<String>,
    pub indicateurs: Vec<String>,
    pub saison: String,
}

/// Reads the keys of a model-offer sheet.
pub fn read(m: &MapReader, cfg: &SiteConfig) -> OffreModele {
    let text = |k: &'static str| m.get(k).and_then(|n| n.text()).unwrap_or_default();
    let texts = |k: &'static str| m.get(k).map(|n| n.texts()).unwrap_or_default();
    let cible = m
        .require("cible")
        .and_then(|n| n.choice(cfg.cibles.iter().map(String::as_str)))
        .unwrap_or_default();
    let univers = m.get("univers").and_then(|n| n.choice(cfg.univers_ids()));
    let effectif = m.get("effectif").and_then(|n| {
        let e = n.map()?;
        let min = e.require("min").and_then(|n| n.uint());
        let max = e.require("max").and_then(|n| n.uint());
        e.finish();
        let (min, max) = (min?, max?);
        if min > max {
            super::m_report_order(&n, "min", "max", &min.to_string(), &max.to_string());
        }
        Some(Effectif { min, max })
    });
    let tarification = m.get("tarification").and_then(|n| {
        let t = n.map()?;
        let r = Tarification {
            montant: t.require("montant").and_then(|n| n.uint()).unwrap_or(0),
            unite: t
                .get("unite")
                .and_then(|n| n.word())
                .unwrap_or(Unite::Seance),
            formule: t.get("formule").and_then(|n| n.text()).unwrap_or_default(),
        };
        t.finish();
        Some(r)
    });
    OffreModele {
        cible,
        univers,
        format: text("format"),
        duree: text("duree"),
        public: m.get("public").and_then(|n| read_public(&n)),
        effectif,
        encadrement: text("encadrement"),
        tarification,
        objectifs: texts("objectifs"),
        partenaires: texts("partenaires"),
        accessibilite: m
            .get("accessibilite")
            .map(|n| read_accessibilite(&n, cfg))
            .unwrap_or_default(),
        materiel: text("materiel"),
        etapes: texts("etapes"),
        indicateurs: texts("indicateurs"),
        saison: m
            .get("saison")
            .and_then(|n| n.text())
            .unwrap_or_else(|| cfg.saison.clone()),
    }
}
