//! Image processing: every raster image the published site shows becomes
//! responsive variants (a few widths, in its fallback format and in WebP),
//! and every raster visual also its social formats (1080×1080, 1080×1920,
//! 1200×630) cropped around `visuel.focal`. SVG and GIF are published as
//! they are (SVG once checked by [`crate::images`]).
//!
//! - [`plan`]: which files an image becomes, from its size alone;
//! - [`encode`]: decoding with limits, resizing, cropping, encoding;
//! - [`cache`]: variants kept across builds by content hash.
//!
//! [`crate::derive::images::plan_variants`] gives templates the variants of
//! each visual before rendering (`Site::variants`, seen by templates as `visuel.variantes`); [`process`] makes the
//! files — in parallel, from the cache when it has them — once the pages are
//! rendered.

pub mod cache;
pub mod encode;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Pos, Sink};
use crate::images;
use crate::images::plan::{self, Variant};
use crate::images::{processed, too_large};
use crate::limits::within_limits;
use crate::rules::Rule;
use crate::site::Site;
pub use cache::Cache;
use encode::Failure;

/// One source image and the files it becomes.
pub struct Job {
    pub src: String,
    pub variants: Vec<Variant>,
    /// The file and line that show it, for a problem found while decoding.
    pub user: (String, usize),
}

/// The work for the images a build publishes (`used`, paths under
/// `content/images/`, each already checked): visuals with their social
/// formats, other raster images with their widths.
pub fn jobs(site: &Site, used: &BTreeSet<String>, sink: &Sink) -> Vec<Job> {
    let mut visuals: BTreeMap<&str, (&crate::content::Visuel, &str)> = BTreeMap::new();
    for head in site.library.heads().filter(|h| h.published) {
        if let Some(v) = &head.common.visuel {
            visuals
                .entry(v.src.as_str())
                .or_insert((v, head.file.as_str()));
        }
    }
    for (_, v, file) in crate::derive::images::entry_photos(site) {
        visuals.entry(v.src.as_str()).or_insert((v, file));
    }
    let mut out = Vec::new();
    for src in used.iter().filter(|s| processed(s)) {
        let rel = format!("{}/{src}", images::DIR);
        if let Some((v, file)) = visuals.get(src.as_str()) {
            // Sized (and refused when too large) by validation.
            if let (Some(w), Some(h)) = (v.largeur, v.hauteur) {
                if within_limits(w, h) {
                    out.push(Job {
                        src: src.clone(),
                        variants: plan::variants(src, w, h, Some(v.focal)).0,
                        user: (file.to_string(), v.line),
                    });
                }
            }
            continue;
        }
        // The sharing picture gets the social formats of a visual.
        let social = (crate::derive::images::sharing_picture(site) == Some(src.as_str()))
            .then_some([0.5, 0.5]);
        match site.probes.get(src.as_str()) {
            Some(images::Probe::Sized(w, h)) if within_limits(*w, *h) => out.push(Job {
                src: src.clone(),
                variants: plan::variants(src, *w, *h, social).0,
                user: (rel, 0),
            }),
            Some(images::Probe::Sized(w, h)) => sink.push(too_large(&rel, Pos::default(), *w, *h)),
            _ => sink.push(broken(
                &rel,
                Pos::default(),
                src,
                "fichier abîmé ou tronqué",
            )),
        }
    }
    out
}

/// What processing did, for the build summary.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    pub sources: usize,
    pub files: usize,
    /// Sources decoded: none when every variant came from the cache.
    pub decoded: usize,
    pub from_cache: usize,
    /// Variants of earlier builds no longer used, removed from the cache.
    pub swept: usize,
    /// Variants of the cache found damaged, made again.
    pub repaired: usize,
}

