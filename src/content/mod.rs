//! The content model: one module per content type, and what they share (the
//! common front matter, publication status, sections and URLs).
//!
//! Each type's `read` function turns a front matter ([`MapReader`]) into a
//! typed struct, reporting every problem it meets and filling the struct with
//! neutral values where a value is wrong, so that one file gives all of its
//! problems in one run.

pub mod actu;
pub mod calendar;
pub mod guide;
pub mod kit;
pub mod offre;
pub mod offre_modele;
pub mod schema;
pub mod temoignage;
pub mod words;

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::SiteConfig;
use crate::rules::Rule;
use crate::yaml::{MapReader, Node};
use words::Word;

pub use crate::slug::slug_of;

pub use words::Statut;

/// The folders of `content/` that hold Markdown files, one per content type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    Pages,
    Offres,
    OffresModeles,
    Kit,
    Guide,
    Actus,
}

impl Section {
    pub const ALL: [Section; 6] = [
        Section::Pages,
        Section::Offres,
        Section::OffresModeles,
        Section::Kit,
        Section::Guide,
        Section::Actus,
    ];

    /// Folder name under `content/`, also the URL prefix of its pages.
    pub fn dir(self) -> &'static str {
        match self {
            Section::Pages => "pages",
            Section::Offres => "offres",
            Section::OffresModeles => "offres-modeles",
            Section::Kit => "kit",
            Section::Guide => "guide",
            Section::Actus => "actus",
        }
    }

    pub fn from_dir(dir: &str) -> Option<Section> {
        Section::from_id(dir)
    }

    /// Whether files may sit in sub-folders (`offres/**/*.md`).
    pub fn nested(self) -> bool {
        self == Section::Offres
    }

    /// Characters of text a one-page printed sheet holds beside its facts
    /// (offers and model offers); kit and guide pages flow over as many
    /// pages as they need.
    pub fn sheet_capacity(self) -> Option<usize> {
        match self {
            Section::Offres => Some(650),
            Section::OffresModeles => Some(350),
            _ => None,
        }
    }
}

/// Folders of the internal pages (the editorial calendar, the diffusion
/// kits, the state of the network): `noindex`, out of the sitemap, the
/// feeds and the navigation; no content file may take their address.
pub const INTERNAL: &[&str] = &["calendrier/", "diffusion/", "reseau/"];

/// Whether a URL is one of an internal page.
pub fn is_internal(url: &str) -> bool {
    INTERNAL.iter().any(|p| url.starts_with(p))
}

/// Sections are a word list too: the theme labels them (`rubrique_site`).
impl words::Word for Section {
    const LIST: &'static str = "rubrique_site";
    const ALL: &'static [Section] = &Section::ALL;
    fn id(self) -> &'static str {
        self.dir()
    }
}

/// A picture with its text alternative (`visuel`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Visuel {
    /// Path under `content/images/`.
    pub src: String,
    pub alt: String,
    pub credit: Option<String>,
    pub decoratif: bool,
    pub largeur: Option<u32>,
    pub hauteur: Option<u32>,
    /// The point kept when the image is cropped to another shape, as
    /// fractions of its width and height (`focal: [0.5, 0.3]`).
    pub focal: [f64; 2],
    /// Line of the `src` value, to report a missing image.
    #[serde(skip)]
    pub line: usize,
}

/// The keys every Markdown file may carry.
#[derive(Debug, Clone, Serialize)]
pub struct Common {
    pub titre: String,
    pub resume: Option<String>,
    pub statut: Statut,
    pub date: Option<NaiveDate>,
    pub slug: String,
    /// Templates see it through [`crate::views::VisuelView`] (with the files
    /// made of it), never as it is here.
    #[serde(skip)]
    pub visuel: Option<Visuel>,
    pub etiquettes: Vec<String>,
    /// Line of `titre`, for problems of what is made from it.
    #[serde(skip)]
    pub titre_line: usize,
}

/// Reads the common keys. `file_stem` gives the default slug.
pub fn read_common(m: &MapReader, file_stem: &str, needs_date: bool) -> Common {
    let titre = m
        .require("titre")
        .and_then(|n| n.text())
        .unwrap_or_default();
    let resume = m
        .get("resume")
        .and_then(|n| n.text())
        .filter(|s| !s.is_empty());
    if let (Some(r), Some(n)) = (&resume, m.get("resume")) {
        let len = r.chars().count();
        if len > 200 {
            n.report(
                Rule::ResumeTropLong,
                format!("`resume` fait {len} caractères, 200 au plus"),
                Some("raccourcissez le résumé : il sert aux cartes, aux flux et à la description de la page".into()),
            );
        }
    }
    let statut = m
        .get("statut")
        .and_then(|n| n.word())
        .unwrap_or(Statut::Brouillon);
    let date = if needs_date {
        m.require("date").and_then(|n| n.date())
    } else {
        m.get("date").and_then(|n| n.date())
    };
    let default_slug = slug_of(file_stem);
    let slug = match m.get("slug") {
        Some(n) => match n.text() {
            Some(s) if slug_of(&s) == s && !s.is_empty() => s,
            Some(s) => {
                n.report(
                    Rule::SlugInvalide,
                    format!("`slug` : « {s} » n'est pas un identifiant valide (minuscules, chiffres, tirets)"),
                    Some(format!("écrivez « {} »", slug_of(&s))),
                );
                default_slug
            }
            None => default_slug,
        },
        None => default_slug,
    };
    let visuel = m.get("visuel").and_then(|n| read_visuel(&n));
    let etiquettes = m.get("etiquettes").map(|n| n.texts()).unwrap_or_default();
    Common {
        titre_line: m.key_pos("titre").line,
        titre,
        resume,
        statut,
        date,
        slug,
        visuel,
        etiquettes,
    }
}

