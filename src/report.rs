//! Everything kitpress says to a person on the terminal: diagnostics (with the
//! source line and a caret, drawn by miette) and the closing summary.

use std::fmt;
use std::path::Path;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

use crate::build::Outcome;
use crate::content::Section;
use crate::diagnostic::{Diagnostic, Severity};

/// A diagnostic with its source text, in the form miette draws.
struct Shown<'a> {
    d: &'a Diagnostic,
    source: Option<NamedSource<String>>,
    span: Option<SourceSpan>,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.d, f)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.d.key {
            Some(k) => write!(f, "[{k}] {}", self.d.message),
            None => f.write_str(&self.d.message),
        }
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!("kitpress::{}", self.d.code)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity() {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.d
            .hint
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        let label = match &self.d.key {
            Some(k) => format!("ici ({k})"),
            None => "ici".to_string(),
        };
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(label),
            span,
        ))))
    }
}

/// Longest source line shown in a snippet, in bytes.
const SNIPPET_MAX_LINE: usize = 500;

/// Byte span of `len` characters from `line`:`col` in `text`.
fn span_of(text: &str, line: usize, col: usize, len: usize) -> Option<SourceSpan> {
    if line == 0 {
        return None;
    }
    let line_start = if line == 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)?
    };
    let line_text = text[line_start..].split('\n').next().unwrap_or("");
    // A snippet of a huge line (a pasted blob) would flood the terminal: the
    // one-line form says the place instead.
    let shown_lines = text.lines().skip(line.saturating_sub(2)).take(3);
    if shown_lines.into_iter().any(|l| l.len() > SNIPPET_MAX_LINE) {
        return None;
    }
    let start = line_text
        .char_indices()
        .nth(col.saturating_sub(1))
        .map(|(i, _)| i)
        .unwrap_or(line_text.len());
    let end = line_text[start..]
        .char_indices()
        .nth(len)
        .map(|(i, _)| start + i)
        .unwrap_or(line_text.len());
    Some(SourceSpan::new(
        (line_start + start).into(),
        end.saturating_sub(start)
            .max(usize::from(start < line_text.len())),
    ))
}

/// Draws one diagnostic, reading its file under `root` for the snippet.
/// What comes from the content (the message's quoted values, the key, the
/// snippet) has its control characters shown, never obeyed by the terminal.
pub fn render_diagnostic(root: &Path, d: &Diagnostic, color: bool) -> String {
    let shown_text = |s: &str| crate::escape::terminal(s).into_owned();
    let escaped = Diagnostic {
        file: shown_text(&d.file),
        key: d.key.as_deref().map(shown_text),
        message: shown_text(&d.message),
        hint: d.hint.as_deref().map(shown_text),
        ..d.clone()
    };
    let file = &d.file;
    let d = &escaped;
    // Only a line of a regular file makes a snippet: a diagnostic may name a
    // pipe or a link, which must not be opened (a pipe would block).
    let path = root.join(file);
    let regular = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
    let text = (d.pos.line > 0 && regular)
        .then(|| std::fs::read(&path).ok())
        .flatten()
        .map(|b| {
            let t =
                String::from_utf8_lossy(b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&b)).into_owned();
            crate::escape::terminal(&t.replace("\r\n", "\n")).into_owned()
        });
    let span = text
        .as_deref()
        .and_then(|t| span_of(t, d.pos.line, d.pos.col, d.len));
    let shown = Shown {
        d,
        source: span.and(text).map(|t| NamedSource::new(d.file.clone(), t)),
        span,
    };
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let mut out = String::new();
    // Without a snippet, miette would not name the place: say it first.
    if shown.span.is_none() {
        out.push_str(&format!("{d}\n"));
    }
    let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(1);
    if handler.render_report(&mut out, &shown).is_err() {
        out.push_str(&d.message);
    }
    out
}