/// Makes (or takes from the cache, checked) every variant of every job and
/// hands its bytes to `write` (bytes, path in the output). Problems go to
/// `sink`; a source with a problem publishes nothing.
pub fn process<W>(root: &Path, jobs: &[Job], cache: &Cache, write: W, sink: &Sink) -> Stats
where
    W: Fn(&[u8], &str) -> std::io::Result<()> + Sync,
{
    // Diagnostics of the worker threads, handed to `sink` at the end.
    let found = std::sync::Mutex::new(Vec::new());
    let report = |d: Diagnostic| {
        if let Ok(mut f) = found.lock() {
            f.push(d);
        }
    };
    let decoded = AtomicUsize::new(0);
    let from_cache = AtomicUsize::new(0);
    let files = AtomicUsize::new(0);
    // Hashing is cheap; it tells which sources need work before any starts.
    // Bytes are not kept: a large site has more images than memory.
    let read = |job: &Job| std::fs::read(root.join(images::DIR).join(&job.src));
    let hashed: Vec<(&Job, String)> = jobs
        .par_iter()
        .filter_map(|job| match read(job) {
            Ok(bytes) => {
                if let Some(what) = active_text(&bytes) {
                    report(active(&job.user.0, job.user.1, &job.src, what));
                }
                Some((job, blake3::hash(&bytes).to_hex()[..24].to_string()))
            }
            Err(e) => {
                let why = crate::diagnostic::io_fr(&e);
                report(broken(&job.user.0, at(job.user.1), &job.src, &why));
                None
            }
        })
        .collect();
    // What the cache lists for each source (checked when read), and how
    // many sources have variants to make, for the progress bar.
    let listed: Vec<std::collections::HashMap<String, String>> =
        hashed.iter().map(|(_, h)| cache.listed(h)).collect();
    let work = hashed
        .iter()
        .zip(&listed)
        .filter(|((job, _), l)| {
            job.variants
                .iter()
                .any(|v| !l.contains_key(&v.cache_name()))
        })
        .count();
    let bar = progress(work);
    hashed
        .par_iter()
        .zip(&listed)
        .for_each(|((job, hash), listed)| {
            // Each variant's bytes, by cache name (a source's own path is
            // one of its widths: two outputs, one file).
            let mut made: BTreeMap<String, Vec<u8>> = BTreeMap::new();
            let mut picture = None;
            let mut failure = None;
            for v in &job.variants {
                let name = v.cache_name();
                if made.contains_key(&name) {
                    continue;
                }
                let cached = listed
                    .get(&name)
                    .and_then(|check| cache.get(hash, &name, check));
                if let Some(bytes) = cached {
                    from_cache.fetch_add(1, Ordering::Relaxed);
                    made.insert(name, bytes);
                    continue;
                }
                if picture.is_none() {
                    decoded.fetch_add(1, Ordering::Relaxed);
                    let img = read(job)
                        .map_err(|e| Failure::Broken(crate::diagnostic::io_fr(&e)))
                        .and_then(|bytes| encode::decode(&bytes));
                    bar.inc(1);
                    match img {
                        Ok(img) => picture = Some(img),
                        Err(e) => {
                            failure = Some(e);
                            break;
                        }
                    }
                }
                let Some(img) = &picture else { break };
                match encode::render(img, v) {
                    Ok(bytes) => {
                        cache.store(hash, &name, &bytes);
                        made.insert(name, bytes);
                    }
                    Err(e) => {
                        failure = Some(e);
                        break;
                    }
                }
            }
            let pos = at(job.user.1);
            match failure {
                None => {}
                Some(Failure::TooLarge(w, h)) => {
                    return report(too_large(&job.user.0, pos, w, h));
                }
                Some(Failure::Broken(_)) => {
                    return report(broken(
                        &job.user.0,
                        pos,
                        &job.src,
                        "fichier abîmé ou tronqué",
                    ));
                }
            }
            if cache.is_read_only() {
                return;
            }
            for v in &job.variants {
                let Some(bytes) = made.get(&v.cache_name()) else {
                    continue;
                };
                if let Err(e) = write(bytes, &v.out) {
                    report(crate::render::write_error(&v.out, &e));
                } else {
                    files.fetch_add(1, Ordering::Relaxed);
                }
            }
        });
    bar.finish_and_clear();
    let mut found = found.into_inner().unwrap_or_default();
    found.sort_by(|a, b| (&a.file, a.pos.line).cmp(&(&b.file, b.pos.line)));
    for d in found {
        sink.push(d);
    }
    // The cache is swept, and its problems said, by the caller once every
    // user of the cache (the drawn visuals too) has touched what it uses.
    Stats {
        sources: jobs.len(),
        files: files.into_inner(),
        decoded: decoded.into_inner(),
        from_cache: from_cache.into_inner(),
        swept: 0,
        repaired: 0,
    }
}

/// The line of the `visuel` that shows an image; none for an image shown
/// by a body or a logo (the diagnostic then names the image file).
fn at(line: usize) -> Pos {
    if line == 0 {
        Pos::default()
    } else {
        Pos::new(line, 1)
    }
}

/// The key a diagnostic names: `visuel.src` for a visual's line; none
/// for an image file itself.
fn key_at(line: usize) -> Option<&'static str> {
    (line > 0).then_some("visuel.src")
}

/// A progress bar on a terminal when there is real work; hidden otherwise.
fn progress(work: usize) -> ProgressBar {
    use std::io::IsTerminal;
    if work == 0 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(work as u64);
    if let Ok(style) = ProgressStyle::with_template("Images {bar:30} {pos}/{len} ({eta})") {
        bar.set_style(style);
    }
    bar
}

/// Markup or script text hidden in an image file (a comment, metadata).
fn active_text(bytes: &[u8]) -> Option<&'static str> {
    const NEEDLES: [&str; 4] = ["<script", "<html", "<?php", "javascript:"];
    let lower: Vec<u8> = bytes.iter().map(u8::to_ascii_lowercase).collect();
    NEEDLES
        .into_iter()
        .find(|n| lower.windows(n.len()).any(|w| w == n.as_bytes()))
}

fn active(file: &str, line: usize, src: &str, what: &str) -> Diagnostic {
    Diagnostic::new(
        Rule::ImageTexteActif,
        file,
        at(line),
        format!("l'image « {src} » contient du texte actif (« {what} ») dans ses données : elle est publiée réencodée, sans ce texte"),
    )
    .with_key_opt(key_at(line))
    .with_hint("réenregistrez l'image depuis un logiciel d'images de confiance, ou demandez l'original au photographe")
}

fn broken(file: &str, pos: Pos, src: &str, why: &str) -> Diagnostic {
    Diagnostic::new(
        Rule::ImageIllisible,
        file,
        pos,
        format!("l'image « {src} » ne peut pas être lue : {why}"),
    )
    .with_key_opt(key_at(pos.line))
    .with_hint("réenregistrez l'image en JPEG, PNG ou WebP")
}