/// Reads a `visuel: { src, alt, credit?, decoratif? }` mapping.
pub fn read_visuel(n: &Node) -> Option<Visuel> {
    let m = n.map()?;
    let src_node = m.require("src");
    let src = src_node.as_ref().and_then(|n| n.text()).unwrap_or_default();
    let line = src_node
        .map(|n| n.pos().line)
        .unwrap_or_else(|| n.pos().line);
    let decoratif = m.get("decoratif").and_then(|n| n.bool()).unwrap_or(false);
    let alt = m.get("alt").and_then(|n| n.text()).unwrap_or_default();
    if alt.trim().is_empty() && !decoratif {
        let d = n
            .cx
            .error(
                Rule::AltManquant,
                m.key_pos("alt"),
                &format!("{}.alt", n.path),
                format!("`{}.alt` : le texte alternatif de l'image est obligatoire", n.path),
            )
            .with_hint("décrivez ce que montre l'image ; si elle est purement décorative, ajoutez decoratif: true");
        n.cx.sink.push(d);
    }
    let credit = m
        .get("credit")
        .and_then(|n| n.text())
        .filter(|s| !s.is_empty());
    let focal = m
        .get("focal")
        .and_then(|n| read_focal(&n))
        .unwrap_or([0.5, 0.5]);
    m.finish();
    Some(Visuel {
        src,
        alt,
        credit,
        decoratif,
        largeur: None,
        hauteur: None,
        focal,
        line,
    })
}

/// `focal: [x, y]`, two numbers from 0 to 1.
fn read_focal(n: &Node) -> Option<[f64; 2]> {
    let items = n.list();
    let values: Vec<f64> = items.iter().filter_map(|i| i.fraction()).collect();
    match values.as_slice() {
        [x, y] if items.len() == 2 => Some([*x, *y]),
        _ => {
            n.report(
                Rule::TypeInvalide,
                format!("`{}` : deux nombres de 0 à 1 sont attendus, [x, y]", n.path),
                Some("par exemple focal: [0.5, 0.3] garde le point à mi-largeur, au tiers de la hauteur".into()),
            );
            None
        }
    }
}

/// An age range `{ age_min, age_max }`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Public {
    pub age_min: u64,
    pub age_max: u64,
}

pub fn read_public(n: &Node) -> Option<Public> {
    let m = n.map()?;
    let age_min = m.require("age_min").and_then(|n| n.uint());
    let age_max = m.require("age_max").and_then(|n| n.uint());
    m.finish();
    let (age_min, age_max) = (age_min?, age_max?);
    if age_min > age_max {
        m_report_order(
            n,
            "age_min",
            "age_max",
            &age_min.to_string(),
            &age_max.to_string(),
        );
        return None;
    }
    Some(Public { age_min, age_max })
}

/// Reports `a` > `b` for an ordered pair of keys of the mapping `n`.
pub fn m_report_order(n: &Node, a: &str, b: &str, va: &str, vb: &str) {
    n.report(
        Rule::OrdreInvalide,
        format!(
            "`{}.{a}` ({va}) doit être inférieur ou égal à `{}.{b}` ({vb})",
            n.path, n.path
        ),
        Some(format!("vérifiez que {a} et {b} ne sont pas inversés")),
    );
}

/// Accessibility of an activity.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Accessibilite {
    pub pmr: bool,
    pub handicaps: Vec<String>,
    pub details: String,
}

pub fn read_accessibilite(n: &Node, cfg: &SiteConfig) -> Accessibilite {
    let Some(m) = n.map() else {
        return Accessibilite::default();
    };
    let a = Accessibilite {
        pmr: m.get("pmr").and_then(|n| n.bool()).unwrap_or(false),
        handicaps: m
            .get("handicaps")
            .map(|n| {
                n.list()
                    .iter()
                    .filter_map(|h| h.choice(cfg.handicaps.iter().map(String::as_str)))
                    .collect()
            })
            .unwrap_or_default(),
        details: m.get("details").and_then(|n| n.text()).unwrap_or_default(),
    };
    m.finish();
    a
}

/// A list of identifiers taken from `allowed` (`cibles: [famille]`).
pub fn read_choices<'s, I>(n: &Node, allowed: I) -> Vec<String>
where
    I: IntoIterator<Item = &'s str> + Clone,
{
    n.list()
        .iter()
        .filter_map(|item| item.choice(allowed.clone()))
        .collect()
}
