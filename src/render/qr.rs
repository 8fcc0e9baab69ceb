//! QR codes of printed documents: a sheet's code points at its page online.
//!
//! - [`qr_code`]: a code, its mask chosen by the standard's penalty rules
//!   (fast_qr), kept as its modules, a bit each;
//! - [`Qr::chemin`]: one SVG path of its dark modules, drawn when a page
//!   is rendered (the theme's `partials/qr.html` shows it);
//! - [`Codes`]: every code of a build, computed once per address and kept
//!   across builds in `.kitpress-cache/qr-v2.bin`, beside the image cache.
//!   Choosing a code's mask is most of its cost, and a catalogue's
//!   addresses change little from one build to the next. A code no build
//!   used for `MAX_AGE` (8) saves is forgotten: two sites building beside
//!   each other keep their codes, a removed offer's goes.
//!
//! The cache file is checked whole (a BLAKE3 hash of its bytes at its end)
//! and written aside then renamed: a damaged or half-written file is
//! ignored and every code computed again, never a wrong code printed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use fast_qr::{QRBuilder, ECL};
use serde::Serialize;

/// Modules of blank border around a QR code, as its standard asks.
const QUIET_ZONE: usize = 4;

/// A QR code as the theme draws it (`partials/qr.html`): the side in
/// modules, quiet zone included (`modules`), and one SVG path of its dark
/// modules (`chemin`).
#[derive(Debug, PartialEq, Eq)]
pub struct Qr {
    /// Side of the code without its quiet zone.
    width: usize,
    /// Its modules row by row, a bit each (1: dark).
    bits: Vec<u8>,
}

impl Qr {
    fn new(width: usize, dark: impl Iterator<Item = bool>) -> Qr {
        let mut bits = vec![0u8; (width * width).div_ceil(8)];
        for (i, d) in dark.take(width * width).enumerate() {
            if d {
                bits[i / 8] |= 1 << (i % 8);
            }
        }
        Qr { width, bits }
    }

    fn dark(&self, x: usize, y: usize) -> bool {
        let i = y * self.width + x;
        self.bits[i / 8] >> (i % 8) & 1 == 1
    }

    /// The side in modules, quiet zone included.
    pub fn modules(&self) -> usize {
        self.width + 2 * QUIET_ZONE
    }

    /// One path, each horizontal run of dark modules a rectangle
    /// (`M4 4h7v1h-7z…`: written without `format!`, it is drawn for every
    /// sheet and bundle of a catalogue).
    pub fn chemin(&self) -> String {
        let mut chemin = String::with_capacity(self.width * self.width * 2);
        let mut n = itoa::Buffer::new();
        for y in 0..self.width {
            let mut x = 0;
            while x < self.width {
                if !self.dark(x, y) {
                    x += 1;
                    continue;
                }
                let run = (x..self.width).take_while(|&x| self.dark(x, y)).count();
                chemin.push('M');
                chemin.push_str(n.format(x + QUIET_ZONE));
                chemin.push(' ');
                chemin.push_str(n.format(y + QUIET_ZONE));
                chemin.push('h');
                chemin.push_str(n.format(run));
                chemin.push_str("v1h-");
                chemin.push_str(n.format(run));
                chemin.push('z');
                x += run;
            }
        }
        chemin
    }
}

impl Serialize for Qr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Qr", 2)?;
        st.serialize_field("modules", &self.modules())?;
        st.serialize_field("chemin", &self.chemin())?;
        st.end()
    }
}

/// A QR code pointing at `url` (`None` when the address is too long to
/// encode).
///
/// fast_qr chooses the mask with the standard's penalty rules, as every
/// generator must, in a fraction of the time the `qrcode` crate took (it
/// was a fifth of a 10 000-offer build).
pub fn qr_code(url: &str) -> Option<Qr> {
    let code = QRBuilder::new(url).ecl(ECL::M).build().ok()?;
    let side = code.size;
    Some(Qr::new(side, code.data.iter().map(|m| m.value())))
}

/// Bump when the codes change (another error correction level, another
/// generator): codes of an older cache are then computed again.
const FILE: &str = "qr-v2.bin";
/// The cache file's first bytes: its format and what made its codes.
const HEADER: &[u8] = b"kitpress qr v2 fast_qr-0.14 ecl-M\n";
/// Saves after which a code no build used is forgotten.
const MAX_AGE: u8 = 8;

/// A code, known (`None`: the address is too long for any code), whether
/// this build used it, and how many saves ago one last did.
#[derive(Debug)]
struct Entry {
    qr: Option<Arc<Qr>>,
    used: bool,
    age: u8,
}

/// Every code of a build by address ([module docs](self)).
#[derive(Debug, Default)]
pub struct Codes {
    /// The cache file; `None`: in memory only.
    file: Option<PathBuf>,
    entries: Mutex<HashMap<String, Entry>>,
    /// Codes computed by this build, not read from the file.
    computed: std::sync::atomic::AtomicUsize,
}

