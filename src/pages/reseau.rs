//! The state of the partner network (internal, `reseau/`): offers and
//! organisations by commune and universe, white zones, priority
//! neighbourhoods and tribus, and the map — what `kitpress audit` reports,
//! kept on the site for the team. What it holds is
//! [`crate::audit::network`]'s.

use serde::Serialize;

use crate::audit::network::{state, Network};
use crate::render::Job;
use crate::site::Site;

#[derive(Serialize)]
struct Page {
    reseau: Network,
}

pub fn plan(site: &Site) -> Vec<Job> {
    let page = Page {
        reseau: state(site),
    };
    vec![Job::listing("reseau/", "reseau.html", &page)]
}
