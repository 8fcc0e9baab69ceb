//! The fixed word lists editors write from (`statut: valide`, `canal:
//! facebook`): what a list is, for the readers that check a value against
//! it and the theme that labels it. The lists themselves are the content
//! model's ([`crate::content::words`]).

use serde::Serialize;

/// A value from one of the fixed word lists.
pub trait Word: Copy + Eq + Serialize + 'static {
    /// The list's key in the theme's label table (`canal`).
    const LIST: &'static str;
    /// Every value, in the order the site shows them.
    const ALL: &'static [Self];
    /// The id an editor writes (`bon-plan`).
    fn id(self) -> &'static str;
    /// Every id, in order.
    fn ids() -> impl Iterator<Item = &'static str> + Clone {
        Self::ALL.iter().map(|w| w.id())
    }
    fn from_id(id: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|w| w.id() == id)
    }
}
