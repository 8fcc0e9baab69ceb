//! Stage 4 — render: every page of the site through its template.
//!
//! The list of pages ([`plan`]) is made once; each page is then rendered on
//! its own (in parallel with rayon) from a small context: the site settings,
//! the navigation, and only the data of that page. No page re-reads the site
//! or re-parses a template, so a single page can be rendered again alone.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{json, Value};
use tera::{Context, Tera};

use crate::catalogue::offer;
use crate::content::{Meta, Section};
use crate::diagnostic::{Diagnostic, Pos, Sink};
use crate::markdown::{self, FragmentLink, LinkTarget};
use crate::site::{Doc, Site};

/// One file to produce.
#[derive(Debug, Clone)]
pub struct Job {
    /// Output path relative to the output folder (`offres/surf/index.html`).
    pub path: String,
    /// URL relative to the site root (`offres/surf/`).
    pub url: String,
    pub template: &'static str,
    pub kind: JobKind,
}

#[derive(Debug, Clone)]
pub enum JobKind {
    /// A content file, by index in `site.docs`.
    Doc(usize),
    /// The printable sheet of an offer, by index in `site.docs`.
    Sheet(usize),
    /// Printable sheets of several offers in one document, with its data.
    Bundle(Vec<usize>, Value),
    /// A list or generated page with its own data.
    Data(Value),
}

/// A card for lists: what index pages need of a document, without its body.
#[derive(Serialize)]
struct Card<'a> {
    url: &'a str,
    titre: &'a str,
    resume: &'a Option<String>,
    date: Option<chrono::NaiveDate>,
    brouillon: bool,
    section: Section,
    visuel: &'a Option<crate::content::Visuel>,
    meta: &'a Meta,
}

fn card(d: &Doc) -> Card<'_> {
    Card {
        url: &d.url,
        titre: &d.common.titre,
        resume: &d.common.resume,
        date: d.common.date,
        brouillon: d.brouillon,
        section: d.section,
        visuel: &d.common.visuel,
        meta: &d.meta,
    }
}

fn cards<'a>(docs: impl Iterator<Item = &'a Doc>) -> Vec<Card<'a>> {
    docs.map(card).collect()
}

fn sorted_by_order(site: &Site, section: Section) -> Vec<&Doc> {
    let mut v: Vec<&Doc> = site.published(section).collect();
    v.sort_by(|a, b| {
        let key = |d: &Doc| match &d.meta {
            Meta::Kit(k) => k.ordre,
            Meta::Guide(g) => g.ordre,
            _ => 0,
        };
        (key(a), &a.common.titre).cmp(&(key(b), &b.common.titre))
    });
    v
}

fn index_path(url: &str) -> String {
    format!("{url}index.html")
}

