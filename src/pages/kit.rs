//! The pedagogical kit: its index by audience and its print bundle
//! « Kit pédagogique ».

use super::{reading_section, ReadingSection};
use crate::content::{Meta, Section};
use crate::render::Job;
use crate::site::Site;

pub fn plan(site: &Site) -> Vec<Job> {
    reading_section(
        site,
        ReadingSection {
            section: Section::Kit,
            groups: &crate::content::kit::CIBLES,
            group_of: |d| match &d.meta {
                Meta::Kit(k) => k.cible.as_deref(),
                _ => None,
            },
            template: "kit.html",
            bundle: "kit-pedagogique",
        },
    )
}
