//! The state of the partner network (internal, `reseau/`): offers and
//! organisations by commune and universe, white zones, priority
//! neighbourhoods and tribus, and the map — what `kitpress audit` reports,
//! kept on the site for the team. What it holds is
//! [`crate::derive::network`]'s.

use serde::Serialize;

use super::ids;
use crate::derive::network::{state, Network};
use crate::pages::job::{data, Job, JobKind};
use crate::site::Site;

#[derive(Serialize)]
struct Page {
    reseau: Network,
}

/// Made when rendered: it reads every offer (a preview renders it again
/// when one changes).
pub fn plan(site: &Site) -> Vec<Job> {
    let every = ids(&site.library.offres);
    let kind = JobKind::lazy(every, |site, _| {
        data(&Page {
            reseau: state(site),
        })
    });
    vec![Job::page("reseau/", "reseau.html", kind)]
}
