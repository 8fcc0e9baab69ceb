//! What every page's template receives, computed once per build.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use tera::{Context, Tera, Value};

use crate::library::Page;
use crate::markdown::LinkTarget;
use crate::site::Site;

/// A published free page, as `pages_libres(slugs=[…])` gives it.
#[derive(Serialize, Clone)]
struct FreePage {
    url: String,
    titre: String,
}

/// Gives templates `pages_libres(slugs=["contact", …])`: the published free
/// pages among those slugs, in their order. The theme chooses which pages
/// its footer links (every page of a large site would make each page grow).
/// And `partiel` ([`super::partials`]).
pub fn register(tera: &mut Tera, site: &Site, keep_partials: bool) {
    let pages: HashMap<String, FreePage> = site
        .library
        .published::<Page>()
        .map(|d| {
            let page = FreePage {
                url: d.url.clone(),
                titre: d.common.titre.clone(),
            };
            (d.common.slug.clone(), page)
        })
        .collect();
    tera.register_function(
        "pages_libres",
        move |args: &HashMap<String, Value>| -> tera::Result<Value> {
            let slugs = args.get("slugs").and_then(Value::as_array);
            let found: Vec<&FreePage> = slugs
                .into_iter()
                .flatten()
                .filter_map(|s| pages.get(s.as_str()?))
                .collect();
            Ok(tera::to_value(found)?)
        },
    );
    // Last: it renders with a copy of everything registered before it.
    super::partials::register(tera, keep_partials);
}

/// What every template sees, whatever the page: the site's settings, its
/// data files, the reference day, whether drafts are previewed.
pub fn base(site: &Site) -> Context {
    let mut base = Context::new();
    base.insert("site", &site.config);
    base.insert("apercu_brouillons", &site.options.drafts);
    base.insert("data", &site.data);
    base.insert("aujourdhui", &site.options.today);
    base
}

/// The base context of every page, and what bodies resolve links against.
pub struct Shared {
    pub base: Context,
    /// The diffusion texts written so far ([`crate::diffusion::texts::Memo`]).
    pub texts: std::sync::Arc<crate::diffusion::texts::Memo>,
    /// The QR codes of the printed sheets ([`super::qr::Codes`]).
    pub qr: std::sync::Arc<super::qr::Codes>,
    pub links: HashMap<String, LinkTarget>,
    pub images: HashSet<String>,
}

impl Shared {
    pub fn new(site: &Site) -> Shared {
        let base = base(site);
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
            texts: Default::default(),
            qr: Default::default(),
            links,
            images: site.images.iter().cloned().collect(),
        }
    }
}
