//! Contributor guide pages for partners (`content/guide/*.md`, fiches réflexes).

use serde::Serialize;

use crate::yaml::MapReader;

pub const RUBRIQUES: [&str; 7] = [
    "evenements",
    "actus",
    "activites",
    "bons-plans",
    "compte",
    "qr-codes",
    "paiements",
];

#[derive(Debug, Clone, Serialize)]
pub struct Guide {
    pub ordre: u64,
    pub rubrique: Option<String>,
}

pub fn read(m: &MapReader) -> Guide {
    Guide {
        ordre: m
            .get("ordre")
            .and_then(|n| n.uint())
            .unwrap_or(super::kit::NO_ORDER),
        rubrique: m.get("rubrique").and_then(|n| n.choice(RUBRIQUES)),
    }
}
