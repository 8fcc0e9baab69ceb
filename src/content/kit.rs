//! Pedagogical kit pages (`content/kit/*.md`).

use serde::Serialize;

use super::words::{CibleKit, TypeKit};
use crate::yaml::MapReader;

#[derive(Debug, Clone, Serialize)]
pub struct Kit {
    pub ordre: u64,
    #[serde(rename = "type")]
    pub kind: Option<TypeKit>,
    pub cible: Option<CibleKit>,
    /// What young people say (`temoignages`, optional).
    pub temoignages: Vec<super::temoignage::Temoignage>,
}

/// Order given to pages that set none: after the others.
pub const NO_ORDER: u64 = 9_999;

pub fn read(m: &MapReader) -> Kit {
    Kit {
        ordre: m.get("ordre").and_then(|n| n.uint()).unwrap_or(NO_ORDER),
        kind: m.get("type").and_then(|n| n.word()),
        cible: m.get("cible").and_then(|n| n.word()),
        temoignages: super::temoignage::read(m),
    }
}
