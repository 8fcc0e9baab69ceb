//! What every page's template receives, computed once per build.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use tera::Context;

use crate::content::Section;
use crate::library::Page;
use crate::markdown::LinkTarget;
use crate::site::Site;

/// Free pages linked from every footer, when they exist.
pub const FOOTER_PAGES: [&str; 4] = [
    "mentions-legales",
    "accessibilite",
    "donnees-personnelles",
    "contact",
];

/// The sections of the main navigation, in its order.
pub const NAVIGATION: [Section; 5] = [
    Section::Offres,
    Section::OffresModeles,
    Section::Kit,
    Section::Guide,
    Section::Actus,
];

#[derive(Serialize)]
struct NavItem {
    url: String,
    id: &'static str,
}

#[derive(Serialize)]
struct FooterPage<'a> {
    url: &'a str,
    titre: &'a str,
}

/// The base context of every page, and what bodies resolve links against.
pub struct Shared {
    pub base: Context,
    pub links: HashMap<String, LinkTarget>,
    pub images: HashSet<String>,
}

impl Shared {
    pub fn new(site: &Site) -> Shared {
        let mut base = Context::new();
        base.insert("site", &site.config);
        base.insert("apercu_brouillons", &site.options.drafts);
        base.insert("data", &site.data);
        base.insert("aujourdhui", &site.options.today);
        let nav: Vec<NavItem> = NAVIGATION
            .iter()
            .map(|s| NavItem {
                url: format!("{}/", s.dir()),
                id: s.dir(),
            })
            .collect();
        base.insert("rubriques", &nav);
        // Only the legal pages go in every footer: a list of every free
        // page would make each page's size grow with the site.
        let pages: Vec<FooterPage> = FOOTER_PAGES
            .iter()
            .filter_map(|slug| {
                site.library
                    .published::<Page>()
                    .find(|d| d.common.slug == *slug)
            })
            .map(|d| FooterPage {
                url: &d.url,
                titre: &d.common.titre,
            })
            .collect();
        base.insert("pages_libres", &pages);
        let links = site
            .library
            .heads()
            .map(|d| {
                (
                    d.key.clone(),
                    LinkTarget {
                        url: d.url.clone(),
                        published: d.published,
                    },
                )
            })
            .collect();
        Shared {
            base,
            links,
            images: site.images.iter().cloned().collect(),
        }
    }
}