impl Codes {
    /// The codes kept beside the output folder `output` (in the same
    /// `.kitpress-cache/` as the images), read now.
    pub fn beside(output: &Path) -> Codes {
        Codes::kept_in(&crate::cachedir::folder_beside(output))
    }

    /// The codes kept in the cache folder `folder` (a `.kitpress-cache/`),
    /// read now. A folder that is not safe to use (a link, another user's)
    /// keeps the codes in memory only; the file is never read through a
    /// link.
    pub fn kept_in(folder: &Path) -> Codes {
        let safe = std::fs::symlink_metadata(folder)
            .map(|m| m.is_dir() && !m.file_type().is_symlink())
            .unwrap_or(true);
        let file = folder.join(FILE);
        let entries = crate::cachedir::open_regular(&file)
            .ok()
            .and_then(|f| {
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(&mut std::io::Read::take(f, 256 << 20), &mut bytes)
                    .ok()?;
                Some(bytes)
            })
            .filter(|_| safe)
            .and_then(|bytes| parse(&bytes))
            .unwrap_or_default();
        Codes {
            file: safe.then_some(file),
            entries: Mutex::new(entries),
            computed: Default::default(),
        }
    }

    /// The code of `url`, computed once.
    pub fn get(&self, url: &str) -> Option<Arc<Qr>> {
        let lock = || self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(e) = lock().get_mut(url) {
            e.used = true;
            return e.qr.clone();
        }
        // Computed outside the lock: the other threads go on meanwhile.
        let qr = qr_code(url).map(Arc::new);
        self.computed
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        lock().insert(
            url.to_string(),
            Entry {
                qr: qr.clone(),
                used: true,
                age: 0,
            },
        );
        qr
    }

    /// Writes the codes, when this build computed new ones or left some
    /// unused (those age, and go after `MAX_AGE` saves); whole or not at
    /// all. A cache that cannot be written only costs the next build time.
    pub fn save(&self) {
        let Some(file) = &self.file else { return };
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let computed = self.computed.load(std::sync::atomic::Ordering::Relaxed);
        if computed == 0 && entries.values().all(|e| e.used && e.age == 0) {
            return;
        }
        let mut kept: Vec<(&str, Option<&Qr>, u8)> = entries
            .iter()
            .map(|(u, e)| {
                (
                    u.as_str(),
                    e.qr.as_deref(),
                    if e.used { 0 } else { e.age + 1 },
                )
            })
            .filter(|(_, _, age)| *age <= MAX_AGE)
            .collect();
        kept.sort_by(|a, b| a.0.cmp(b.0));
        let _ = store(file, &serialize(kept.into_iter()));
    }
}

