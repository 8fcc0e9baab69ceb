//! The images of `content/images/` that the published site uses: the
//! visuals of published files, images shown in their bodies, the logos of
//! `site.yaml`, and paths named in `content/data/`. Only these are
//! published; an image used only by a draft, or by nothing, stays out.

use std::collections::BTreeSet;

use crate::site::Site;

/// The images (paths under `content/images/`) that the published site uses,
/// given those the rendered bodies showed.
pub fn used(site: &Site, in_bodies: impl IntoIterator<Item = String>) -> BTreeSet<String> {
    let mut used: BTreeSet<String> = in_bodies.into_iter().collect();
    for d in site.library.heads().filter(|d| d.published) {
        if let Some(v) = &d.common.visuel {
            used.insert(v.src.clone());
        }
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
