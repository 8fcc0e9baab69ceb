//! What printed documents add to a page: its whole text (nothing is cut on
//! paper: a sheet whose text is longer than its page holds is a warning of
//! `check`, `fiche-trop-longue`) and a QR code to the page online
//! ([`super::qr`]).

use std::sync::Arc;

use serde::Serialize;
use tera::Tera;

use super::body::render_markdown;
use super::qr::Qr;
use super::Shared;
use crate::content::Section;
use crate::diagnostic::Sink;
use crate::library::Head;
use crate::site::Site;

/// What a printable sheet shows besides the document's data.
#[derive(Serialize)]
pub struct Sheet {
    /// The whole text, as HTML.
    pub texte: String,
    pub qr: Option<Arc<Qr>>,
    pub url_offre: String,
}

/// The theme's partial that prints a document of `section` ([`super::article`]).
pub fn partial(section: Section) -> &'static str {
    match section {
        Section::Offres => "partials/fiche-offre.html",
        Section::OffresModeles => "partials/fiche-offre-modele.html",
        _ => "partials/fiche-page.html",
    }
}

/// The sheet of `doc` in a document at `root` from the site root.
pub fn sheet(site: &Site, shared: &Shared, tera: &Tera, doc: &Head, root: &str) -> Sheet {
    // Links and images were checked with the page: not reported twice.
    let quiet = Sink::new();
    let url_offre = format!("{}{}", site.config.url_base, doc.url);
    Sheet {
        texte: render_markdown(site, shared, tera, doc, root, &quiet, true).html,
        qr: shared.qr.get(&url_offre),
        url_offre,
    }
}
