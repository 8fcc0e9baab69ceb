//! Writing a feed: Atom with `atom_syndication`, JSON Feed 1.1 with
//! `serde_json`. Each entry carries the whole body (cleaned as on its page,
//! links made absolute), its summary, its visual and its rubrique; dates are
//! in Nouméa time (UTC+11). The feed's title is the theme's
//! (`partials/flux-titre.html`).

use atom_syndication::{
    CategoryBuilder, ContentBuilder, EntryBuilder, FeedBuilder, FixedDateTime, LinkBuilder,
    PersonBuilder, Text,
};
use chrono::{FixedOffset, NaiveDate, TimeZone};
use serde::Serialize;
use tera::{Context, Tera};

use super::body::render_body;
use super::Shared;
use crate::content::words::Word;
use crate::diagnostic::Sink;
use crate::library::AnyDoc;
use crate::site::Site;
use crate::typography::french;

pub use crate::pages::job::{Feed, Format};

/// What an entry says, whatever the format.
struct Item<'a> {
    /// The news item's rubrique.
    category: Option<&'a str>,
    /// Title and summary with French typography, as on the page.
    title: String,
    summary: Option<String>,
    url: String,
    html: String,
    date: FixedDateTime,
    image: Option<(String, &'static str)>,
}

fn noumea(d: NaiveDate) -> FixedDateTime {
    let offset = FixedOffset::east_opt(11 * 3600).expect("valid offset");
    offset
        .from_local_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight exists"))
        .single()
        .expect("a fixed offset has no gap")
}

fn mime(path: &str) -> &'static str {
    match path
        .rsplit('.')
        .next()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("png") => "image/png",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("svg") => "image/svg+xml",
        _ => "image/jpeg",
    }
}

/// The feed's text, or `None` when its title template fails (reported).
pub fn render(
    site: &Site,
    tera: &Tera,
    shared: &Shared,
    template: &str,
    feed: &Feed,
    sink: &Sink,
) -> Option<String> {
    let base = &site.config.url_base;
    let mut cx = Context::new();
    cx.insert("site", &crate::views::SiteView::of(site));
    cx.insert("rubrique", &feed.rubrique);
    cx.insert("canal", &feed.canal);
    cx.insert("section", &feed.section);
    let title = match tera.render(template, &cx) {
        Ok(t) => t.trim().to_string(),
        Err(e) => {
            let (_, message) = crate::theme::template_error(&e);
            sink.push(crate::diagnostic::Diagnostic::new(
                crate::rules::Rule::GabaritErreur,
                format!("templates/{template}"),
                crate::diagnostic::Pos::default(),
                format!(
                    "le titre du flux {} n'a pas pu être écrit : {message}",
                    feed.dir
                ),
            ));
            return None;
        }
    };
    let items: Vec<Item> = match feed.format {
        // A calendar holds events, not entries.
        Format::Ics => return Some(super::events::ics(site, &feed.docs, &title)),
        Format::Atom | Format::Json => entries(site, tera, shared, feed, sink),
    };
    let updated = items
        .iter()
        .map(|i| i.date)
        .max()
        .unwrap_or_else(|| noumea(site.options.today));
    let home = format!("{base}{}/", feed.section.dir());
    let self_url = format!("{base}{}{}", feed.dir, feed.format.file_name());
    Some(if feed.format == Format::Atom {
        atom(site, &title, &self_url, &home, updated, &items)
    } else {
        json(site, &title, &self_url, &home, &items)
    })
}

