//! The monthly editorial calendar (`content/calendrier/AAAA-MM.yaml`).
//!
//! A month lists its planned entries (videos, visuals, SMS and push
//! campaigns…). This module reads a month and derives what the team needs to
//! see: quotas reached or not, entries late for validation (the J-7 rule), and
//! whether an SMS fits in one message.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::config::{read_quotas, Quotas, SiteConfig};
use crate::diagnostic::{Diagnostic, Pos, Sink};
use crate::rules::Rule;
use crate::yaml::{Cx, Node, YamlDoc};

mod entry;
mod sms;

use entry::read_entry;
pub use entry::{j_day, validation_state};
pub use sms::{non_gsm_chars, sms_length, SmsLength};

use super::words::{Canal, Format, StatutEntree};

/// Longest push message, in characters.
pub const PUSH_MAX: usize = 120;

#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub date: NaiveDate,
    pub heure: Option<String>,
    pub canal: Option<Canal>,
    pub format: Option<Format>,
    pub titre: String,
    pub univers: Option<String>,
    pub offre: Option<String>,
    #[serde(skip)]
    pub offre_pos: Pos,
    pub responsable: String,
    pub statut: StatutEntree,
    pub message: Option<String>,
    pub declencheur: Option<String>,
    /// The line its visuals show instead of the title.
    pub accroche: Option<String>,
    /// Line of `accroche` (else of `titre`), to report a line too long.
    #[serde(skip)]
    pub accroche_line: usize,
    /// The theme's layout family its visuals are drawn with (`annonce`);
    /// none for the standard one.
    pub gabarit: Option<String>,
    #[serde(skip)]
    pub gabarit_pos: Pos,
    /// A photo its visuals show (else its offer's, if any).
    pub visuel: Option<crate::content::Visuel>,
    /// Line of the entry in the file.
    #[serde(skip)]
    pub line: usize,
    /// Derived at the reference day: days left before it goes out.
    pub jours_restants: i64,
    /// Derived: not validated and fewer days left than the delay.
    pub en_retard: bool,
    /// Derived: validation is due today.
    pub echeance: bool,
    /// Derived for `sms` entries: length and encoding.
    pub sms: Option<SmsLength>,
}

impl Entry {
    pub fn validated(&self) -> bool {
        matches!(self.statut, StatutEntree::Valide | StatutEntree::Publie)
    }

    pub fn is_campaign(&self) -> bool {
        matches!(self.canal, Some(Canal::Sms | Canal::Push))
            || matches!(self.format, Some(Format::Sms | Format::Push))
    }
}

