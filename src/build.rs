//! The pipeline, top-down: load → validate → render → write.
//!
//! [`run`] is what `kitpress build` and `kitpress check` call; a check runs
//! every stage but writes nothing.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::content::Section;
use crate::diagnostic::{Diagnostic, Sink};
use crate::error::KitError;
use crate::output::Staging;
use crate::site::{Options, Site};
use crate::{extras, imageproc, render, theme, validate};

/// Build into a folder, or only check.
#[derive(Debug, Clone)]
pub enum Mode {
    /// Writes nothing; reads the image variants and QR codes a build kept
    /// in `cache` (a `.kitpress-cache/`), so that it decodes only what the
    /// build would.
    Check { cache: PathBuf },
    /// Into `output`, with the image variants and QR codes kept in
    /// `cache` (a `.kitpress-cache/`).
    Build { output: PathBuf, cache: PathBuf },
}

impl Mode {
    /// A build into `output`, its cache beside it.
    pub fn build(output: PathBuf) -> Mode {
        Mode::Build {
            cache: crate::cachedir::folder_beside(&output),
            output,
        }
    }

    /// A check that reads the cache of the builds into `output`.
    pub fn check(output: &std::path::Path) -> Mode {
        Mode::Check {
            cache: crate::cachedir::folder_beside(output),
        }
    }
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
    /// Those of reading the files first, then the others; each group
    /// sorted by file, then line ([`finish`]).
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
    /// The visuals kitpress drew, or took from the cache.
    pub visuals: crate::visuals::cards::Stats,
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

/// An outcome with these diagnostics: those of reading the files
/// (`diagnostics`) first, then those found later (`extra`), each group by
/// file and line. A file that cannot be read is the cause of what the
/// later stages then miss elsewhere (an offer that does not parse, then
/// the news item that names it): the cause is shown first.
pub fn finish(
    mut diagnostics: Vec<Diagnostic>,
    mut extra: Vec<Diagnostic>,
    start: Instant,
) -> Outcome {
    // Stable: diagnostics at one place keep the order they were found in
    // (the targets of `site.yaml` in its order, for instance).
    let by_place =
        |a: &Diagnostic, b: &Diagnostic| (&a.file, a.pos, a.code).cmp(&(&b.file, b.pos, b.code));
    diagnostics.sort_by(by_place);
    diagnostics.dedup();
    extra.sort_by(by_place);
    extra.dedup();
    diagnostics.append(&mut extra);
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
        visuals: Default::default(),
        elapsed: start.elapsed(),
    }
}

/// Runs the pipeline. `Err` only for a refused output folder or a failed
/// write; problems in the content are in the outcome's diagnostics.
pub fn run(options: Options, mode: Mode) -> Result<Outcome, KitError> {
    run_kept(options, mode).map(|(outcome, _)| outcome)
}

/// What a successful build leaves in memory for a preview to rebuild only
/// what a change touches ([`crate::rebuild`]): the modelled site, the
/// templates, the planned jobs with what rendering each gave, the hash of
/// every written file, and the diagnostics of each stage.
pub struct Kept {
    pub site: Site,
    pub tera: tera::Tera,
    pub jobs: Vec<render::Job>,
    /// In the order of `jobs`.
    pub results: Vec<render::JobResult>,
    /// The diffusion texts written (reused while the templates stay) and
    /// the QR codes drawn.
    pub memos: render::Memos,
    /// What each file of the output holds (see [`Staging::files`]).
    pub files: std::collections::BTreeMap<String, blake3::Hash>,
    /// Diagnostics of reading the files, before validation.
    pub loaded: Vec<Diagnostic>,
    /// Diagnostics of validation and of the templates.
    pub validated: Vec<Diagnostic>,
    /// Diagnostics of the images (checks and processing), kept as they are
    /// while no image or visual changes.
    pub imaging: Vec<Diagnostic>,
}

/// The front of the pipeline, the same for `build`, `check`, `audit` and a
/// preview's full rebuild: the site read from its files, what the model
/// lacks derived, and the whole site validated.
pub struct Prepared {
    pub site: Site,
    /// Diagnostics of reading the files.
    pub loaded: Vec<Diagnostic>,
    /// Diagnostics of validation (and then of the theme).
    pub sink: Sink,
}

/// Load → derive → validate. `Err` with the diagnostics of reading when
/// there is no usable site (no `site.yaml`, or one that cannot be read).
pub fn prepare(options: Options) -> Result<Prepared, Vec<Diagnostic>> {
    let load_sink = Sink::new();
    let Some(mut site) = Site::load(options, &load_sink) else {
        return Err(load_sink.into_vec());
    };
    let sink = Sink::new();
    crate::derive::derive(&mut site);
    validate::validate(&site, &sink);
    Ok(Prepared {
        site,
        loaded: load_sink.into_vec(),
        sink,
    })
}

/// The site's theme, found and loaded into tera; its problems go to `sink`.
pub fn load_theme(site: &Site, sink: &Sink) -> Option<(theme::ThemeSource, tera::Tera)> {
    let source = theme::locate(&site.root, &site.config.theme, sink);
    let tera = source
        .as_ref()
        .and_then(|t| theme::load(&site.root, t, sink));
    Some((source?, tera?))
}

