//! kitpress's test suite: one binary, as mdBook's `tests/testsuite`.
//!
//! Every test runs kitpress as its users do — the `kitpress` binary on a copy
//! of a fixture site, or the library's `build::run` — and reads what a person
//! would read: the pages written, the French report on stderr, the exit code.
//! One binary instead of one per file: the library and its dependencies are
//! linked once (each of the 26 binaries it replaces weighed about 50 MB),
//! and the setup every test needs is written once, in [`support`].
//!
//! - [`support`]: the fixtures, the reference day, [`support::SiteTest`]
//!   (copy a fixture, edit it, build or check it, read a page), and the
//!   check that published markup is inert.
//! - Fixture sites live in `tests/fixtures/`: `valid` (every page type),
//!   `invalid/<rule>` (one per rule, its report pinned beside it), `attack`
//!   (hostile content), `audit`, `print`, `fuzz`, `broken-html`.
//! - Snapshots are insta's, in `snapshots/` beside this file and in each
//!   rule's fixture folder; after an intended change, `INSTA_UPDATE=always
//!   cargo test` rewrites them, and the diff is reviewed before committing.
//!
//! One module per behaviour; its doc says which issue asked for it.

mod support;

mod audit;
mod build;
mod calendar;
mod catalogue;
mod diffusion;
mod drafts;
mod edition;
mod feeds;
mod fuzz;
mod images;
mod interrupt;
mod invalid_fixtures;
mod limits;
mod links;
mod markdown_snapshot;
mod offer_state;
mod print_vendor;
mod publish_pipelines;
mod rebuild;
mod robots;
mod robustness;
mod rules;
mod security;
mod serve;
mod sharing;
mod shortcodes;
#[cfg(unix)]
mod skipped_entries;
mod theme_typography;
mod visuals;