/// The list of every file the site produces.
pub fn plan(site: &Site) -> Vec<Job> {
    let mut jobs = Vec::new();
    let cfg = &site.config;
    let data = |path: String, url: String, template: &'static str, v: Value| Job {
        path,
        url,
        template,
        kind: JobKind::Data(v),
    };
    for (i, d) in site.docs.iter().enumerate().filter(|(_, d)| d.published) {
        let template = match d.section {
            Section::Pages if d.is_home() => continue,
            Section::Pages if d.common.slug == "accessibilite" => "accessibilite.html",
            Section::Pages => "page.html",
            Section::Offres => "offre.html",
            Section::OffresModeles => "offre-modele.html",
            Section::Kit => "kit-page.html",
            Section::Guide => "guide-page.html",
            Section::Actus => "actu.html",
        };
        jobs.push(Job {
            path: index_path(&d.url),
            url: d.url.clone(),
            template,
            kind: JobKind::Doc(i),
        });
        if d.section == Section::Offres {
            let url = format!("{}fiche/", d.url);
            jobs.push(Job {
                path: index_path(&url),
                url,
                template: "offre-fiche.html",
                kind: JobKind::Sheet(i),
            });
        }
    }

    // Home.
    let mut actus: Vec<&Doc> = site.published(Section::Actus).collect();
    actus.sort_by(|a, b| {
        b.common
            .date
            .cmp(&a.common.date)
            .then(a.common.titre.cmp(&b.common.titre))
    });
    let selection: Vec<&Doc> = site
        .published(Section::Offres)
        .filter(|d| offer(d).is_some_and(|o| o.coup_de_coeur || o.insolite))
        .collect();
    let home = site.docs.iter().position(|d| d.is_home() && d.published);
    jobs.push(data(
        "index.html".into(),
        String::new(),
        "index.html",
        json!({
            "accueil": home,
            "actus": cards(actus.iter().take(6).copied()),
            "selection": cards(selection.into_iter()),
            "compteurs": Section::ALL.iter().map(|s| (s.dir(), site.published(*s).count())).collect::<BTreeMap<_, _>>(),
        }),
    ));

    // Offers: catalogue, universes, communes, targets.
    let mut offers: Vec<&Doc> = site.published(Section::Offres).collect();
    offers.sort_by(|a, b| a.common.titre.cmp(&b.common.titre));
    let by = |f: &dyn Fn(&crate::content::offre::Offre) -> Vec<String>| {
        let mut m: BTreeMap<String, Vec<&Doc>> = BTreeMap::new();
        for d in &offers {
            if let Some(o) = offer(d) {
                for k in f(o) {
                    m.entry(k).or_default().push(d);
                }
            }
        }
        m
    };
    let by_univers = by(&|o| vec![o.univers.clone()]);
    let by_commune = by(&|o| vec![o.commune.clone()]);
    let by_cible = by(&|o| o.cibles.clone());
    let univers: Vec<Value> = cfg
        .univers
        .iter()
        .map(|u| json!({"id": u.id, "libelle": u.libelle, "couleur": u.couleur, "url": format!("offres/univers/{}/", u.id), "nombre": by_univers.get(&u.id).map_or(0, Vec::len)}))
        .collect();
    let communes: Vec<Value> = by_commune
        .keys()
        .map(|c| json!({"nom": c, "url": format!("offres/communes/{}/", crate::content::slug_of(c)), "nombre": by_commune[c].len()}))
        .collect();
    let cibles: Vec<Value> = cfg
        .cibles
        .iter()
        .map(|c| json!({"id": c, "url": format!("offres/cibles/{c}/"), "nombre": by_cible.get(c).map_or(0, Vec::len)}))
        .collect();
    jobs.push(data(
        "offres/index.html".into(),
        "offres/".into(),
        "offres.html",
        json!({"offres": cards(offers.iter().copied()), "univers": univers, "communes": communes, "cibles": cibles}),
    ));
    for u in &cfg.univers {
        let url = format!("offres/univers/{}/", u.id);
        let list = by_univers
            .get(&u.id)
            .map(|v| cards(v.iter().copied()))
            .unwrap_or_default();
        jobs.push(data(
            index_path(&url),
            url,
            "offres-liste.html",
            json!({"critere": "univers", "valeur": u.libelle, "couleur": u.couleur, "offres": list}),
        ));
    }
    for (c, list) in &by_commune {
        let url = format!("offres/communes/{}/", crate::content::slug_of(c));
        jobs.push(data(
            index_path(&url),
            url.clone(),
            "offres-liste.html",
            json!({"critere": "commune", "valeur": c, "offres": cards(list.iter().copied()), "recueil": format!("{url}fiches/")}),
        ));
        let bundle_url = format!("{url}fiches/");
        let ids: Vec<usize> = list
            .iter()
            .filter_map(|d| site.docs.iter().position(|x| std::ptr::eq(x, *d)))
            .collect();
        jobs.push(Job {
            path: index_path(&bundle_url),
            url: bundle_url,
            template: "offres-recueil.html",
            kind: JobKind::Bundle(ids, json!({"commune": c, "url_commune": url})),
        });
    }
    jobs.push(data(
        "offres/index.json".into(),
        "offres/index.json".into(),
        "index.json",
        json!({ "index": crate::catalogue::index(offers.iter().copied()) }),
    ));
    for c in &cfg.cibles {
        let url = format!("offres/cibles/{c}/");
        let list = by_cible
            .get(c)
            .map(|v| cards(v.iter().copied()))
            .unwrap_or_default();
        jobs.push(data(
            index_path(&url),
            url,
            "offres-liste.html",
            json!({"critere": "cible", "valeur": c, "offres": list}),
        ));
    }

    // Model offers by target.
    let groups: Vec<Value> = cfg
        .cibles
        .iter()
        .map(|c| {
            let mut list: Vec<&Doc> = site
                .published(Section::OffresModeles)
                .filter(|d| matches!(&d.meta, Meta::OffreModele(m) if &m.cible == c))
                .collect();
            list.sort_by(|a, b| a.common.titre.cmp(&b.common.titre));
            json!({"cible": c, "objectif": cfg.offres_modeles_par_cible, "offres": cards(list.into_iter())})
        })
        .collect();
    jobs.push(data(
        "offres-modeles/index.html".into(),
        "offres-modeles/".into(),
        "offres-modeles.html",
        json!({ "groupes": groups }),
    ));
    // Print bundles: model offers by target, the kit, the contributor guide.
    let position = |d: &Doc| site.docs.iter().position(|x| std::ptr::eq(x, d));
    let mut model_ids = Vec::new();
    let mut model_groups = Vec::new();
    for c in &cfg.cibles {
        let mut list: Vec<&Doc> = site
            .published(Section::OffresModeles)
            .filter(|d| matches!(&d.meta, Meta::OffreModele(m) if &m.cible == c))
            .collect();
        list.sort_by(|a, b| a.common.titre.cmp(&b.common.titre));
        model_groups.push(json!({ "cible": c, "nombre": list.len() }));
        model_ids.extend(list.into_iter().filter_map(position));
    }
    let bundles = [
        (
            "offres-modeles/recueil/",
            "recueil-offres-modeles",
            model_ids,
        ),
        (
            "kit/recueil/",
            "kit-pedagogique",
            sorted_by_order(site, Section::Kit)
                .into_iter()
                .filter_map(position)
                .collect(),
        ),
        (
            "guide/recueil/",
            "kit-contribution",
            sorted_by_order(site, Section::Guide)
                .into_iter()
                .filter_map(position)
                .collect(),
        ),
    ];
    for (url, kind, ids) in bundles {
        jobs.push(Job {
            path: index_path(url),
            url: url.to_string(),
            template: "recueil.html",
            kind: JobKind::Bundle(ids, json!({ "recueil": kind, "groupes": model_groups })),
        });
    }
    // Kit pages by audience, guide pages by topic; each group in `ordre`.
    let grouped =
        |section: Section, ids: &[&str], key: &dyn Fn(&Doc) -> Option<String>| -> Vec<Value> {
            let pages = sorted_by_order(site, section);
            let mut groups: Vec<Value> = ids
                .iter()
                .map(|id| {
                    let list: Vec<&Doc> = pages
                        .iter()
                        .copied()
                        .filter(|d| key(d).as_deref() == Some(*id))
                        .collect();
                    json!({ "id": id, "pages": cards(list.into_iter()) })
                })
                .filter(|g| g["pages"].as_array().is_some_and(|a| !a.is_empty()))
                .collect();
            let rest: Vec<&Doc> = pages.iter().copied().filter(|d| key(d).is_none()).collect();
            if !rest.is_empty() {
                groups.push(json!({ "id": "", "pages": cards(rest.into_iter()) }));
            }
            groups
        };
    let kit_groups = grouped(
        Section::Kit,
        &crate::content::kit::CIBLES,
        &|d| match &d.meta {
            Meta::Kit(k) => k.cible.clone(),
            _ => None,
        },
    );
    let guide_groups = grouped(
        Section::Guide,
        &crate::content::guide::RUBRIQUES,
        &|d| match &d.meta {
            Meta::Guide(g) => g.rubrique.clone(),
            _ => None,
        },
    );
    jobs.push(data(
        "kit/index.html".into(),
        "kit/".into(),
        "kit.html",
        json!({ "pages": cards(sorted_by_order(site, Section::Kit).into_iter()), "groupes": kit_groups }),
    ));
    jobs.push(data(
        "guide/index.html".into(),
        "guide/".into(),
        "guide.html",
        json!({ "pages": cards(sorted_by_order(site, Section::Guide).into_iter()), "groupes": guide_groups }),
    ));
    jobs.push(data(
        "actus/index.html".into(),
        "actus/".into(),
        "actus.html",
        json!({ "actus": cards(actus.iter().copied()) }),
    ));
    jobs.push(data(
        "actus/atom.xml".into(),
        "actus/atom.xml".into(),
        "atom.xml",
        json!({ "actus": cards(actus.iter().take(50).copied()) }),
    ));

    // Calendar (internal, not in navigation, sitemap or feeds).
    if cfg.calendrier.publier {
        plan_calendar(site, &mut jobs);
    }

    // Drafts shown in a preview never reach the sitemap.
    let is_draft = |j: &Job| matches!(j.kind, JobKind::Doc(i) if site.docs[i].brouillon);
    let mut urls: Vec<&str> = jobs
        .iter()
        .filter(|j| {
            // Pages only: not print documents, the calendar or drafts.
            matches!(j.kind, JobKind::Doc(_) | JobKind::Data(_))
                && j.path.ends_with(".html")
                && !j.url.starts_with("calendrier")
                && !is_draft(j)
        })
        .map(|j| j.url.as_str())
        .collect();
    urls.sort_unstable();
    let sitemap = json!({ "urls": urls });
    jobs.push(data(
        "sitemap.xml".into(),
        "sitemap.xml".into(),
        "sitemap.xml",
        sitemap,
    ));
    jobs.push(data(
        "404.html".into(),
        "404.html".into(),
        "404.html",
        json!({}),
    ));
    jobs
}

