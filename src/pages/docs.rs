//! A page per published content file, and the printable sheet of each offer.

use crate::content::Section;
use crate::pages::job::{Job, JobKind};
use crate::site::Site;

pub fn plan(site: &Site) -> Vec<Job> {
    let mut jobs = Vec::new();
    for d in site.library.heads().filter(|d| d.published) {
        let template = match d.section {
            // The home page's text is shown by the home page (`home`).
            Section::Pages if d.is_home() => continue,
            Section::Pages if d.common.slug == "accessibilite" => "accessibilite.html",
            Section::Pages => "page.html",
            Section::Offres => "offre.html",
            Section::OffresModeles => "offre-modele.html",
            Section::Kit => "kit-page.html",
            Section::Guide => "guide-page.html",
            Section::Actus => "actu.html",
        };
        jobs.push(Job::page(d.url.clone(), template, JobKind::Doc(d.id)));
        if d.section == Section::Offres {
            jobs.push(Job::page(
                format!("{}fiche/", d.url),
                "offre-fiche.html",
                JobKind::Sheet(d.id),
            ));
        }
    }
    jobs
}
