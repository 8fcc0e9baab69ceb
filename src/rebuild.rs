//! Incremental rebuilds of the preview (`kitpress serve`).
//!
//! A full build keeps what it modelled in memory ([`build::Kept`]): the
//! site, the planned jobs with what rendering each gave, and the hash of
//! every written file — not the pages themselves. When Markdown files
//! change, only they are read again, and only what depends on them is
//! rendered again, from the jobs' own inputs (the dependency map is the
//! plan: each job names the documents it shows, and a list carries its
//! data):
//!
//! - **a body edit** (the front matter reads the same): the document's page,
//!   the feeds that carry it, the page whose text it is (the home page);
//!   its print sheet and the bundles that hold it only when the part of the
//!   text they print changed. No validation, no planning.
//! - **a front matter edit**: the site is validated and planned again (the
//!   lists, index, bundles and feeds are data of the plan); a job is
//!   rendered again when it shows the edited document or its data differ
//!   from the previous plan's; a file no job produces any more is removed.
//!   The public pages are planned, compared and rendered first, the
//!   internal ones (calendar, diffusion kits, network) after them: the
//!   catalogue does not wait for the kits' plan. A save that keeps the
//!   site's pages gives a plan of the same paths in the same order, whose
//!   jobs are compared pairwise ([`compare`]).
//! - **anything else** is a full build: a new or removed file, `site.yaml`,
//!   `data/`, images, the calendar, templates and themes, and a front matter
//!   edit that changes what every page shares (a URL, the publication
//!   state, a visual, a free page, an anchor other pages link to).
//!
//! Each file is put in place as soon as it is rendered (public pages
//! before the internal ones), so the edited page shows while long lists
//! render. A file whose bytes are the same is not written; a rebuild that
//! writes nothing reports [`Outcome::unchanged`] and the preview sends no
//! reload. A save whose file cannot be read or validated writes nothing; a
//! page whose rendering has an error keeps its last good version. What was
//! not written is remembered, so that the fix writes it.
//!
//! The month's zips of the diffusion kits (hundreds of megabytes at ten
//! thousand offers) are not made by the rebuild: the preview makes one
//! when it is downloaded ([`Zips`]) — an editor never waits for a zip to
//! see a page.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use std::sync::{Arc, Mutex};

use crate::build::{self, Kept, Mode, Outcome};
use crate::diagnostic::{Diagnostic, Sink};
use crate::diffusion::archive::{ArchiveError, Pending};
use crate::error::KitError;
use crate::library::DocId;
use crate::load::Loaded;
use crate::render::{self, Job, JobKind, JobResult, Shared};
use crate::site::{Options, Site};

/// A preview's build, kept between changes.
pub struct Session {
    options: Options,
    output: PathBuf,
    /// The `.kitpress-cache/` of the builds (the site's, as `build` uses).
    cache: PathBuf,
    kept: Option<Kept>,
    /// What the kept build is looked up by between saves.
    index: Index,
    /// Files rendered by a rebuild that had errors, not written yet.
    stale: BTreeSet<String>,
    /// The month's zips of kits rendered again, not made yet.
    zips: Zips,
}

/// How a rebuild was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Full,
    /// Some jobs rendered again: how many, and the files written or
    /// removed (paths in the output).
    Partial {
        rendered: usize,
        written: Vec<String>,
    },
}

impl Session {
    /// The first, full build into `output`, with the variants and codes
    /// kept in `cache` (a `.kitpress-cache/`).
    pub fn start(
        options: Options,
        output: PathBuf,
        cache: PathBuf,
    ) -> Result<(Session, Outcome), KitError> {
        let mut session = Session {
            options,
            output: output.clone(),
            cache,
            kept: None,
            index: Index::default(),
            stale: BTreeSet::new(),
            zips: Zips::new(output.clone()),
        };
        let outcome = session.full()?;
        Ok((session, outcome))
    }

    fn full(&mut self) -> Result<Outcome, KitError> {
        self.kept = None;
        self.stale.clear();
        // A full build makes every zip.
        self.zips.clear();
        let (outcome, kept) = build::run_kept(
            self.options.clone(),
            Mode::Build {
                output: self.output.clone(),
                cache: self.cache.clone(),
            },
        )?;
        self.index = kept.as_ref().map(Index::of).unwrap_or_default();
        self.kept = kept;
        Ok(outcome)
    }

