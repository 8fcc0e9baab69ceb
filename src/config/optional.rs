//! The optional keys of `site.yaml`, each read over its default.

use super::charte::{charte_color, color};

use super::*;
use crate::rules::Rule;

/// A theme is named by its folder under `themes/`: no path, no dot first.
fn is_theme_name(s: &str) -> bool {
    !s.starts_with('.')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !s.contains("..")
}

pub(super) fn read(root: &MapReader, cfg: &mut SiteConfig) {
    if let Some(s) = root.get("langue").and_then(|n| n.text()) {
        cfg.langue = s;
    }
    if let Some(n) = root.get("theme") {
        if let Some(s) = n.text().filter(|s| !s.is_empty()) {
            if is_theme_name(&s) {
                cfg.theme = s;
            } else {
                n.report(
                    Rule::ThemeInvalide,
                    format!("`theme` : « {s} » n'est pas un nom de thème (un dossier de themes/, sans chemin)"),
                    Some(format!("écrivez seulement le nom du dossier de themes/, par exemple « {} »", super::DEFAULT_THEME_NAME)),
                );
            }
        }
    }
    if let Some(s) = root.get("saison").and_then(|n| n.text()) {
        cfg.saison = s;
    }
    if let Some(b) = root.get("images_distantes").and_then(|n| n.bool()) {
        cfg.images_distantes = b;
    }
    if let Some(u) = root.get("portefeuille").and_then(|n| n.uint()) {
        cfg.portefeuille = u;
    }
    if let Some(u) = root.get("tarif_max_seance").and_then(|n| n.uint()) {
        cfg.tarif_max_seance = u;
    }
    if let Some(m) = root.get("charte").and_then(|n| n.map()) {
        if let Some(c) = m.get("couleur_primaire").and_then(|n| charte_color(&n)) {
            cfg.charte.couleur_primaire = c;
        }
        if let Some(c) = m.get("couleur_secondaire").and_then(|n| charte_color(&n)) {
            cfg.charte.couleur_secondaire = c;
        }
        cfg.charte.logo = m
            .get("logo")
            .and_then(|n| n.text())
            .filter(|s| !s.is_empty());
        cfg.charte.partage = m
            .get("partage")
            .and_then(|n| n.text())
            .filter(|s| !s.is_empty());
        m.finish();
    }
    if let Some(n) = root.get("mentions") {
        cfg.mentions = n.texts();
    }
    if let Some(n) = root.get("financeurs") {
        cfg.financeurs = n
            .list()
            .iter()
            .filter_map(|item| {
                let m = item.map()?;
                let f = Financeur {
                    nom: m.require("nom").and_then(|n| n.text()).unwrap_or_default(),
                    logo: m
                        .get("logo")
                        .and_then(|n| n.text())
                        .filter(|s| !s.is_empty()),
                    mention: m.get("mention").and_then(|n| n.text()).unwrap_or_default(),
                    logo_dimensions: None,
                };
                m.finish();
                Some(f)
            })
            .collect();
    }
    if let Some(n) = root.get("univers") {
        let list: Vec<Univers> = n
            .list()
            .iter()
            .filter_map(|item| {
                let m = item.map()?;
                let id = m.require("id").and_then(|n| n.text()).unwrap_or_default();
                let slug = crate::slug::slug_of(&id);
                if !id.is_empty() && slug != id {
                    m.get("id").unwrap().report(
                        Rule::SlugInvalide,
                        format!(
                            "l'identifiant d'univers « {id} » doit être en minuscules sans accent"
                        ),
                        Some(format!("écrivez « {slug} »")),
                    );
                }
                let u = Univers {
                    libelle: m
                        .get("libelle")
                        .and_then(|n| n.text())
                        .unwrap_or_else(|| id.clone()),
                    couleur: m
                        .get("couleur")
                        .and_then(|n| color(&n))
                        .unwrap_or_else(|| "#00677f".into()),
                    id: slug,
                };
                m.finish();
                Some(u)
            })
            .collect();
        if !list.is_empty() {
            cfg.univers = list;
        }
    }
    for (key, target) in [
        ("communes", &mut cfg.communes),
        ("quartiers_prioritaires", &mut cfg.quartiers_prioritaires),
    ] {
        if let Some(n) = root.get(key) {
            let list = n.texts();
            if !list.is_empty() {
                *target = list;
            }
        }
    }
    for (key, target) in [
        ("cibles", &mut cfg.cibles),
        ("handicaps", &mut cfg.handicaps),
        ("jours", &mut cfg.jours),
        ("periodes", &mut cfg.periodes),
    ] {
        if let Some(n) = root.get(key) {
            let list: Vec<String> = n.texts().iter().map(|s| crate::slug::slug_of(s)).collect();
            if !list.is_empty() {
                *target = list;
            }
        }
    }
    if let Some(m) = root.get("objectifs").and_then(|n| n.map()) {
        if let Some(u) = m.get("offres_modeles_par_cible").and_then(|n| n.uint()) {
            cfg.offres_modeles_par_cible = u;
        }
        if let Some(u) = m.get("organismes").and_then(|n| n.uint()) {
            cfg.objectif_organismes = u;
        }
        m.finish();
    }
    if let Some(m) = root.get("audit").and_then(|n| n.map()) {
        if let Some(u) = m.get("description_min_mots").and_then(|n| n.uint()) {
            cfg.audit_description_min_mots = u as usize;
        }
        m.finish();
    }
    if let Some(m) = root.get("calendrier").and_then(|n| n.map()) {
        if let Some(b) = m.get("publier").and_then(|n| n.bool()) {
            cfg.calendrier.publier = b;
        }
        if let Some(q) = m.get("objectifs").and_then(|n| n.map()) {
            cfg.calendrier.objectifs = read_quotas(&q, cfg.calendrier.objectifs);
            q.finish();
        }
        if let Some(u) = m.get("delai_validation_jours").and_then(|n| n.uint()) {
            cfg.calendrier.delai_validation_jours = u as i64;
        }
        m.finish();
    }
    if let Some(n) = root.get("edition") {
        cfg.edition = read_edition(&n);
    }
    if let Some(m) = root.get("diffusion").and_then(|n| n.map()) {
        if let Some(n) = m.get("hashtags") {
            cfg.diffusion.hashtags = n
                .texts()
                .iter()
                .map(|t| crate::slug::hashtag(t))
                .filter(|t| t.len() > 1)
                .collect();
        }
        if let Some(n) = m.get("campagne").and_then(|n| n.text()) {
            let c = crate::slug::slug_of(&n);
            if !c.is_empty() {
                cfg.diffusion.campagne = c;
            }
        }
        m.finish();
    }
}

