//! Floor 9 (output). What a build writes beside the rendered pages, in one
//! step: the theme's static files, the CMS when `site.yaml` has an
//! `edition:` key, the images the published pages use
//! (raster ones as their variants, the others as they are, an SVG written
//! again from its drawing alone), then the monthly diffusion zips, which
//! hold those images.
//!
//! A check goes through the same step with nowhere to write
//! ([`Destination::Nowhere`]): every used image is checked, and what the
//! cache of the last build lacks is decoded (a file that cannot be decoded
//! is an error for `check` as for `build`); nothing is read back or zipped.

use std::collections::BTreeSet;

use crate::diagnostic::{Diagnostic, Sink};
use crate::imageproc::{self, Cache};
use crate::images;
use crate::output::Staging;
use crate::render::Rendered;
use crate::site::Site;
use crate::theme::ThemeSource;

/// Where the extras go.
#[derive(Clone, Copy)]
pub enum Destination<'a> {
    /// A check: nothing is written.
    Nowhere,
    /// A build's staging folder.
    Staging(&'a Staging),
}

/// What writing the extras gave.
pub struct Extras {
    /// Files that could not be written, zips that could not be made.
    pub diagnostics: Vec<Diagnostic>,
    pub images: imageproc::Stats,
    /// The visuals kitpress drew ([`crate::visuals::cards`]).
    pub visuals: crate::visuals::cards::Stats,
    /// Images of `content/images/` that no published page uses.
    pub unused_images: usize,
}

/// Writes the extras of `rendered` (the images its pages showed, the zips
/// they asked for) to `to`; the images' own problems go to `imaging`.
#[allow(clippy::too_many_arguments)]
pub fn write(
    site: &Site,
    theme: &ThemeSource,
    tera: &tera::Tera,
    jobs: &[crate::pages::job::Job],
    rendered: &Rendered,
    cache: &Cache,
    to: Destination,
    imaging: &Sink,
    profile: &crate::messages::Profile,
) -> Extras {
    let mut diagnostics = Vec::new();
    if let Destination::Staging(staging) = to {
        match crate::theme::static_files(theme) {
            Ok(files) => {
                for (rel, bytes) in files {
                    written(&mut diagnostics, &rel, staging.write(&rel, &bytes));
                }
            }
            Err(e) => written(&mut diagnostics, "themes", Err(e)),
        }
        // The CMS for the Git host, only when `site.yaml` asks for it.
        if let Some(edition) = &site.config.edition {
            if let Some(labels) = crate::theme::labels::load(&site.root, theme, imaging) {
                for (rel, bytes) in crate::edition::published(&site.config, edition, &labels) {
                    written(&mut diagnostics, &rel, staging.write(&rel, &bytes));
                }
            }
        }
    }
    // Only what the published pages use, and only once checked.
    let used = crate::derive::images::used(site, rendered.images.iter().cloned());
    let checked: BTreeSet<String> = used
        .iter()
        .filter(|i| images::check(&site.root, &site.probes, i, imaging))
        .cloned()
        .collect();
    let work = imageproc::jobs(site, &checked, imaging);
    let mut stats = match to {
        Destination::Nowhere => {
            imageproc::process(&site.root, &work, cache, |_, _| Ok(()), imaging)
        }
        Destination::Staging(staging) => {
            let write = |bytes: &[u8], rel: &str| staging.write(rel, bytes);
            imageproc::process(&site.root, &work, cache, write, imaging)
        }
    };
    profile.stage("images");
    if let Destination::Staging(staging) = to {
        for img in checked.iter().filter(|i| !images::processed(i)) {
            let rel = format!("images/{img}");
            let result = match images::kind_of(img) {
                // An SVG is published as its drawing written again, never
                // as it came.
                images::Kind::Svg => match images::published_svg(&site.root, img) {
                    Some(bytes) => staging.write(&rel, &bytes),
                    None => continue,
                },
                _ => staging.copy(&site.root.join(images::DIR).join(img), &rel),
            };
            written(&mut diagnostics, &rel, result);
        }
    }
    // The visuals kitpress draws: titles fitted (a title too long said)
    // for a check as for a build; drawn for a build, once the photos'
    // variants they show are in the output.
    let fonts = crate::visuals::raster::Fonts::of_theme(theme);
    let mut items = crate::visuals::cards::items(site);
    items.extend(crate::visuals::cards::page_items(site, jobs, tera));
    let fitted = crate::visuals::cards::fit(&items, &fonts, imaging);
    crate::visuals::cards::check_gabarits(site, tera, imaging);
    let mut visuals = crate::visuals::cards::Stats::default();
    if let Destination::Staging(staging) = to {
        let read = |rel: &str| std::fs::read(staging.tmp.join(rel)).ok();
        let write = |d: crate::visuals::cards::Drawn, rel: &str| match d.cached {
            Some((from, identity)) => staging.link_or_write(rel, from, identity, d.bytes, d.hash),
            None => staging.write_hashed(rel, d.bytes, d.hash),
        };
        visuals = crate::visuals::cards::draw(
            site, tera, &fonts, &items, &fitted, cache, read, write, imaging,
        );
        profile.stage("visuels");
    }
    // Every user of the cache has touched what it uses.
    cache.say_problems();
    stats.swept = cache.sweep();
    stats.repaired = cache.repaired();
    if let (Destination::Staging(staging), 1..) = (to, stats.repaired) {
        staging.distrust_dest();
    }
    if let Destination::Staging(staging) = to {
        // The diffusion zips, now that their visuals are in the output.
        for pending in &rendered.archives {
            let read = |rel: &str| std::fs::read(staging.tmp.join(rel));
            let result = staging.write_with(&pending.path, |file| {
                crate::diffusion::archive::zip(pending, read, file)
                    .map(drop)
                    .map_err(std::io::Error::other)
            });
            if let Err(e) = result {
                diagnostics.push(crate::diffusion::archive::ArchiveError::of_io(
                    e,
                    &pending.path,
                ));
            }
        }
        profile.stage("archives");
    }
    Extras {
        diagnostics,
        images: stats,
        visuals,
        unused_images: site.images.len() - used.len(),
    }
}

/// A file that could not be written, as a diagnostic.
fn written(diagnostics: &mut Vec<Diagnostic>, rel: &str, result: std::io::Result<()>) {
    if let Err(e) = result {
        diagnostics.push(crate::render::write_error(rel, &e));
    }
}
