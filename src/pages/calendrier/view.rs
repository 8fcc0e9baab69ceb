//! What the calendar pages and subscriptions show of the editorial calendar:
//! the month grid (weeks of seven days, Monday first, with key dates), the
//! entries per channel, and the events of the `.ics` subscriptions.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;
use serde_json::Value;

use crate::content::calendar::{Entry, Month};
use crate::content::words::{Canal, Word};
use crate::slug::slug_of;

/// A key date from `content/data/dates-cles.yaml`.
#[derive(Debug, Clone, Serialize)]
pub struct KeyDate {
    pub date: NaiveDate,
    pub titre: String,
    #[serde(rename = "type")]
    pub kind: String,
}

/// Key dates, from the `dates-cles` data file (a list of `{date, titre,
/// type}`, bare or under `dates:`).
pub fn key_dates(data: &BTreeMap<String, Value>) -> Vec<KeyDate> {
    crate::site::data_list(data, "dates-cles", "dates")
        .iter()
        .filter_map(|i| {
            Some(KeyDate {
                date: NaiveDate::parse_from_str(i.get("date")?.as_str()?, "%Y-%m-%d").ok()?,
                titre: i.get("titre")?.as_str()?.to_string(),
                kind: i
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
            })
        })
        .collect()
}

#[derive(Debug, Serialize)]
pub struct Day<'a> {
    pub date: NaiveDate,
    pub jour: u32,
    pub dans_le_mois: bool,
    pub entrees: Vec<&'a Entry>,
    pub dates_cles: Vec<&'a KeyDate>,
}

/// Weeks covering the month, from the Monday before its first day to the
/// Sunday after its last.
pub fn weeks<'a>(m: &'a Month, keys: &'a [KeyDate]) -> Vec<Vec<Day<'a>>> {
    let first = m.premier_jour;
    let start = first - Days::new(first.weekday().num_days_from_monday() as u64);
    let mut weeks = Vec::new();
    let mut day = start;
    loop {
        let mut week = Vec::with_capacity(7);
        for _ in 0..7 {
            week.push(Day {
                date: day,
                jour: day.day(),
                dans_le_mois: day.month() == first.month(),
                entrees: m.entrees.iter().filter(|e| e.date == day).collect(),
                dates_cles: keys.iter().filter(|k| k.date == day).collect(),
            });
            day = day + Days::new(1);
        }
        weeks.push(week);
        if day.month() != first.month() || day.year() != first.year() {
            break;
        }
    }
    weeks
}

/// One entry of the calendar with its month, for lists and subscriptions.
#[derive(Debug, Serialize)]
pub struct Dated<'a> {
    pub mois: &'a str,
    #[serde(flatten)]
    pub entree: &'a Entry,
    /// Stable identifier: same entry, same UID from one build to the next.
    pub uid: String,
    /// Day of the J-7 validation deadline, for entries not yet validated.
    pub validation: Option<NaiveDate>,
}

/// Every entry of every month, in date order, optionally for one channel.
pub fn entries<'a>(
    months: &'a [Month],
    canal: Option<Canal>,
    delay: i64,
    host: &str,
) -> Vec<Dated<'a>> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for m in months {
        for e in &m.entrees {
            let base = format!(
                "{}-{}-{}-{}",
                e.date.format("%Y%m%d"),
                e.canal.map_or("", Word::id),
                e.format.map_or("", Word::id),
                slug_of(&e.titre)
            );
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            let uid = if *n == 1 {
                format!("{base}@{host}")
            } else {
                format!("{base}-{n}@{host}")
            };
            if canal.is_some_and(|c| Some(c) != e.canal) {
                continue;
            }
            let validation = (!e.validated()).then(|| e.date - Days::new(delay.max(0) as u64));
            out.push(Dated {
                mois: &m.mois,
                entree: e,
                uid,
                validation,
            });
        }
    }
    out
}

/// Channels that have entries, in the order of the channel list.
pub fn channels(months: &[Month]) -> Vec<Canal> {
    Canal::ALL
        .iter()
        .copied()
        .filter(|c| {
            months
                .iter()
                .any(|m| m.entrees.iter().any(|e| e.canal == Some(*c)))
        })
        .collect()
}
