//! `content/site.yaml`: the site configuration, with a default for every key
//! but `titre` and `url_base`.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Pos, Sink};
use crate::yaml::{Cx, MapReader, YamlDoc};

/// Path of the configuration file, relative to the site root.
pub const CONFIG_FILE: &str = "content/site.yaml";

#[derive(Debug, Clone, Serialize)]
pub struct Charte {
    pub couleur_primaire: String,
    pub couleur_secondaire: String,
    pub logo: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Financeur {
    pub nom: String,
    pub logo: Option<String>,
    pub mention: String,
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
    pub calendrier: CalendrierConfig,
    /// Whether bodies may show images from other sites (default: no).
    pub images_distantes: bool,
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

pub const DEFAULT_COMMUNES: &[&str] = &[
    "Nouméa",
    "Dumbéa",
    "Mont-Dore",
    "Païta",
    "Boulouparis",
    "La Foa",
    "Sarraméa",
    "Farino",
    "Moindou",
    "Bourail",
    "Thio",
    "Yaté",
    "Île des Pins",
    "Poya",
];

pub const DEFAULT_QUARTIERS: &[&str] = &[
    "Rivière-Salée",
    "Kaméré",
    "Tindu",
    "Montravel",
    "Saint-Quentin",
    "Pierre-Lenquette",
    "Portes-de-Fer",
    "Dumbéa-sur-Mer",
    "Apogoti",
];

const DEFAULT_UNIVERS: &[(&str, &str, &str)] = &[
    ("sport", "Sport", "#005a9c"),
    ("cultures-urbaines", "Cultures urbaines", "#8a2be2"),
    ("arts-culture", "Arts et culture", "#b3261e"),
    ("numerique", "Numérique", "#006b5f"),
    ("aventure", "Aventure", "#9a4d00"),
    ("bien-etre", "Bien-être", "#2e7d32"),
    ("inclusion", "Inclusion", "#6a1b9a"),
];

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
            calendrier: CalendrierConfig {
                publier: true,
                objectifs: Quotas::default(),
                delai_validation_jours: 7,
            },
            images_distantes: false,
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
        read_optional(&root, &mut cfg);
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
            "url-invalide",
            format!("`url_base` doit être une adresse web complète, pas « {url} »"),
            Some("par exemple https://www.province-sud.nc/clicetmouv/".into()),
        );
    }
    if !url.ends_with('/') {
        url.push('/');
    }
    url
}

/// A theme is named by its folder under `themes/`: no path, no dot first.
fn is_theme_name(s: &str) -> bool {
    !s.starts_with('.')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !s.contains("..")
}

fn is_color(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}

fn color(n: &crate::yaml::Node) -> Option<String> {
    let s = n.text()?;
    if is_color(&s) {
        Some(s.to_lowercase())
    } else {
        n.report(
            "couleur-invalide",
            format!("`{}` : « {s} » n'est pas une couleur #rrvvbb", n.path),
            Some("écrivez la couleur entre guillemets, par exemple \"#00677f\"".into()),
        );
        None
    }
}

/// WCAG contrast ratio of a `#rrggbb` colour against white.
pub fn contrast_with_white(hex: &str) -> f64 {
    let channel = |i: usize| {
        let c = u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0) as f64 / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    1.05 / (l + 0.05)
}

/// The same hue, darkened just enough to reach `target` against white.
pub fn darken_to(hex: &str, target: f64) -> String {
    let rgb: Vec<f64> = [1, 3, 5]
        .iter()
        .map(|i| u8::from_str_radix(&hex[*i..*i + 2], 16).unwrap_or(0) as f64)
        .collect();
    let mut f = 1.0;
    loop {
        let candidate = format!(
            "#{:02x}{:02x}{:02x}",
            (rgb[0] * f) as u8,
            (rgb[1] * f) as u8,
            (rgb[2] * f) as u8
        );
        if contrast_with_white(&candidate) >= target || f <= 0.0 {
            return candidate;
        }
        f -= 0.01;
    }
}

/// Minimum contrast of text against its background (WCAG 2.1 AA).
pub const MIN_CONTRAST: f64 = 4.5;

/// A charte colour carries white text and is used for links on white: it
/// must reach AA contrast against white.
fn charte_color(n: &crate::yaml::Node) -> Option<String> {
    let c = color(n)?;
    let ratio = contrast_with_white(&c);
    if ratio < MIN_CONTRAST {
        let better = darken_to(&c, MIN_CONTRAST);
        let fr = |x: f64| format!("{x:.1}").replace('.', ",");
        n.report(
            "couleur-contraste",
            format!(
                "`{}` : « {c} » n'a qu'un contraste de {}:1 avec le blanc, il en faut 4,5:1 (RGAA, WCAG 2.1 AA)",
                n.path,
                fr(ratio)
            ),
            Some(format!(
                "essayez « {better} », la même teinte plus foncée (contraste {}:1)",
                fr(contrast_with_white(&better))
            )),
        );
    }
    Some(c)
}

fn read_optional(root: &MapReader, cfg: &mut SiteConfig) {
    if let Some(s) = root.get("langue").and_then(|n| n.text()) {
        cfg.langue = s;
    }
    if let Some(n) = root.get("theme") {
        if let Some(s) = n.text().filter(|s| !s.is_empty()) {
            if is_theme_name(&s) {
                cfg.theme = s;
            } else {
                n.report(
                    "theme-invalide",
                    format!("`theme` : « {s} » n'est pas un nom de thème (un dossier de themes/, sans chemin)"),
                    Some(format!("écrivez seulement le nom du dossier de themes/, par exemple « {} »", crate::templates::DEFAULT_THEME_NAME)),
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
                let slug = crate::content::slug_of(&id);
                if !id.is_empty() && slug != id {
                    m.get("id").unwrap().report(
                        "slug-invalide",
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
            let list: Vec<String> = n
                .texts()
                .iter()
                .map(|s| crate::content::slug_of(s))
                .collect();
            if !list.is_empty() {
                *target = list;
            }
        }
    }
    if let Some(m) = root.get("objectifs").and_then(|n| n.map()) {
        if let Some(u) = m.get("offres_modeles_par_cible").and_then(|n| n.uint()) {
            cfg.offres_modeles_par_cible = u;
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
        Diagnostic::error(
            "site-absent",
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
