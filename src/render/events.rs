//! The public calendar of events (`actus/evenements.ics`): every validated
//! news item of rubrique `evenement`, written with the `icalendar` crate.
//! Separate from the internal editorial calendar (`calendrier/*.ics`).
//! Times are the editors' Nouméa times (UTC+11, no daylight saving time),
//! written in UTC so that every calendar application shows them right.

use chrono::{Duration, NaiveDateTime, TimeZone, Utc};
use icalendar::{Calendar, Component, Event, EventLike};

use crate::library::{AnyDoc, DocId};
use crate::site::Site;

/// A text of the content as an iCalendar TEXT value holds it (the crate
/// escapes `\\`, `;`, `,` and line breaks; [`crate::ics::text`] first
/// makes every line break one, a lone CR included).
fn text(s: &str) -> String {
    crate::ics::text(&crate::typography::french(s))
}

fn utc(local: NaiveDateTime) -> chrono::DateTime<Utc> {
    Utc.from_utc_datetime(&(local - Duration::hours(11)))
}

/// The calendar file of the events `ids`, named `title`.
pub fn ics(site: &Site, ids: &[DocId], title: &str) -> String {
    let base = &site.config.url_base;
    // Stamped with the reference day, not the clock: same content, same bytes.
    let stamp = utc(site.options.today.and_hms_opt(0, 0, 0).unwrap_or_default());
    let mut cal = Calendar::new();
    cal.name(title);
    for id in ids {
        let AnyDoc::Actu(doc) = site.library.get(*id) else {
            continue;
        };
        let Some(ev) = &doc.meta.evenement else {
            continue;
        };
        let url = format!("{base}{}", doc.url);
        let mut event = Event::new();
        event
            .uid(&url)
            .timestamp(stamp)
            .summary(&text(&doc.common.titre))
            .starts(utc(ev.debut))
            .url(&url);
        if let Some(end) = ev.fin {
            event.ends(utc(end));
        }
        let place: Vec<&str> = [Some(ev.lieu.as_str()), ev.commune.as_deref()]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect();
        if !place.is_empty() {
            event.location(&crate::ics::text(&place.join(", ")));
        }
        if let Some(r) = &doc.common.resume {
            event.description(&format!("{}\n{url}", text(r)));
        }
        cal.push(event.done());
    }
    cal.done().to_string()
}
