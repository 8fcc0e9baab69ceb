//! A text per network for every item of the kit: written by the theme
//! (`diffusion/texte.txt`, which owns the wording), measured here as each
//! network counts, and checked against its limits.
//!
//! | network   | limit                                            |
//! |-----------|--------------------------------------------------|
//! | SMS       | 160 GSM-7 units, or 70 UCS-2 (one message)       |
//! | push      | 120 characters                                   |
//! | Instagram | 2 200 characters, 30 hashtags                    |
//! | TikTok    | 2 200 characters                                 |
//! | X         | 280 characters, each link counting 23            |
//! | Facebook  | 63 206 characters                                |
//!
//! The theme writes a full text first; when it is over the limit, a short
//! one (`court`). A text still over its limit on a network the item is
//! planned for is a warning with the item's file and line; on the others it
//! is only marked in the kit.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::Serialize;
use tera::{Context, Tera};

use super::{Item, Kit};
use crate::content::calendar::{sms_length, PUSH_MAX};
use crate::content::words::{Reseau, Word};
use crate::diagnostic::{Diagnostic, Pos, Sink};
use crate::rules::Rule;

/// The theme's template of a network's text.
pub const TEMPLATE: &str = "diffusion/texte.txt";

/// What X counts for any link, whatever its length (t.co).
const X_LINK: usize = 23;

/// A text measured as its network counts it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Measure {
    pub longueur: usize,
    pub limite: usize,
    /// How it is counted: `gsm7`, `ucs2` (SMS), `x` (links count 23),
    /// `caracteres`.
    pub unite: &'static str,
    pub hashtags: usize,
    /// Most hashtags the network takes, when it has a limit.
    pub hashtags_max: Option<usize>,
}

impl Measure {
    pub fn over(&self) -> bool {
        self.longueur > self.limite || self.hashtags_max.is_some_and(|m| self.hashtags > m)
    }
}

/// Counts `text` for network `r`.
pub fn measure(r: Reseau, text: &str) -> Measure {
    let hashtags = text
        .split_whitespace()
        .filter(|w| w.starts_with('#') && w.len() > 1)
        .count();
    let chars = |limite| Measure {
        longueur: text.chars().count(),
        limite,
        unite: "caracteres",
        hashtags,
        hashtags_max: None,
    };
    match r {
        Reseau::Sms => {
            let l = sms_length(text);
            Measure {
                longueur: l.longueur,
                limite: l.limite,
                unite: l.encodage,
                hashtags,
                hashtags_max: None,
            }
        }
        Reseau::Push => chars(PUSH_MAX),
        Reseau::Instagram => Measure {
            hashtags_max: Some(30),
            ..chars(2_200)
        },
        Reseau::Tiktok => chars(2_200),
        Reseau::Facebook => chars(63_206),
        Reseau::X => Measure {
            longueur: x_length(text),
            limite: 280,
            unite: "x",
            hashtags,
            hashtags_max: None,
        },
    }
}

/// Length of a post as X counts it: every link 23, an emoji 2.
pub fn x_length(text: &str) -> usize {
    let mut n = 0;
    let mut rest = text;
    while !rest.is_empty() {
        let link = ["https://", "http://"]
            .iter()
            .filter_map(|p| rest.find(p))
            .min();
        let (plain, tail) = match link {
            Some(at) => rest.split_at(at),
            None => (rest, ""),
        };
        n += plain
            .chars()
            .map(|c| if (c as u32) >= 0x1F000 { 2 } else { 1 })
            .sum::<usize>();
        if tail.is_empty() {
            break;
        }
        let end = tail.find(char::is_whitespace).unwrap_or(tail.len());
        n += X_LINK;
        rest = &tail[end..];
    }
    n
}

/// `utm_medium` of a network.
fn medium(r: Reseau) -> &'static str {
    match r {
        Reseau::Sms => "sms",
        Reseau::Push => "push",
        _ => "social",
    }
}

/// The item's link with the campaign parameters of network `r`.
pub fn campaign_link(url: &str, r: Reseau, campagne: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!(
        "{url}{sep}utm_source={}&utm_medium={}&utm_campaign={campagne}",
        r.id(),
        medium(r)
    )
}

