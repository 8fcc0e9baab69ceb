//! The typed value readers of a [`Node`]: text, yes/no, whole number,
//! date, time, identifier from a list, name from `site.yaml`.

use super::Word;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use saphyr::ScalarOwned;

use super::parse::scalar_text;
use super::reader::{is_null, scalar, text_of};
use super::Node;
use crate::diagnostic::did_you_mean;
use crate::limits::MAX_INTEGER;
use crate::rules::Rule;

impl Node<'_> {
    /// Free text. Numbers and booleans are taken as their text.
    pub fn text(&self) -> Option<String> {
        match text_of(self.v) {
            Some(s) => Some(s),
            None if is_null(self.v) => Some(String::new()),
            None => {
                self.wrong_type("un texte", None);
                None
            }
        }
    }

    pub fn bool(&self) -> Option<bool> {
        match scalar(self.v) {
            Some(ScalarOwned::Boolean(b)) => Some(*b),
            Some(ScalarOwned::String(s)) => match crate::slug::slug_of(s).as_str() {
                "oui" | "vrai" => Some(true),
                "non" | "faux" => Some(false),
                _ => {
                    self.wrong_type(
                        "true ou false",
                        Some("écrivez true (oui) ou false (non)".into()),
                    );
                    None
                }
            },
            _ => {
                self.wrong_type("true ou false", None);
                None
            }
        }
    }

    /// A whole number ≥ 0 (amounts in F CFP, counts), at most
    /// [`MAX_INTEGER`]: no computation on it can overflow.
    pub fn uint(&self) -> Option<u64> {
        let too_big = |shown: String| {
            self.report(
                Rule::NombreTropGrand,
                format!(
                    "`{}` : {shown} dépasse la plus grande valeur acceptée, {}",
                    self.path,
                    crate::typography::thousands(MAX_INTEGER)
                ),
                Some("vérifiez le nombre : il y a sans doute des chiffres en trop".into()),
            );
            None
        };
        match scalar(self.v) {
            Some(ScalarOwned::Integer(i)) if *i >= 0 => {
                let u = *i as u64;
                if u > MAX_INTEGER {
                    return too_big(u.to_string());
                }
                Some(u)
            }
            Some(ScalarOwned::FloatingPoint(f)) if f.into_inner() > MAX_INTEGER as f64 => {
                too_big("ce nombre".into())
            }
            Some(n @ (ScalarOwned::Integer(_) | ScalarOwned::FloatingPoint(_))) => {
                let hint = match n {
                    ScalarOwned::FloatingPoint(f) if f.into_inner() >= 0.0 => {
                        Some(format!("écrivez {}", f.into_inner().round()))
                    }
                    _ => None,
                };
                self.report(
                    Rule::TypeInvalide,
                    format!(
                        "`{}` doit être un nombre entier positif ou nul, pas {}",
                        self.path,
                        scalar_text(n).unwrap_or_default()
                    ),
                    hint,
                );
                None
            }
            Some(ScalarOwned::String(s)) => {
                let compact: String = s
                    .chars()
                    .filter(|c| !c.is_whitespace() && *c != '\u{202f}')
                    .collect();
                let digits = compact.trim_end_matches("FCFP").trim_end_matches('F');
                let hint = digits
                    .parse::<u64>()
                    .ok()
                    .map(|d| format!("écrivez le nombre seul, sans espace ni unité : {d}"));
                self.wrong_type("un nombre entier", hint);
                None
            }
            _ => {
                self.wrong_type("un nombre entier", None);
                None
            }
        }
    }

    /// A decimal number from `min` to `max` (coordinates in degrees).
    pub fn number(&self, min: f64, max: f64) -> Option<f64> {
        let n = match scalar(self.v) {
            Some(ScalarOwned::Integer(i)) => *i as f64,
            Some(ScalarOwned::FloatingPoint(f)) => f.into_inner(),
            _ => {
                self.wrong_type(
                    "un nombre",
                    Some("par exemple -22.2758, avec un point".into()),
                );
                return None;
            }
        };
        if !(min..=max).contains(&n) {
            self.report(
                Rule::TypeInvalide,
                format!("`{}` : {n} n'est pas entre {min} et {max}", self.path),
                None,
            );
            return None;
        }
        Some(n)
    }

    /// A number from 0 to 1 (`0.5`, `1`): a fraction, as for a focal point.
    /// Problems are reported by the caller, which knows the whole value.
    pub fn fraction(&self) -> Option<f64> {
        let f = match scalar(self.v) {
            Some(ScalarOwned::Integer(i)) => *i as f64,
            Some(ScalarOwned::FloatingPoint(f)) => f.into_inner(),
            _ => return None,
        };
        (0.0..=1.0).contains(&f).then_some(f)
    }

    /// A date written `AAAA-MM-JJ`.
    pub fn date(&self) -> Option<NaiveDate> {
        let text = text_of(self.v);
        if let Some(d) = text
            .as_deref()
            .and_then(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
        {
            return Some(d);
        }
        let hint =
            Some("écrivez la date sous la forme AAAA-MM-JJ, par exemple 2026-05-16".to_string());
        match text {
            Some(s) => self.report(
                Rule::DateInvalide,
                format!("`{}` : « {s} » n'est pas une date valide", self.path),
                hint,
            ),
            None => self.wrong_type("une date AAAA-MM-JJ", hint),
        }
        None
    }

    /// A date and time written `AAAA-MM-JJTHH:MM` (local time in Nouméa).
    pub fn datetime(&self) -> Option<NaiveDateTime> {
        let text = text_of(self.v).unwrap_or_default();
        let t = text.trim();
        for fmt in [
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M:%S",
        ] {
            if let Ok(d) = NaiveDateTime::parse_from_str(t, fmt) {
                return Some(d);
            }
        }
        if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            return d.and_hms_opt(0, 0, 0);
        }
        self.report(
            Rule::DateInvalide,
            format!(
                "`{}` : « {t} » n'est pas une date et heure valide",
                self.path
            ),
            Some("écrivez AAAA-MM-JJTHH:MM, par exemple \"2026-05-16T09:00\"".into()),
        );
        None
    }

    /// A time of day, `HH:MM` (also accepts `14h30` and `14h`).
    pub fn time(&self) -> Option<NaiveTime> {
        let text = text_of(self.v).unwrap_or_default();
        let t = text.trim().to_lowercase();
        let parsed = NaiveTime::parse_from_str(&t, "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(&t, "%Hh%M"))
            .or_else(|_| NaiveTime::parse_from_str(&format!("{t}00"), "%Hh%M"));
        match parsed {
            Ok(time) => Some(time),
            Err(_) => {
                self.report(
                    Rule::HeureInvalide,
                    format!("`{}` : « {text} » n'est pas une heure valide", self.path),
                    Some("écrivez l'heure entre guillemets sous la forme \"HH:MM\", par exemple \"14:30\"".into()),
                );
                None
            }
        }
    }

    /// An identifier from a list of slugs. The natural spelling is accepted
    /// and normalised (`bien-être` → `bien-etre`, `à valider` → `a-valider`).
    pub fn choice<'s, I>(&self, allowed: I) -> Option<String>
    where
        I: IntoIterator<Item = &'s str> + Clone,
    {
        let text = match text_of(self.v) {
            Some(t) => t,
            None => {
                self.wrong_type("une valeur de la liste", None);
                return None;
            }
        };
        let wanted = crate::slug::slug_of(&text);
        if let Some(hit) = allowed.clone().into_iter().find(|a| *a == wanted) {
            return Some(hit.to_string());
        }
        let list: Vec<&str> = allowed.clone().into_iter().collect();
        let hint = did_you_mean(&text, allowed)
            .unwrap_or_else(|| format!("valeurs possibles : {}", list.join(", ")));
        self.report(
            Rule::ValeurInconnue,
            format!("`{}` : valeur « {text} » inconnue", self.path),
            Some(hint),
        );
        None
    }

    /// A value of one of the fixed word lists ([`Word`]).
    pub fn word<W: Word>(&self) -> Option<W> {
        self.choice(W::ids()).and_then(|id| W::from_id(&id))
    }

    /// A name from a list of names, matched exactly (communes, quartiers).
    pub fn name_in<'s, I>(&self, allowed: I) -> Option<String>
    where
        I: IntoIterator<Item = &'s str> + Clone,
    {
        let text = self.text()?;
        if allowed.clone().into_iter().any(|a| a == text) {
            return Some(text);
        }
        let list: Vec<&str> = allowed.clone().into_iter().collect();
        let hint = did_you_mean(&text, allowed)
            .unwrap_or_else(|| format!("valeurs possibles : {}", list.join(", ")));
        self.report(
            Rule::ValeurInconnue,
            format!(
                "`{}` : « {text} » n'est pas dans la liste de site.yaml",
                self.path
            ),
            Some(hint),
        );
        None
    }
}
