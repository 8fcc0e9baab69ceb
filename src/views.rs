//! Floor 2 (model). What templates see of the model where it is more than
//! the model: as Zola keeps its template views apart from its content
//! (`content/src/ser.rs`), the model holds what the editors wrote, the site
//! keeps what was derived from it in side tables ([`Site::variants`]), and
//! these views put the two together for a template.
//!
//! - [`VisuelView`]: a visual with the files made of it (`v.variantes`);
//! - [`PageView`]: a document as `page`, its visual seen through the view;
//! - [`SiteView`]: the settings as `site`, the sharing picture with its
//!   formats (`site.charte.partage_variantes`).
//!
//! The names templates read are those of the model: a theme written for
//! the model reads the views unchanged.

use std::borrow::Cow;

use serde::Serialize;

use crate::config::{Charte, SiteConfig};
use crate::content::Visuel;
use crate::images::plan::{Cartes, Variantes};
use crate::library::{AnyDoc, Head};
use crate::site::Site;

/// A visual as templates see it: what the editor wrote, its size, and the
/// files made of it (raster images whose size is known).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VisuelView<'a> {
    #[serde(flatten)]
    pub visuel: Cow<'a, Visuel>,
    pub variantes: Option<Cow<'a, Variantes>>,
}

impl<'a> VisuelView<'a> {
    /// The visual of `head`, with its variants from `site`'s side table.
    pub fn of(site: &'a Site, head: &'a Head) -> Option<VisuelView<'a>> {
        let visuel = head.common.visuel.as_ref()?;
        Some(VisuelView {
            visuel: Cow::Borrowed(visuel),
            variantes: site.variants.get(&head.id).map(Cow::Borrowed),
        })
    }

    /// The same view, owning what it shows (for data kept past the site's
    /// borrow, such as a diffusion kit's items).
    pub fn into_owned(self) -> VisuelView<'static> {
        VisuelView {
            visuel: Cow::Owned(self.visuel.into_owned()),
            variantes: self.variantes.map(|v| Cow::Owned(v.into_owned())),
        }
    }
}

/// A document as `page`: its keys, its visual through [`VisuelView`].
#[derive(Serialize)]
pub struct PageView<'a> {
    #[serde(flatten)]
    pub doc: AnyDoc<'a>,
    pub visuel: Option<VisuelView<'a>>,
    /// The visuals kitpress draws for it ([`Site::cards`]).
    pub cartes: Option<&'a Cartes>,
}

impl<'a> PageView<'a> {
    pub fn of(site: &'a Site, doc: AnyDoc<'a>) -> PageView<'a> {
        PageView {
            doc,
            visuel: VisuelView::of(site, doc.head()),
            cartes: site.cards.get(&doc.head().id),
        }
    }
}

/// The site's settings as `site`.
#[derive(Serialize)]
pub struct SiteView<'a> {
    #[serde(flatten)]
    pub config: &'a SiteConfig,
    pub charte: CharteView<'a>,
}

/// The graphic charter, with the sharing picture's formats.
#[derive(Serialize)]
pub struct CharteView<'a> {
    #[serde(flatten)]
    pub charte: &'a Charte,
    pub partage_variantes: Option<&'a Variantes>,
}

impl<'a> SiteView<'a> {
    pub fn of(site: &'a Site) -> SiteView<'a> {
        SiteView {
            config: &site.config,
            charte: CharteView {
                charte: &site.config.charte,
                partage_variantes: site.sharing_variants.as_ref(),
            },
        }
    }
}
