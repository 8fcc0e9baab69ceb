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
use crate::yaml::{Cx, Node, YamlDoc};

pub const CANAUX: [&str; 10] = [
    "tiktok",
    "instagram",
    "snapchat",
    "facebook",
    "site",
    "sms",
    "push",
    "ecrans",
    "affichage",
    "newsletter",
];
pub const FORMATS: [&str; 8] = [
    "video-verticale",
    "visuel",
    "story",
    "post",
    "article",
    "sms",
    "push",
    "evenement",
];
pub const STATUTS: [&str; 5] = ["idee", "en-production", "a-valider", "valide", "publie"];

/// Longest push message, in characters.
pub const PUSH_MAX: usize = 120;

#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub date: NaiveDate,
    pub heure: Option<String>,
    pub canal: String,
    pub format: String,
    pub titre: String,
    pub univers: Option<String>,
    pub offre: Option<String>,
    #[serde(skip)]
    pub offre_pos: Pos,
    pub responsable: String,
    pub statut: String,
    pub message: Option<String>,
    pub declencheur: Option<String>,
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
        self.statut == "valide" || self.statut == "publie"
    }

    pub fn is_campaign(&self) -> bool {
        matches!(self.canal.as_str(), "sms" | "push")
            || matches!(self.format.as_str(), "sms" | "push")
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

/// SMS length: characters counted as the network counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SmsLength {
    /// Units used (extension characters count 2 in GSM-7).
    pub longueur: usize,
    /// `gsm7` or `ucs2`.
    pub encodage: &'static str,
    /// What one SMS holds in that encoding: 160 or 70.
    pub limite: usize,
}

const GSM7_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM7_EXTENSION: &str = "^{}\\[~]|€\u{c}";

/// Counts an SMS: GSM-7 with its extension table (2 units each), or UCS-2
/// (UTF-16 units) as soon as one character is outside GSM-7.
pub fn sms_length(text: &str) -> SmsLength {
    let mut units = 0;
    for c in text.chars() {
        if GSM7_BASIC.contains(c) {
            units += 1;
        } else if GSM7_EXTENSION.contains(c) {
            units += 2;
        } else {
            return SmsLength {
                longueur: text.encode_utf16().count(),
                encodage: "ucs2",
                limite: 70,
            };
        }
    }
    SmsLength {
        longueur: units,
        encodage: "gsm7",
        limite: 160,
    }
}

/// The characters of `text` that are outside GSM-7, for the hint.
pub fn non_gsm_chars(text: &str) -> Vec<char> {
    let mut out: Vec<char> = text
        .chars()
        .filter(|c| !GSM7_BASIC.contains(*c) && !GSM7_EXTENSION.contains(*c))
        .collect();
    out.dedup();
    out.truncate(5);
    out
}

/// Days left before `date`, and whether the entry is late or due today.
/// A day counted from the broadcast day J: 4 days before is `J-4`, the day
/// itself `J`, 2 days after `J+2`.
pub fn j_day(days_left: i64) -> String {
    match days_left {
        0 => "J".to_string(),
        n if n > 0 => format!("J-{n}"),
        n => format!("J+{}", -n),
    }
}

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

fn read_entry(n: &Node, month: NaiveDate, cfg: &SiteConfig, today: NaiveDate) -> Option<Entry> {
    let m = n.map()?;
    let date_node = m.require("date");
    let date = date_node.as_ref().and_then(|n| n.date());
    let heure = m
        .get("heure")
        .and_then(|n| n.time())
        .map(|t| t.format("%H:%M").to_string());
    let canal = m
        .require("canal")
        .and_then(|n| n.choice(CANAUX))
        .unwrap_or_default();
    let format = m
        .require("format")
        .and_then(|n| n.choice(FORMATS))
        .unwrap_or_default();
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
        .and_then(|n| n.choice(STATUTS))
        .unwrap_or_else(|| "idee".into());
    let message_node = m.get("message");
    let message = message_node
        .as_ref()
        .and_then(|n| n.text())
        .filter(|s| !s.is_empty());
    let declencheur = m
        .get("declencheur")
        .and_then(|n| n.text())
        .filter(|s| !s.is_empty());
    m.finish();
    let date = date?;
    if (date.year(), date.month()) != (month.year(), month.month()) {
        date_node.as_ref().unwrap().report(
            "date-hors-mois",
            format!(
                "`{}` : le {date} n'est pas dans le mois {}",
                n.path.clone() + ".date",
                month.format("%Y-%m")
            ),
            Some("déplacez l'entrée dans le fichier de son mois, ou corrigez la date".into()),
        );
    }
    let is_sms = canal == "sms" || format == "sms";
    let is_push = canal == "push" || format == "push";
    if (is_sms || is_push) && message.is_none() {
        let d =
            n.cx.error(
                "cle-manquante",
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
                let d = Diagnostic::warning(
                    "sms-trop-long",
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
                let d = Diagnostic::warning(
                    "push-trop-long",
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
    let validated = statut == "valide" || statut == "publie";
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
            "validation-aujourdhui"
        } else {
            "validation-en-retard"
        };
        let d = Diagnostic::warning(code, n.cx.file, n.pos(), message)
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
        line: n.pos().line,
        jours_restants,
        en_retard,
        echeance,
        sms,
    })
}

/// Counts the month's entries against its quotas.
pub fn quotas(entries: &[Entry], q: Quotas) -> Vec<QuotaLine> {
    let count = |f: &dyn Fn(&Entry) -> bool| entries.iter().filter(|e| f(e)).count() as u64;
    let lines = [
        (
            "videos_verticales",
            count(&|e| e.format == "video-verticale"),
            q.videos_verticales,
        ),
        ("visuels", count(&|e| e.format == "visuel"), q.visuels),
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
                    "date-invalide",
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
                "mois-fichier",
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
            Diagnostic::warning(
                "quota-non-atteint",
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
