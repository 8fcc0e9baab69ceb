//! What one piece of content may cost, in one place.
//!
//! Partners' texts are untrusted: a file must not be able to make a build
//! take minutes or gigabytes. Each limit is far above what a real site needs
//! (the embedded starter kit stays under a tenth of each) and, when reached,
//! is a French diagnostic at the file and line concerned — never a silent
//! cut. The README lists them (« Limites »).

/// Largest Markdown or YAML file read under `content/`, in bytes (1 Mio).
/// A longer file is refused before it is read.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Deepest nesting of lists and dictionaries in a YAML document. The deepest
/// key of the content model (`creneaux[1].jour`, `charte.couleurs…`) is at 3.
pub const MAX_YAML_DEPTH: usize = 16;

/// Most items in one YAML list (slots, calendar entries, communes…).
pub const MAX_LIST_ITEMS: usize = 2000;

/// Deepest nesting of blocks and tags in a rendered body (quotes in quotes,
/// lists in lists, raw HTML elements in one another).
pub const MAX_BODY_NESTING: usize = 64;

/// Largest whole number accepted anywhere in front matter or `site.yaml`
/// (amounts in F CFP, sessions, ages, quotas). Keeps every computation on
/// them (a price times a number of sessions) far from overflow.
pub const MAX_INTEGER: u64 = 99_999_999;

/// Largest picture the CMS may upload (`serve --edition`).
pub const MAX_UPLOAD_BYTES: u64 = 20 * 1024 * 1024;

/// Largest side and area kitpress decodes; beyond, the file is refused
/// before any pixel is read (a decompression bomb, or a camera original
/// far too large for a web page).
pub const MAX_SIDE: u32 = 12_000;
pub const MAX_PIXELS: u64 = 60_000_000;

/// Whether a picture of this size may be decoded.
pub fn within_limits(w: u32, h: u32) -> bool {
    w <= MAX_SIDE && h <= MAX_SIDE && (w as u64) * (h as u64) <= MAX_PIXELS
}
