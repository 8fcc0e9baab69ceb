//! Model offers: their index by target (with the season's goal) and the
//! print bundle « Recueil des offres modèles ».

use serde::Serialize;

use super::{cards, ids, Card};
use crate::content::offre_modele::OffreModele;
use crate::pages::job::{data, Job, JobKind};
use crate::pages::partage::ListCard;
use crate::site::Site;

#[derive(Serialize)]
struct Target<'a> {
    cible: &'a str,
    objectif: u64,
    offres: Vec<Card<'a, OffreModele>>,
}

#[derive(Serialize)]
struct Index<'a> {
    groupes: Vec<Target<'a>>,
}

#[derive(Serialize)]
struct Bundle {
    recueil: &'static str,
}

pub fn plan(site: &Site) -> Vec<Job> {
    let by_target = site.model_offers_by_target();
    let index = Index {
        groupes: by_target
            .iter()
            .map(|(cible, list)| Target {
                cible,
                objectif: site.config.offres_modeles_par_cible,
                offres: cards(site, list.iter().copied()),
            })
            .collect(),
    };
    let ids = ids(by_target.iter().flat_map(|(_, l)| l.iter().copied()));
    let bundle = Bundle {
        recueil: "recueil-offres-modeles",
    };
    vec![
        Job::listing("offres-modeles/", "offres-modeles.html", &index)
            .with_card(ListCard::of("offres-modeles", ids.len())),
        Job::page(
            "offres-modeles/recueil/",
            "recueil.html",
            JobKind::Bundle(ids, data(&bundle)),
        ),
    ]
}
