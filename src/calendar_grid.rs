//! The month grid of the editorial calendar: weeks of seven days, Monday
//! first, each day with its entries.

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use crate::content::calendar::{Entry, Month};

#[derive(Debug, Serialize)]
pub struct Day<'a> {
    pub date: NaiveDate,
    pub jour: u32,
    pub dans_le_mois: bool,
    pub entrees: Vec<&'a Entry>,
}

/// Weeks covering the month, from the Monday before its first day to the
/// Sunday after its last.
pub fn weeks(m: &Month) -> Vec<Vec<Day<'_>>> {
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