    /// Rebuilds after `changed` (absolute paths or paths under the root):
    /// partly when it can, else fully.
    pub fn update(&mut self, changed: &BTreeSet<PathBuf>) -> Result<(Outcome, Kind), KitError> {
        let start = Instant::now();
        if let Some(kept) = self.kept.as_mut() {
            let rels: Option<Vec<String>> = changed
                .iter()
                .filter(|p| !transient(p))
                .map(|p| relative(&self.options.root, p))
                .collect();
            if let Some(rels) = rels {
                let result = partial(
                    kept,
                    &self.index,
                    &self.output,
                    &self.cache,
                    &rels,
                    &mut self.stale,
                    &self.zips,
                    start,
                );
                if let Some(result) = result {
                    return result;
                }
            }
        }
        Ok((self.full()?, Kind::Full))
    }

    /// The month's zips the rebuilds left for later, for the preview's
    /// server: it makes one when it is asked for.
    pub fn zips(&self) -> Zips {
        self.zips.clone()
    }

    /// Makes every month's zip the rebuilds left for later (what a
    /// download of each would do), and records them in the output's marker.
    pub fn settle(&mut self) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        let mut made = Vec::new();
        for path in self.zips.paths() {
            match self.zips.make(&path) {
                Some(Ok(hash)) => made.push((path, hash)),
                Some(Err(d)) => diagnostics.push(d),
                None => {}
            }
        }
        if let (Some(kept), false) = (self.kept.as_mut(), made.is_empty()) {
            kept.files.extend(made);
            if let Err(e) = crate::output::record_in_place(&self.output, &[], &mut kept.files) {
                let at = self.output.display().to_string();
                diagnostics.push(crate::diagnostic::write_error(&at, &e));
            }
        }
        diagnostics
    }
}

/// The month's zips of the diffusion kits that rebuilds rendered again
/// but did not make (hundreds of megabytes at ten thousand offers: an
/// editor never waits for them, and writing them at each save would slow
/// the next ones). The preview makes one when it is downloaded; the folder
/// keeps the previous one until then.
#[derive(Clone)]
pub struct Zips {
    output: PathBuf,
    waiting: Arc<Mutex<BTreeMap<String, Pending>>>,
}