/// The editorial calendar: index, months, channels and subscriptions.
fn plan_calendar(site: &Site, jobs: &mut Vec<Job>) {
    use crate::calendar_view::{channels, entries, key_dates, weeks};
    let delay = site.config.calendrier.delai_validation_jours;
    let host = site
        .config
        .url_base
        .split("://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or("kitpress")
        .to_string();
    let keys = key_dates(&site.data);
    let canaux = channels(&site.months);
    let all = entries(&site.months, None, delay, &host);
    let late: Vec<&crate::calendar_view::Dated> = all
        .iter()
        .filter(|d| d.entree.en_retard || d.entree.echeance)
        .collect();
    let months: Vec<Value> = site
        .months
        .iter()
        .map(|m| json!({"mois": m.mois, "theme": m.theme, "url": format!("calendrier/{}/", m.mois), "quotas": m.quotas, "entrees": m.entrees.len()}))
        .collect();
    let mut push = |path: String, url: String, template: &'static str, v: Value| {
        jobs.push(Job {
            path,
            url,
            template,
            kind: JobKind::Data(v),
        })
    };
    push(
        "calendrier/index.html".into(),
        "calendrier/".into(),
        "calendrier.html",
        json!({ "mois": months, "canaux": canaux, "en_retard": late }),
    );
    for m in &site.months {
        let url = format!("calendrier/{}/", m.mois);
        let month_late: Vec<&&crate::calendar_view::Dated> =
            late.iter().filter(|d| d.mois == m.mois).collect();
        let month_keys: Vec<_> = keys
            .iter()
            .filter(|k| k.date.format("%Y-%m").to_string() == m.mois)
            .collect();
        push(
            index_path(&url),
            url,
            "calendrier-mois.html",
            json!({ "mois": m, "semaines": weeks(m, &keys), "en_retard": month_late, "dates_cles": month_keys }),
        );
    }
    let dtstamp = format!("{}T000000Z", site.options.today.format("%Y%m%d"));
    push(
        "calendrier/calendrier.ics".into(),
        "calendrier/calendrier.ics".into(),
        "calendrier.ics",
        json!({ "canal": null, "evenements": all, "dtstamp": dtstamp }),
    );
    for canal in canaux {
        let list = entries(&site.months, Some(canal), delay, &host);
        let url = format!("calendrier/canaux/{canal}/");
        push(
            index_path(&url),
            url,
            "calendrier-canal.html",
            json!({ "canal": canal, "entrees": list }),
        );
        push(
            format!("calendrier/{canal}.ics"),
            format!("calendrier/{canal}.ics"),
            "calendrier.ics",
            json!({ "canal": canal, "evenements": list, "dtstamp": dtstamp }),
        );
    }
}

