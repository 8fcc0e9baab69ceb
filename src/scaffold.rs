//! `kitpress new`: a new content file, pre-filled with every key and a
//! comment line per key, that passes `check` once its placeholders are filled.

use std::path::{Path, PathBuf};

use chrono::{Datelike, Months, NaiveDate};

use crate::config::SiteConfig;
use crate::error::KitError;
use crate::slug::slug_of;

/// The kinds of file `new` creates, as typed on the command line.
pub const KINDS: [&str; 6] = ["offre", "offre-modele", "kit", "guide", "actu", "mois"];

fn yaml_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn fill(template: &str, pairs: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (k, v) in pairs {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

fn month_entries(month: NaiveDate, cfg: &SiteConfig) -> String {
    let q = cfg.calendrier.objectifs;
    let days = month
        .checked_add_months(Months::new(1))
        .map(|n| (n - month).num_days())
        .unwrap_or(30) as u64;
    let mut slots: Vec<(&str, &str, &str)> = Vec::new();
    slots.extend(
        (0..q.videos_verticales)
            .map(|_| ("tiktok", "video-verticale", "Je teste pour toi : à définir")),
    );
    slots.extend((0..q.visuels).map(|_| ("instagram", "visuel", "Visuel : à définir")));
    slots.extend((0..q.campagnes_sms_push).map(|_| ("sms", "sms", "Campagne SMS : à définir")));
    let n = slots.len().max(1) as u64;
    slots
        .iter()
        .enumerate()
        .map(|(i, (canal, format, titre))| {
            let day = month + chrono::Days::new((i as u64 * days / n).min(days - 1));
            let message = match *format {
                "sms" => "\n    message: \"\"",
                "visuel" => "\n    accroche: \"\"",
                _ => "",
            };
            format!(
                "  - date: {day}\n    canal: {canal}\n    format: {format}\n    titre: \"{titre}\"\n    responsable: \"Service communication\"\n    statut: idee{message}\n"
            )
        })
        .collect()
}

/// Creates the file and returns its path. Never overwrites.
pub fn create(
    root: &Path,
    kind: &str,
    title: &str,
    cfg: &SiteConfig,
    today: NaiveDate,
) -> Result<PathBuf, KitError> {
    let in_six_months = today.checked_add_months(Months::new(6)).unwrap_or(today);
    let (rel, text) = if kind == "mois" {
        let month = NaiveDate::parse_from_str(&format!("{}-01", title.trim()), "%Y-%m-%d")
            .map_err(|_| {
                KitError::Usage(format!(
                    "« {title} » n'est pas un mois : écrivez par exemple kitpress new mois 2026-08"
                ))
            })?;
        let mois = format!("{:04}-{:02}", month.year(), month.month());
        let q = cfg.calendrier.objectifs;
        let text = fill(
            include_str!("scaffolds/mois.yaml"),
            &[
                ("mois", mois.clone()),
                ("videos", q.videos_verticales.to_string()),
                ("visuels", q.visuels.to_string()),
                ("campagnes", q.campagnes_sms_push.to_string()),
                ("entrees", month_entries(month, cfg)),
            ],
        );
        (format!("content/calendrier/{mois}.yaml"), text)
    } else {
        let slug = slug_of(title);
        if slug.is_empty() {
            return Err(KitError::Usage(
                "donnez un titre, par exemple : kitpress new offre \"Surf à Bourail\"".into(),
            ));
        }
        let (dir, template) = match kind {
            "offre" => ("offres", include_str!("scaffolds/offre.md")),
            "offre-modele" => ("offres-modeles", include_str!("scaffolds/offre-modele.md")),
            "kit" => ("kit", include_str!("scaffolds/kit.md")),
            "guide" => ("guide", include_str!("scaffolds/guide.md")),
            "actu" => ("actus", include_str!("scaffolds/actu.md")),
            other => {
                return Err(KitError::Usage(format!(
                    "type « {other} » inconnu : choisissez parmi {}",
                    KINDS.join(", ")
                )))
            }
        };
        let list = |v: &[String]| v.join(", ");
        let text = fill(
            template,
            &[
                ("titre", yaml_escape(title)),
                (
                    "univers",
                    cfg.univers
                        .iter()
                        .map(|u| u.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                ("communes", list(&cfg.communes)),
                ("cibles", list(&cfg.cibles)),
                ("jours", list(&cfg.jours)),
                ("periodes", list(&cfg.periodes)),
                ("handicaps", list(&cfg.handicaps)),
                ("saison", cfg.saison.clone()),
                ("aujourdhui", today.to_string()),
                ("dans_six_mois", in_six_months.to_string()),
            ],
        );
        (format!("content/{dir}/{slug}.md"), text)
    };
    let path = root.join(&rel);
    if path.exists() {
        return Err(KitError::AlreadyExists {
            path: PathBuf::from(rel),
        });
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| KitError::io(parent, e))?;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
        .map_err(|e| KitError::io(&path, e))?;
    Ok(PathBuf::from(rel))
}
