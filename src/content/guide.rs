//! Contributor guide pages for partners (`content/guide/*.md`, fiches réflexes).

use serde::Serialize;

use super::words::RubriqueGuide;
use crate::yaml::MapReader;

#[derive(Debug, Clone, Serialize)]
pub struct Guide {
    pub ordre: u64,
    pub rubrique: Option<RubriqueGuide>,
}

pub fn read(m: &MapReader) -> Guide {
    Guide {
        ordre: m
            .get("ordre")
            .and_then(|n| n.uint())
            .unwrap_or(super::kit::NO_ORDER),
        rubrique: m.get("rubrique").and_then(|n| n.word()),
    }
}
