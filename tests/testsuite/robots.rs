//! `robots.txt` points crawlers to the sitemap, and a preview with drafts
//! asks them to stay away.

use crate::support::{build_to, SiteTest};

#[test]
fn robots_txt_names_the_sitemap_and_shuts_a_preview() {
    let site = SiteTest::built("valid");
    let robots = site.page("robots.txt");
    assert!(robots.contains("Sitemap: https://www.province-sud.nc/clicetmouv/sitemap.xml"));
    assert!(robots.contains("Allow: /"));
    let preview = site.path().join("apercu");
    build_to(site.path(), &preview, &["--brouillons"]);
    let robots = std::fs::read_to_string(preview.join("robots.txt")).unwrap();
    assert!(robots.contains("Disallow: /"), "{robots}");
}
