//! An entry with every field of the content model filled, written as the
//! CMS writes it (block YAML): what proves that the form and the readers
//! agree. A test reads it through the real readers (no key unknown, every
//! key read) and builds a site with one of each (`check` passes).

use saphyr::{Mapping, Scalar, Yaml, YamlEmitter};

use crate::config::SiteConfig;
use crate::content::schema::{
    self, Field, Kind, COLOR_PATTERN, EMAIL_PATTERN, MONTH_PATTERN, PHONE_PATTERN, REPO_PATTERN,
    SLUG_PATTERN, URL_PATTERN,
};
use crate::content::Section;

/// What the sample points at, which the site must hold.
pub struct Refs<'a> {
    /// An image under `content/images/`.
    pub image: &'a str,
    /// The slug of a validated offer.
    pub offer: &'a str,
    /// The month of a calendar sample (`2026-12`).
    pub month: &'a str,
}

/// The front matter and body of a Markdown file of `section`, every field
/// filled.
pub fn markdown(section: Section, cfg: &SiteConfig, refs: &Refs) -> String {
    let fields = schema::markdown_fields(section);
    let front = emit(&object(&fields, "", cfg, refs));
    format!("---\n{front}\n---\nUn texte d'essai, écrit dans le formulaire.\n")
}

/// A calendar month, every field filled, one entry.
pub fn month(cfg: &SiteConfig, refs: &Refs) -> String {
    format!("{}\n", emit(&object(schema::MOIS, "", cfg, refs)))
}

fn emit(y: &Yaml) -> String {
    let mut out = String::new();
    let mut e = YamlEmitter::new(&mut out);
    e.multiline(true);
    // A mapping always dumps; nothing else is given here.
    let _ = e.dump(y);
    out.trim_start_matches("---\n")
        .trim_start_matches("---")
        .to_string()
}

fn text(s: &str) -> Yaml<'static> {
    Yaml::Value(Scalar::String(s.to_string().into()))
}

fn object(fields: &[Field], path: &str, cfg: &SiteConfig, refs: &Refs) -> Yaml<'static> {
    let mut map = Mapping::new();
    for f in fields {
        let p = if path.is_empty() {
            f.key.to_string()
        } else {
            format!("{path}.{}", f.key)
        };
        map.insert(text(f.key), value(f, &p, cfg, refs));
    }
    Yaml::Mapping(map)
}

