//! The pipeline, top-down: load → validate → render → write.
//!
//! [`run`] is what `kitpress build` and `kitpress check` call; a check runs
//! every stage but writes nothing.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::content::Section;
use crate::diagnostic::{Diagnostic, Sink};
use crate::error::KitError;
use crate::output::Staging;
use crate::site::{Options, Site};
use crate::{imageproc, images, render, templates, validate};

/// Build into a folder, or only check.
#[derive(Debug, Clone)]
pub enum Mode {
    Check,
    Build { output: PathBuf },
}

/// Pages built, per kind.
#[derive(Debug, Default, Clone)]
pub struct Counts {
    pub per_section: Vec<(Section, usize)>,
    pub months: usize,
    pub files: usize,
}

/// What a run found and did.
#[derive(Debug)]
pub struct Outcome {
    /// Sorted by file, then line.
    pub diagnostics: Vec<Diagnostic>,
    pub counts: Counts,
    /// Files left out because they are not validated.
    pub held_back: usize,
    /// Published model offers per target, with the season goal.
    pub model_offers: Vec<(String, usize)>,
    pub model_offer_goal: u64,
    /// Where the output was written, when it was.
    pub written: Option<PathBuf>,
    /// The build gave the output already in place, byte for byte: nothing
    /// was swapped.
    pub unchanged: bool,
    /// Images of `content/images/` that no published page uses (not copied).
    pub unused_images: usize,
    /// What image processing did.
    pub images: crate::imageproc::Stats,
    pub elapsed: Duration,
}

impl Outcome {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

fn finish(sink: Sink, mut extra: Vec<Diagnostic>, start: Instant) -> Outcome {
    let mut diagnostics = sink.into_vec();
    diagnostics.append(&mut extra);
    diagnostics.sort_by(|a, b| (&a.file, a.pos, a.code).cmp(&(&b.file, b.pos, b.code)));
    diagnostics.dedup();
    Outcome {
        diagnostics,
        counts: Counts::default(),
        held_back: 0,
        model_offers: Vec::new(),
        model_offer_goal: 0,
        written: None,
        unchanged: false,
        unused_images: 0,
        images: Default::default(),
        elapsed: start.elapsed(),
    }
}

/// Runs the pipeline. `Err` only for a refused output folder or a failed
/// write; problems in the content are in the outcome's diagnostics.
pub fn run(options: Options, mode: Mode) -> Result<Outcome, KitError> {
    let start = Instant::now();
    let sink = Sink::new();
    // Refuse a bad destination before any work.
    if let Mode::Build { output } = &mode {
        crate::output::check_destination(&options.root, output)?;
    }
    let Some(mut site) = Site::load(options, &sink) else {
        return Ok(finish(sink, Vec::new(), start));
    };
    validate::validate(&mut site, &sink);
    // A half-written draft never blocks the publication of what is validated.
    sink.demote(&site.unpublished_files());
    imageproc::attach(&mut site);
    let theme = templates::locate(&site.root, &site.config.theme, &sink);
    let tera = theme
        .as_ref()
        .and_then(|t| templates::load(&site.root, t, &sink));
    let (Some(theme), Some(mut tera)) = (theme, tera) else {
        return Ok(finish(sink, Vec::new(), start));
    };
    render::context::register(&mut tera, &site);
    let jobs = crate::pages::plan(&site);
    let mut written = None;
    let mut unchanged = false;
    let image_stats;
    let (render_diags, unused_images) = match &mode {
        Mode::Check => {
            let rendered = render::render_all(&site, &tera, &jobs, |_, _| Ok(()));
            let used = images::used(&site, rendered.images);
            let checked = checked_images(&site, &used, &sink);
            // Decodes what the cache of a build does not hold yet, writes nothing.
            let cache = imageproc::Cache::beside(&site.root.join("output"), true);
            let work = imageproc::jobs(&site, &checked, &sink);
            image_stats = imageproc::process(&site.root, &work, &cache, |_, _| Ok(()), &sink);
            (rendered.diagnostics, site.images.len() - used.len())
        }
        Mode::Build { output } => {
            let staging = Staging::begin(&site.root, output)?;
            let write_error = |rel: &str, e: std::io::Error| render::write_error(rel, &e);
            let rendered =
                render::render_all(&site, &tera, &jobs, |rel, bytes| staging.write(rel, bytes));
            let mut diags = rendered.diagnostics;
            match templates::static_files(&theme) {
                Ok(files) => {
                    for (rel, bytes) in files {
                        if let Err(e) = staging.write(&rel, &bytes) {
                            diags.push(write_error(&rel, e));
                        }
                    }
                }
                Err(e) => diags.push(write_error("themes", e)),
            }
            // Only what the published pages use, and only once checked:
            // raster images as their variants, the others as they are.
            let used = images::used(&site, rendered.images);
            let checked = checked_images(&site, &used, &sink);
            let cache = imageproc::Cache::beside(output, false);
            let work = imageproc::jobs(&site, &checked, &sink);
            let copy = |from: &Path, rel: &str| staging.link(from, rel);
            image_stats = imageproc::process(&site.root, &work, &cache, copy, &sink);
            for img in checked.iter().filter(|i| !imageproc::processed(i)) {
                let from = site.root.join(images::DIR).join(img);
                let rel = format!("images/{img}");
                if let Err(e) = staging.copy(&from, &rel) {
                    diags.push(write_error(&rel, e));
                }
            }
            // The diffusion zips, now that their visuals are in the output.
            for pending in &rendered.archives {
                let read = |rel: &str| std::fs::read(staging.tmp.join(rel));
                match crate::diffusion::archive::zip(pending, read) {
                    Ok(bytes) => {
                        if let Err(e) = staging.write(&pending.path, &bytes) {
                            diags.push(write_error(&pending.path, e));
                        }
                    }
                    Err(e) => diags.push(e.diagnostic(&pending.path)),
                }
            }
            if sink.has_errors() || diags.iter().any(Diagnostic::is_error) {
                staging.abort();
            } else {
                match staging.commit()? {
                    crate::output::Committed::Written(p) => written = Some(p),
                    crate::output::Committed::Unchanged(p) => {
                        written = Some(p);
                        unchanged = true;
                    }
                }
            }
            (diags, site.images.len() - used.len())
        }
    };
    let mut outcome = finish(sink, render_diags, start);
    outcome.images = image_stats;
    outcome.counts = Counts {
        per_section: Section::ALL
            .iter()
            .map(|s| (*s, site.library.count_published(*s)))
            .collect(),
        months: site.months.len(),
        files: jobs.len(),
    };
    outcome.held_back = site.held_back();
    outcome.model_offers = validate::count_model_offers(&site);
    outcome.model_offer_goal = site.config.offres_modeles_par_cible;
    outcome.written = written;
    outcome.unchanged = unchanged;
    outcome.unused_images = unused_images;
    Ok(outcome)
}

/// The used images that pass their checks (format, SVG content).
fn checked_images(site: &Site, used: &BTreeSet<String>, sink: &Sink) -> BTreeSet<String> {
    used.iter()
        .filter(|i| images::check(&site.root, i, sink))
        .cloned()
        .collect()
}