/// One quota line: done against required.
#[derive(Debug, Clone, Serialize)]
pub struct QuotaLine {
    pub id: &'static str,
    pub fait: u64,
    pub requis: u64,
    pub atteint: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Month {
    /// `AAAA-MM`
    pub mois: String,
    pub premier_jour: NaiveDate,
    pub theme: Option<String>,
    pub objectifs: Quotas,
    pub entrees: Vec<Entry>,
    pub quotas: Vec<QuotaLine>,
    /// Path relative to the site root.
    #[serde(skip)]
    pub file: String,
}

/// Counts the month's entries against its quotas.
pub fn quotas(entries: &[Entry], q: Quotas) -> Vec<QuotaLine> {
    let count = |f: &dyn Fn(&Entry) -> bool| entries.iter().filter(|e| f(e)).count() as u64;
    let lines = [
        (
            "videos_verticales",
            count(&|e| e.format == Some(Format::VideoVerticale)),
            q.videos_verticales,
        ),
        (
            "visuels",
            count(&|e| e.format == Some(Format::Visuel)),
            q.visuels,
        ),
        (
            "campagnes_sms_push",
            count(&|e| e.is_campaign()),
            q.campagnes_sms_push,
        ),
    ];
    lines
        .into_iter()
        .map(|(id, fait, requis)| QuotaLine {
            id,
            fait,
            requis,
            atteint: fait >= requis,
        })
        .collect()
}

/// Reads one month file. `stem` is the file name without extension.
pub fn read(
    text: &str,
    file: &str,
    stem: &str,
    cfg: &SiteConfig,
    today: NaiveDate,
    sink: &Sink,
) -> Option<Month> {
    let doc = YamlDoc::parse(text, 1, file, sink)?;
    let cx = Cx { file, sink };
    let root = doc.root(&cx).map()?;
    let mois_node = root.require("mois");
    let mois = mois_node.as_ref().and_then(|n| {
        let s = n.text()?;
        match NaiveDate::parse_from_str(&format!("{}-01", s.trim()), "%Y-%m-%d") {
            Ok(d) => Some((s.trim().to_string(), d)),
            Err(_) => {
                n.report(
                    Rule::DateInvalide,
                    format!("`mois` : « {s} » n'est pas un mois AAAA-MM"),
                    Some("par exemple mois: 2026-05".into()),
                );
                None
            }
        }
    });
    if let (Some((m, _)), Some(n)) = (&mois, &mois_node) {
        if m != stem {
            n.report(
                Rule::MoisFichier,
                format!("`mois` ({m}) ne correspond pas au nom du fichier ({stem}.yaml)"),
                Some(format!(
                    "renommez le fichier en {m}.yaml ou corrigez `mois`"
                )),
            );
        }
    }
    let theme = root
        .get("theme")
        .and_then(|n| n.text())
        .filter(|s| !s.is_empty());
    let objectifs = match root.get("objectifs").and_then(|n| n.map()) {
        Some(q) => {
            let r = read_quotas(&q, cfg.calendrier.objectifs);
            q.finish();
            r
        }
        None => cfg.calendrier.objectifs,
    };
    let entries_node = root.get("entrees");
    root.finish();
    let (mois, premier_jour) = mois?;
    let mut entrees: Vec<Entry> = entries_node
        .map(|n| {
            n.list()
                .iter()
                .filter_map(|e| read_entry(e, premier_jour, cfg, today))
                .collect()
        })
        .unwrap_or_default();
    entrees.sort_by(|a, b| (a.date, &a.heure).cmp(&(b.date, &b.heure)));
    let quotas = quotas(&entrees, objectifs);
    for q in quotas.iter().filter(|q| !q.atteint) {
        sink.push(
            Diagnostic::new(
                Rule::QuotaNonAtteint,
                file,
                Pos::new(1, 1),
                format!(
                    "quota du mois {mois} non atteint pour {} : {} prévu(s) sur {}",
                    quota_label(q.id),
                    q.fait,
                    q.requis
                ),
            )
            .with_key(format!("objectifs.{}", q.id))
            .with_hint("ajoutez des entrées dans `entrees`"),
        );
    }
    Some(Month {
        mois,
        premier_jour,
        theme,
        objectifs,
        entrees,
        quotas,
        file: file.to_string(),
    })
}

fn quota_label(id: &str) -> &'static str {
    match id {
        "videos_verticales" => "les vidéos verticales",
        "visuels" => "les visuels",
        _ => "les campagnes SMS/push",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_counted_from_the_broadcast_day() {
        assert_eq!(j_day(4), "J-4");
        assert_eq!(j_day(0), "J");
        assert_eq!(j_day(-2), "J+2");
    }

    #[test]
    fn sms_counts_gsm7_and_ucs2() {
        let a160 = "a".repeat(160);
        assert_eq!(
            sms_length(&a160),
            SmsLength {
                longueur: 160,
                encodage: "gsm7",
                limite: 160
            }
        );
        assert_eq!(sms_length(&(a160.clone() + "a")).longueur, 161);
        assert_eq!(sms_length("é").encodage, "gsm7");
        let ucs = format!("ê{}", "a".repeat(69));
        assert_eq!(
            sms_length(&ucs),
            SmsLength {
                longueur: 70,
                encodage: "ucs2",
                limite: 70
            }
        );
        assert_eq!(sms_length(&format!("{ucs}a")).longueur, 71);
        assert_eq!(sms_length("€[]{}~^\\|").longueur, 18);
        assert_eq!(sms_length("l’été").encodage, "ucs2");
    }

    #[test]
    fn j7_boundaries() {
        let today = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        let d = |n| today + chrono::Days::new(n);
        assert_eq!(validation_state(d(8), today, 7, false), (8, false, false));
        assert_eq!(validation_state(d(7), today, 7, false), (7, false, true));
        assert_eq!(validation_state(d(6), today, 7, false), (6, true, false));
        assert_eq!(validation_state(d(6), today, 7, true), (6, false, false));
    }
}
