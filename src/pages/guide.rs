//! The contributor guide for partners: its index by topic and its print
//! bundle « Kit de contribution des organismes ».

use super::{reading_section, ReadingSection};
use crate::content::guide::Guide;
use crate::pages::job::Job;
use crate::site::Site;

pub fn plan(site: &Site) -> Vec<Job> {
    reading_section(
        site,
        ReadingSection {
            group_of: |g: &Guide| g.rubrique,
            template: "guide.html",
            bundle: "kit-contribution",
        },
    )
}
