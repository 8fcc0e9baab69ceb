//! News (`content/actus/*.md`): events, news items, bons plans, activities.

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::config::SiteConfig;
use crate::rules::Rule;
use crate::yaml::MapReader;

use super::words::{Canal, RubriqueActu, Word};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evenement {
    pub debut: NaiveDateTime,
    pub fin: Option<NaiveDateTime>,
    pub lieu: String,
    pub commune: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Actu {
    /// `None` only when the value is missing or wrong (reported).
    pub rubrique: Option<RubriqueActu>,
    pub evenement: Option<Evenement>,
    /// Slug of a linked offer, checked once every offer is known.
    pub offre: Option<String>,
    #[serde(skip)]
    pub offre_pos: crate::diagnostic::Pos,
    pub canaux: Vec<Canal>,
}

pub fn read(m: &MapReader, cfg: &SiteConfig) -> Actu {
    let rubrique = m.require("rubrique").and_then(|n| n.word());
    let evenement = match m.get("evenement") {
        Some(n) => n.map().and_then(|e| {
            let debut = e.require("debut").and_then(|n| n.datetime());
            let fin_node = e.get("fin");
            let fin = fin_node.as_ref().and_then(|n| n.datetime());
            let lieu = e.get("lieu").and_then(|n| n.text()).unwrap_or_default();
            let commune = e
                .get("commune")
                .and_then(|n| n.name_in(cfg.communes.iter().map(String::as_str)));
            e.finish();
            let debut = debut?;
            if let (Some(f), Some(fnode)) = (fin, &fin_node) {
                if f < debut {
                    super::m_report_order(&n, "debut", "fin", &debut.to_string(), &f.to_string());
                    let _ = fnode;
                }
            }
            Some(Evenement {
                debut,
                fin,
                lieu,
                commune,
            })
        }),
        None => {
            if rubrique == Some(RubriqueActu::Evenement) {
                let d = m
                    .node()
                    .cx
                    .error(
                        Rule::CleManquante,
                        m.key_pos("rubrique"),
                        "evenement",
                        "une actu de rubrique `evenement` doit avoir la clé `evenement` (début, lieu…)".into(),
                    )
                    .with_hint("ajoutez evenement: { debut: \"2026-05-16T09:00\", lieu: \"…\", commune: Nouméa }");
                m.node().cx.sink.push(d);
            }
            None
        }
    };
    let offre_node = m.get("offre");
    let offre_pos = offre_node.as_ref().map(|n| n.pos()).unwrap_or_default();
    let offre = offre_node.and_then(|n| n.text()).filter(|s| !s.is_empty());
    let canaux = m
        .get("canaux")
        .map(|n| {
            super::read_choices(&n, Canal::ids())
                .iter()
                .filter_map(|id| Canal::from_id(id))
                .collect()
        })
        .unwrap_or_default();
    Actu {
        rubrique,
        evenement,
        offre,
        offre_pos,
        canaux,
    }
}