fn store(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = file.parent() {
        crate::cachedir::safe_folder(dir).map_err(std::io::Error::other)?;
    }
    let tmp = file.with_extension(format!("tmp{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| std::io::Write::write_all(&mut f, bytes))?;
    std::fs::rename(&tmp, file)
}

/// The cache file's bytes: the header; for each code its address's length
/// (2 bytes) and bytes, its age (1 byte), its width (2 bytes, 0: no code)
/// and its bits; the hash of all that.
fn serialize<'a>(codes: impl Iterator<Item = (&'a str, Option<&'a Qr>, u8)>) -> Vec<u8> {
    let mut out = HEADER.to_vec();
    for (url, qr, age) in codes {
        let Ok(len) = u16::try_from(url.len()) else {
            continue;
        };
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(url.as_bytes());
        out.push(age);
        let width = qr.map_or(0, |q| q.width as u16);
        out.extend_from_slice(&width.to_le_bytes());
        if let Some(q) = qr {
            out.extend_from_slice(&q.bits);
        }
    }
    let hash = blake3::hash(&out);
    out.extend_from_slice(hash.as_bytes());
    out
}

/// The codes of a cache file, or `None` if it is not whole and of this
/// version.
fn parse(bytes: &[u8]) -> Option<HashMap<String, Entry>> {
    let (body, hash) = bytes.split_at_checked(bytes.len().checked_sub(32)?)?;
    if blake3::hash(body).as_bytes() != hash {
        return None;
    }
    let mut rest = body.strip_prefix(HEADER)?;
    let mut take = |n: usize| -> Option<&[u8]> {
        let (head, tail) = rest.split_at_checked(n)?;
        rest = tail;
        Some(head)
    };
    let mut entries = HashMap::new();
    while let Some(len) = take(2) {
        let len = u16::from_le_bytes([len[0], len[1]]) as usize;
        let url = std::str::from_utf8(take(len)?).ok()?.to_string();
        let age = take(1)?[0];
        let width = take(2)?;
        let width = u16::from_le_bytes([width[0], width[1]]) as usize;
        let qr = if width == 0 {
            None
        } else {
            let bits = take((width * width).div_ceil(8))?.to_vec();
            Some(Arc::new(Qr { width, bits }))
        };
        entries.insert(
            url,
            Entry {
                qr,
                used: false,
                age,
            },
        );
    }
    Some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://www.province-sud.nc/clicetmouv/offres/surf/";

    /// Reads the drawn path back into a grid and decodes it as a phone would.
    fn decode(qr: &Qr) -> String {
        let side = qr.modules();
        let mut grid = vec![false; side * side];
        for rect in qr.chemin().split('M').skip(1) {
            let (xy, rest) = rect.split_once('h').unwrap();
            let (x, y) = xy.split_once(' ').unwrap();
            let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
            let run: usize = rest.split('v').next().unwrap().parse().unwrap();
            for cell in &mut grid[y * side + x..y * side + x + run] {
                assert!(!*cell, "module drawn twice at {x},{y}");
                *cell = true;
            }
        }
        // Four pixels a module, as a reader sees a printed code.
        let scale = 4;
        let mut img =
            rqrr::PreparedImage::prepare_from_greyscale(side * scale, side * scale, |x, y| {
                if grid[(y / scale) * side + x / scale] {
                    0
                } else {
                    255
                }
            });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one code found");
        grids[0].decode().unwrap().1
    }

    #[test]
    fn qr_code_has_its_modules_and_quiet_zone() {
        let qr = qr_code(URL).unwrap();
        // Version 3 (29 modules) or more for a 50-character address.
        assert!(qr.modules() >= 29 + 2 * QUIET_ZONE, "{}", qr.modules());
        let chemin = qr.chemin();
        // The first row starts with a finder pattern: 7 dark modules at the
        // quiet zone's corner.
        assert!(chemin.starts_with("M4 4h7v1h-7z"), "{}", &chemin[..40]);
        // Every dark module is drawn once.
        let dark = (0..qr.width)
            .flat_map(|y| (0..qr.width).map(move |x| (x, y)))
            .filter(|(x, y)| qr.dark(*x, *y))
            .count();
        let drawn: usize = chemin
            .split('M')
            .skip(1)
            .map(|r| {
                r.split('h')
                    .nth(1)
                    .unwrap()
                    .split('v')
                    .next()
                    .unwrap()
                    .parse::<usize>()
                    .unwrap()
            })
            .sum();
        assert_eq!(drawn, dark);
    }

    #[test]
    fn qr_code_reads_back_as_its_address() {
        for url in [
            URL,
            "https://www.province-sud.nc/clicetmouv/offres/offre-09073/",
            "https://exemple.nc/offres/éveil-musical-à-dumbéa/?source=fiche#réserver",
        ] {
            assert_eq!(decode(&qr_code(url).unwrap()), url);
        }
        // Too long for any version: no code rather than a wrong one.
        assert!(qr_code(&"x".repeat(4000)).is_none());
    }

    #[test]
    fn codes_are_kept_across_builds_and_a_damaged_cache_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("output");
        let long = "x".repeat(4000);
        let other = "https://www.province-sud.nc/clicetmouv/offres/voile/";
        let first = Codes::beside(&output);
        let surf = first.get(URL).unwrap();
        assert!(first.get(&long).is_none());
        first.get(other);
        first.save();
        let file = dir.path().join(".kitpress-cache").join(FILE);
        assert!(file.is_file());

        // The next build reads them back, the same codes, and computes none.
        let second = Codes::beside(&output);
        assert_eq!(second.get(URL).unwrap(), surf);
        assert!(second.get(&long).is_none());
        assert_eq!(second.computed.into_inner(), 0);
        // Unused, a code ages at each save and is forgotten after MAX_AGE.
        for age in 1..=MAX_AGE + 1 {
            let next = Codes::beside(&output);
            next.get(URL);
            next.save();
            let kept = parse(&std::fs::read(&file).unwrap()).unwrap();
            assert_eq!(kept[URL].age, 0);
            match kept.get(other) {
                Some(e) => assert_eq!(e.age, age),
                None => assert_eq!(age, MAX_AGE + 1),
            }
        }
        let kept = parse(&std::fs::read(&file).unwrap()).unwrap();
        assert_eq!(kept.keys().collect::<Vec<_>>(), vec![URL]);

        // One byte changed: the file is ignored, the code computed again,
        // the same as before.
        let mut bytes = std::fs::read(&file).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 1;
        std::fs::write(&file, &bytes).unwrap();
        assert!(parse(&bytes).is_none());
        let third = Codes::beside(&output);
        assert_eq!(third.get(URL).unwrap(), surf);
        assert_eq!(third.computed.into_inner(), 1);
        // Cut short, too.
        assert!(parse(&bytes[..bytes.len() - 40]).is_none());
        assert!(parse(&[]).is_none());
    }
}
