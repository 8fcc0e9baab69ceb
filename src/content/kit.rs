//! Pedagogical kit pages (`content/kit/*.md`).

use serde::Serialize;

use crate::yaml::MapReader;

pub const TYPES: [&str; 4] = ["parcours", "portefeuille", "fiche-pratique", "infographie"];
pub const CIBLES: [&str; 6] = [
    "jeunes",
    "parents",
    "organismes",
    "handicap",
    "decrochage",
    "famille",
];

#[derive(Debug, Clone, Serialize)]
pub struct Kit {
    pub ordre: u64,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub cible: Option<String>,
}

/// Order given to pages that set none: after the others.
pub const NO_ORDER: u64 = 9_999;

pub fn read(m: &MapReader) -> Kit {
    Kit {
        ordre: m.get("ordre").and_then(|n| n.uint()).unwrap_or(NO_ORDER),
        kind: m.get("type").and_then(|n| n.choice(TYPES)),
        cible: m.get("cible").and_then(|n| n.choice(CIBLES)),
    }
}
