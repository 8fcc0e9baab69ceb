//! The shared-link visual of each list page — the catalogue, a universe's,
//! a commune's or a target's offers, the news and their rubriques, the
//! model offers, the kit and the guide —, so that every public page has
//! an `og:image` of its own: what the picture shows ([`ListCard`]: which
//! list, filtered by what, how many it holds) and where it goes, known
//! when the page is planned. A document's visuals are
//! [`crate::derive::cards`]'s; both are drawn by [`crate::visuals::cards`]
//! from the layouts of the theme, which write the wording.

use std::sync::Arc;

use serde::Serialize;

use crate::images::plan::Cartes;

/// What the visual of a list page shows.
#[derive(Debug, Clone, Serialize)]
pub struct ListCard {
    /// The list: `offres`, `actus`, `offres-modeles`, `kit` or `guide`.
    pub liste: &'static str,
    /// What it is filtered by: `univers`, `commune`, `cible`, `rubrique`.
    pub critere: Option<&'static str>,
    /// The filter's value: a commune's name, a universe's label, a
    /// target's or rubrique's id (the layout writes its label).
    pub valeur: Option<String>,
    /// A universe's id, for its colour and icon.
    pub univers: Option<String>,
    /// How many items the list holds.
    pub nombre: usize,
}

impl ListCard {
    /// A list without a filter.
    pub fn of(liste: &'static str, nombre: usize) -> ListCard {
        ListCard {
            liste,
            critere: None,
            valeur: None,
            univers: None,
            nombre,
        }
    }

    /// A list filtered by `critere` = `valeur`.
    pub fn by(mut self, critere: &'static str, valeur: impl Into<String>) -> ListCard {
        self.critere = Some(critere);
        self.valeur = Some(valeur.into());
        self
    }
}

/// A list page's visual: its file (the shared-link format only) and what
/// it shows.
#[derive(Debug, Clone)]
pub struct PageCard {
    pub cartes: Cartes,
    pub data: ListCard,
}

impl PageCard {
    /// The visual of the list page at `url` (`offres/communes/bourail/` →
    /// `visuels/offres/communes/bourail-partage.jpg`).
    pub fn at(url: &str, data: ListCard) -> Arc<PageCard> {
        let family = data.univers.as_deref().unwrap_or(data.liste);
        let cartes = Cartes::sharing_only(
            &crate::derive::cards::base_of(url),
            &crate::slug::slug_of(family),
        );
        Arc::new(PageCard { cartes, data })
    }
}