/// `edition: { backend: gitlab, depot: "groupe/projet", branche: main, workflow: false }`.
fn read_edition(n: &crate::yaml::Node) -> Option<Edition> {
    let m = n.map()?;
    let backend = m.require("backend").and_then(|b| {
        let id = b.text()?;
        let host = GitHost::from_id(&crate::slug::slug_of(&id));
        if host.is_none() {
            b.report(
                Rule::ValeurInconnue,
                format!("`edition.backend` : valeur « {id} » inconnue"),
                Some(format!("valeurs possibles : {}", GitHost::IDS.join(", "))),
            );
        }
        host
    });
    let depot = m.require("depot").and_then(|d| {
        let t = d.text()?;
        let ok = t.split('/').count() >= 2 && t.split('/').all(|p| !p.is_empty() && p != "..");
        if !ok {
            d.report(
                Rule::TypeInvalide,
                format!("`edition.depot` : « {t} » n'est pas un dépôt « groupe/projet »"),
                Some("écrivez le chemin du dépôt sur son hébergeur, par exemple province-sud/clicetmouv".into()),
            );
            return None;
        }
        Some(t)
    });
    let branche = m
        .get("branche")
        .and_then(|b| b.text())
        .filter(|b| !b.is_empty())
        .unwrap_or_else(|| "main".into());
    let workflow = m.get("workflow").and_then(|w| w.bool()).unwrap_or(false);
    let adresse = m.get("adresse").and_then(|a| {
        let t = a.text()?;
        if t.is_empty() {
            return None;
        }
        if !(t.starts_with("https://") || t.starts_with("http://")) {
            a.report(
                Rule::UrlInvalide,
                format!("`edition.adresse` : « {t} » n'est pas une adresse web"),
                Some("l'adresse de l'hébergeur, par exemple https://gitlab.exemple.nc".into()),
            );
            return None;
        }
        Some(t)
    });
    let application = m
        .get("application")
        .and_then(|a| a.text())
        .filter(|a| !a.is_empty());
    m.finish();
    Some(Edition {
        backend: backend?,
        depot: depot?,
        branche,
        workflow,
        adresse,
        application,
    })
}