/// One network's text for an item.
#[derive(Debug, Clone, Serialize)]
pub struct Text {
    pub reseau: Reseau,
    pub texte: String,
    pub lien: String,
    #[serde(flatten)]
    pub mesure: Measure,
    pub depasse: bool,
    /// The item is planned for this network.
    pub prevu: bool,
    /// The theme had to write its short version.
    pub court: bool,
}

/// An item with its texts, planned networks first.
#[derive(Debug, Serialize)]
pub struct ItemTexts<'a> {
    #[serde(flatten)]
    pub element: &'a Item,
    pub textes: Vec<Text>,
}

/// A kit with the texts of its items, as the kit's page and zip show it.
#[derive(Debug, Serialize)]
pub struct KitTexts<'a> {
    pub kit: &'a Kit,
    pub actus: Vec<ItemTexts<'a>>,
    pub entrees: Vec<ItemTexts<'a>>,
    pub offres: Vec<ItemTexts<'a>>,
    /// Texts over their limit, all items together.
    pub depassements: usize,
}

/// Blank lines as the theme wrote them, at most one in a row, no spaces
/// at line ends.
fn tidy(s: &str) -> String {
    let mut out = String::new();
    let mut blank = 0;
    for line in s.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

/// Texts already written, by item and campaign, with what writing them
/// reported: the kit page and its zip write the same texts, and a preview's
/// rebuild writes again only those of the items that changed. One memo
/// lives as long as its templates.
#[derive(Debug, Default)]
pub struct Memo(Mutex<HashMap<blake3::Hash, Written>>);

/// An item's texts, and what writing them reported.
type Written = (Vec<Text>, Vec<Diagnostic>);

impl Memo {
    fn texts(&self, item: &Item, kit: &Kit, tera: &Tera, sink: &Sink) -> Vec<Text> {
        let mut h = blake3::Hasher::new();
        h.update(&serde_json::to_vec(item).unwrap_or_default());
        h.update(kit.campagne.as_bytes());
        let key = h.finalize();
        let known = self
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
            .cloned();
        let (texts, diags) = known.unwrap_or_else(|| {
            let local = Sink::new();
            let texts = item_texts(item, kit, tera, &local);
            let entry = (texts, local.into_vec());
            self.0
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(key, entry.clone());
            entry
        });
        for d in diags {
            sink.push(d);
        }
        texts
    }
}

/// Writes and measures every text of `kit`. Template problems and planned
/// texts over their limit go to `sink`.
pub fn write<'a>(kit: &'a Kit, tera: &Tera, memo: &Memo, sink: &Sink) -> KitTexts<'a> {
    let mut over = 0;
    let mut of = |items: &'a [Item]| -> Vec<ItemTexts<'a>> {
        items
            .iter()
            .map(|item| {
                let textes = memo.texts(item, kit, tera, sink);
                over += textes.iter().filter(|t| t.depasse).count();
                ItemTexts {
                    element: item,
                    textes,
                }
            })
            .collect()
    };
    let actus = of(&kit.actus);
    let entrees = of(&kit.entrees);
    let offres = of(&kit.offres);
    KitTexts {
        kit,
        actus,
        entrees,
        offres,
        depassements: over,
    }
}

