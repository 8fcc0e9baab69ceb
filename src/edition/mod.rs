//! Editing in the browser: the CMS (Decap CMS, vendored) that
//! `kitpress serve --edition` serves at `/admin/`, and that a build
//! publishes for a Git host when `site.yaml` has an `edition:` key.
//!
//! Nothing here is written by hand for a site: the CMS's configuration is
//! made from the content model's table ([`crate::content::schema`]), the
//! site's own lists and the theme's labels, so the form offers exactly what
//! the readers accept.

pub mod cms;
pub mod sample;
use std::path::Path;

use include_dir::{include_dir, Dir};

use crate::config::{Edition, SiteConfig};
use crate::diagnostic::Sink;
use crate::theme::labels::Labels;

/// Decap CMS, vendored by `scripts/vendor-decap.sh` (version and licence in
/// `vendor/decap-cms/VERSION`): the bundle and the chunks it loads.
pub static DECAP: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/vendor/decap-cms");

/// Where the CMS's own files are served and published, under `admin/`.
pub const DECAP_DIR: &str = "decap";

/// A file of the vendored bundle, by name (`decap-cms.js`).
pub fn decap_file(name: &str) -> Option<&'static [u8]> {
    if name.contains('/') || name.starts_with('.') {
        return None;
    }
    DECAP.get_file(name).map(|f| f.contents())
}

/// The page that loads the CMS: markup and wording in `admin.html`.
const ADMIN_TEMPLATE: &str = include_str!("admin.html");

/// `admin/index.html`: the page that loads the CMS, its configuration
/// beside it, and the site's style sheet (`../style.css`) for the preview
/// pane, so the same page serves locally and under the site's address.
pub fn admin_page(cfg: &SiteConfig) -> String {
    let mut context = tera::Context::new();
    context.insert("titre", &cfg.titre);
    context.insert("decap_dir", DECAP_DIR);
    // A fixed template with two strings: it cannot fail to render.
    tera::Tera::one_off(ADMIN_TEMPLATE, &context, true).unwrap_or_default()
}

/// Where a build publishes the CMS, in the output folder.
pub const ADMIN_DIR: &str = "admin";

/// The files a build publishes under `admin/` when `site.yaml` has an
/// `edition:` key: the page, the configuration for the Git host (the site's
/// address as preview), and the vendored bundle with its licence. Paths are
/// relative to the output folder.
pub fn published(cfg: &SiteConfig, edition: &Edition, labels: &Labels) -> Vec<(String, Vec<u8>)> {
    let config = cms::config(&cms::CmsContext {
        cfg,
        labels,
        backend: cms::Backend::Git(edition),
        site_url: &cfg.url_base,
    });
    let mut files = vec![
        (
            format!("{ADMIN_DIR}/index.html"),
            admin_page(cfg).into_bytes(),
        ),
        (format!("{ADMIN_DIR}/config.yml"), config.into_bytes()),
    ];
    for f in DECAP.files() {
        let name = f.path().to_string_lossy();
        files.push((
            format!("{ADMIN_DIR}/{DECAP_DIR}/{name}"),
            f.contents().to_vec(),
        ));
    }
    files
}

/// The CMS's configuration for `serve --edition` on the site at `root`,
/// previewed at `site_url`; `None` (problems in `sink`) when `site.yaml`
/// or the theme's labels cannot be read.
pub fn local_config(root: &Path, site_url: &str, sink: &Sink) -> Option<(SiteConfig, String)> {
    let text = crate::load::read_text(root, crate::config::CONFIG_FILE, sink)?;
    let cfg = SiteConfig::parse(&text, sink)?;
    let theme = crate::theme::locate(root, &cfg.theme, sink)?;
    let labels = crate::theme::labels::load(root, &theme, sink)?;
    let config = cms::config(&cms::CmsContext {
        cfg: &cfg,
        labels: &labels,
        backend: cms::Backend::Local,
        site_url,
    });
    Some((cfg, config))
}
