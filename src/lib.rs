//! # kitpress
//!
//! A static-site generator for the *Clic&Mouv'* programme of the Province Sud
//! (New Caledonia): editors write Markdown and YAML in French, kitpress turns
//! it into a web kit and print-ready HTML.
//!
//! ## Design
//!
//! The pipeline reads top-down, one module per stage:
//!
//! 1. [`load`] finds the files under `content/` and reads them as text
//!    (BOM and CRLF accepted, [`limits`] on size), splitting front matter
//!    from body;
//! 2. [`site`] models them: [`config`] for `site.yaml`, [`content`] with one
//!    module per content type, each read through the positioned YAML readers
//!    of [`yaml`] (one saphyr parse per text) so that every problem names
//!    its file, line, column and key;
//! 3. [`validate`] applies the rules that need the whole site (references,
//!    unique URLs, images, warnings at the reference day);
//! 4. [`pages`] plans every output file, one planner per section with its
//!    typed data; [`render`] renders them in parallel through the tera
//!    templates of the theme ([`templates`]), Markdown bodies going through
//!    [`markdown`] (French [`typography`], anchors, `@/` links) and the one
//!    cleaning pass of [`sanitize`]; [`check`] verifies what needs the
//!    rendered site (anchors); [`imageproc`] makes the images' variants and
//!    [`diffusion`] the monthly diffusion kits (texts per network, zip);
//! 5. [`output`] writes into a temporary folder and swaps it in only when the
//!    whole build succeeded.
//!
//! [`build::run`] strings the stages together. The preview ([`serve`])
//! keeps what a build modelled ([`build::Kept`]) and, on a save, renders
//! again only the jobs whose inputs changed ([`rebuild`]). Problems in the content are
//! [`diagnostic::Diagnostic`] values — each the breach of a [`rules::Rule`],
//! listed once with its code, severity and fixture — collected (never the
//! first one only) and turned into text in one place, [`report`]. Failures
//! of the run itself (a refused output folder, a full disk) are
//! [`error::KitError`]s.

pub mod audit;
pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod diffusion;
pub mod error;
pub mod escape;
pub mod highlight;
pub mod ics;
pub mod imageproc;
pub mod images;
pub mod interrupt;
pub mod labels;
pub mod library;
pub mod limits;
pub mod load;
pub mod markdown;
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
pub mod templates;
pub mod typography;
pub mod validate;
pub mod yaml;

use chrono::{FixedOffset, NaiveDate, Utc};

/// Today in Nouméa (UTC+11, no daylight saving time).
pub fn today_in_noumea() -> NaiveDate {
    let noumea = FixedOffset::east_opt(11 * 3600).expect("valid offset");
    Utc::now().with_timezone(&noumea).date_naive()
}
