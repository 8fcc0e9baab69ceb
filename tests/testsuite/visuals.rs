//! Issue 29: the visuals kitpress draws for every item — each at its exact
//! size, shared by every public page as its own `og:image`, shown by every
//! card, carried by the diffusion kit; the same bytes from one build to the
//! next, none drawn again by a warm build; a title too long cut inside the
//! canvas and reported.

use std::path::Path;

use scraper::{Html, Selector};

use crate::support::{tree, SiteTest};

fn size(path: &Path) -> (u32, u32) {
    image::image_dimensions(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The drawn files of the output, by path.
fn drawn(out: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    tree(&out.join("visuels"))
}

#[test]
fn every_item_gets_its_visuals_and_a_warm_build_draws_none() {
    let site = SiteTest::embedded();
    let first = site.build(&[]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let out = site.out();

    // Every offer: three formats at their exact sizes.
    let offers = std::fs::read_dir(out.join("visuels/offres"))
        .unwrap()
        .count();
    assert!(offers >= 25 * 3, "{offers} offer visuals");
    for (path, _) in drawn(&out) {
        let name = path.to_string_lossy().to_string();
        let expected = if name.ends_with("-partage.jpg") {
            (1200, 630)
        } else if name.ends_with("-carre.jpg") {
            (1080, 1080)
        } else if name.ends_with("-vertical.jpg") {
            (1080, 1920)
        } else {
            assert!(name.starts_with("vignettes/"), "{name}");
            (640, 360)
        };
        assert_eq!(size(&out.join("visuels").join(&path)), expected, "{name}");
    }

    // Every public page (indexed, not the 404) shares a card of its own,
    // drawn at 1200 × 630; every card of a list shows a picture.
    let og = Selector::parse("meta[property=\"og:image\"]").unwrap();
    let noindex = Selector::parse("meta[name=\"robots\"]").unwrap();
    let card = Selector::parse("article.carte").unwrap();
    let img = Selector::parse("img").unwrap();
    let base = "https://www.province-sud.nc/clicetmouv/";
    let mut shared: std::collections::BTreeMap<String, String> = Default::default();
    let mut cards = 0;
    for (path, bytes) in tree(&out) {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let page = path.to_string_lossy().to_string();
        let doc = Html::parse_document(&String::from_utf8_lossy(&bytes));
        for c in doc.select(&card) {
            cards += 1;
            assert!(
                c.select(&img).next().is_some(),
                "{page}: a card without a picture"
            );
        }
        if page == "404.html" || doc.select(&noindex).next().is_some() {
            continue;
        }
        let url = doc
            .select(&og)
            .next()
            .and_then(|m| m.value().attr("content"))
            .unwrap_or_else(|| panic!("{page}: no og:image"));
        let file = url
            .strip_prefix(base)
            .unwrap_or_else(|| panic!("{page}: og:image {url} off the site"));
        assert!(
            file.starts_with("visuels/") && file.ends_with("-partage.jpg"),
            "{page}: og:image {url} is not a drawn card"
        );
        assert_eq!(size(&out.join(file)), (1200, 630), "{page}: {file}");
        if let Some(other) = shared.insert(file.to_string(), page.clone()) {
            panic!("{page} and {other} share {file}");
        }
    }
    // 25 offers, 30 model offers, 13 news, the kit, the guide, the free
    // pages and some 35 lists.
    assert!(
        shared.len() >= 25 + 30 + 13 + 35,
        "{} public pages",
        shared.len()
    );
    assert!(shared.contains_key("visuels/offres/communes/bourail-partage.jpg"));
    assert!(shared.contains_key("visuels/accueil-partage.jpg"));
    assert!(cards > 50, "{cards} cards");

    // The December diffusion kit: three drawn visuals for each of its items
    // but the text messages, in its zip too.
    let kit = std::fs::read_to_string(out.join("diffusion/2026-12/index.html")).unwrap();
    let doc = Html::parse_document(&kit);
    let item = Selector::parse("article.diffusion-element").unwrap();
    let ready = Selector::parse("ul[aria-label=\"Visuels prêts à publier\"] img").unwrap();
    let mut items = 0;
    for e in doc.select(&item) {
        let text = e.text().collect::<String>();
        if text.contains("Message texte") {
            continue;
        }
        items += 1;
        assert_eq!(e.select(&ready).count(), 3, "{text}");
    }
    assert!(items >= 15, "{items} items with visuals");
    let zip = std::fs::read(out.join("diffusion/2026-12/kit-diffusion-2026-12.zip")).unwrap();
    let archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let in_zip = archive
        .file_names()
        .filter(|n| n.starts_with("a-publier/"))
        .count();
    assert_eq!(in_zip, items * 3);

    // A warm build draws none; a cold one gives the same bytes.
    let before = drawn(&out);
    let warm = site.build(&[]);
    assert!(stderr(&warm).contains(", 0 dessiné —"), "{}", stderr(&warm));
    // Taken from the cache, a visual is linked, not copied; a damaged one
    // never reaches the output (nor does what was written through a link
    // into the cache): it is drawn again.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // (A build that changes nothing keeps the output in place: this
        // one is written anew.)
        std::fs::remove_dir_all(&out).unwrap();
        let again = site.build(&[]);
        assert!(
            stderr(&again).contains(", 0 dessiné —"),
            "{}",
            stderr(&again)
        );
        let carre = out.join("visuels/offres/initiation-surf-bourail-carre.jpg");
        assert!(std::fs::metadata(&carre).unwrap().nlink() >= 2);
        let good = std::fs::read(&carre).unwrap();
        std::fs::write(&carre, &good[..good.len() / 2]).unwrap();
        let repaired = site.build(&[]);
        assert!(
            stderr(&repaired).contains("abîmée"),
            "{}",
            stderr(&repaired)
        );
        assert!(!stderr(&repaired).contains(", 0 dessiné —"));
        assert_eq!(std::fs::read(&carre).unwrap(), good);
    }
    std::fs::remove_dir_all(site.path().join(".kitpress-cache")).unwrap();
    let cold = site.build(&[]);
    assert!(
        !stderr(&cold).contains(", 0 dessiné —"),
        "{}",
        stderr(&cold)
    );
    assert!(before == drawn(&out), "a cold build drew other bytes");
}

/// A 193-character title: the warning with its file and line, and on every
/// format nothing drawn beyond the title's box.
#[test]
fn a_title_too_long_is_cut_inside_its_box_and_reported() {
    let site = SiteTest::copy("invalid/visuel-texte-trop-long");
    let o = site.build(&[]);
    let said = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{said}");
    assert!(said.contains("visuel-texte-trop-long"), "{said}");
    assert!(said.contains("content/offres/o.md:2:1"), "{said}");
    let out = site.out().join("visuels/offres");
    // The universe's colour (sport, #005a9c) where no text may be: right of
    // the title's box, left of the picture (shared link), and in the right
    // margin of the text panel (square, vertical).
    let blue = |p: &image::Rgb<u8>| {
        (p[0] as i32).abs() < 24
            && (p[1] as i32 - 0x5a).abs() < 24
            && (p[2] as i32 - 0x9c).abs() < 24
    };
    // (The foot, below, carries the charter's marks up to the panel's edge.)
    for (file, xs, ys) in [
        ("o-partage.jpg", 592..634, 0..540),
        ("o-carre.jpg", 1030..1080, 450..990),
        ("o-vertical.jpg", 1022..1080, 910..1590),
    ] {
        let img = image::open(out.join(file)).unwrap().to_rgb8();
        let stray = xs
            .clone()
            .flat_map(|x| ys.clone().map(move |y| (x, y)))
            .filter(|&(x, y)| !blue(img.get_pixel(x, y)))
            .count();
        assert_eq!(stray, 0, "{file}: {stray} pixels of text outside the box");
    }
}

/// A calendar entry designs its visuals from data: its `accroche` instead
/// of its title (too long: reported at its own line and key), `gabarit:
/// annonce` (another drawing), a `gabarit` the theme lacks refused with
/// the ones it has, a photo that does not exist refused even before the
/// entry is validated.
#[test]
fn a_calendar_entry_draws_its_accroche_with_its_gabarit() {
    let site = SiteTest::copy("invalid/visuel-texte-trop-long");
    // Eight lines an entry, then its `extra` ones; the list starts line 4.
    let entry = |day: u32, statut: &str, accroche: &str, extra: &str| {
        format!(
            "  - date: 2026-12-{day:02}\n    canal: instagram\n    format: visuel\n    titre: \"Visuel {day}\"\n    responsable: \"Service communication\"\n    statut: {statut}\n    univers: sport\n    accroche: \"{accroche}\"\n{extra}"
        )
    };
    let head = "mois: 2026-12\nobjectifs: { videos_verticales: 0, visuels: 0, campagnes_sms_push: 0 }\nentrees:\n";
    let short = "Les stages de vacances sont ouverts";
    site.write(
        "content/calendrier/2026-12.yaml",
        &[
            head.to_string(),
            entry(3, "valide", short, ""),
            entry(5, "valide", short, "    gabarit: anonce\n"),
            entry(
                7,
                "idee",
                short,
                "    visuel: { src: absente.jpg, alt: \"Une photo\" }\n",
            ),
        ]
        .concat(),
    );
    let o = site.build(&[]);
    let said = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{said}");
    assert!(said.contains("valeur-inconnue"), "{said}");
    assert!(
        said.contains("content/calendrier/2026-12.yaml:20:"),
        "{said}"
    );
    assert!(said.contains("entrees[2].gabarit"), "{said}");
    assert!(said.contains("annonce"), "{said}");
    assert!(said.contains("image-introuvable"), "{said}");
    assert!(
        said.contains("content/calendrier/2026-12.yaml:29:"),
        "{said}"
    );
    assert!(said.contains("entrees[3].visuel.src"), "{said}");

    let long = "Une accroche beaucoup trop longue ".repeat(6);
    site.write(
        "content/calendrier/2026-12.yaml",
        &[
            head.to_string(),
            entry(3, "valide", short, ""),
            entry(5, "valide", short, "    gabarit: annonce\n"),
            entry(7, "valide", long.trim(), ""),
        ]
        .concat(),
    );
    let o = site.build(&[]);
    let said = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{said}");
    // The third entry's accroche is too long: said at its own line and key.
    assert!(
        said.contains("content/calendrier/2026-12.yaml:28:"),
        "{said}"
    );
    assert!(said.contains("entrees[3].accroche"), "{said}");
    assert!(said.contains("l'accroche « Une accroche"), "{said}");
    let dir = site.out().join("visuels/calendrier/2026-12");
    let read = |f: &str| std::fs::read(dir.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
    // Same data but the day: the standard drawing (the universe's icon)
    // and the announcement (the date, large) differ where the picture goes,
    // the top of the square one.
    let pixels = |f: &str| image::load_from_memory(&read(f)).unwrap().to_rgb8();
    let (standard, annonce) = (
        pixels("01-visuel-3-carre.jpg"),
        pixels("02-visuel-5-carre.jpg"),
    );
    let differ = (0..440)
        .flat_map(|y| (0..1080).map(move |x| (x, y)))
        .filter(|&(x, y)| {
            let (a, b) = (standard.get_pixel(x, y), annonce.get_pixel(x, y));
            (0..3).any(|c| (a[c] as i32 - b[c] as i32).abs() > 60)
        })
        .count();
    assert!(
        differ > 20_000,
        "the announcement looks like the standard visual ({differ} pixels differ)"
    );
    // The diffusion kit gives the accroche as the alt text to copy.
    let kit = site.page("diffusion/2026-12/index.html");
    assert!(
        kit.contains("«&nbsp;Les stages de vacances sont ouverts, jeudi 3 décembre 2026"),
        "{kit}"
    );
}
