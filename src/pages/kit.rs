//! The pedagogical kit: its index by audience and its print bundle
//! « Kit pédagogique ».

use super::{reading_section, ReadingSection};
use crate::content::kit::Kit;
use crate::pages::job::Job;
use crate::site::Site;

pub fn plan(site: &Site) -> Vec<Job> {
    reading_section(
        site,
        ReadingSection {
            group_of: |k: &Kit| k.cible,
            template: "kit.html",
            bundle: "kit-pedagogique",
        },
    )
}
