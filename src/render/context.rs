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
    base.insert("site", &crate::views::SiteView::of(site));
    base.insert("apercu_brouillons", &site.options.drafts);
    base.insert("data", &site.data);
    base.insert("aujourdhui", &site.options.today);
    base
}

/// The base context of every page, and what bodies resolve links against.
pub struct Shared {
    /// What every template sees ([`base`]); a page adds its own values to
    /// it through a [`PageContext`].
    pub base: Context,
    /// Which `Shared` this is, for the contexts kept by each thread.
    id: u64,
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
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        Shared {
            base,
            id: NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            texts: Default::default(),
            qr: Default::default(),
            links,
            images: site.images.iter().cloned().collect(),
        }
    }
}

thread_local! {
    /// Contexts holding a base, each kept by its thread between pages
    /// (several: a page's article renders while the page's is open).
    static KEPT: std::cell::RefCell<Vec<(u64, Context)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A page's context: the shared base with the page's own values on top.
/// The base (the site's settings and data files, a few hundred values) is
/// not copied for each of a catalogue's 30 000 renders: each thread keeps a
/// context holding it, puts a page's values on it, and takes them off again
/// when the page is done (on drop), giving back any base value a page had
/// covered.
pub struct PageContext {
    cx: Context,
    shared: u64,
    /// The keys the page added.
    own: Vec<String>,
    /// Base values a page's key covered, to give back.
    covered: Vec<(String, Value)>,
}

impl PageContext {
    pub fn new(shared: &Shared) -> PageContext {
        let kept = KEPT.with_borrow_mut(|kept| {
            let i = kept.iter().rposition(|(id, _)| *id == shared.id)?;
            Some(kept.swap_remove(i).1)
        });
        PageContext {
            cx: kept.unwrap_or_else(|| shared.base.clone()),
            shared: shared.id,
            own: Vec::new(),
            covered: Vec::new(),
        }
    }

    /// Adds (or replaces) one of the page's values.
    pub fn insert<T: serde::Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        self.cover(key);
        self.cx.insert(key, value);
    }

    /// Adds every value of `data`.
    pub fn extend(&mut self, data: Context) {
        // Moved, not copied: a catalogue's data is its thousands of cards.
        if let Value::Object(map) = data.into_json() {
            for key in map.keys() {
                self.cover(key);
            }
            if let Ok(data) = Context::from_value(Value::Object(map)) {
                self.cx.extend(data);
            }
        }
    }

    fn cover(&mut self, key: &str) {
        if self.own.iter().any(|k| k == key) {
            return;
        }
        if let Some(old) = self.cx.remove(key) {
            self.covered.push((key.to_string(), old));
        }
        self.own.push(key.to_string());
    }

    pub fn context(&self) -> &Context {
        &self.cx
    }
}

impl Drop for PageContext {
    fn drop(&mut self) {
        for key in self.own.drain(..) {
            self.cx.remove(&key);
        }
        for (key, value) in self.covered.drain(..) {
            self.cx.insert(key, &value);
        }
        let cx = std::mem::take(&mut self.cx);
        let shared = self.shared;
        KEPT.with_borrow_mut(|kept| {
            // Contexts of a finished build go: a thread keeps those of one.
            kept.retain(|(id, _)| *id == shared);
            kept.push((shared, cx));
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared_with(site: &str) -> Shared {
        let mut base = Context::new();
        base.insert("site", site);
        base.insert("aujourdhui", "2026-12-01");
        Shared {
            base,
            id: {
                static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1 << 40);
                N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
            texts: Default::default(),
            qr: Default::default(),
            links: HashMap::new(),
            images: HashSet::new(),
        }
    }

    #[test]
    fn a_page_context_leaves_nothing_of_its_page_to_the_next() {
        let shared = shared_with("Clic&Mouv'");
        {
            let mut a = PageContext::new(&shared);
            a.insert("page", "surf");
            a.insert("page", "surf, encore");
            // A page's data that covers a base value.
            let mut data = Context::new();
            data.insert("site", "autre");
            data.insert("fiches", &[1, 2]);
            a.extend(data);
            assert_eq!(a.context().get("page"), Some(&Value::from("surf, encore")));
            assert_eq!(a.context().get("site"), Some(&Value::from("autre")));
            // A second context open on the same thread (a page's article).
            let b = PageContext::new(&shared);
            assert_eq!(b.context().get("page"), None);
        }
        let c = PageContext::new(&shared);
        let json = c.context().clone().into_json();
        assert_eq!(
            json,
            serde_json::json!({"site": "Clic&Mouv'", "aujourdhui": "2026-12-01"})
        );
        // Another build's base is never mixed in.
        let other = shared_with("Autre site");
        let d = PageContext::new(&other);
        assert_eq!(d.context().get("site"), Some(&Value::from("Autre site")));
    }
}
