//! The audit as French text, for the terminal (`--format texte`, the
//! default).

use std::fmt::Write;

use super::Audit;
use crate::typography::{date_fr, decimal};

fn names(list: &[String]) -> String {
    if list.is_empty() {
        "aucune".to_string()
    } else {
        list.join(", ")
    }
}

/// The report, section by section.
pub fn render(a: &Audit) -> String {
    let mut s = String::new();
    let t = &a.totaux;
    let _ = writeln!(
        s,
        "Audit du catalogue au {} — {}\n",
        date_fr(a.date, false),
        a.site
    );
    let _ = writeln!(
        s,
        "Offres réservables : {} sur {} publiées ({} %).",
        t.offres_reservables,
        t.offres_publiees,
        decimal(t.taux_reservable)
    );
    let sections = [(true, "Offres non réservables"), (false, "À améliorer")];
    for (blocking, title) in sections {
        let list: Vec<_> = a
            .constats
            .iter()
            .filter(|f| f.bloquant == blocking)
            .collect();
        let _ = writeln!(s, "\n{title} ({}) :", list.len());
        if list.is_empty() {
            let _ = writeln!(s, "  rien à signaler.");
        }
        for f in list {
            let _ = write!(
                s,
                "  {}:{} — « {} » : {}",
                f.fichier, f.ligne, f.titre, f.message
            );
            if !f.avec.is_empty() {
                let _ = write!(s, " ({})", f.avec.join(", "));
            }
            let _ = writeln!(s, " [{}]", f.constat);
        }
    }
    let r = &a.reseau;
    let _ = writeln!(
        s,
        "\nRéseau : {} offres en ligne, {} organismes sur un objectif de {} ({} %).",
        r.offres,
        r.organismes,
        r.objectif_organismes,
        decimal(r.part_objectif)
    );
    let _ = writeln!(s, "Par commune (offres / organismes) :");
    for c in &r.communes {
        let _ = writeln!(
            s,
            "  {:<18} {:>5} / {:<5}{}",
            c.nom,
            c.offres,
            c.organismes,
            if c.zone_blanche { "  zone blanche" } else { "" }
        );
    }
    let _ = writeln!(s, "Par univers (offres / organismes / communes) :");
    for u in &r.univers {
        let _ = writeln!(
            s,
            "  {:<18} {:>5} / {:<5} / {:<3}{}",
            u.libelle,
            u.offres,
            u.organismes,
            u.communes,
            if u.zone_blanche { "  zone blanche" } else { "" }
        );
    }
    let _ = writeln!(
        s,
        "Zones blanches : communes sans offre : {} ; univers sans offre : {}.",
        names(&r.zones_blanches.communes),
        names(&r.zones_blanches.univers)
    );
    let places = |list: &[crate::derive::network::Place]| -> String {
        if list.is_empty() {
            return "aucun".to_string();
        }
        list.iter()
            .map(|p| format!("{} {}", p.nom, p.offres))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(
        s,
        "Quartiers prioritaires (offres) : {}.",
        places(&r.quartiers)
    );
    let _ = writeln!(s, "Tribus (offres) : {}.", places(&r.tribus));
    for (i, cible) in r.cibles.iter().enumerate() {
        let communes: Vec<String> = r
            .communes
            .iter()
            .filter(|c| c.par_cible.get(i).copied().unwrap_or(0) > 0)
            .map(|c| format!("{} {}", c.nom, c.par_cible[i]))
            .collect();
        let _ = writeln!(
            s,
            "Public {cible} : {}.",
            if communes.is_empty() {
                "aucune offre".to_string()
            } else {
                communes.join(", ")
            }
        );
    }
    if let Some(c) = &a.comparaison {
        let _ = writeln!(
            s,
            "\nDepuis l'audit du {} (taux {} %) : {} offre(s) ajoutée(s), {} retirée(s), {} organisme(s) gagné(s), {} perdu(s).",
            date_fr(c.depuis, false),
            decimal(c.taux_precedent),
            c.offres_ajoutees.len(),
            c.offres_retirees.len(),
            c.organismes_gagnes.len(),
            c.organismes_perdus.len()
        );
        for (label, list) in [
            ("Offres ajoutées", &c.offres_ajoutees),
            ("Offres retirées", &c.offres_retirees),
            ("Organismes gagnés", &c.organismes_gagnes),
            ("Organismes perdus", &c.organismes_perdus),
        ] {
            if !list.is_empty() {
                let _ = writeln!(s, "  {label} : {}", list.join(", "));
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn decimals_are_french() {
        assert_eq!(super::decimal(88.5), "88,5");
        assert_eq!(super::decimal(100.0), "100");
    }
}