impl Zips {
    fn new(output: PathBuf) -> Zips {
        Zips {
            output,
            waiting: Arc::default(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Pending>> {
        self.waiting.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether a zip waits to be made.
    pub fn any(&self) -> bool {
        !self.lock().is_empty()
    }

    fn paths(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }

    fn defer(&self, pending: Vec<Pending>, removed: &[String]) {
        let mut waiting = self.lock();
        for p in pending {
            waiting.insert(p.path.clone(), p);
        }
        // A month gone takes its zip with it.
        waiting.retain(|path, _| !removed.contains(path));
    }

    fn clear(&self) {
        self.lock().clear();
    }

    /// Makes the zip at `rel` (a path in the output) if it waits: its hash,
    /// or why it could not be written. `None` when none waits there. A
    /// save that renders its kit again meanwhile leaves a new one waiting.
    pub fn make(&self, rel: &str) -> Option<Result<blake3::Hash, Diagnostic>> {
        let pending = self.lock().remove(rel)?;
        let output = &self.output;
        let read = |from: &str| std::fs::read(output.join(from));
        let result = crate::output::write_in_place_with(output, rel, None, |file| {
            crate::diffusion::archive::zip(&pending, read, file)
                .map(drop)
                .map_err(std::io::Error::other)
        });
        Some(
            result
                .map(|(hash, _)| hash)
                .map_err(|e| ArchiveError::of_io(e, rel)),
        )
    }
}

/// `path` (absolute, or relative to the working folder) relative to the
/// site root, with `/` (`None` outside it).
fn relative(root: &Path, path: &Path) -> Option<String> {
    let root = root.canonicalize().ok()?;
    let path = path
        .parent()
        .and_then(|p| p.canonicalize().ok())
        .map(|p| p.join(path.file_name().unwrap_or_default()))?;
    let rel = path.strip_prefix(&root).ok()?;
    Some(rel.to_string_lossy().replace('\\', "/"))
}

/// A path gone by the time the save ends, with no extension of a site's
/// file: an editor's or a tool's temporary file (`sedX1b2c3`, `surf.md.tmp.42`).
fn transient(path: &Path) -> bool {
    const SITE: &[&str] = &[
        "md", "yaml", "yml", "html", "txt", "xml", "json", "ics", "css", "js", "png", "jpg",
        "jpeg", "webp", "gif", "svg",
    ];
    !path.exists()
        && !path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| SITE.contains(&e.to_ascii_lowercase().as_str()))
}

/// The documents by file, and those that links with an anchor point at.
#[derive(Default)]
struct Index {
    by_file: HashMap<String, DocId>,
    targets: HashSet<String>,
}

impl Index {
    fn of(kept: &Kept) -> Index {
        Index {
            by_file: kept
                .site
                .library
                .heads()
                .map(|h| (h.file.clone(), h.id))
                .collect(),
            targets: crate::render::anchors::targets(&kept.site)
                .into_iter()
                .map(str::to_string)
                .collect(),
        }
    }
}

/// What changed in one document.
struct Edit {
    id: DocId,
    /// The new front matter reads differently.
    front: bool,
}

/// A partial rebuild, or `None` when the change needs a full one. Five
/// phases, each a function below: [`locate`] the edited documents,
/// [`reread`] them, [`replan`] what must be rendered again, [`rerender`]
/// it (each file put in place as it comes), then [`record`] what was
/// written and removed; the month's zips wait for a download ([`Zips`]). A save that cannot be read or validated stops after
/// the replan ([`hold`]): nothing is written, the fix writes it.
#[allow(clippy::too_many_arguments)]
fn partial(
    kept: &mut Kept,
    index: &Index,
    output: &Path,
    cache: &Path,
    rels: &[String],
    stale: &mut BTreeSet<String>,
    zips: &Zips,
    start: Instant,
) -> Option<Result<(Outcome, Kind), KitError>> {
    let profile = crate::messages::Profile::from_env();
    let ids = locate(kept, index, rels)?;
    profile.stage("repérage");
    let reread = reread(kept, ids)?;
    profile.stage("relecture");
    let mut plan = replan(kept, &reread.edits, stale, &profile);
    profile.stage("pages à refaire");
    if reread.unreadable
        || kept.loaded.iter().any(Diagnostic::is_error)
        || kept.validated.iter().any(Diagnostic::is_error)
    {
        // The internal pages keep their previous plan, which matches the
        // files: the fix compares them with its own.
        return Some(Ok(hold(kept, plan, stale, start)));
    }
    let mut done = rerender(
        kept,
        index,
        output,
        cache,
        &reread.edits,
        Dirty {
            jobs: &plan.dirty,
            internal: plan.internal.as_ref(),
            stale,
        },
        start,
        &profile,
    )?;
    plan.removals.append(&mut done.removals);
    zips.defer(std::mem::take(&mut done.archives), &plan.removals);
    let result = record(kept, output, done, plan, stale, start);
    profile.stage("écriture");
    Some(result)
}

/// The edited documents: only existing Markdown files of the library
/// (`None`: a full build).
fn locate(kept: &Kept, index: &Index, rels: &[String]) -> Option<Vec<DocId>> {
    let ids: Vec<DocId> = rels
        .iter()
        .map(|rel| index.by_file.get(rel.as_str()).copied())
        .collect::<Option<Vec<_>>>()?;
    let gone = ids.iter().any(|id| {
        !kept
            .site
            .root
            .join(&kept.site.library.head(*id).file)
            .is_file()
    });
    (!gone).then_some(ids)
}

/// What reading the edited files again gave.
struct Reread {
    edits: Vec<Edit>,
    /// A file could not be read: its last good version stays.
    unreadable: bool,
}

/// Reads the edited files again into the library (`None`: the change
/// needs a full build — an anchor link changed, or what every page shares).
fn reread(kept: &mut Kept, ids: Vec<DocId>) -> Option<Reread> {
    let mut edits = Vec::new();
    let mut unreadable = false;
    for id in ids {
        let file = kept.site.library.head(id).file.clone();
        let sink = Sink::new();
        let new = kept.site.reread(id, &sink);
        kept.loaded.retain(|d| d.file != file);
        kept.loaded.extend(sink.into_vec());
        let Some(new) = new else {
            // The last good version stays in the library and the output.
            unreadable = true;
            continue;
        };
        let old = kept.site.library.head(id);
        // Links with an anchor decide which pages keep their ids: a change
        // there is a full build.
        let anchors = crate::render::anchors::anchored_links;
        if anchors(&old.body) != anchors(&new.head().body) {
            return None;
        }
        let front = old.front_hash != new.head().front_hash;
        if front && shared_change(old, new.as_ref()) {
            return None;
        }
        if front {
            new.replace(&mut kept.site.library, id);
        } else {
            let body = (new.head().body.clone(), new.head().body_line);
            let head = head_mut(&mut kept.site.library, id);
            head.body = body.0;
            head.body_line = body.1;
        }
        edits.push(Edit { id, front });
    }
    Some(Reread { edits, unreadable })
}

/// What a rebuild renders again and removes.
struct Replan {
    /// The jobs to render again, by index in the (new) plan.
    dirty: Vec<usize>,
    /// Files no job produces any more.
    removals: Vec<String>,
    /// After a front matter edit, the edited documents: the internal pages
    /// are planned again once the public ones are rendered.
    internal: Option<HashSet<DocId>>,
}

/// The jobs to render again: after a body edit, those that show the body;
/// after a front matter edit, the site is derived, validated and planned
/// again, and a job is dirty when its input differs from the previous
/// plan's.
fn replan(
    kept: &mut Kept,
    edits: &[Edit],
    stale: &BTreeSet<String>,
    profile: &crate::messages::Profile,
) -> Replan {
    let drafts = kept.site.unpublished_files();
    crate::diagnostic::demote(&mut kept.loaded, &drafts);
    let changed: HashSet<DocId> = edits.iter().map(|e| e.id).collect();
    let mut removals = Vec::new();
    let mut internal = false;
    let dirty: Vec<usize> = if edits.iter().any(|e| e.front) {
        crate::derive::derive(&mut kept.site);
        // The images' variants stay (a change of visual is a full build);
        // the edited documents' visuals may change name with their
        // universe.
        let fronts: HashSet<DocId> = edits.iter().filter(|e| e.front).map(|e| e.id).collect();
        crate::derive::cards::plan_docs(&mut kept.site, &fronts);
        // Validation reads neither the cards planned above nor the plan:
        // it runs beside the plan, which does not wait for it (a save with
        // errors is held after both). The public pages only: the internal
        // ones are planned once these are rendered (`rerender`).
        let site = &kept.site;
        let (sink, public) = rayon::join(
            || {
                let sink = Sink::new();
                crate::validate::validate(site, &sink);
                sink
            },
            || crate::pages::plan_public(site),
        );
        sink.demote(&drafts);
        // Templates' own diagnostics are kept; validation's are new.
        kept.validated = sink.into_vec();
        profile.stage("validation et plan");
        let split = crate::pages::internal_start(&kept.jobs);
        let dirty;
        (dirty, removals) = swap_plan(
            &mut kept.jobs,
            &mut kept.results,
            0..split,
            public,
            &changed,
            stale,
        );
        profile.stage("comparaison");
        internal = true;
        dirty
    } else {
        kept.jobs
            .iter()
            .enumerate()
            .filter(|(_, j)| stale.contains(&j.path) || shows_body(j, &changed))
            .map(|(i, _)| i)
            .collect()
    };
    // Files that a rebuild with errors did not remove.
    if !stale.is_empty() {
        let planned: HashSet<std::borrow::Cow<str>> =
            kept.jobs.iter().flat_map(Job::files).collect();
        removals.extend(
            stale
                .iter()
                .filter(|p| !planned.contains(p.as_str()) && kept.files.contains_key(*p))
                .cloned(),
        );
    }
    Replan {
        dirty,
        removals,
        internal: internal.then_some(changed),
    }
}

/// After a front matter edit, once the public pages are rendered: the
/// internal ones (calendar, diffusion kits, network) planned again, and
/// which to render again (by index in `jobs`) and which files to remove.
fn replan_internal(
    site: &Site,
    jobs: &mut Vec<Job>,
    results: &mut Vec<JobResult>,
    changed: &HashSet<DocId>,
    stale: &BTreeSet<String>,
) -> (Vec<usize>, Vec<String>) {
    let split = crate::pages::internal_start(jobs);
    let new = crate::pages::plan_internal(site);
    swap_plan(jobs, results, split..jobs.len(), new, changed, stale)
}

/// Puts `new` in place of the plan's jobs in `range` (the public or the
/// internal ones), their previous results following them; gives the
/// dirty jobs (by index in `jobs`) and the files to remove.
fn swap_plan(
    jobs: &mut Vec<Job>,
    results: &mut Vec<JobResult>,
    range: std::ops::Range<usize>,
    new: Vec<Job>,
    changed: &HashSet<DocId>,
    stale: &BTreeSet<String>,
) -> (Vec<usize>, Vec<String>) {
    let start = range.start;
    let old_results: Vec<JobResult> = results.drain(range.clone()).collect();
    let compared = compare(&jobs[range.clone()], old_results, &new, changed, stale);
    let old: Vec<Job> = jobs.splice(range, new).collect();
    results.splice(start..start, compared.results);
    // The old plan (tens of thousands of jobs and their data) is freed
    // beside the rendering, not before it.
    let leftovers = compared.leftovers;
    std::thread::spawn(move || drop((old, leftovers)));
    let dirty = compared.dirty.into_iter().map(|i| i + start).collect();
    (dirty, compared.removals)
}

/// The new plan against the previous one.
struct Compared {
    /// The jobs to render again, by index in the new plan.
    dirty: Vec<usize>,
    /// Files no job of the new plan produces.
    removals: Vec<String>,
    /// The previous results, in the new plan's order (default for a new
    /// job): each stays until its job is rendered again, the images it
    /// showed compared with the new ones.
    results: Vec<JobResult>,
    /// The results of jobs gone, freed beside the rendering.
    leftovers: Vec<Option<JobResult>>,
}

/// Which jobs of the new plan give another file than the previous plan's,
/// given the documents whose front matter `changed`. A save that keeps the
/// site's pages (a title, a price) gives a plan of the same paths in the
/// same order: jobs are then compared pairwise, without looking them up.
fn compare(
    old: &[Job],
    old_results: Vec<JobResult>,
    new: &[Job],
    changed: &HashSet<DocId>,
    stale: &BTreeSet<String>,
) -> Compared {
    use rayon::prelude::*;
    let aligned = old.len() == new.len() && old.par_iter().zip(new).all(|(o, n)| o.path == n.path);
    let dirty_if = |i: usize, same: bool| (!same || stale.contains(&new[i].path)).then_some(i);
    if aligned {
        let dirty: Vec<usize> = old
            .par_iter()
            .zip(new)
            .enumerate()
            .filter_map(|(i, (o, n))| dirty_if(i, same_input(o, n, changed)))
            .collect();
        // A job's other files (a kit's zip, a list's visual) are named
        // after its page; one that still changes name is looked up.
        let candidates: Vec<String> = old
            .iter()
            .zip(new)
            .flat_map(|(o, n)| o.files().filter(move |f| !n.files().any(|g| g == *f)))
            .map(|f| f.into_owned())
            .collect();
        let removals = if candidates.is_empty() {
            candidates
        } else {
            let new_files: HashSet<std::borrow::Cow<str>> =
                new.iter().flat_map(Job::files).collect();
            candidates
                .into_iter()
                .filter(|f| !new_files.contains(f.as_str()))
                .collect()
        };
        return Compared {
            dirty,
            removals,
            results: old_results,
            leftovers: Vec::new(),
        };
    }
    let by_path: HashMap<&str, (usize, &Job)> = old
        .iter()
        .enumerate()
        .map(|(i, j)| (j.path.as_str(), (i, j)))
        .collect();
    let new_files: HashSet<std::borrow::Cow<str>> = new.iter().flat_map(Job::files).collect();
    let removals = old
        .iter()
        .flat_map(Job::files)
        .filter(|f| !new_files.contains(f))
        .map(|f| f.into_owned())
        .collect();
    drop(new_files);
    let same: Vec<bool> = new
        .par_iter()
        .map(|job| {
            by_path
                .get(job.path.as_str())
                .is_some_and(|(_, o)| same_input(o, job, changed))
        })
        .collect();
    let mut leftovers: Vec<Option<JobResult>> = old_results.into_iter().map(Some).collect();
    let results = new
        .iter()
        .map(|job| {
            by_path
                .get(job.path.as_str())
                .and_then(|(k, _)| leftovers[*k].take())
                .unwrap_or_default()
        })
        .collect();
    let dirty = same
        .iter()
        .enumerate()
        .filter_map(|(i, same)| dirty_if(i, *same))
        .collect();
    Compared {
        dirty,
        removals,
        results,
        leftovers,
    }
}

/// A save with an error: the files stay as they are, and what should have
/// been rendered or removed is remembered for the fix.
fn hold(
    kept: &Kept,
    plan: Replan,
    stale: &mut BTreeSet<String>,
    start: Instant,
) -> (Outcome, Kind) {
    stale.extend(plan.dirty.iter().map(|i| kept.jobs[*i].path.clone()));
    stale.extend(plan.removals);
    let mut outcome = build::finish(kept.loaded.clone(), kept.validated.clone(), start);
    build::describe(&mut outcome, &kept.site, &kept.jobs);
    (
        outcome,
        Kind::Partial {
            rendered: 0,
            written: Vec::new(),
        },
    )
}

/// What rendering the dirty jobs again gave.
struct Rerendered {
    rendered: usize,
    /// Files written, with their new hash.
    written: Vec<(String, blake3::Hash)>,
    /// Files whose page had an error: their last good version stays.
    unwritten: Vec<String>,
    diagnostics: Vec<Diagnostic>,
    /// The month's zips of the kits rendered again, made when the preview
    /// is asked for them ([`Zips`]).
    archives: Vec<Pending>,
    /// Files the internal pages planned again no longer produce.
    removals: Vec<String>,
}

/// What [`rerender`] renders: the dirty jobs, and after a front matter
/// edit, the edited documents (the internal pages are then planned again
/// once the public ones are rendered).
struct Dirty<'a> {
    jobs: &'a [usize],
    internal: Option<&'a HashSet<DocId>>,
    stale: &'a BTreeSet<String>,
}

/// Renders the dirty jobs, public pages first, then the internal ones
/// (calendar, diffusion kits), which can be long: a list shows while a
/// month's kit renders; within each, the edited pages first, then the lists
/// showing them. Each file is put in place as soon as it is rendered,
/// unless its page has an error; the month's zips are left for later.
/// `None` when a page shows other images than before: a full build
/// processes them.
#[allow(clippy::too_many_arguments)]
fn rerender(
    kept: &mut Kept,
    index: &Index,
    output: &Path,
    cache: &Path,
    edits: &[Edit],
    dirty: Dirty,
    start: Instant,
    profile: &crate::messages::Profile,
) -> Option<Rerendered> {
    let mut shared = Shared::new(&kept.site);
    shared.texts = kept.memos.texts.clone();
    shared.qr = kept.memos.qr.clone();
    let targeted: HashSet<&str> = index.targets.iter().map(String::as_str).collect();
    let edited: HashSet<DocId> = edits.iter().map(|e| e.id).collect();
    let order = |jobs: &[Job], dirty: &mut Vec<usize>| {
        dirty.sort_by_key(|i| {
            let job = &jobs[*i];
            (
                crate::pages::is_internal(&job.url),
                urgency(job, &edited),
                std::cmp::Reverse(job.weight()),
            )
        })
    };
    let mut public = dirty.jobs.to_vec();
    order(&kept.jobs, &mut public);
    let split = public.partition_point(|i| !crate::pages::is_internal(&kept.jobs[*i].url));
    let mut internal = public.split_off(split);
    let mut removals = Vec::new();
    let written = std::sync::Mutex::new(Vec::<(String, blake3::Hash)>::new());
    let unwritten = std::sync::Mutex::new(Vec::<String>::new());
    let files = &kept.files;
    let profiling = profile.enabled();
    let write = |rel: &str, bytes: &[u8], diags: &[Diagnostic]| -> std::io::Result<()> {
        let hash = blake3::hash(bytes);
        if diags.iter().any(Diagnostic::is_error) {
            unwritten
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(rel.to_string());
        } else if files.get(rel) != Some(&hash) {
            crate::output::write_in_place(output, rel, bytes)?;
            if profiling {
                let ms = start.elapsed().as_secs_f64() * 1000.0;
                eprintln!("profil : {rel} écrit à {ms:.0} ms");
            }
            written
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((rel.to_string(), hash));
        }
        Ok(())
    };
    let mut fresh = render::render_some(
        &kept.site,
        &kept.tera,
        &shared,
        &targeted,
        &public.iter().map(|i| &kept.jobs[*i]).collect::<Vec<_>>(),
        write,
    );
    profile.stage("rendu des pages publiques");
    if let Some(changed) = dirty.internal {
        let (more, gone) = replan_internal(
            &kept.site,
            &mut kept.jobs,
            &mut kept.results,
            changed,
            dirty.stale,
        );
        internal = more;
        order(&kept.jobs, &mut internal);
        removals = gone;
        profile.stage("plan des pages internes");
    }
    fresh.extend(render::render_some(
        &kept.site,
        &kept.tera,
        &shared,
        &targeted,
        &internal.iter().map(|i| &kept.jobs[*i]).collect::<Vec<_>>(),
        write,
    ));
    profile.stage("rendu des pages internes");
    let mut dirty = public;
    dirty.append(&mut internal);
    let mut written = written.into_inner().unwrap_or_else(|e| e.into_inner());
    let unwritten = unwritten.into_inner().unwrap_or_else(|e| e.into_inner());
    let new_images = dirty
        .iter()
        .zip(&fresh)
        .any(|(i, r)| kept.results[*i].images != r.images);
    for (i, r) in dirty.iter().zip(fresh) {
        kept.results[*i] = r;
    }
    let mut rendered = render::gather(&mut kept.results);
    // The visuals of the edited documents, drawn again when their front
    // matter changed (the others' did not: a body never shows on them),
    // before the month's zips that carry them.
    if edits.iter().any(|e| e.front) {
        let site = &kept.site;
        let edited_files: HashSet<&str> = edits
            .iter()
            .filter(|e| e.front)
            .map(|e| site.library.head(e.id).file.as_str())
            .collect();
        // The edited documents' items, and the calendar entries (which
        // show the offer they name: a few, redrawn from the cache unless
        // that offer changed).
        let mut items = crate::visuals::cards::items_of(site, |f| edited_files.contains(f));
        // The list pages' counts may have changed: a few dozen, from the
        // cache unless they did.
        items.extend(crate::visuals::cards::page_items(
            site, &kept.jobs, &kept.tera,
        ));
        let sink = Sink::new();
        let theme = crate::theme::locate(&site.root, &site.config.theme, &sink);
        let fonts = theme.as_ref().map_or_else(
            crate::visuals::raster::Fonts::builtin,
            crate::visuals::raster::Fonts::of_theme,
        );
        // A title too long is said by the next full build (the kept
        // warnings are the last full build's).
        let fitted = crate::visuals::cards::fit(&items, &fonts, &Sink::new());
        let images = crate::imageproc::Cache::open(cache, &site.root, false);
        let drawn = std::sync::Mutex::new(Vec::new());
        let read = |rel: &str| std::fs::read(output.join(rel)).ok();
        let write = |d: crate::visuals::cards::Drawn, rel: &str| -> std::io::Result<()> {
            let (bytes, hash) = (d.bytes, d.hash);
            if files.get(rel) != Some(&hash) {
                crate::output::write_in_place(output, rel, bytes)?;
                drawn
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((rel.to_string(), hash));
            }
            Ok(())
        };
        crate::visuals::cards::draw(
            site, &kept.tera, &fonts, &items, &fitted, &images, read, write, &sink,
        );
        written.extend(drawn.into_inner().unwrap_or_else(|e| e.into_inner()));
        rendered.diagnostics.extend(sink.into_vec());
        profile.stage("visuels");
    }
    for (rel, hash) in &written {
        kept.files.insert(rel.clone(), *hash);
    }
    if new_images {
        return None;
    }
    Some(Rerendered {
        rendered: dirty.len(),
        written,
        unwritten,
        diagnostics: rendered.diagnostics,
        archives: rendered.archives,
        removals,
    })
}

/// Removes the files no job produces, records the new hashes, and tells
/// what the rebuild did.
fn record(
    kept: &mut Kept,
    output: &Path,
    done: Rerendered,
    plan: Replan,
    stale: &mut BTreeSet<String>,
    start: Instant,
) -> Result<(Outcome, Kind), KitError> {
    let mut removals = plan.removals;
    let mut late = kept.validated.clone();
    late.extend(kept.imaging.iter().cloned());
    late.extend(done.diagnostics);
    let mut outcome = build::finish(kept.loaded.clone(), late, start);
    build::describe(&mut outcome, &kept.site, &kept.jobs);
    stale.clear();
    stale.extend(done.unwritten);
    if outcome.diagnostics.iter().any(Diagnostic::is_error) {
        // Removed by the fix.
        stale.extend(removals.drain(..));
    }
    let mut changed: Vec<String> = done.written.into_iter().map(|(rel, _)| rel).collect();
    changed.extend(removals.iter().cloned());
    crate::output::record_in_place(output, &removals, &mut kept.files)
        .map_err(|e| KitError::io(output, e))?;
    outcome.written = Some(output.to_path_buf());
    outcome.unchanged = changed.is_empty();
    Ok((
        outcome,
        Kind::Partial {
            rendered: done.rendered,
            written: changed,
        },
    ))
}

fn head_mut(lib: &mut crate::library::Library, id: DocId) -> &mut crate::library::Head {
    lib.heads_mut()
        .find(|h| h.id == id)
        .expect("the id comes from the library")
}

/// Whether a front matter change reaches what every page shares: its URL
/// or publication state (links, navigation), its visual (the images to
/// process), a free page (the footer's links).
fn shared_change(old: &crate::library::Head, new: &dyn Loaded) -> bool {
    let new = new.head();
    old.url != new.url
        || old.published != new.published
        || old.brouillon != new.brouillon
        || old.section == crate::content::Section::Pages
        || serde_json::to_value(&old.common.visuel).ok()
            != serde_json::to_value(&new.common.visuel).ok()
}

/// Whether a job shows the body of one of `changed`.
fn shows_body(job: &Job, changed: &HashSet<DocId>) -> bool {
    match &job.kind {
        JobKind::Doc(id) | JobKind::Sheet(id) => changed.contains(id),
        JobKind::Bundle(ids, _) => ids.iter().any(|i| changed.contains(i)),
        JobKind::Listing { body, .. } => body.is_some_and(|b| changed.contains(&b)),
        // Cards show no body; the home page shows its text.
        JobKind::List(lazy) => lazy.body.is_some_and(|b| changed.contains(&b)),
        JobKind::Feed(feed) => feed.docs.iter().any(|i| changed.contains(i)),
        JobKind::Diffusion(_) => false,
    }
}

/// In what order a preview renders its jobs: the page of an edited
/// document first, then the lists (what the editor looks at), then what
/// is printed or read elsewhere.
fn urgency(job: &Job, edited: &HashSet<DocId>) -> u8 {
    match &job.kind {
        JobKind::Doc(id) if edited.contains(id) => 0,
        JobKind::List(_) | JobKind::Listing { .. } if job.path.ends_with(".html") => 1,
        JobKind::Doc(_) => 2,
        JobKind::Sheet(_) => 3,
        // The catalogue's filter index, the sitemap: read by programs.
        JobKind::List(_) | JobKind::Listing { .. } => 4,
        JobKind::Feed(_) => 4,
        JobKind::Bundle(..) | JobKind::Diffusion(_) => 5,
    }
}

/// Whether a job of the new plan gives the same file as the old one, given
/// the documents whose front matter changed.
fn same_input(old: &Job, new: &Job, changed: &HashSet<DocId>) -> bool {
    if old.path != new.path || old.template != new.template || old.root != new.root {
        return false;
    }
    let untouched = |ids: &[DocId]| !ids.iter().any(|i| changed.contains(i));
    match (&old.kind, &new.kind) {
        (JobKind::Doc(a), JobKind::Doc(b)) | (JobKind::Sheet(a), JobKind::Sheet(b)) => {
            a == b && untouched(&[*a])
        }
        (JobKind::Bundle(ia, da), JobKind::Bundle(ib, db)) => ia == ib && da == db && untouched(ia),
        (JobKind::Listing { data: da, body: ba }, JobKind::Listing { data: db, body: bb }) => {
            da == db && ba == bb && ba.is_none_or(|b| untouched(&[b]))
        }
        (JobKind::List(a), JobKind::List(b)) => {
            a.shows == b.shows
                && a.body == b.body
                && untouched(&a.shows)
                && a.body.is_none_or(|b| untouched(&[b]))
        }
        (JobKind::Feed(a), JobKind::Feed(b)) => a == b && untouched(&a.docs),
        (JobKind::Diffusion(a), JobKind::Diffusion(b)) => a == b,
        _ => false,
    }
}