fn item_texts(item: &Item, kit: &Kit, tera: &Tera, sink: &Sink) -> Vec<Text> {
    let planned = item.planned();
    let mut order: Vec<Reseau> = planned.clone();
    order.extend(Reseau::ALL.iter().filter(|r| !planned.contains(r)));
    let mut out = Vec::new();
    // The template reads only the item and the network: a small context,
    // the item serialised once (a month may put hundreds of offers forward).
    let mut of_item = Context::new();
    of_item.insert("element", item);
    for r in order {
        let lien = campaign_link(&item.url_absolue, r, &kit.campagne);
        let render = |court: bool| -> Option<String> {
            let mut cx = of_item.clone();
            cx.insert("reseau", &r);
            cx.insert("lien", &lien);
            cx.insert("court", &court);
            let what = format!("le texte {r} de « {} »", item.titre);
            crate::theme::render_or_report(tera, TEMPLATE, &cx, &what, sink).map(|s| tidy(&s))
        };
        let Some(mut texte) = render(false) else {
            return out;
        };
        let mut mesure = measure(r, &texte);
        let mut court = false;
        if mesure.over() {
            if let Some(short) = render(true) {
                texte = short;
                mesure = measure(r, &texte);
                court = true;
            }
        }
        let prevu = planned.contains(&r);
        let depasse = mesure.over();
        // An entry's own message is checked where it is written.
        let own_message = item.message.is_some() && matches!(r, Reseau::Sms | Reseau::Push);
        if depasse && prevu && !own_message {
            sink.push(over_limit(item, r, &mesure));
        }
        out.push(Text {
            reseau: r,
            texte,
            lien,
            mesure,
            depasse,
            prevu,
            court,
        });
    }
    out
}

/// The network as a diagnostic names it (« le texte pour X »).
fn network_name(r: Reseau) -> &'static str {
    match r {
        Reseau::Facebook => "pour Facebook",
        Reseau::Instagram => "pour Instagram",
        Reseau::Tiktok => "pour TikTok",
        Reseau::X => "pour X",
        Reseau::Sms => "du SMS",
        Reseau::Push => "de la notification push",
    }
}

fn over_limit(item: &Item, r: Reseau, m: &Measure) -> Diagnostic {
    let what = if m.longueur > m.limite {
        format!("{} caractères pour {} au plus", m.longueur, m.limite)
    } else {
        format!(
            "{} hashtags pour {} au plus",
            m.hashtags,
            m.hashtags_max.unwrap_or_default()
        )
    };
    Diagnostic::new(
        Rule::DiffusionTropLong,
        item.file.clone(),
        Pos {
            line: item.line,
            col: 1,
        },
        format!(
            "le texte {} de « {} » dépasse la limite du réseau : {what}",
            network_name(r),
            item.titre
        ),
    )
    .with_key("titre")
    .with_hint("raccourcissez le titre ou le résumé : le kit de diffusion reprend les deux")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x_counts_a_link_as_23() {
        let long = format!("Viens ! https://example.org/{} #Sport", "a".repeat(200));
        assert_eq!(x_length(&long), "Viens ! ".len() + 23 + " #Sport".len());
        assert_eq!(x_length("Bonjour"), 7);
        assert_eq!(x_length("🏄"), 2);
    }

    #[test]
    fn limits_of_each_network() {
        assert!(!measure(Reseau::Sms, &"a".repeat(160)).over());
        assert!(measure(Reseau::Sms, &"a".repeat(161)).over());
        // One character outside GSM-7: 70.
        let ucs = format!("{}ô", "a".repeat(70));
        assert_eq!(measure(Reseau::Sms, &ucs).limite, 70);
        assert!(measure(Reseau::Sms, &ucs).over());
        assert!(measure(Reseau::Push, &"a".repeat(121)).over());
        let tags = (0..31)
            .map(|i| format!("#t{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let m = measure(Reseau::Instagram, &tags);
        assert_eq!(m.hashtags, 31);
        assert!(m.over());
        assert!(measure(Reseau::X, &"a".repeat(281)).over());
        assert!(!measure(Reseau::Facebook, &"a".repeat(5000)).over());
    }

    #[test]
    fn links_carry_the_campaign() {
        assert_eq!(
            campaign_link("https://a.nc/offres/surf/", Reseau::Instagram, "clicmouv-2026-05"),
            "https://a.nc/offres/surf/?utm_source=instagram&utm_medium=social&utm_campaign=clicmouv-2026-05"
        );
        assert!(campaign_link("https://a.nc/?p=1", Reseau::Sms, "c")
            .contains("?p=1&utm_source=sms&utm_medium=sms"));
    }

    #[test]
    fn tidy_keeps_one_blank_line() {
        assert_eq!(tidy("  a  \n\n\n\nb\nc\n\n"), "a\n\nb\nc");
    }
}
