//! The site's pictures: the one inventory of their sizes ([`measure`]: each
//! picture's header read once, its size or why it cannot be read), and the images of
//! `content/images/` that the published site uses ([`used`]: the visuals
//! of published files, images shown in their bodies, the logos of
//! `site.yaml`, and paths named in `content/data/`). Only these are
//! published; an image used only by a draft, or by nothing, stays out.

use std::collections::BTreeSet;

use crate::images::{probe, Probe};
use crate::site::Site;

/// Reads the header of every picture of `content/images/` once, in
/// parallel, into [`Site::probes`] (a preview keeps what it read: only new
/// pictures are read again); gives each visual its size (when it can be
/// decoded) and each funder's logo its own. Nothing else reads a header.
pub fn measure(site: &mut Site) {
    use rayon::prelude::*;
    let root = site.root.clone();
    let unread: Vec<&String> = site
        .images
        .iter()
        .filter(|i| !site.probes.contains_key(*i))
        .filter(|i| !matches!(crate::images::kind_of(i), crate::images::Kind::Other))
        .collect();
    let read: Vec<(String, Probe)> = unread
        .par_iter()
        .map(|src| ((*src).clone(), probe(&root, src)))
        .collect();
    site.probes.extend(read);
    let probes = &site.probes;
    for doc in site.library.heads_mut().filter(|d| d.published) {
        let Some(v) = doc.common.visuel.as_mut() else {
            continue;
        };
        let size = match probes.get(&v.src) {
            Some(Probe::Sized(w, h)) if crate::limits::within_limits(*w, *h) => Some((*w, *h)),
            Some(Probe::Svg(size)) => *size,
            _ => None,
        };
        if let Some((w, h)) = size {
            v.largeur = Some(w);
            v.hauteur = Some(h);
        }
    }
    for m in site.months.iter_mut() {
        for v in m.entrees.iter_mut().filter_map(|e| e.visuel.as_mut()) {
            if let Some(Probe::Sized(w, h)) = probes.get(&v.src) {
                if crate::limits::within_limits(*w, *h) {
                    v.largeur = Some(*w);
                    v.hauteur = Some(*h);
                }
            }
        }
    }
    for f in site.config.financeurs.iter_mut() {
        if let Some(logo) = &f.logo {
            f.logo_dimensions = probes
                .get(logo.trim_start_matches("images/"))
                .and_then(Probe::size)
                .map(|(w, h)| [w, h]);
        }
    }
}

/// The images (paths under `content/images/`) that the published site uses,
/// given those the rendered bodies showed.
pub fn used(site: &Site, in_bodies: impl IntoIterator<Item = String>) -> BTreeSet<String> {
    let mut used: BTreeSet<String> = in_bodies.into_iter().collect();
    for d in site.library.heads().filter(|d| d.published) {
        if let Some(v) = &d.common.visuel {
            used.insert(v.src.clone());
        }
    }
    for (_, v, _) in entry_photos(site) {
        used.insert(v.src.clone());
    }
    let cfg = &site.config;
    let logos = cfg
        .charte
        .logo
        .iter()
        .chain(&cfg.charte.partage)
        .chain(cfg.financeurs.iter().filter_map(|f| f.logo.as_ref()));
    for logo in logos {
        used.insert(logo.trim_start_matches("images/").to_string());
    }
    let mut strings = Vec::new();
    for v in site.data.values() {
        collect_strings(v, &mut strings);
    }
    for s in strings {
        let s = s.trim_start_matches('/').trim_start_matches("images/");
        if site.images.contains(s) {
            used.insert(s.to_string());
        }
    }
    used.retain(|i| site.images.contains(i));
    used
}

fn collect_strings<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match v {
        serde_json::Value::String(s) => out.push(s),
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        serde_json::Value::Object(m) => m.values().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}

/// The photos of the calendar entries whose visuals are drawn (validated,
/// not a text message), with the entry (month, place in its file) and the
/// month's file. A photo is raster: a drawing has no square crop.
pub fn entry_photos(
    site: &Site,
) -> impl Iterator<Item = ((&str, usize), &crate::content::Visuel, &str)> {
    site.months.iter().flat_map(|m| {
        m.entrees.iter().enumerate().filter_map(move |(i, e)| {
            let v = e.visuel.as_ref()?;
            let drawn = e.validated() && super::cards::drawn(e.format);
            (drawn && crate::images::processed(&v.src)).then_some((
                (m.mois.as_str(), i),
                v,
                m.file.as_str(),
            ))
        })
    })
}

/// The site's sharing picture (`charte.partage`), as a path under
/// `content/images/`.
pub fn sharing_picture(site: &Site) -> Option<&str> {
    let p = site.config.charte.partage.as_deref()?;
    Some(p.trim_start_matches("images/"))
}

/// Plans the variants of each published visual that kitpress processes,
/// from its size read by [`measure`], into the side table
/// [`Site::variants`]; and the formats of the site's sharing picture
/// ([`Site::sharing_variants`]).
pub fn plan_variants(site: &mut Site) {
    site.sharing_variants = sharing_picture(site)
        .filter(|s| crate::images::processed(s))
        .and_then(|src| {
            let (w, h) = site
                .image_size(src)
                .filter(|(w, h)| crate::limits::within_limits(*w, *h))?;
            Some(crate::images::plan::variants(src, w, h, Some([0.5, 0.5])).1)
        });
    let mut variants = std::collections::HashMap::new();
    for head in site.library.heads().filter(|h| h.published) {
        let Some(v) = head.common.visuel.as_ref() else {
            continue;
        };
        let (Some(w), Some(h)) = (v.largeur, v.hauteur) else {
            continue;
        };
        if crate::images::processed(&v.src) && crate::limits::within_limits(w, h) {
            let planned = crate::images::plan::variants(&v.src, w, h, Some(v.focal)).1;
            variants.insert(head.id, planned);
        }
    }
    site.variants = variants;
    let entries = entry_photos(site)
        .filter_map(|((mois, i), v, _)| {
            let (w, h) = (v.largeur?, v.hauteur?);
            let planned = crate::images::plan::variants(&v.src, w, h, Some(v.focal)).1;
            Some(((mois.to_string(), i), planned))
        })
        .collect();
    site.entry_variants = entries;
}