/// `../` as many times as the URL is deep.
pub fn to_root(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// Free pages linked from every footer, when they exist.
pub const FOOTER_PAGES: [&str; 4] = [
    "mentions-legales",
    "accessibilite",
    "donnees-personnelles",
    "contact",
];

/// What every page's template receives.
pub struct Shared {
    base: Context,
    links: HashMap<String, LinkTarget>,
    images: HashSet<String>,
}

impl Shared {
    pub fn new(site: &Site) -> Shared {
        let mut base = Context::new();
        base.insert("site", &site.config);
        base.insert("apercu_brouillons", &site.options.drafts);
        base.insert("data", &site.data);
        base.insert("aujourdhui", &site.options.today);
        base.insert(
            "rubriques",
            &json!([
                {"url": "offres/", "id": "offres"},
                {"url": "offres-modeles/", "id": "offres-modeles"},
                {"url": "kit/", "id": "kit"},
                {"url": "guide/", "id": "guide"},
                {"url": "actus/", "id": "actus"},
            ]),
        );
        // Only the legal pages go in every footer: a list of every free
        // page would make each page's size grow with the site.
        let pages: Vec<Value> = FOOTER_PAGES
            .iter()
            .filter_map(|slug| {
                site.published(Section::Pages)
                    .find(|d| d.common.slug == *slug)
            })
            .map(|d| json!({"url": d.url, "titre": d.common.titre}))
            .collect();
        base.insert("pages_libres", &pages);
        let links = site
            .docs
            .iter()
            .map(|d| {
                (
                    d.key.clone(),
                    LinkTarget {
                        url: d.url.clone(),
                        published: d.published,
                    },
                )
            })
            .collect();
        Shared {
            base,
            links,
            images: site.images.iter().cloned().collect(),
        }
    }
}

/// Draws a shortcode with the theme's `shortcodes/<nom>.html`.
fn draw_shortcode(
    tera: &Tera,
    name: &str,
    data: &Value,
    root: &str,
    file: &str,
    sink: &Sink,
) -> Option<String> {
    let template = format!("shortcodes/{name}.html");
    let mut cx = Context::new();
    cx.insert("sc", data);
    cx.insert("racine", root);
    match tera.render(&template, &cx) {
        Ok(html) => Some(html),
        Err(e) => {
            let (_, message) = crate::templates::template_error(&e);
            sink.push(Diagnostic::error(
                "gabarit-erreur",
                format!("templates/{template}"),
                Pos::default(),
                format!("le shortcode « {name} » n'a pas pu être dessiné ({file}) : {message}"),
            ));
            None
        }
    }
}

fn render_body(
    site: &Site,
    shared: &Shared,
    tera: &Tera,
    doc: &Doc,
    root: &str,
    sink: &Sink,
) -> markdown::Rendered {
    render_markdown(site, shared, tera, doc, &doc.body, root, sink)
}

/// Renders `text`, the body of `doc` or a part of it, as `doc`'s page would.
fn render_markdown(
    site: &Site,
    shared: &Shared,
    tera: &Tera,
    doc: &Doc,
    text: &str,
    root: &str,
    sink: &Sink,
) -> markdown::Rendered {
    let draw = |name: &str, data: &Value| draw_shortcode(tera, name, data, root, &doc.file, sink);
    let cx = markdown::Context {
        links: &shared.links,
        images: &shared.images,
        to_root: root,
        file: &doc.file,
        body_line: doc.body_line,
        shortcode: Some(&draw),
        wallet: site.config.portefeuille,
        highlight: matches!(doc.section, Section::Guide | Section::Kit),
        remote_images: site.config.images_distantes,
    };
    markdown::render(text, &cx, sink)
}

/// What a printable offer sheet shows besides the offer: the beginning of
/// its description (cut to fit one page), and a QR code to the offer online.
#[derive(Serialize)]
struct Sheet {
    extrait: String,
    coupe: bool,
    qr: String,
    url_offre: String,
}

fn sheet(site: &Site, shared: &Shared, tera: &Tera, doc: &Doc, root: &str) -> Sheet {
    let budget = match doc.section {
        Section::Offres => crate::catalogue::SHEET_TEXT_BUDGET,
        Section::OffresModeles => 350,
        _ => 1_600,
    };
    let (text, coupe) = markdown::excerpt(&doc.body, budget);
    // Links and images were checked with the whole body: not reported twice.
    let quiet = Sink::new();
    let url_offre = format!("{}{}", site.config.url_base, doc.url);
    Sheet {
        extrait: render_markdown(site, shared, tera, doc, &text, root, &quiet).html,
        coupe,
        qr: crate::catalogue::qr_svg(&url_offre),
        url_offre,
    }
}

/// Puts each key of a JSON object in the template context.
fn insert_all(cx: &mut Context, v: &Value) {
    if let Value::Object(map) = v {
        for (k, val) in map {
            cx.insert(k.as_str(), val);
        }
    }
}

/// What rendering one job gave.
#[derive(Debug, Default)]
pub struct JobResult {
    pub html: Option<String>,
    /// For a content page: its key and the ids its HTML holds.
    pub ids: Option<(String, Vec<String>)>,
    pub diagnostics: Vec<Diagnostic>,
    pub fragments: Vec<FragmentLink>,
    /// Images of `content/images/` the page's body shows.
    pub images: Vec<String>,
}

/// Renders one job. Problems go to the result's diagnostics.
pub fn render_job(site: &Site, tera: &Tera, shared: &Shared, job: &Job) -> JobResult {
    let sink = Sink::new();
    let mut fragments = Vec::new();
    let mut images = Vec::new();
    let root = to_root(&job.url);
    let mut cx = shared.base.clone();
    cx.insert("racine", &root);
    cx.insert("url", &job.url);
    // The top-level folder of the page, for the navigation's current item.
    cx.insert("rubrique", job.url.split('/').next().unwrap_or(""));
    cx.insert(
        "url_absolue",
        &format!("{}{}", site.config.url_base, job.url),
    );
    match &job.kind {
        JobKind::Doc(i) => {
            let doc = &site.docs[*i];
            let body = render_body(site, shared, tera, doc, &root, &sink);
            cx.insert("page", doc);
            cx.insert("contenu", &body.html);
            cx.insert("titres", &body.headings);
            fragments = body.fragments;
            images = body.images;
        }
        JobKind::Sheet(i) => {
            let doc = &site.docs[*i];
            cx.insert("page", doc);
            cx.insert("fiche", &sheet(site, shared, tera, doc, &root));
        }
        JobKind::Bundle(ids, v) => {
            let sheets: Vec<Value> = ids
                .iter()
                .map(|i| {
                    let doc = &site.docs[*i];
                    json!({ "page": doc, "fiche": sheet(site, shared, tera, doc, &root) })
                })
                .collect();
            cx.insert("fiches", &sheets);
            insert_all(&mut cx, v);
        }
        JobKind::Data(v) => {
            insert_all(&mut cx, v);
            if let Some(i) = v.get("accueil").and_then(Value::as_u64) {
                let doc = &site.docs[i as usize];
                let body = render_body(site, shared, tera, doc, &root, &sink);
                cx.insert("page", doc);
                cx.insert("contenu", &body.html);
                images = body.images;
            }
        }
    }
    let out = match tera.render(job.template, &cx) {
        Ok(s) if job.path.ends_with(".ics") => Some(crate::ics::finish(&s)),
        Ok(s) => Some(s),
        Err(e) => {
            let (_, message) = crate::templates::template_error(&e);
            sink.push(
                Diagnostic::error(
                    "gabarit-erreur",
                    format!("templates/{}", job.template),
                    Pos::default(),
                    format!("le gabarit n'a pas pu produire {} : {message}", job.path),
                )
                .with_hint("vérifiez les variables utilisées par le gabarit"),
            );
            None
        }
    };
    JobResult {
        html: out,
        diagnostics: sink.into_vec(),
        fragments,
        ids: None,
        images,
    }
}

/// Keys of the documents that some `@/…#fragment` link points at: only
/// their ids need collecting. A quick scan of the bodies, before rendering.
fn fragment_targets(site: &Site) -> HashSet<&str> {
    let keys: HashSet<&str> = site.docs.iter().map(|d| d.key.as_str()).collect();
    let mut out = HashSet::new();
    for d in &site.docs {
        for (i, _) in d.body.match_indices("@/") {
            let link = &d.body[i + 2..];
            let end = link.find([')', ' ', '\n', '>']).unwrap_or(link.len());
            if let Some((key, _)) = link[..end].split_once('#') {
                if let Some(target) = keys.get(key) {
                    out.insert(*target);
                }
            }
        }
    }
    out
}

/// Every `id="…"` of an HTML page.
pub fn ids_of(html: &str) -> Vec<String> {
    html.match_indices(" id=\"")
        .filter_map(|(i, m)| {
            let rest = &html[i + m.len()..];
            rest.find('"').map(|end| rest[..end].to_string())
        })
        .collect()
}

/// A file that could not be written, as a diagnostic.
pub fn write_error(rel: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        "ecriture-impossible",
        rel,
        Pos::default(),
        format!("écriture impossible : {}", crate::diagnostic::io_fr(e)),
    )
}

