//! The month's zip: `textes.txt` (every text of the kit, written by the
//! theme's `diffusion/textes.txt`), `a-publier/`, the visuals kitpress
//! drew for each item (three formats), and `visuels/`, each item's photo in
//! its social formats (or as it is when kitpress makes none, an SVG).
//!
//! It is made once the images are processed, from the files of the new
//! output. Its bytes depend on the content only (entries in a fixed order,
//! dated the first day of the month), so an unchanged month gives the same
//! zip from one build to the next.

use std::io::{Seek, Write};
use std::sync::Arc;

use chrono::Datelike;
use tera::{Context, Tera};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::Kit;
use crate::diagnostic::{Diagnostic, Pos, Sink};
use crate::rules::Rule;
use crate::views::VisuelView;

/// The theme's template of the texts file.
pub const TEMPLATE: &str = "diffusion/textes.txt";

/// The files of a visual in the output, with their name in the zip:
/// `(output path, zip path)`. Named after the picture, not the item, so that
/// items sharing a picture share its files (`visuels/offres-surf-carre.jpg`).
pub fn visual_files(v: &VisuelView) -> Vec<(String, String)> {
    let zip_name = |out: &str| {
        let under = out.strip_prefix("images/").unwrap_or(out);
        format!("visuels/{}", under.replace('/', "-"))
    };
    match &v.variantes {
        Some(var) => [&var.carre, &var.vertical, &var.partage]
            .into_iter()
            .filter_map(|url| {
                let out = crate::escape::path_of_url(url.as_ref()?);
                Some((out.clone(), zip_name(&out)))
            })
            .collect(),
        None => {
            let out = format!("images/{}", v.visuel.src);
            vec![(out.clone(), zip_name(&out))]
        }
    }
}

/// The visuals kitpress drew for an item, with their name in the zip
/// (`a-publier/offres-surf-partage.jpg`, apart from the photos' files):
/// `(output path, zip path)`.
pub fn card_files(c: &crate::images::plan::Cartes) -> Vec<(String, String)> {
    c.files()
        .into_iter()
        .map(|(_, out, _, _)| {
            let under = out.strip_prefix("visuels/").unwrap_or(out);
            (
                out.to_string(),
                format!("a-publier/{}", under.replace('/', "-")),
            )
        })
        .collect()
}

/// A problem making the zip, in French.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("visuel {0} illisible : {1}")]
    Visual(String, String),
    #[error("archive impossible à écrire : {0}")]
    Zip(String),
}

/// The texts file of a kit, written by the theme from the context its page
/// was rendered with (`diffusion`: the kit with its texts): one copy of a
/// month's texts in memory, not one for the page and one for the zip. The
/// zip itself waits for the visuals. Problems go to `sink`.
pub fn texts_file(kit: Arc<Kit>, tera: &Tera, cx: &Context, sink: &Sink) -> Option<Pending> {
    let what = format!("les textes du kit de diffusion {}", kit.mois);
    let textes = crate::theme::render_or_report(tera, TEMPLATE, cx, &what, sink)?;
    Some(Pending {
        path: kit.archive_path(),
        kit,
        textes,
    })
}

/// A zip waiting for the visuals: its path in the output, its kit and
/// its texts file.
#[derive(Debug)]
pub struct Pending {
    pub path: String,
    pub kit: Arc<Kit>,
    pub textes: String,
}

/// Writes the zip of a kit into `to` (a file: at 10 000 offers a month's
/// zip can weigh hundreds of megabytes, never held in memory): its texts
/// file and the visuals of its items, stored as they are (JPEG compresses
/// no further). `read` gives the bytes of a file of the new output.
pub fn zip<W: Write + Seek>(
    pending: &Pending,
    read: impl Fn(&str) -> std::io::Result<Vec<u8>>,
    to: W,
) -> Result<W, ArchiveError> {
    let first = chrono::NaiveDate::parse_from_str(&format!("{}-01", pending.kit.mois), "%Y-%m-%d")
        .unwrap_or_default();
    let stamp = DateTime::from_date_and_time(
        first.year().clamp(1980, 2107) as u16,
        first.month() as u8,
        1,
        0,
        0,
        0,
    )
    .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(stamp)
        .unix_permissions(0o644);
    let mut w = ZipWriter::new(to);
    let zip_err = |e: zip::result::ZipError| ArchiveError::Zip(e.to_string());
    let io_err = |e: std::io::Error| ArchiveError::Zip(crate::diagnostic::io_fr(&e));
    w.start_file("textes.txt", options).map_err(zip_err)?;
    w.write_all(pending.textes.as_bytes()).map_err(io_err)?;
    let mut seen = std::collections::BTreeSet::new();
    for item in pending.kit.items() {
        let drawn = item.cartes.as_ref().map(card_files).unwrap_or_default();
        let photo = item.visuel.as_ref().map(visual_files).unwrap_or_default();
        for (from, name) in drawn.into_iter().chain(photo) {
            if !seen.insert(name.clone()) {
                continue;
            }
            let bytes = read(&from)
                .map_err(|e| ArchiveError::Visual(from.clone(), crate::diagnostic::io_fr(&e)))?;
            w.start_file(name, options).map_err(zip_err)?;
            w.write_all(&bytes).map_err(io_err)?;
        }
    }
    w.finish().map_err(zip_err)
}

impl ArchiveError {
    /// What writing a zip through [`zip`] into a file gave: the zip's own
    /// problem when it was one, else the file's.
    pub fn of_io(e: std::io::Error, path: &str) -> Diagnostic {
        match e.get_ref().and_then(|i| i.downcast_ref::<ArchiveError>()) {
            Some(a) => a.diagnostic(path),
            None => crate::diagnostic::write_error(path, &e),
        }
    }

    /// The problem as a diagnostic on the zip's path.
    pub fn diagnostic(&self, path: &str) -> Diagnostic {
        Diagnostic::new(
            Rule::EcritureImpossible,
            path,
            Pos::default(),
            self.to_string(),
        )
    }
}
