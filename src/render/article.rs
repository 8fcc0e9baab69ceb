//! A printed document's article, rendered once for every page that prints it.
//!
//! An offer's sheet is printed twice: on its own page (`offres/<slug>/fiche/`)
//! and in the bundle of its commune (`offres/communes/<c>/fiches/`), one
//! folder deeper. The two differ only in how their links reach the site root
//! and in their title's level (`h1` alone, `h2` under a bundle's cover). So
//! the theme's partial of the document ([`super::print::partial`]) is
//! rendered once, with stand-ins for `racine` and `niveau_fiche`
//! ([`Placeholders`]), and each page fills them in ([`fill`]): a
//! catalogue's bundles cost what copying their sheets costs, not a second
//! rendering of 10 000 sheets.
//!
//! The stand-ins are letters and digits, which a link's address keeps as
//! they are (Markdown percent-encodes the rest), around a number drawn when
//! the program starts: no content, written before the build, can hold them.
//! The partial sees only the site's settings (as every page does), `page`,
//! `fiche` ([`super::print::Sheet`]) and the two stand-ins, which it prints
//! and does not test.
//!
//! [`Articles`] keeps an article from its first user to its second, then
//! drops it; [`super::render_all`] starts a bundle's sheets just before the
//! bundle, so that only one commune's articles wait at a time.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use tera::Tera;

use super::context::PageContext;
use super::print::{partial, sheet};
use super::{Job, JobKind, Shared};
use crate::diagnostic::Sink;
use crate::library::DocId;
use crate::site::Site;

/// What stands for `racine` and `niveau_fiche` in an article until a page
/// fills it in.
pub struct Placeholders {
    root: String,
    level: String,
}

impl Placeholders {
    /// This run's stand-ins: a word and a random number.
    pub fn get() -> &'static Placeholders {
        static DRAWN: OnceLock<Placeholders> = OnceLock::new();
        DRAWN.get_or_init(|| {
            let n = std::collections::hash_map::RandomState::new()
                .build_hasher()
                .finish();
            Placeholders {
                root: format!("KITPRESSRACINE{n:016x}X"),
                level: format!("KITPRESSNIVEAU{n:016x}X"),
            }
        })
    }
}

/// `article` as a page at `root` from the site root shows it, its title a
/// `level` heading (`h1`, `h2`).
pub fn fill(article: &str, root: &str, level: &str) -> String {
    let p = Placeholders::get();
    article.replace(&p.root, root).replace(&p.level, level)
}

/// The articles of one rendering pass: each rendered by its first user and
/// kept for its second (a sheet's page and its bundle), then dropped.
#[derive(Default)]
pub struct Articles {
    /// Documents printed by two jobs of the pass.
    twice: HashSet<DocId>,
    waiting: Mutex<HashMap<DocId, Arc<str>>>,
}

impl Articles {
    /// The articles the jobs of a pass print.
    pub fn of(jobs: &[&Job]) -> Articles {
        let mut seen = HashSet::new();
        let mut twice = HashSet::new();
        for id in jobs.iter().flat_map(|job| printed(job)) {
            if !seen.insert(*id) {
                twice.insert(*id);
            }
        }
        Articles {
            twice,
            waiting: Mutex::default(),
        }
    }

    /// The article of `id`, with its stand-ins; `None` when the theme's
    /// partial fails (reported to `sink` as the partial's, for `what`).
    pub fn get(
        &self,
        site: &Site,
        shared: &Shared,
        tera: &Tera,
        id: DocId,
        what: &str,
        sink: &Sink,
    ) -> Option<Arc<str>> {
        let waiting = || self.waiting.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(article) = waiting().remove(&id) {
            return Some(article);
        }
        // Rendered with the stand-ins, from what the partial may read.
        let p = Placeholders::get();
        let doc = site.library.get(id);
        let mut cx = PageContext::new(shared);
        cx.insert("page", &crate::views::PageView::of(site, doc));
        cx.insert("fiche", &sheet(site, shared, tera, doc.head(), &p.root));
        cx.insert("racine", &p.root);
        cx.insert("niveau_fiche", &p.level);
        let partial = partial(doc.head().section);
        let html = crate::theme::render_or_report(tera, partial, cx.context(), what, sink)?;
        let article: Arc<str> = html.into();
        if self.twice.contains(&id) {
            waiting().insert(id, article.clone());
        }
        Some(article)
    }
}

/// The documents a job prints.
pub fn printed(job: &Job) -> &[DocId] {
    match &job.kind {
        JobKind::Sheet(id) => std::slice::from_ref(id),
        JobKind::Bundle(ids, _) => ids,
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_puts_the_root_and_the_level_where_the_stand_ins_are() {
        let p = Placeholders::get();
        let article = format!(
            "<{l} id=\"x\"><a href=\"{r}offres/\">{r}</a></{l}><img src=\"{r}images/a.png\">",
            l = p.level,
            r = p.root
        );
        assert_eq!(
            fill(&article, "../../", "h2"),
            "<h2 id=\"x\"><a href=\"../../offres/\">../../</a></h2><img src=\"../../images/a.png\">"
        );
        // A page at the root: links from the root itself.
        assert_eq!(fill(&p.root, "", "h1"), "");
        // Text that merely looks like a stand-in is kept.
        assert_eq!(
            fill("KITPRESSRACINE0000000000000000X", "../", "h1"),
            "KITPRESSRACINE0000000000000000X"
        );
    }

    #[test]
    fn stand_ins_are_the_same_for_the_whole_run_and_differ_from_each_other() {
        let (a, b) = (Placeholders::get(), Placeholders::get());
        assert!(std::ptr::eq(a, b));
        assert_ne!(a.root, a.level);
        assert!(a.root.len() > 20);
    }
}
