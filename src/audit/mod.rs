//! `kitpress audit`: proof that the catalogue online is bookable, and the
//! state of the partner network.
//!
//! The audit reads the site as `check` does (load, validate), then looks at
//! every published offer at the reference day:
//!
//! - [`crate::derive::bookable`]: what stops an offer from being booked
//!   (shared with the week's selection and the diffusion kit, so they never
//!   disagree);
//! - [`findings`]: each problem with its file and line, and what would sell
//!   the offer better (ending soon, no visual, short text, duplicate);
//! - [`crate::derive::network`]: offers and organisations by commune and
//!   universe, white zones, priority neighbourhoods and tribus, the map;
//! - [`text`]: the French text report; `--format json` is [`Audit`] as it
//!   serialises (stable, documented in the README); `--format html` is the
//!   theme's `audit.html`, a dated A4 report.
//!
//! With `--precedent audit.json`, the audit compares itself with an earlier
//! one ([`Comparison`]).

pub mod findings;
pub mod text;

use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::content::offre::Offre;
use crate::derive::{bookable, network};
use crate::library::Doc;
use crate::site::Site;
pub use findings::Finding;
pub use network::Network;

/// Version of the JSON format; raised only when a field changes meaning.
pub const FORMAT_VERSION: u32 = 1;

/// Totals of the audit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Totals {
    /// Published (validated) offers, over or not.
    pub offres_publiees: usize,
    pub offres_reservables: usize,
    pub offres_non_reservables: usize,
    /// Bookable offers in percent of the published ones (one decimal; 100
    /// with no offer).
    pub taux_reservable: f64,
    pub bientot_terminees: usize,
    pub sans_visuel: usize,
    pub descriptions_courtes: usize,
    pub doublons_probables: usize,
}

/// One offer as the audit saw it: what `--precedent` compares.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuditedOffer {
    pub offre: String,
    pub titre: String,
    pub fichier: String,
    pub organisme: String,
    pub commune: String,
    pub univers: String,
    pub reservable: bool,
}

/// What changed since an earlier audit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Comparison {
    /// Reference day of the earlier audit.
    pub depuis: NaiveDate,
    pub taux_precedent: f64,
    pub offres_ajoutees: Vec<String>,
    pub offres_retirees: Vec<String>,
    pub organismes_gagnes: Vec<String>,
    pub organismes_perdus: Vec<String>,
}

/// The whole audit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Audit {
    pub version: u32,
    /// Reference day.
    pub date: NaiveDate,
    pub site: String,
    pub totaux: Totals,
    /// Every finding, by file then line.
    pub constats: Vec<Finding>,
    pub reseau: Network,
    pub offres: Vec<AuditedOffer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparaison: Option<Comparison>,
}

impl Audit {
    /// Whether every published offer is bookable.
    pub fn complete(&self) -> bool {
        self.totaux.offres_non_reservables == 0
    }

    /// The one-line summary every format ends with (on the error stream).
    pub fn summary(&self) -> String {
        let t = &self.totaux;
        format!(
            "Audit au {} : {} offre(s) réservable(s) sur {} publiée(s) ({} %), {} constat(s) bloquant(s), {} à améliorer.",
            self.date.format("%d/%m/%Y"),
            t.offres_reservables,
            t.offres_publiees,
            crate::typography::decimal(t.taux_reservable),
            self.constats.iter().filter(|f| f.bloquant).count(),
            self.constats.iter().filter(|f| !f.bloquant).count(),
        )
    }
}

/// A problem reading `--precedent`, in French.
#[derive(Debug, thiserror::Error)]
pub enum PreviousError {
    #[error("audit précédent {0} illisible : {1}")]
    Read(String, String),
    #[error("audit précédent {0} : ce n'est pas un audit kitpress au format json ({1})")]
    Format(String, String),
    #[error("audit précédent {0} : plus de {1} Mo, ce n'est pas un audit kitpress (celui de 10 000 offres en fait moins de 10)")]
    TooLarge(String, u64),
}

/// Largest earlier audit read, in bytes: an audit of 10 000 offers is
/// under 10 MB; a device or a huge file is refused before it fills memory.
pub const MAX_PREVIOUS: u64 = 50 * 1024 * 1024;

/// Reads an earlier audit written with `--format json`.
pub fn read_previous(path: &Path) -> Result<Audit, PreviousError> {
    use std::io::Read;
    let shown = path.display().to_string();
    let read_error =
        |e: std::io::Error| PreviousError::Read(shown.clone(), crate::diagnostic::io_fr(&e));
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut bytes = Vec::new();
    // One byte more than allowed tells a file too large, whatever its kind
    // (`/dev/zero` has no size to ask).
    file.take(MAX_PREVIOUS + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > MAX_PREVIOUS {
        return Err(PreviousError::TooLarge(shown, MAX_PREVIOUS / (1024 * 1024)));
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        PreviousError::Format(shown.clone(), "le fichier n'est pas du texte UTF-8".into())
    })?;
    serde_json::from_str(&text).map_err(|e| {
        let why = match e.classify() {
            serde_json::error::Category::Data => "des champs d'un audit manquent ou sont invalides",
            _ => "JSON illisible",
        };
        PreviousError::Format(
            shown,
            format!("{why} à la ligne {}, colonne {}", e.line(), e.column()),
        )
    })
}