/// A valid value for the field at `path` (`periode.debut`).
fn value(f: &Field, path: &str, cfg: &SiteConfig, refs: &Refs) -> Yaml<'static> {
    let int = |i: i64| Yaml::Value(Scalar::Integer(i));
    match f.kind {
        Kind::Text => text(match f.key {
            "coup_de_coeur" => "2026-W49, 2026-W50",
            "theme" => "clicmouv",
            "langue" => "fr",
            // A layout family of the built-in theme.
            "gabarit" => "annonce",
            _ => "Texte d'essai",
        }),
        Kind::LongText => text("Une première ligne.\nUne seconde ligne."),
        Kind::Pattern(p, _) => text(match p {
            SLUG_PATTERN => "essai-complet",
            PHONE_PATTERN => "+687 44 55 66",
            EMAIL_PATTERN => "contact@exemple.nc",
            URL_PATTERN => "https://exemple.nc/reserver",
            MONTH_PATTERN => refs.month,
            COLOR_PATTERN => "#00677f",
            REPO_PATTERN => "province-sud/clicetmouv",
            _ => "",
        }),
        Kind::Int { min, .. } => int(match path.rsplit('.').next().unwrap_or("") {
            "age_min" => 11,
            "age_max" => 17,
            "min" => 6,
            "max" => 12,
            "montant" => 2500,
            "seances" => 10,
            "age" => 14,
            _ => min.max(3),
        }),
        Kind::Bool => Yaml::Value(Scalar::Boolean(true)),
        Kind::Decimal { .. } => Yaml::Value(Scalar::FloatingPoint(if f.key == "lat" {
            (-22.2758).into()
        } else {
            166.458.into()
        })),
        Kind::Date => text(match path {
            "periode.debut" => "2026-03-01",
            "periode.fin" => "2026-12-12",
            // A calendar entry's day lies in its month.
            "entrees.date" => return text(&format!("{}-20", refs.month)),
            _ => "2026-11-20",
        }),
        Kind::DateTime => text(if f.key == "fin" {
            "2026-12-12T16:00"
        } else {
            "2026-12-12T09:00"
        }),
        Kind::Time => text(match f.key {
            "fin" => "16:00",
            "heure" => "17:30",
            _ => "14:00",
        }),
        Kind::Choice { of, .. } => text(of.values(cfg).first().map_or("", |s| s.as_str())),
        Kind::Choices(of) => {
            Yaml::Sequence(of.values(cfg).iter().take(2).map(|s| text(s)).collect())
        }
        Kind::Offer => text(refs.offer),
        Kind::Image => text(refs.image),
        Kind::Focal => Yaml::Sequence(vec![
            Yaml::Value(Scalar::FloatingPoint(0.5.into())),
            Yaml::Value(Scalar::FloatingPoint(0.6.into())),
        ]),
        Kind::Texts => Yaml::Sequence(vec![text("Premier point"), text("Second point")]),
        Kind::Object(inner) => object(inner, path, cfg, refs),
        Kind::Objects(inner) => Yaml::Sequence(vec![object(inner, path, cfg, refs)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::actu::Actu;
    use crate::content::guide::Guide;
    use crate::content::kit::Kit;
    use crate::content::offre::Offre;
    use crate::content::offre_modele::OffreModele;
    use crate::diagnostic::Sink;
    use crate::library::Page;
    use crate::load::ReadDoc;
    use crate::site::Options;
    use crate::yaml::asked;

    const REFS: Refs = Refs {
        image: "offres/surf.jpg",
        offer: "initiation-surf-bourail",
        month: "2026-12",
    };

    fn cfg() -> SiteConfig {
        SiteConfig::with_defaults("Essai".into(), "https://exemple.nc/".into())
    }

    /// Reads `text` as the file `rel` through the real reader, noting the
    /// keys it asks for.
    fn read(section: Section, text: &str) -> (Vec<String>, Sink) {
        let dir = tempfile::tempdir().unwrap();
        let rel = format!("content/{}/essai-complet.md", section.dir());
        std::fs::create_dir_all(dir.path().join("content").join(section.dir())).unwrap();
        std::fs::write(dir.path().join(&rel), text).unwrap();
        let (cfg, sink) = (cfg(), Sink::new());
        let options = Options {
            root: dir.path().to_path_buf(),
            drafts: false,
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        };
        let r = ReadDoc {
            root: dir.path(),
            rel: &rel,
            cfg: &cfg,
            options: &options,
            sink: &sink,
        };
        let (read, keys) = asked::during(|| match section {
            Section::Pages => r.read::<Page>().is_some(),
            Section::Offres => r.read::<Offre>().is_some(),
            Section::OffresModeles => r.read::<OffreModele>().is_some(),
            Section::Kit => r.read::<Kit>().is_some(),
            Section::Guide => r.read::<Guide>().is_some(),
            Section::Actus => r.read::<Actu>().is_some(),
        });
        assert!(read, "{rel} not read:\n{text}");
        (keys, sink)
    }

    /// Every key of the table is read without a problem, and every key the
    /// readers ask for is in the table.
    #[test]
    fn the_table_and_the_readers_agree_for_every_markdown_type() {
        for section in Section::ALL {
            let text = markdown(section, &cfg(), &REFS);
            let (asked, sink) = read(section, &text);
            let problems: Vec<String> = sink.into_vec().iter().map(|d| d.to_string()).collect();
            assert!(problems.is_empty(), "{section:?}:\n{text}\n{problems:#?}");
            let table = schema::key_paths(&schema::markdown_fields(section));
            let unknown: Vec<&String> = asked.iter().filter(|k| !table.contains(k)).collect();
            assert!(
                unknown.is_empty(),
                "{section:?}: read but not in the table: {unknown:?}"
            );
            let unread: Vec<&String> = table.iter().filter(|k| !asked.contains(k)).collect();
            assert!(
                unread.is_empty(),
                "{section:?}: in the table but not read: {unread:?}"
            );
        }
    }

    #[test]
    fn the_table_and_the_calendar_reader_agree() {
        let text = month(&cfg(), &REFS);
        let sink = Sink::new();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let (m, asked) = asked::during(|| {
            crate::content::calendar::read(
                &text,
                "content/calendrier/2026-12.yaml",
                "2026-12",
                &cfg(),
                today,
                &sink,
            )
        });
        assert!(m.is_some(), "{text}");
        let problems: Vec<String> = sink
            .into_vec()
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect();
        assert!(problems.is_empty(), "{text}\n{problems:#?}");
        let table = schema::key_paths(schema::MOIS);
        let unknown: Vec<&String> = asked.iter().filter(|k| !table.contains(k)).collect();
        assert!(unknown.is_empty(), "read but not in the table: {unknown:?}");
        let unread: Vec<&String> = table.iter().filter(|k| !asked.contains(k)).collect();
        assert!(unread.is_empty(), "in the table but not read: {unread:?}");
    }

    #[test]
    fn the_table_and_the_site_reader_agree() {
        let text = emit(&object(schema::SITE, "", &cfg(), &REFS));
        let sink = Sink::new();
        let (cfg, asked) = asked::during(|| SiteConfig::parse(&text, &sink));
        assert!(cfg.is_some(), "{text}");
        let problems: Vec<String> = sink.into_vec().iter().map(|d| d.to_string()).collect();
        assert!(problems.is_empty(), "{text}\n{problems:#?}");
        let table = schema::key_paths(schema::SITE);
        let unknown: Vec<&String> = asked.iter().filter(|k| !table.contains(k)).collect();
        assert!(unknown.is_empty(), "read but not in the table: {unknown:?}");
        let unread: Vec<&String> = table.iter().filter(|k| !asked.contains(k)).collect();
        assert!(unread.is_empty(), "in the table but not read: {unread:?}");
    }
}
