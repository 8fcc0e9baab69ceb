//! What the model does not say but every stage must agree on, computed
//! from the site once it is read and before it is validated ([`derive`]):
//! each offer's state and the pictures' sizes ([`offers`], [`images`]); whether an offer can really be booked at the reference
//! day ([`bookable`], shared by validation, the week's selection, the
//! diffusion kit and the audit) and the state of the partner network
//! ([`network`], shared by the network page and the audit), and the images
//! the published site uses ([`images`]); which items get the visuals
//! kitpress draws, and their files ([`cards`]).

pub mod bookable;
pub mod cards;
pub mod images;
pub mod network;
pub mod offers;

use crate::site::Site;

/// Computes what the model lacks, before validation reads it: each offer's
/// state, the week's selection and the offers close to one that is over;
/// each picture's size.
pub fn derive(site: &mut Site) {
    offers::states(site);
    images::measure(site);
}
