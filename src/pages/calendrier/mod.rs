//! The editorial calendar (internal: `noindex`, not in the navigation, the
//! sitemap or the feeds): its index, a page per month (grid, key dates,
//! quotas, late entries), a page per channel, and `.ics` subscriptions for
//! all entries and per channel.

pub mod view;

use serde::Serialize;

use crate::content::calendar::{Month, QuotaLine};
use crate::content::words::Canal;
use crate::pages::job::{Job, JobKind};
use crate::site::Site;
use view::{channels, entries, key_dates, weeks, Dated, Day, KeyDate};

#[derive(Serialize)]
struct MonthLink<'a> {
    mois: &'a str,
    theme: &'a Option<String>,
    url: String,
    quotas: &'a [QuotaLine],
    entrees: usize,
}

#[derive(Serialize)]
struct Index<'a> {
    mois: Vec<MonthLink<'a>>,
    canaux: &'a [Canal],
    en_retard: &'a [&'a Dated<'a>],
}

#[derive(Serialize)]
struct MonthPage<'a> {
    mois: &'a Month,
    semaines: Vec<Vec<Day<'a>>>,
    en_retard: Vec<&'a Dated<'a>>,
    dates_cles: Vec<&'a KeyDate>,
}

#[derive(Serialize)]
struct ChannelPage<'a> {
    canal: Canal,
    entrees: &'a [Dated<'a>],
}

#[derive(Serialize)]
struct Subscription<'a> {
    canal: Option<Canal>,
    evenements: &'a [Dated<'a>],
    dtstamp: &'a str,
}

pub fn plan(site: &Site) -> Vec<Job> {
    let delay = site.config.calendrier.delai_validation_jours;
    let host = site.config.host();
    let keys = key_dates(&site.data);
    let canaux = channels(&site.months);
    let all = entries(&site.months, None, delay, &host);
    let late: Vec<&Dated> = all
        .iter()
        .filter(|d| d.entree.en_retard || d.entree.echeance)
        .collect();
    let dtstamp = format!("{}T000000Z", site.options.today.format("%Y%m%d"));
    let mut jobs = Vec::new();
    let index = Index {
        mois: site
            .months
            .iter()
            .map(|m| MonthLink {
                mois: &m.mois,
                theme: &m.theme,
                url: format!("calendrier/{}/", m.mois),
                quotas: &m.quotas,
                entrees: m.entrees.len(),
            })
            .collect(),
        canaux: &canaux,
        en_retard: &late,
    };
    jobs.push(Job::listing("calendrier/", "calendrier.html", &index));
    for m in &site.months {
        let page = MonthPage {
            mois: m,
            semaines: weeks(m, &keys),
            en_retard: late.iter().copied().filter(|d| d.mois == m.mois).collect(),
            dates_cles: keys
                .iter()
                .filter(|k| k.date.format("%Y-%m").to_string() == m.mois)
                .collect(),
        };
        let url = format!("calendrier/{}/", m.mois);
        jobs.push(Job::listing(url, "calendrier-mois.html", &page));
    }
    let all_events = Subscription {
        canal: None,
        evenements: &all,
        dtstamp: &dtstamp,
    };
    jobs.push(Job::file(
        "calendrier/calendrier.ics",
        "calendrier.ics",
        JobKind::of(&all_events),
    ));
    for &canal in &canaux {
        let list = entries(&site.months, Some(canal), delay, &host);
        let page = ChannelPage {
            canal,
            entrees: &list,
        };
        let url = format!("calendrier/canaux/{canal}/");
        jobs.push(Job::listing(url, "calendrier-canal.html", &page));
        let events = Subscription {
            canal: Some(canal),
            evenements: &list,
            dtstamp: &dtstamp,
        };
        jobs.push(Job::file(
            format!("calendrier/{canal}.ics"),
            "calendrier.ics",
            JobKind::of(&events),
        ));
    }
    jobs
}
