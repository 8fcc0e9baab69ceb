//! An offer at the reference day: open, not open yet, or over (its
//! `periode`), and the week's favourites (`coup_de_coeur`).
//!
//! An offer that is over leaves every list, index, selection, bundle, feed
//! and the sitemap; its page stays (old QR codes keep landing on it) with a
//! notice and offers close to it. One not open yet shows when it opens.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::Periode;

/// Where an offer stands at the reference day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Etat {
    #[default]
    Ouverte,
    /// Its period has not begun.
    AVenir,
    /// Its period has ended.
    Terminee,
}

/// The state of an offer with `periode` on `today`.
pub fn state_at(periode: Option<&Periode>, today: NaiveDate) -> Etat {
    match periode {
        Some(p) if p.fin < today => Etat::Terminee,
        Some(p) if p.debut > today => Etat::AVenir,
        _ => Etat::Ouverte,
    }
}

/// An open offer shown beside one that is over.
#[derive(Debug, Clone, Serialize)]
pub struct Proche {
    pub titre: String,
    pub url: String,
    pub commune: String,
    pub univers: String,
}

/// `coup_de_coeur`: every week (`true`) or some ISO weeks (`2026-W49`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct CoupDeCoeur {
    pub toujours: bool,
    pub semaines: Vec<String>,
}

impl CoupDeCoeur {
    /// Whether the offer is a favourite of the week holding `day`.
    pub fn during(&self, day: NaiveDate) -> bool {
        self.toujours || self.semaines.iter().any(|w| *w == week_of(day))
    }

    pub fn any(&self) -> bool {
        self.toujours || !self.semaines.is_empty()
    }
}

/// The ISO week of a day, as editors write it: `2026-W49`.
pub fn week_of(day: NaiveDate) -> String {
    let w = day.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// Reads an ISO week `AAAA-Www` (`2026-W49`, or `2026-S49` as French
/// calendars write it), normalised to `2026-W49`.
pub fn parse_week(s: &str) -> Option<String> {
    let (y, w) = s.trim().split_once(['W', 'w', 'S', 's'])?;
    let year: i32 = y.trim_end_matches('-').parse().ok()?;
    let week: u32 = w.parse().ok()?;
    NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon)?;
    Some(format!("{year}-W{week:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn an_offer_is_over_the_day_after_its_period() {
        let p = Periode {
            debut: d("2026-09-01"),
            fin: d("2026-11-30"),
            line: 1,
        };
        assert_eq!(state_at(Some(&p), d("2026-08-31")), Etat::AVenir);
        assert_eq!(state_at(Some(&p), d("2026-09-01")), Etat::Ouverte);
        assert_eq!(state_at(Some(&p), d("2026-11-30")), Etat::Ouverte);
        assert_eq!(state_at(Some(&p), d("2026-12-01")), Etat::Terminee);
        assert_eq!(state_at(None, d("2026-12-01")), Etat::Ouverte);
    }

    #[test]
    fn weeks_are_iso_weeks() {
        assert_eq!(week_of(d("2026-12-01")), "2026-W49");
        assert_eq!(week_of(d("2027-01-01")), "2026-W53");
        assert_eq!(parse_week("2026-W49").as_deref(), Some("2026-W49"));
        assert_eq!(parse_week("2026-S7").as_deref(), Some("2026-W07"));
        assert_eq!(parse_week("2026-W54"), None);
        assert_eq!(parse_week("semaine 3"), None);
        let c = CoupDeCoeur {
            toujours: false,
            semaines: vec!["2026-W49".into()],
        };
        assert!(c.during(d("2026-12-06")) && !c.during(d("2026-12-07")));
    }
}
