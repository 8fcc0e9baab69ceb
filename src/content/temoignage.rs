//! Testimonials of young people (`temoignages`, optional), on offers and
//! kit pages: a first name, an age and a quote, which the theme shows as
//! quotes.
//!
//! ```yaml
//! temoignages:
//!   - { prenom: "Maël", age: 13, citation: "Le prof explique bien, on progresse vite." }
//! ```

use serde::Serialize;

use crate::rules::Rule;
use crate::yaml::{MapReader, Node};

/// One testimonial.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Temoignage {
    pub prenom: String,
    /// Age in years, when given.
    pub age: Option<u64>,
    pub citation: String,
}

/// Ages a testimonial of the wallet's public can give.
const AGES: std::ops::RangeInclusive<u64> = 6..=99;

/// Reads `temoignages` of a front matter (none when absent). Each one needs
/// its first name and its quote; a problem is reported with its key and
/// the testimonial is left out.
pub fn read(m: &MapReader) -> Vec<Temoignage> {
    m.get("temoignages")
        .map(|n| n.list().iter().filter_map(one).collect())
        .unwrap_or_default()
}

fn one(n: &Node) -> Option<Temoignage> {
    let m = n.map()?;
    let prenom = m.require("prenom").and_then(|n| n.text());
    let age = m.get("age").and_then(|a| {
        let age = a.uint()?;
        if AGES.contains(&age) {
            Some(age)
        } else {
            a.report(
                Rule::TypeInvalide,
                format!("`{}` : {age} ans n'est pas un âge possible", a.path),
                Some("indiquez l'âge en années, par exemple 14".into()),
            );
            None
        }
    });
    let citation = m.require("citation").and_then(|n| n.text());
    m.finish();
    Some(Temoignage {
        prenom: prenom?,
        age,
        citation: citation?,
    })
}
