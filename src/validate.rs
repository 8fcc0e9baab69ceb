//! Validate: the rules that need the whole site (references between files,
//! unique URLs, images that exist, warnings at the reference day), reading
//! the site and what [`crate::derive`] computed, never changing them. Rules
//! about a single value are checked while reading it (`content::*`).

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::config::CONFIG_FILE;
use crate::content::offre::Offre;
use crate::content::Section;
use crate::diagnostic::{did_you_mean, Diagnostic, Pos, Sink};
use crate::rules::Rule;
use crate::site::Site;

/// Days before the end of its booking period from which an offer is flagged.
pub const ENDING_SOON_DAYS: i64 = 15;

/// Runs every cross-file rule. The site is only read: what rules need
/// beyond the files (an offer's state, an image's size) was computed by
/// [`crate::derive`] first.
pub fn validate(site: &Site, sink: &Sink) {
    unique_urls(site, sink);
    offer_references(site, sink);
    images(site, sink);
    offer_warnings(site, sink);
    sheet_lengths(site, sink);
    model_offer_counts(site, sink);
}

/// Two published files may not share a URL.
fn unique_urls(site: &Site, sink: &Sink) {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for section in Section::ALL {
        seen.insert(section.dir(), "");
    }
    for internal in crate::content::INTERNAL {
        seen.insert(internal.trim_end_matches('/'), "");
    }
    for doc in site.library.heads() {
        match seen.get(doc.url.as_str()) {
            Some(first) => {
                let hint = if first.is_empty() {
                    format!("« {} » est réservé à une rubrique du site : changez le nom du fichier ou ajoutez slug: …", doc.common.slug)
                } else {
                    format!("même adresse que {first} : renommez l'un des fichiers ou donnez-lui un autre `slug`")
                };
                sink.push(
                    Diagnostic::new(
                        Rule::UrlEnDouble,
                        &doc.file,
                        Pos::new(1, 1),
                        format!("deux pages auraient la même adresse /{}", doc.url),
                    )
                    .with_key("slug")
                    .with_hint(hint),
                );
            }
            None => {
                seen.insert(&doc.url, &doc.file);
            }
        }
    }
}

/// `offre:` in news and calendar entries names a published offer.
fn offer_references(site: &Site, sink: &Sink) {
    let offers: HashMap<&str, bool> = site
        .library
        .offres
        .iter()
        .map(|d| (d.common.slug.as_str(), d.published))
        .collect();
    let check = |slug: &str, file: &str, pos: Pos, key: String| match offers.get(slug) {
        Some(true) => {}
        Some(false) => sink.push(
            Diagnostic::new(
                Rule::OffreNonPubliee,
                file,
                pos,
                format!(
                    "l'offre « {slug} » existe mais n'est pas publiée (statut différent de valide)"
                ),
            )
            .with_key(key)
            .with_hint("faites valider l'offre, ou retirez le lien"),
        ),
        None => sink.push(
            Diagnostic::new(
                Rule::OffreInconnue,
                file,
                pos,
                format!("aucune offre n'a le slug « {slug} »"),
            )
            .with_key(key)
            .with_hint_opt(did_you_mean(slug, offers.keys().copied())),
        ),
    };
    for doc in site.library.actus.iter().filter(|d| d.published) {
        if let Some(slug) = &doc.meta.offre {
            check(slug, &doc.file, doc.meta.offre_pos, "offre".into());
        }
    }
    for month in &site.months {
        for (i, e) in month.entrees.iter().enumerate() {
            if let Some(slug) = &e.offre {
                check(
                    slug,
                    &month.file,
                    e.offre_pos,
                    format!("entrees[{}].offre", i + 1),
                );
            }
        }
    }
}

/// Pictures named in front matter and site.yaml exist, and can be shown:
/// read from what [`crate::derive::images::measure`] found of each.
fn images(site: &Site, sink: &Sink) {
    use crate::images::Probe;
    let images = &site.images;
    let missing = |src: &str, file: &str, pos: Pos, key: &str| {
        sink.push(
            Diagnostic::new(
                Rule::ImageIntrouvable,
                file,
                pos,
                format!("l'image « {src} » est introuvable dans content/images/"),
            )
            .with_key(key)
            .with_hint_opt(did_you_mean(src, images.iter().map(String::as_str))),
        );
    };
    let unreadable = |file: &str, line: usize, key: &str, src: &str, why: &str| {
        Diagnostic::new(
            Rule::ImageIllisible,
            file,
            Pos::new(line, 1),
            format!("l'image « {src} » ne peut pas être lue : {why}"),
        )
        .with_key(key)
        .with_hint("réenregistrez l'image en JPEG, PNG ou WebP")
    };
    // Every visual, and every photo of a calendar entry (validated or not:
    // the editor learns early that the name is wrong).
    let mut visuals: Vec<(&crate::content::Visuel, &str, String)> = site
        .library
        .heads()
        .filter(|d| d.published)
        .filter_map(|d| {
            Some((
                d.common.visuel.as_ref()?,
                d.file.as_str(),
                "visuel.src".to_string(),
            ))
        })
        .collect();
    for m in &site.months {
        for (i, e) in m.entrees.iter().enumerate() {
            if let Some(v) = &e.visuel {
                visuals.push((v, m.file.as_str(), format!("entrees[{}].visuel.src", i + 1)));
            }
        }
    }
    for (v, file, key) in visuals {
        if !images.contains(&v.src) {
            missing(&v.src, file, Pos::new(v.line, 1), &key);
            continue;
        }
        match site.probes.get(&v.src) {
            Some(Probe::Sized(w, h)) if !crate::limits::within_limits(*w, *h) => {
                sink.push(crate::images::too_large(file, Pos::new(v.line, 1), *w, *h));
            }
            Some(Probe::NotItsFormat) => sink.push(unreadable(
                file,
                v.line,
                &key,
                &v.src,
                "fichier abîmé ou tronqué",
            )),
            Some(Probe::Unreadable(why)) => sink.push(unreadable(file, v.line, &key, &v.src, why)),
            _ => {}
        }
    }
    let cfg = &site.config;
    let logos = cfg
        .charte
        .logo
        .iter()
        .map(|l| ("charte.logo", l))
        .chain(cfg.charte.partage.iter().map(|l| ("charte.partage", l)))
        .chain(
            cfg.financeurs
                .iter()
                .filter_map(|f| f.logo.as_ref().map(|l| ("financeurs.logo", l))),
        );
    for (key, logo) in logos {
        let under = logo.trim_start_matches("images/");
        if !images.contains(under) {
            missing(logo, CONFIG_FILE, Pos::new(1, 1), key);
        }
    }
}