/// The audit of a loaded and validated site.
pub fn audit(site: &Site, previous: Option<&Audit>) -> Audit {
    let cfg = &site.config;
    let today = site.options.today;
    let mut offers: Vec<&Doc<Offre>> = site
        .library
        .published::<Offre>()
        .filter(|d| !d.brouillon)
        .collect();
    offers.sort_by(|a, b| a.file.cmp(&b.file));
    let constats = findings::findings(site, &offers);
    let audited: Vec<AuditedOffer> = offers
        .iter()
        .map(|d| AuditedOffer {
            offre: d.common.slug.clone(),
            titre: d.common.titre.clone(),
            fichier: d.file.clone(),
            organisme: d.meta.organisme.clone(),
            commune: d.meta.commune.clone(),
            univers: d.meta.univers.clone(),
            reservable: bookable::bookable(&d.meta, cfg, today),
        })
        .collect();
    let bookable = audited.iter().filter(|o| o.reservable).count();
    let count = |id: &str| constats.iter().filter(|f| f.constat == id).count();
    let totaux = Totals {
        offres_publiees: audited.len(),
        offres_reservables: bookable,
        offres_non_reservables: audited.len() - bookable,
        taux_reservable: if audited.is_empty() {
            100.0
        } else {
            network::percent(bookable, audited.len())
        },
        bientot_terminees: count("bientot-terminee"),
        sans_visuel: count("sans-visuel"),
        descriptions_courtes: count("description-courte"),
        doublons_probables: count("doublon-probable"),
    };
    let comparaison = previous.map(|p| compare(p, &audited));
    Audit {
        version: FORMAT_VERSION,
        date: today,
        site: cfg.titre.clone(),
        totaux,
        constats,
        reseau: network::state(site),
        offres: audited,
        comparaison,
    }
}

fn compare(previous: &Audit, now: &[AuditedOffer]) -> Comparison {
    let slugs = |list: &[AuditedOffer]| -> BTreeSet<String> {
        list.iter().map(|o| o.offre.clone()).collect()
    };
    let orgs = |list: &[AuditedOffer]| -> BTreeSet<String> {
        list.iter().map(|o| o.organisme.clone()).collect()
    };
    let key = |s: &String| network::organisation_key(s);
    let (before, after) = (slugs(&previous.offres), slugs(now));
    let (org_before, org_after) = (orgs(&previous.offres), orgs(now));
    let keys_before: BTreeSet<String> = org_before.iter().map(key).collect();
    let keys_after: BTreeSet<String> = org_after.iter().map(key).collect();
    Comparison {
        depuis: previous.date,
        taux_precedent: previous.totaux.taux_reservable,
        offres_ajoutees: after.difference(&before).cloned().collect(),
        offres_retirees: before.difference(&after).cloned().collect(),
        organismes_gagnes: org_after
            .iter()
            .filter(|o| !keys_before.contains(&key(o)))
            .cloned()
            .collect(),
        organismes_perdus: org_before
            .iter()
            .filter(|o| !keys_after.contains(&key(o)))
            .cloned()
            .collect(),
    }
}

/// How `kitpress audit` writes its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Texte,
    Json,
    Html,
}

impl Format {
    pub const IDS: [&'static str; 3] = ["texte", "json", "html"];

    pub fn from_id(id: &str) -> Option<Format> {
        match id {
            "texte" => Some(Format::Texte),
            "json" => Some(Format::Json),
            "html" => Some(Format::Html),
            _ => None,
        }
    }
}

/// What an audit run gives: its report in the format asked, the audit, and
/// what reading the content found (the audit runs even on content with
/// errors; `check` tells them).
pub struct Run {
    pub report: String,
    pub audit: Audit,
    pub content_errors: usize,
}

/// Why an audit could not be made.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The root is not a site: the diagnostics say why.
    #[error("le dossier n'est pas un site kitpress lisible")]
    Site(Vec<crate::diagnostic::Diagnostic>),
    #[error(transparent)]
    Previous(#[from] PreviousError),
    /// The theme's `audit.html` could not be loaded or rendered.
    #[error("le rapport HTML n'a pas pu être écrit : {0}")]
    Html(String),
}

/// Loads and validates the site as `check` does, audits it, and writes the
/// report.
pub fn run(
    options: crate::site::Options,
    format: Format,
    previous: Option<&Path>,
) -> Result<Run, RunError> {
    let previous = previous.map(read_previous).transpose()?;
    let crate::build::Prepared { site, loaded, sink } =
        crate::build::prepare(options).map_err(RunError::Site)?;
    for d in loaded {
        sink.push(d);
    }
    sink.demote(&site.unpublished_files());
    let audit = audit(&site, previous.as_ref());
    let report = match format {
        Format::Texte => text::render(&audit),
        Format::Json => serde_json::to_string_pretty(&audit).unwrap_or_default() + "\n",
        Format::Html => html(&site, &audit)?,
    };
    Ok(Run {
        report,
        audit,
        content_errors: sink.into_vec().iter().filter(|d| d.is_error()).count(),
    })
}

/// The theme's `audit.html` for this audit: a standalone A4 document.
fn html(site: &Site, audit: &Audit) -> Result<String, RunError> {
    let sink = crate::diagnostic::Sink::new();
    let Some((_, mut tera)) = crate::build::load_theme(site, &sink) else {
        let messages: Vec<String> = sink.into_vec().into_iter().map(|d| d.message).collect();
        return Err(RunError::Html(messages.join(" ; ")));
    };
    crate::render::context::register(&mut tera, site, false);
    let mut cx = crate::render::Shared::new(site).base;
    cx.insert("audit", audit);
    tera.render("audit.html", &cx)
        .map_err(|e| RunError::Html(crate::theme::template_error(&e).1))
}