fn section_label(s: Section, n: usize) -> String {
    let (one, many) = match s {
        Section::Pages => ("page", "pages"),
        Section::Offres => ("offre", "offres"),
        Section::OffresModeles => ("offre modèle", "offres modèles"),
        Section::Kit => ("page du kit", "pages du kit"),
        Section::Guide => ("fiche du guide", "fiches du guide"),
        Section::Actus => ("actu", "actus"),
    };
    format!("{n} {}", if n > 1 { many } else { one })
}

/// Seconds with a French decimal comma.
fn seconds(d: std::time::Duration) -> String {
    format!("{:.2}", d.as_secs_f64()).replace('.', ",")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n > 1 { many } else { one })
}

/// The closing lines of a run.
pub fn summary(o: &Outcome, built: bool) -> String {
    let mut lines = Vec::new();
    if !o.counts.per_section.is_empty() {
        let mut parts: Vec<String> = o
            .counts
            .per_section
            .iter()
            .map(|(s, n)| section_label(*s, *n))
            .collect();
        parts.push(plural(
            o.counts.months,
            "mois de calendrier",
            "mois de calendrier",
        ));
        lines.push(format!("Contenu publié : {}.", parts.join(", ")));
        if !o.model_offers.is_empty() {
            let parts: Vec<String> = o
                .model_offers
                .iter()
                .map(|(c, n)| format!("{c} {n}/{}", o.model_offer_goal))
                .collect();
            lines.push(format!("Offres modèles par cible : {}.", parts.join(", ")));
        }
        if o.held_back > 0 {
            lines.push(format!(
                "{} : prévisualisez avec « kitpress build --brouillons ».",
                plural(
                    o.held_back,
                    "fichier non validé mis de côté",
                    "fichiers non validés mis de côté"
                )
            ));
        }
    }
    let im = &o.images;
    if im.sources > 0 {
        // Decoded images are counted, not timed: a rebuild with no image
        // change decodes none.
        lines.push(format!(
            "Images : {}, {} — {} du cache{}.",
            plural(im.sources, "image traitée", "images traitées"),
            plural(im.decoded, "décodée", "décodées"),
            plural(im.from_cache, "variante reprise", "variantes reprises"),
            if im.swept > 0 {
                format!(
                    ", {}",
                    plural(
                        im.swept,
                        "ancienne variante retirée",
                        "anciennes variantes retirées"
                    )
                )
            } else {
                String::new()
            }
        ));
    }
    let vi = &o.visuals;
    if vi.files > 0 {
        lines.push(format!(
            "Visuels prêts à publier : {}, {} — les autres repris du cache.",
            plural(vi.files, "fichier", "fichiers"),
            plural(vi.drawn, "dessiné", "dessinés"),
        ));
    }
    if o.unused_images > 0 {
        lines.push(format!(
            "{} : non publiée{}.",
            plural(
                o.unused_images,
                "image de content/images/ n'est utilisée par aucune page publiée",
                "images de content/images/ ne sont utilisées par aucune page publiée"
            ),
            if o.unused_images > 1 { "s" } else { "" }
        ));
    }
    let verdict = match (o.errors(), built) {
        (0, true) => match &o.written {
            Some(p) => format!(
                "Site construit dans {} ({} fichiers) en {} s{}",
                p.display(),
                o.counts.files,
                seconds(o.elapsed),
                if o.unchanged {
                    ", identique à la sortie en place : rien n'a été réécrit"
                } else {
                    ""
                }
            ),
            None => "Site construit".to_string(),
        },
        (0, false) => format!(
            "Vérification terminée en {} s, rien n'a été écrit",
            seconds(o.elapsed)
        ),
        (_, true) => {
            "Échec de la construction : la sortie précédente est laissée intacte".to_string()
        }
        (_, false) => "Vérification terminée : le contenu a des erreurs".to_string(),
    };
    lines.push(format!(
        "{verdict} — {}, {}.",
        plural(o.errors(), "erreur", "erreurs"),
        plural(o.warnings(), "avertissement", "avertissements")
    ));
    lines.join("\n")
}