/// Warnings about offers at the reference day.
/// Offers and model offers print on one page by design: a text longer than
/// the page holds is said here, with its length, rather than cut on paper
/// (the sheet prints it whole, on a second page).
fn sheet_lengths(site: &Site, sink: &Sink) {
    for doc in site.library.heads().filter(|d| d.published) {
        let Some(capacity) = doc.section.sheet_capacity() else {
            continue;
        };
        let length = doc.body.trim().chars().count();
        if length > capacity {
            sink.push(
                Diagnostic::new(
                    Rule::FicheTropLongue,
                    &doc.file,
                    Pos::new(doc.body_line, 1),
                    format!(
                        "le texte fait {} caractères : la fiche imprimée d'une page en tient {} environ, la suite passera sur une deuxième page",
                        crate::typography::thousands(length as u64),
                        capacity
                    ),
                )
                .with_hint("gardez l'essentiel pour la fiche (ce qu'on y fait, pour qui, comment venir) : le détail peut aller sur une page du kit liée avec @/"),
            );
        }
    }
}

fn offer_warnings(site: &Site, sink: &Sink) {
    let max = site.config.tarif_max_seance;
    let today: NaiveDate = site.options.today;
    for doc in site.library.published::<Offre>() {
        let o = &doc.meta;
        if let Some(p) = o.tarif.prix_seance.filter(|p| *p > max) {
            sink.push(
                Diagnostic::new(
                    Rule::TarifEleve,
                    &doc.file,
                    Pos::new(o.tarif_line, 1),
                    format!("le prix par séance ({p} F CFP) dépasse le plafond de {max} F CFP"),
                )
                .with_key("tarif.montant")
                .with_hint("vérifiez le tarif avec l'organisme, ou le plafond tarif_max_seance de site.yaml"),
            );
        }
        if let Some(p) = &o.periode {
            let left = (p.fin - today).num_days();
            if left < 0 {
                sink.push(
                    Diagnostic::new(
                        Rule::OffreTerminee,
                        &doc.file,
                        Pos::new(p.line, 1),
                        format!(
                            "la période de réservation s'est terminée le {}",
                            p.fin.format("%d/%m/%Y")
                        ),
                    )
                    .with_key("periode.fin")
                    .with_hint("prolongez la période ou retirez l'offre (statut: brouillon)"),
                );
            } else if p.debut > today {
                sink.push(
                    Diagnostic::new(
                        Rule::OffreAVenir,
                        &doc.file,
                        Pos::new(p.line, 1),
                        format!(
                            "la période de réservation ne commence que le {} : l'offre est affichée « à partir du … »",
                            p.debut.format("%d/%m/%Y")
                        ),
                    )
                    .with_key("periode.debut")
                    .with_hint("rien à faire si c'est voulu ; sinon avancez le début de la période"),
                );
            } else if left < ENDING_SOON_DAYS {
                sink.push(
                    Diagnostic::new(
                        Rule::OffreBientotTerminee,
                        &doc.file,
                        Pos::new(p.line, 1),
                        format!(
                            "plus que {left} jour(s) pour réserver (fin le {})",
                            p.fin.format("%d/%m/%Y")
                        ),
                    )
                    .with_key("periode.fin")
                    .with_hint("prolongez la période si l'activité continue"),
                );
            }
        }
    }
}

/// Counts published model offers per target against the season goal.
pub fn model_offer_counts(site: &Site, sink: &Sink) {
    let goal = site.config.offres_modeles_par_cible;
    if goal == 0 {
        return;
    }
    for (cible, count) in count_model_offers(site) {
        if count < goal as usize {
            sink.push(
                Diagnostic::new(
                    Rule::OffresModelesManquantes,
                    CONFIG_FILE,
                    Pos::default(),
                    format!("offres modèles « {cible} » : {count} publiée(s) sur {goal} attendues pour la saison"),
                )
                .with_key("objectifs.offres_modeles_par_cible")
                .with_hint(format!("ajoutez des fiches dans content/offres-modeles/ avec cible: {cible}")),
            );
        }
    }
}

/// Published model offers per target, in the order of site.yaml's targets.
pub fn count_model_offers(site: &Site) -> Vec<(String, usize)> {
    site.model_offers_by_target()
        .into_iter()
        .map(|(c, list)| (c.to_string(), list.len()))
        .collect()
}
