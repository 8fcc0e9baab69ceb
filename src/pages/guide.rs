//! The contributor guide for partners: its index by topic and its print
//! bundle « Kit de contribution des organismes ».

use super::{reading_section, ReadingSection};
use crate::content::{Meta, Section};
use crate::render::Job;
use crate::site::Site;

pub fn plan(site: &Site) -> Vec<Job> {
    reading_section(
        site,
        ReadingSection {
            section: Section::Guide,
            groups: &crate::content::guide::RUBRIQUES,
            group_of: |d| match &d.meta {
                Meta::Guide(g) => g.rubrique.as_deref(),
                _ => None,
            },
            template: "guide.html",
            bundle: "kit-contribution",
        },
    )
}
