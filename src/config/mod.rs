//! `content/site.yaml`: the site configuration, with a default for every key
//! but `titre` and `url_base`.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Pos, Sink};
use crate::rules::Rule;
use crate::yaml::{Cx, MapReader, YamlDoc};

mod charte;
mod defaults;
mod optional;

pub use charte::{contrast_with_white, darken_to, MIN_CONTRAST};
use defaults::{strings, DEFAULT_UNIVERS};
pub use defaults::{DEFAULT_COMMUNES, DEFAULT_QUARTIERS, DEFAULT_THEME_NAME};

/// Path of the configuration file, relative to the site root.
pub const CONFIG_FILE: &str = "content/site.yaml";

#[derive(Debug, Clone, Serialize)]
pub struct Charte {
    pub couleur_primaire: String,
    pub couleur_secondaire: String,
    pub logo: Option<String>,
    /// The picture of shared links for pages with no photo of their own
    /// (`charte.partage: images/partage.jpg`).
    pub partage: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Financeur {
    pub nom: String,
    pub logo: Option<String>,
    pub mention: String,
    /// Width and height of the logo, read by validation.
    pub logo_dimensions: Option<[u32; 2]>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Univers {
    pub id: String,
    pub libelle: String,
    pub couleur: String,
}

/// Monthly quotas of the editorial calendar.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Quotas {
    pub videos_verticales: u64,
    pub visuels: u64,
    pub campagnes_sms_push: u64,
}

impl Default for Quotas {
    fn default() -> Self {
        Quotas {
            videos_verticales: 3,
            visuels: 10,
            campagnes_sms_push: 2,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CalendrierConfig {
    pub publier: bool,
    pub objectifs: Quotas,
    pub delai_validation_jours: i64,
}

/// The monthly diffusion kit (`diffusion:` in site.yaml).
#[derive(Debug, Clone, Serialize)]
pub struct DiffusionConfig {
    /// Hashtags every text carries (`["#ClicEtMouv"]`).
    pub hashtags: Vec<String>,
    /// Campaign name of the links, before the month (`clicmouv-2026-05`).
    pub campagne: String,
}

/// The Git host a published CMS writes to (`edition:` in site.yaml).
#[derive(Debug, Clone, Serialize)]
pub struct Edition {
    pub backend: GitHost,
    /// `groupe/projet` on the host.
    pub depot: String,
    pub branche: String,
    /// Changes go through « à relire » then « prêt » before publication
    /// (Decap's editorial workflow).
    pub workflow: bool,
    /// A self-hosted instance (`https://gitlab.province-sud.nc`).
    pub adresse: Option<String>,
    /// The OAuth application's id on that host (PKCE login).
    pub application: Option<String>,
}

/// Where a published CMS writes (`edition.backend`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GitHost {
    Gitlab,
    Github,
    Gitea,
}

impl GitHost {
    pub const IDS: [&'static str; 3] = ["gitlab", "github", "gitea"];

    pub fn id(self) -> &'static str {
        match self {
            GitHost::Gitlab => "gitlab",
            GitHost::Github => "github",
            GitHost::Gitea => "gitea",
        }
    }

    pub fn from_id(id: &str) -> Option<GitHost> {
        match id {
            "gitlab" => Some(GitHost::Gitlab),
            "github" => Some(GitHost::Github),
            "gitea" => Some(GitHost::Gitea),
            _ => None,
        }
    }

    /// The API of a self-hosted instance at `base`.
    pub fn api_root(self, base: &str) -> String {
        match self {
            GitHost::Gitlab => format!("{base}/api/v4"),
            GitHost::Github => format!("{base}/api/v3"),
            GitHost::Gitea => format!("{base}/api/v1"),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteConfig {
    pub titre: String,
    /// Absolute URL of the published site, always ending with `/`.
    pub url_base: String,
    pub langue: String,
    pub theme: String,
    pub saison: String,
    pub portefeuille: u64,
    pub tarif_max_seance: u64,
    /// Templates see it through [`crate::views::SiteView`] (with the sharing
    /// picture's formats).
    #[serde(skip)]
    pub charte: Charte,
    pub mentions: Vec<String>,
    pub financeurs: Vec<Financeur>,
    pub univers: Vec<Univers>,
    pub communes: Vec<String>,
    pub quartiers_prioritaires: Vec<String>,
    pub cibles: Vec<String>,
    pub handicaps: Vec<String>,
    pub jours: Vec<String>,
    pub periodes: Vec<String>,
    pub offres_modeles_par_cible: u64,
    /// Partner organisations the network aims at (`objectifs.organismes`).
    pub objectif_organismes: u64,
    /// Fewest words of an offer's description before the audit calls it
    /// too short to sell (`audit: { description_min_mots: 30 }`).
    pub audit_description_min_mots: usize,
    pub calendrier: CalendrierConfig,
    pub diffusion: DiffusionConfig,
    /// Whether bodies may show images from other sites (default: no).
    pub images_distantes: bool,
    /// The CMS a build publishes at `/admin/` (none by default).
    pub edition: Option<Edition>,
}

impl SiteConfig {
    /// The configuration with every default, for a given title and URL.
    pub fn with_defaults(titre: String, url_base: String) -> Self {
        SiteConfig {
            titre,
            url_base,
            langue: "fr".into(),
            theme: "clicmouv".into(),
            saison: "2026-2027".into(),
            portefeuille: 15_000,
            tarif_max_seance: 3_000,
            charte: Charte {
                couleur_primaire: "#00677f".into(),
                couleur_secondaire: "#b8004f".into(),
                logo: None,
                partage: None,
            },
            mentions: Vec::new(),
            financeurs: Vec::new(),
            univers: DEFAULT_UNIVERS
                .iter()
                .map(|(id, libelle, couleur)| Univers {
                    id: id.to_string(),
                    libelle: libelle.to_string(),
                    couleur: couleur.to_string(),
                })
                .collect(),
            communes: strings(DEFAULT_COMMUNES),
            quartiers_prioritaires: strings(DEFAULT_QUARTIERS),
            cibles: strings(&["handicap", "decrochage", "famille"]),
            handicaps: strings(&[
                "moteur",
                "visuel",
                "auditif",
                "mental",
                "psychique",
                "cognitif",
            ]),
            jours: strings(&[
                "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
            ]),
            periodes: strings(&["periscolaire", "extrascolaire", "vacances"]),
            offres_modeles_par_cible: 10,
            objectif_organismes: 400,
            audit_description_min_mots: 30,
            calendrier: CalendrierConfig {
                publier: true,
                objectifs: Quotas::default(),
                delai_validation_jours: 7,
            },
            diffusion: DiffusionConfig {
                hashtags: Vec::new(),
                campagne: "diffusion".into(),
            },
            images_distantes: false,
            edition: None,
        }
    }

    pub fn univers_ids(&self) -> impl Iterator<Item = &str> + Clone {
        self.univers.iter().map(|u| u.id.as_str())
    }

    pub fn univers_libelle(&self, id: &str) -> String {
        self.univers
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.libelle.clone())
            .unwrap_or_else(|| id.to_string())
    }

    /// Path of `url_base` (`/clicetmouv/`): where the site sits on its host.
    pub fn base_path(&self) -> String {
        url::Url::parse(&self.url_base)
            .map(|u| u.path().to_string())
            .unwrap_or_else(|_| "/".into())
    }

    /// Host of `url_base` (`www.province-sud.nc`), for stable identifiers.
    pub fn host(&self) -> String {
        url::Url::parse(&self.url_base)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_else(|| "kitpress".into())
    }

    /// Reads `site.yaml` from its text. Problems go to `sink`; `None` only
    /// when the file cannot be read as a configuration at all.
    pub fn parse(text: &str, sink: &Sink) -> Option<SiteConfig> {
        let doc = YamlDoc::parse(text, 1, CONFIG_FILE, sink)?;
        let cx = Cx {
            file: CONFIG_FILE,
            sink,
        };
        let root = doc.root(&cx).map()?;
        let titre = root
            .require("titre")
            .and_then(|n| n.text())
            .unwrap_or_default();
        let url_base = match root.require("url_base") {
            Some(n) => read_url_base(&n),
            None => String::new(),
        };
        let mut cfg = SiteConfig::with_defaults(titre, url_base);
        optional::read(&root, &mut cfg);
        root.finish();
        Some(cfg)
    }
}

fn read_url_base(n: &crate::yaml::Node) -> String {
    let Some(mut url) = n.text() else {
        return String::new();
    };
    let parsed = url::Url::parse(&url);
    let web = parsed
        .as_ref()
        .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some());
    if !web {
        n.report(
            Rule::UrlInvalide,
            format!("`url_base` doit être une adresse web complète, pas « {url} »"),
            Some("par exemple https://www.province-sud.nc/clicetmouv/".into()),
        );
    }
    if !url.ends_with('/') {
        url.push('/');
    }
    url
}

/// Reads quota keys over `base` (shared by site.yaml and each month).
pub fn read_quotas(m: &MapReader, base: Quotas) -> Quotas {
    let mut q = base;
    if let Some(u) = m.get("videos_verticales").and_then(|n| n.uint()) {
        q.videos_verticales = u;
    }
    if let Some(u) = m.get("visuels").and_then(|n| n.uint()) {
        q.visuels = u;
    }
    if let Some(u) = m.get("campagnes_sms_push").and_then(|n| n.uint()) {
        q.campagnes_sms_push = u;
    }
    q
}

/// Reports a missing `site.yaml` (the root is then not a site).
pub fn missing(sink: &Sink) {
    sink.push(
        Diagnostic::new(
            Rule::SiteAbsent,
            CONFIG_FILE,
            Pos::default(),
            "fichier de configuration introuvable : ce dossier n'est pas un site kitpress",
        )
        .with_hint("lancez kitpress depuis le dossier du site, ou indiquez-le avec --root DOSSIER"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_of_the_default_charte_passes_aa() {
        assert!(contrast_with_white("#00677f") >= MIN_CONTRAST);
        assert!(contrast_with_white("#b8004f") >= MIN_CONTRAST);
        assert!((contrast_with_white("#000000") - 21.0).abs() < 0.01);
        assert!((contrast_with_white("#ffffff") - 1.0).abs() < 0.01);
    }

    #[test]
    fn a_light_colour_is_darkened_just_enough() {
        let light = "#00a0c6";
        assert!(contrast_with_white(light) < MIN_CONTRAST);
        let dark = darken_to(light, MIN_CONTRAST);
        let ratio = contrast_with_white(&dark);
        assert!((MIN_CONTRAST..5.0).contains(&ratio), "{dark} {ratio}");
    }
}
