//! The monthly diffusion kits (internal, beside the calendar): an index of
//! the months, and for each month its page, which also writes the texts of
//! its zip. What a kit holds is
//! [`crate::diffusion`]'s.

use std::sync::Arc;

use serde::Serialize;

use crate::diffusion::{kits, Kit};
use crate::pages::job::{Job, JobKind};
use crate::site::Site;

#[derive(Serialize)]
struct MonthLink<'a> {
    mois: &'a str,
    url: &'a str,
    elements: usize,
    en_attente: usize,
    archive: String,
}

#[derive(Serialize)]
struct Index<'a> {
    kits: Vec<MonthLink<'a>>,
}

pub fn plan(site: &Site) -> Vec<Job> {
    let kits: Vec<Arc<Kit>> = kits(site).into_iter().map(Arc::new).collect();
    let index = Index {
        kits: kits
            .iter()
            .map(|k| MonthLink {
                mois: &k.mois,
                url: &k.url,
                elements: k.items().count(),
                en_attente: k.en_attente.len(),
                archive: k.archive_path(),
            })
            .collect(),
    };
    let mut jobs = vec![Job::listing("diffusion/", "diffusion.html", &index)];
    for kit in &kits {
        jobs.push(Job::page(
            kit.url.clone(),
            "diffusion-mois.html",
            JobKind::Diffusion(kit.clone()),
        ));
    }
    jobs
}