/// What rendering every job gave besides the files.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Diagnostics of all pages, fragment checks included.
    pub diagnostics: Vec<Diagnostic>,
    /// Images of `content/images/` that the bodies show.
    pub images: std::collections::BTreeSet<String>,
}

/// Renders every job in parallel and hands each result to `write`.
pub fn render_all<W>(site: &Site, tera: &Tera, jobs: &[Job], write: W) -> Rendered
where
    W: Fn(&str, &[u8]) -> std::io::Result<()> + Sync,
{
    let shared = Shared::new(site);
    let targeted = fragment_targets(site);
    let results: Vec<JobResult> = jobs
        .par_iter()
        .map(|job| {
            let mut r = render_job(site, tera, &shared, job);
            if let Some(html) = r.html.take() {
                if let Err(e) = write(&job.path, html.as_bytes()) {
                    r.diagnostics.push(write_error(&job.path, &e));
                }
                if let JobKind::Doc(i) = job.kind {
                    if targeted.contains(site.docs[i].key.as_str()) {
                        r.ids = Some((site.docs[i].key.clone(), ids_of(&html)));
                    }
                }
            }
            r
        })
        .collect();
    let ids: HashMap<&str, &Vec<String>> = results
        .iter()
        .filter_map(|r| r.ids.as_ref().map(|(k, v)| (k.as_str(), v)))
        .collect();
    let mut diagnostics = Vec::new();
    let mut images = std::collections::BTreeSet::new();
    for r in &results {
        diagnostics.extend(r.diagnostics.iter().cloned());
        images.extend(r.images.iter().cloned());
        for f in &r.fragments {
            let Some(known) = ids.get(f.target.as_str()) else {
                continue;
            };
            if !known.contains(&f.fragment) {
                diagnostics.push(
                    Diagnostic::error(
                        "ancre-inconnue",
                        &f.file,
                        f.pos,
                        format!("la page « {} » n'a pas d'ancre « #{} »", f.target, f.fragment),
                    )
                    .with_key("lien")
                    .with_hint_opt(
                        crate::diagnostic::did_you_mean(&f.fragment, known.iter().map(String::as_str))
                            .or_else(|| Some("l'ancre d'un titre est son texte en minuscules, sans accent, avec des tirets".into())),
                    ),
                );
            }
        }
    }
    Rendered {
        diagnostics,
        images,
    }
}
