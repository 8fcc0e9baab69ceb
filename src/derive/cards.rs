//! Which items get the visuals kitpress draws (issue 29) and where their
//! files go: every published offer, model offer and news item, and every
//! validated calendar entry but the text messages (SMS, push), gets three
//! files named after its page ([`Cartes`]); the kit's and the guide's pages
//! and the free pages get the shared-link one. Pages know these names before anything is drawn (an
//! `og:image`, a card's picture); the drawing itself is
//! [`crate::visuals`]'s, after the pages.

use crate::content::words::Format;
use crate::content::Section;
use std::collections::{HashMap, HashSet};

use crate::images::plan::Cartes;
use crate::library::{DocId, Head, Library};
use crate::site::Site;

/// Where an item's visuals go, from its page's URL (`offres/surf/` →
/// `visuels/offres/surf`).
pub fn base_of(url: &str) -> String {
    let url = url.trim_matches('/');
    if url.is_empty() {
        "visuels/accueil".to_string()
    } else {
        format!("visuels/{url}")
    }
}

/// Whether a calendar entry of this format gets visuals: all but the text
/// messages (SMS, push); a vertical video gets its cover.
pub fn drawn(format: Option<Format>) -> bool {
    !matches!(format, Some(Format::Sms | Format::Push))
}

/// Fills [`Site::cards`] and [`Site::entry_cards`].
pub fn plan(site: &mut Site) {
    let family = families(&site.library, |_| true);
    let cards = site
        .library
        .heads()
        .filter(|h| h.published)
        .map(|h| (h.id, cartes_of(h, family.get(&h.id).copied())))
        .collect();
    let mut entries = std::collections::BTreeMap::new();
    for m in &site.months {
        for (i, e) in m.entrees.iter().enumerate() {
            if drawn(e.format) && e.validated() {
                let name = format!(
                    "visuels/calendrier/{}/{:02}-{}",
                    m.mois,
                    i + 1,
                    crate::slug::slug_of(&e.titre)
                );
                let f = e.univers.as_deref().unwrap_or("calendrier");
                entries.insert(
                    (m.mois.clone(), i),
                    Cartes::at(&name, &crate::slug::slug_of(f)),
                );
            }
        }
    }
    site.cards = cards;
    site.entry_cards = entries;
}

/// After a preview's edit of the front matter of `ids`, their entries of
/// [`Site::cards`] again; the others' cannot have changed (a change of URL
/// or publication, or of a calendar month, is a full build).
pub fn plan_docs(site: &mut Site, ids: &HashSet<DocId>) {
    let family = families(&site.library, |id| ids.contains(&id));
    let cards: Vec<(DocId, Cartes)> = site
        .library
        .heads()
        .filter(|h| h.published && ids.contains(&h.id))
        .map(|h| (h.id, cartes_of(h, family.get(&h.id).copied())))
        .collect();
    site.cards.extend(cards);
}

/// The universe of the offers and model offers `wanted`: a card's picture
/// is its universe's, else its section's.
fn families(lib: &Library, wanted: impl Fn(DocId) -> bool) -> HashMap<DocId, &str> {
    let mut family: HashMap<DocId, &str> = lib
        .offres
        .iter()
        .filter(|d| wanted(d.id))
        .map(|d| (d.id, d.meta.univers.as_str()))
        .collect();
    family.extend(
        lib.offres_modeles
            .iter()
            .filter(|d| wanted(d.id))
            .filter_map(|d| Some((d.id, d.meta.univers.as_deref()?))),
    );
    family
}

/// Where a published document's visuals go.
fn cartes_of(h: &Head, family: Option<&str>) -> Cartes {
    let f = family.unwrap_or(h.section.dir());
    let (base, f) = (base_of(&h.url), crate::slug::slug_of(f));
    match h.section {
        Section::Offres | Section::OffresModeles | Section::Actus => Cartes::at(&base, &f),
        // The kit, the guide and the free pages (the home page's
        // text, legal notice, accessibility): the shared-link one.
        Section::Kit | Section::Guide | Section::Pages => Cartes::sharing_only(&base, &f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_named_after_the_page() {
        assert_eq!(base_of("offres/surf/"), "visuels/offres/surf");
        assert_eq!(base_of(""), "visuels/accueil");
        let c = Cartes::at("visuels/offres/surf", "aventure");
        assert_eq!(c.partage, "visuels/offres/surf-partage.jpg");
        assert_eq!(c.vignette, "visuels/vignettes/aventure.jpg");
    }
}