/// The entries of a news or offers feed.
fn entries<'a>(
    site: &'a Site,
    tera: &Tera,
    shared: &Shared,
    feed: &Feed,
    sink: &Sink,
) -> Vec<Item<'a>> {
    let base = &site.config.url_base;
    feed.docs
        .iter()
        .map(|id| {
            let any = site.library.get(*id);
            let doc = any.head();
            // Rendered from the site's address: every link is absolute.
            let body = render_body(site, shared, tera, doc, base, sink);
            Item {
                category: match any {
                    AnyDoc::Actu(a) => a.meta.rubrique.map(Word::id),
                    AnyDoc::Offre(o) => Some(o.meta.univers.as_str()),
                    _ => None,
                },
                title: french(&doc.common.titre).into_owned(),
                summary: doc.common.resume.as_deref().map(|r| french(r).into_owned()),
                url: format!("{base}{}", doc.url),
                html: body.html,
                date: noumea(any.dated().unwrap_or(site.options.today)),
                // The 1200×630 sharing format when kitpress made it.
                image: doc.common.visuel.as_ref().map(|v| {
                    let planned = site.variants.get(&doc.id);
                    match planned.and_then(|x| x.partage.as_ref()) {
                        Some(p) => (format!("{base}{p}"), "image/jpeg"),
                        None => (
                            format!("{base}images/{}", crate::escape::url_path(&v.src)),
                            mime(&v.src),
                        ),
                    }
                }),
            }
        })
        .collect()
}

fn atom(
    site: &Site,
    title: &str,
    self_url: &str,
    home: &str,
    updated: FixedDateTime,
    items: &[Item],
) -> String {
    let author = PersonBuilder::default()
        .name(site.config.titre.clone())
        .build();
    let entries = items.iter().map(|i| {
        let mut links = vec![LinkBuilder::default()
            .href(i.url.clone())
            .rel("alternate")
            .mime_type(Some("text/html".into()))
            .build()];
        if let Some((src, mime)) = &i.image {
            links.push(
                LinkBuilder::default()
                    .href(src.clone())
                    .rel("enclosure")
                    .mime_type(Some((*mime).into()))
                    .build(),
            );
        }
        let categories = i
            .category
            .map(|r| vec![CategoryBuilder::default().term(r.to_string()).build()])
            .unwrap_or_default();
        EntryBuilder::default()
            .title(Text::plain(i.title.clone()))
            .id(i.url.clone())
            .updated(i.date)
            .published(Some(i.date))
            .authors(vec![author.clone()])
            .links(links)
            .categories(categories)
            .summary(i.summary.clone().map(Text::plain))
            .content(Some(
                ContentBuilder::default()
                    .value(Some(i.html.clone()))
                    .content_type(Some("html".into()))
                    .build(),
            ))
            .build()
    });
    let feed = FeedBuilder::default()
        .title(Text::plain(title.to_string()))
        .id(self_url.to_string())
        .updated(updated)
        .lang(Some(site.config.langue.clone()))
        .authors(vec![author.clone()])
        .links(vec![
            LinkBuilder::default()
                .href(self_url.to_string())
                .rel("self")
                .mime_type(Some("application/atom+xml".into()))
                .build(),
            LinkBuilder::default()
                .href(home.to_string())
                .rel("alternate")
                .mime_type(Some("text/html".into()))
                .build(),
        ])
        .entries(entries.collect::<Vec<_>>())
        .build();
    // Writing into memory cannot fail; the crate writes the XML declaration.
    let bytes = feed.write_to(Vec::new()).unwrap_or_default();
    let mut out = String::from_utf8(bytes).unwrap_or_default();
    out.push('\n');
    out
}

/// JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>).
#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: &'a str,
    feed_url: &'a str,
    language: &'a str,
    authors: Vec<JsonAuthor<'a>>,
    items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct JsonAuthor<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    content_html: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    date_published: String,
    tags: Vec<&'a str>,
}

fn json(site: &Site, title: &str, self_url: &str, home: &str, items: &[Item]) -> String {
    let feed = JsonFeed {
        version: "https://jsonfeed.org/version/1.1",
        title,
        home_page_url: home,
        feed_url: self_url,
        language: &site.config.langue,
        authors: vec![JsonAuthor {
            name: &site.config.titre,
        }],
        items: items
            .iter()
            .map(|i| JsonItem {
                id: &i.url,
                url: &i.url,
                title: &i.title,
                content_html: &i.html,
                summary: i.summary.as_deref(),
                image: i.image.as_ref().map(|(src, _)| src.as_str()),
                date_published: i.date.to_rfc3339(),
                tags: i.category.into_iter().collect(),
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&feed).unwrap_or_default();
    out.push('\n');
    out
}
