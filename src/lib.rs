//! # kitpress
//!
//! A static-site generator for the *Clic&Mouv'* programme of the Province Sud
//! (New Caledonia): editors write Markdown and YAML in French, kitpress turns
//! it into a web kit and print-ready HTML.
//!
//! ## Design
//!
//! kitpress is a stack of floors. A module imports only from its own floor
//! or the floors below it, never from above, and no two modules import each
//! other in a circle (inside one module's folder, files may). The table
//! below is the stack; a unit test (`layers`) reads it from this very
//! comment and fails on any import that runs back up, on a circle between
//! modules, and on a module missing from the table.
//!
//! | floor | modules | what they own |
//! |---|---|---|
//! | 0 foundation | `typography` `messages` `cachedir` `diagnostic` `rules` `limits` `sanitize` `escape` `ics` `slug` `highlight` `trash` `interrupt` `error` `svg` | French writing (punctuation, numbers, dates), what kitpress says about the run, the cache folder, problems and the rules they breach, limits, HTML cleaning, escaping for other formats, SVG made inert, folders removed without waiting, signals |
//! | 1 yaml | `yaml` | YAML with positions, typed readers in French, the fixed word lists' trait |
//! | 2 model | `config` `content` `library` `site` `images` `views` | `site.yaml`, one module per content type, the typed library, the site in memory with its side tables, the site's image files and what each becomes, what templates see of the model (views) |
//! | 3 load | `load` | finding the files, reading them as text, reading them into the model |
//! | 4 derive | `derive` | what the model does not say but stages share: bookable offers, the partner network, the images the site uses |
//! | 5 validate | `validate` | the rules that need the whole site |
//! | 6 theme | `theme` `markdown` `shortcodes` | the theme (templates, labels, filters), Markdown to HTML, shortcodes |
//! | 7 plan | `pages` `diffusion` `edition` | every output file as a job with its typed data, the monthly diffusion kits, the CMS made from the content model |
//! | 8 render | `render` | jobs rendered in parallel, and the checks only a rendered page allows (anchors) |
//! | 9 output | `imageproc` `visuals` `extras` `output` | image variants and their cache, the visuals kitpress draws (text that fits), what a build writes beside the pages (static files, images, zips) in one step, the output folder swapped in whole |
//! | 10 pipeline | `build` `rebuild` | the stages strung together; a preview's partial rebuild |
//! | 11 commands | `audit` `report` `serve` `scaffold` | `kitpress audit`, diagnostics drawn for a person, `kitpress serve`, `kitpress new` |
//!
//! Problems in the content are [`diagnostic::Diagnostic`] values — each the
//! breach of a [`rules::Rule`], listed once with its code, severity and
//! fixture — collected (never the first one only) and turned into text in
//! one place, [`report`]. Failures of the run itself (a refused output
//! folder, a full disk) are [`error::KitError`]s.

pub mod audit;
pub mod build;
pub mod cachedir;
pub mod config;
pub mod content;
pub mod derive;
pub mod diagnostic;
pub mod diffusion;
pub mod edition;
pub mod error;
pub mod escape;
pub mod extras;
pub mod highlight;
pub mod ics;
pub mod imageproc;
pub mod images;
pub mod interrupt;
pub mod library;
pub mod limits;
pub mod load;
pub mod markdown;
pub mod messages;
pub mod output;
pub mod pages;
pub mod rebuild;
pub mod render;
pub mod report;
pub mod rules;
pub mod sanitize;
pub mod scaffold;
pub mod serve;
pub mod shortcodes;
pub mod site;
pub mod slug;
pub mod svg;
pub mod theme;
pub mod trash;
pub mod typography;
pub mod validate;
pub mod views;
pub mod visuals;
pub mod yaml;

use chrono::{FixedOffset, NaiveDate, Utc};

/// Today in Nouméa (UTC+11, no daylight saving time).
pub fn today_in_noumea() -> NaiveDate {
    let noumea = FixedOffset::east_opt(11 * 3600).expect("valid offset");
    Utc::now().with_timezone(&noumea).date_naive()
}

#[cfg(test)]
mod layers;
