//! What the model does not say but every stage must agree on, computed
//! from the site: whether an offer can really be booked at the reference
//! day ([`bookable`], shared by validation, the week's selection, the
//! diffusion kit and the audit) and the state of the partner network
//! ([`network`], shared by the network page and the audit), and the images
//! the published site uses ([`images`]).

pub mod bookable;
pub mod images;
pub mod network;