/// Runs the pipeline and, for a build that wrote its output, keeps what a
/// preview needs to rebuild part of it.
pub fn run_kept(options: Options, mode: Mode) -> Result<(Outcome, Option<Kept>), KitError> {
    let start = Instant::now();
    let profile = crate::messages::Profile::from_env();
    // Refuse a bad destination before any work.
    if let Mode::Build { output, .. } = &mode {
        crate::output::check_destination(&options.root, output)?;
    }
    let Prepared {
        mut site,
        mut loaded,
        sink,
    } = match prepare(options) {
        Ok(p) => p,
        Err(loaded) => return Ok((finish(loaded, Vec::new(), start), None)),
    };
    profile.stage("chargement et validation");
    crate::derive::images::plan_variants(&mut site);
    crate::derive::cards::plan(&mut site);
    let theme = load_theme(&site, &sink);
    // A half-written draft never blocks the publication of what is validated.
    let drafts = site.unpublished_files();
    sink.demote(&drafts);
    crate::diagnostic::demote(&mut loaded, &drafts);
    let Some((theme, mut tera)) = theme else {
        return Ok((finish(loaded, sink.into_vec(), start), None));
    };
    // Partials are kept once rendered ([`render::partials`]): a card shows
    // in the lists of its universe, its commune and its targets (and a
    // preview renders them again and again). At 10 000 offers the lists
    // render in 0.7 s instead of 1.2 s, for some 20 MB.
    render::context::register(&mut tera, &site, true);
    profile.stage("gabarits");
    let jobs = crate::pages::plan(&site);
    profile.stage("plan");
    let mut written = None;
    let mut unchanged = false;
    let mut kept = None;
    let mut memos = render::Memos::default();
    let imaging = Sink::new();
    // The same stages for both: a check renders every page and goes through
    // the extras with nowhere to write.
    let (staging, cache) = match &mode {
        Mode::Check { cache } => (None, cache),
        Mode::Build { output, cache } => (Some(Staging::begin(&site.root, output)?), cache),
    };
    let read_only = staging.is_none();
    memos.qr = std::sync::Arc::new(render::qr::Codes::kept_in(cache));
    let (rendered, results) =
        render::render_all(&site, &tera, &jobs, memos.clone(), |rel, bytes| {
            staging.as_ref().map_or(Ok(()), |s| s.write(rel, bytes))
        });
    if !read_only {
        memos.qr.save();
    }
    profile.stage("rendu et écriture");
    let to = staging
        .as_ref()
        .map_or(extras::Destination::Nowhere, extras::Destination::Staging);
    let images_cache = imageproc::Cache::open(cache, &site.root, read_only);
    let extras = extras::write(
        &site,
        &theme,
        &tera,
        &jobs,
        &rendered,
        &images_cache,
        to,
        &imaging,
        &profile,
    );
    drop(images_cache);
    let mut render_diags = rendered.diagnostics;
    render_diags.extend(extras.diagnostics);
    if let Some(staging) = staging {
        let failed = loaded.iter().any(Diagnostic::is_error)
            || sink.has_errors()
            || imaging.has_errors()
            || render_diags.iter().any(Diagnostic::is_error);
        if failed {
            staging.abort();
        } else {
            let files = staging.files();
            match staging.commit()? {
                crate::output::Committed::Written(p) => written = Some(p),
                crate::output::Committed::Unchanged(p) => {
                    written = Some(p);
                    unchanged = true;
                }
            }
            kept = Some((results, files));
        }
        profile.stage("remplacement de la sortie");
    }
    let image_stats = extras.images;
    let visual_stats = extras.visuals;
    let unused_images = extras.unused_images;
    let imaging = imaging.into_vec();
    let validated = sink.into_vec();
    let mut late = validated.clone();
    late.extend(imaging.iter().cloned());
    late.extend(render_diags);
    let mut outcome = finish(loaded.clone(), late, start);
    outcome.images = image_stats;
    outcome.visuals = visual_stats;
    outcome.written = written;
    outcome.unchanged = unchanged;
    outcome.unused_images = unused_images;
    describe(&mut outcome, &site, &jobs);
    let kept = kept.map(|(results, files)| Kept {
        site,
        tera,
        jobs,
        results,
        memos,
        files,
        loaded,
        validated,
        imaging,
    });
    Ok((outcome, kept))
}

/// The counts of an outcome: what the site holds and how many files it gave.
pub fn describe(outcome: &mut Outcome, site: &Site, jobs: &[render::Job]) {
    let files = jobs.iter().map(|j| j.files().count()).sum();
    outcome.counts = Counts {
        per_section: Section::ALL
            .iter()
            .map(|s| (*s, site.library.count_published(*s)))
            .collect(),
        months: site.months.len(),
        files,
    };
    outcome.held_back = site.held_back();
    outcome.model_offers = validate::count_model_offers(site);
    outcome.model_offer_goal = site.config.offres_modeles_par_cible;
}
