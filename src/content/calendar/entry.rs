//! One entry of a month: its keys, and what the reference day says of it
//! (late for the J-7 validation, due today), SMS and push lengths.

use chrono::NaiveDate;

use crate::rules::Rule;

use super::*;

/// A day counted from the broadcast day J: 4 days before is `J-4`, the day
/// itself `J`, 2 days after `J+2`.
pub fn j_day(days_left: i64) -> String {
    match days_left {
        0 => "J".to_string(),
        n if n > 0 => format!("J-{n}"),
        n => format!("J+{}", -n),
    }
}

/// Days left before `date`, and whether the entry is late or due today.
pub fn validation_state(
    date: NaiveDate,
    today: NaiveDate,
    delay: i64,
    validated: bool,
) -> (i64, bool, bool) {
    let left = (date - today).num_days();
    if validated {
        return (left, false, false);
    }
    (left, left < delay, left == delay)
}

pub(super) fn read_entry(
    n: &Node,
    month: NaiveDate,
    cfg: &SiteConfig,
    today: NaiveDate,
) -> Option<Entry> {
    let m = n.map()?;
    let date_node = m.require("date");
    let date = date_node.as_ref().and_then(|n| n.date());
    let heure = m
        .get("heure")
        .and_then(|n| n.time())
        .map(|t| t.format("%H:%M").to_string());
    let canal = m.require("canal").and_then(|n| n.word());
    let format = m.require("format").and_then(|n| n.word());
    let titre = m
        .require("titre")
        .and_then(|n| n.text())
        .unwrap_or_default();
    let univers = m.get("univers").and_then(|n| n.choice(cfg.univers_ids()));
    let offre_node = m.get("offre");
    let offre_pos = offre_node.as_ref().map(|n| n.pos()).unwrap_or_default();
    let offre = offre_node.and_then(|n| n.text()).filter(|s| !s.is_empty());
    let responsable = m
        .get("responsable")
        .and_then(|n| n.text())
        .unwrap_or_default();
    let statut = m
        .get("statut")
        .and_then(|n| n.word())
        .unwrap_or(StatutEntree::Idee);
    let message_node = m.get("message");
    let message = message_node
        .as_ref()
        .and_then(|n| n.text())
        .filter(|s| !s.is_empty());
    let declencheur = m
        .get("declencheur")
        .and_then(|n| n.text())
        .filter(|s| !s.is_empty());
    let titre_line = m.key_pos("titre").line;
    let accroche_line = m.key_pos("accroche").line;
    let accroche = m
        .get("accroche")
        .and_then(|n| n.text())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let gabarit_node = m.get("gabarit");
    let gabarit_pos = gabarit_node.as_ref().map(|n| n.pos()).unwrap_or_default();
    let gabarit = gabarit_node
        .and_then(|n| n.text())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let visuel = m
        .get("visuel")
        .and_then(|n| crate::content::read_visuel(&n));
    m.finish();
    let date = date?;
    if (date.year(), date.month()) != (month.year(), month.month()) {
        date_node.as_ref().unwrap().report(
            Rule::DateHorsMois,
            format!(
                "`{}` : le {date} n'est pas dans le mois {}",
                n.path.clone() + ".date",
                month.format("%Y-%m")
            ),
            Some("déplacez l'entrée dans le fichier de son mois, ou corrigez la date".into()),
        );
    }
    let is_sms = canal == Some(Canal::Sms) || format == Some(Format::Sms);
    let is_push = canal == Some(Canal::Push) || format == Some(Format::Push);
    if (is_sms || is_push) && message.is_none() {
        let d =
            n.cx.error(
                Rule::CleManquante,
                n.pos(),
                &format!("{}.message", n.path),
                "une campagne SMS ou push doit avoir son `message`".into(),
            )
            .with_hint("ajoutez message: \"…\" avec le texte envoyé");
        n.cx.sink.push(d);
    }
    let mut sms = None;
    if let (Some(text), Some(node)) = (&message, &message_node) {
        if is_sms {
            let len = sms_length(text);
            sms = Some(len);
            if len.longueur > len.limite {
                let hint = if len.encodage == "ucs2" {
                    let chars: String = non_gsm_chars(text)
                        .iter()
                        .map(|c| format!("« {c} » "))
                        .collect();
                    format!(
                        "ces caractères imposent l'encodage UCS-2 (70 caractères) : {chars}; l'apostrophe typographique ’ se remplace par '"
                    )
                } else {
                    "raccourcissez le message (les caractères € [ ] { } ~ ^ \\ | comptent double)"
                        .into()
                };
                let d = Diagnostic::new(
                    Rule::SmsTropLong,
                    n.cx.file,
                    node.pos(),
                    format!(
                        "SMS de {} caractères en {} : il dépasse {} et sera envoyé en plusieurs messages",
                        len.longueur,
                        if len.encodage == "ucs2" { "UCS-2" } else { "GSM-7" },
                        len.limite
                    ),
                )
                .with_key(format!("{}.message", n.path))
                .with_hint(hint);
                n.cx.sink.push(d);
            }
        } else if is_push {
            let len = text.chars().count();
            if len > PUSH_MAX {
                let d = Diagnostic::new(
                    Rule::PushTropLong,
                    n.cx.file,
                    node.pos(),
                    format!("notification push de {len} caractères : au-delà de {PUSH_MAX}, elle sera coupée"),
                )
                .with_key(format!("{}.message", n.path))
                .with_hint("gardez l'essentiel au début du message");
                n.cx.sink.push(d);
            }
        }
    }
    let delay = cfg.calendrier.delai_validation_jours;
    let validated = matches!(statut, StatutEntree::Valide | StatutEntree::Publie);
    let (jours_restants, en_retard, echeance) = validation_state(date, today, delay, validated);
    if en_retard || echeance {
        let message = if echeance {
            format!("« {titre} » ({date}) doit être validé aujourd'hui par la province (règle J-{delay})")
        } else {
            format!(
                "« {titre} » ({date}) n'est pas validé à {} : la province valide au plus tard à J-{delay}",
                j_day(jours_restants)
            )
        };
        let code = if echeance {
            Rule::ValidationAujourdhui
        } else {
            Rule::ValidationEnRetard
        };
        let d = Diagnostic::new(code, n.cx.file, n.pos(), message)
            .with_key(format!("{}.statut", n.path))
            .with_hint("faites valider l'entrée puis passez son statut à valide");
        n.cx.sink.push(d);
    }
    Some(Entry {
        date,
        heure,
        canal,
        format,
        titre,
        univers,
        offre,
        offre_pos,
        responsable,
        statut,
        message,
        declencheur,
        accroche_line: if accroche.is_some() {
            accroche_line
        } else {
            titre_line
        },
        accroche,
        gabarit,
        gabarit_pos,
        visuel,
        line: n.pos().line,
        jours_restants,
        en_retard,
        echeance,
        sms,
    })
}
