//! The editorial calendar: quotas, the J-7 rule at its boundaries, SMS and
//! push lengths, and the `.ics` subscriptions (parsed by an iCalendar library,
//! stable UIDs, one event per entry).

use crate::support::SiteTest;
use crate::support::{build_to, check, check_at, copy_dir, fixture, kitpress};
use chrono::{Days, NaiveDate};
use icalendar::{Calendar, CalendarComponent, Component};
use kitpress::build::Outcome;

fn site_with_month(month: &str, yaml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content/calendrier")).unwrap();
    std::fs::write(
        dir.path().join("content/site.yaml"),
        "titre: \"Test\"\nurl_base: \"https://test.example.nc/\"\nobjectifs: { offres_modeles_par_cible: 0 }\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join(format!("content/calendrier/{month}.yaml")),
        yaml,
    )
    .unwrap();
    dir
}

fn entry(date: NaiveDate, canal: &str, format: &str, statut: &str) -> String {
    format!("  - {{ date: {date}, canal: {canal}, format: {format}, titre: \"{format} {date}\", statut: {statut} }}\n")
}

fn codes(o: &Outcome) -> Vec<(&str, usize, String)> {
    o.diagnostics
        .iter()
        .map(|d| (d.code.code(), d.pos.line, d.key.clone().unwrap_or_default()))
        .collect()
}

#[test]
fn quotas_are_counted_per_category() {
    let d = NaiveDate::from_ymd_opt(2026, 5, 4).unwrap();
    let mut yaml = String::from("mois: 2026-05\nentrees:\n");
    for _ in 0..3 {
        yaml += &entry(d, "tiktok", "video-verticale", "publie");
    }
    for _ in 0..9 {
        yaml += &entry(d, "instagram", "visuel", "publie");
    }
    yaml += "  - { date: 2026-05-04, canal: sms, format: sms, titre: \"s\", statut: publie, message: \"Bonjour\" }\n";
    yaml += "  - { date: 2026-05-04, canal: push, format: push, titre: \"p\", statut: publie, message: \"Bonjour\" }\n";
    let site = site_with_month("2026-05", &yaml);
    let o = check(site.path());
    let quota: Vec<String> = o
        .diagnostics
        .iter()
        .filter(|d| d.code.code() == "quota-non-atteint")
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(quota.len(), 1, "{quota:?}");
    assert!(
        quota[0].contains("visuels : 9 prévu(s) sur 10"),
        "{quota:?}"
    );
    assert_eq!(o.errors(), 0);

    // A month may set its own quotas.
    let site = site_with_month(
        "2026-05",
        &format!(
            "mois: 2026-05\nobjectifs: {{ visuels: 9 }}\nentrees:\n{}",
            &yaml["mois: 2026-05\nentrees:\n".len()..]
        ),
    );
    let o = check(site.path());
    assert!(
        o.diagnostics
            .iter()
            .all(|d| d.code.code() != "quota-non-atteint"),
        "{:?}",
        codes(&o)
    );
}

#[test]
fn j7_rule_at_its_boundaries() {
    let t = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
    let at = |n: u64| t + Days::new(n);
    let yaml = format!(
        "mois: {}\nobjectifs: {{ videos_verticales: 0, visuels: 0, campagnes_sms_push: 0 }}\nentrees:\n{}{}{}{}",
        "2026-12",
        entry(at(8), "instagram", "visuel", "a-valider"),
        entry(at(7), "instagram", "visuel", "a-valider"),
        entry(at(6), "instagram", "visuel", "a-valider"),
        entry(at(6), "instagram", "visuel", "valide"),
    );
    // Reference day 2026-12-05: J-6, J-7 and J-8 all fall in December.
    let site = site_with_month("2026-12", &yaml);
    let o = check_at(site.path(), t);
    let found: Vec<(&str, usize)> = o
        .diagnostics
        .iter()
        .filter(|d| d.code.code().starts_with("validation"))
        .map(|d| (d.code.code(), d.pos.line))
        .collect();
    // Entries are on lines 4 (J-8), 5 (J-7), 6 (J-6 not validated), 7 (J-6 validated).
    assert_eq!(
        found,
        [("validation-aujourdhui", 5), ("validation-en-retard", 6)]
    );
    let late = o
        .diagnostics
        .iter()
        .find(|d| d.code.code() == "validation-en-retard")
        .unwrap();
    assert!(late.message.contains("validé à J-6 :"), "{}", late.message);
    assert_eq!(
        o.errors(),
        0,
        "the J-7 rule gives warnings: {:?}",
        codes(&o)
    );
}

#[test]
fn sms_and_push_lengths_are_warned_with_their_encoding() {
    let gsm160 = "a".repeat(160);
    let gsm161 = "a".repeat(161);
    let ucs71 = format!("ê{}", "a".repeat(70));
    let push121 = "a".repeat(121);
    let yaml = format!(
        "mois: 2026-12\nobjectifs: {{ videos_verticales: 0, visuels: 0, campagnes_sms_push: 0 }}\nentrees:\n\
  - {{ date: 2026-12-20, canal: sms, format: sms, titre: a, statut: valide, message: \"{gsm160}\" }}\n\
  - {{ date: 2026-12-20, canal: sms, format: sms, titre: b, statut: valide, message: \"{gsm161}\" }}\n\
  - {{ date: 2026-12-20, canal: sms, format: sms, titre: c, statut: valide, message: \"{ucs71}\" }}\n\
  - {{ date: 2026-12-20, canal: push, format: push, titre: d, statut: valide, message: \"{push121}\" }}\n"
    );
    let site = site_with_month("2026-12", &yaml);
    let o = check(site.path());
    let warned: Vec<(&str, usize, &str)> = o
        .diagnostics
        .iter()
        .filter(|d| d.code.code().ends_with("trop-long"))
        .map(|d| (d.code.code(), d.pos.line, d.message.as_str()))
        .collect();
    assert_eq!(warned.len(), 3, "{warned:#?}");
    assert_eq!((warned[0].0, warned[0].1), ("sms-trop-long", 5));
    assert!(warned[0].2.contains("161 caractères en GSM-7"));
    assert_eq!((warned[1].0, warned[1].1), ("sms-trop-long", 6));
    assert!(warned[1].2.contains("71 caractères en UCS-2"));
    assert_eq!((warned[2].0, warned[2].1), ("push-trop-long", 7));
    assert_eq!(o.errors(), 0);
}

fn uids(cal: &Calendar) -> Vec<String> {
    cal.components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => e.get_uid().map(String::from),
            _ => None,
        })
        .collect()
}

#[test]
fn ics_parses_counts_every_entry_and_keeps_its_uids() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("valid"), &site);
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build_to(&site, &a, &[]);
    build_to(&site, &b, &[]);
    let text = std::fs::read_to_string(a.join("calendrier/calendrier.ics")).unwrap();
    // RFC 5545: CRLF line ends, lines of at most 75 octets.
    assert!(text.ends_with("\r\n"));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let cal: Calendar = text.parse().expect("valid iCalendar");
    let all = uids(&cal);
    let entries: Vec<&String> = all
        .iter()
        .filter(|u| !u.starts_with("validation-"))
        .collect();
    let outcome = check(&site);
    assert!(outcome.errors() == 0);
    let yaml = std::fs::read_to_string(site.join("content/calendrier/2026-12.yaml")).unwrap();
    let published = yaml.matches("  - date:").count();
    assert_eq!(entries.len(), published);
    // Not-yet-validated entries carry a J-7 validation item.
    let pending =
        yaml.matches("statut: a-valider").count() + yaml.matches("statut: en-production").count();
    assert_eq!(all.len() - entries.len(), pending);
    // Same entries, same UIDs.
    let again: Calendar = std::fs::read_to_string(b.join("calendrier/calendrier.ics"))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(uids(&again), all);
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), all.len(), "UIDs are unique");
    // Timed entries are in Nouméa time, with the zone described.
    assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:Pacific/Noumea"));
    assert!(text.contains("DTSTART;TZID=Pacific/Noumea:20261202T173000"));
    assert!(text.contains("DTSTART;VALUE=DATE:20261203"));
    // One calendar per channel, each parsing too.
    for canal in ["tiktok", "instagram", "sms", "push"] {
        let c: Calendar = std::fs::read_to_string(a.join(format!("calendrier/{canal}.ics")))
            .unwrap()
            .parse()
            .unwrap();
        assert!(!uids(&c).is_empty(), "{canal}");
    }
}

#[test]
fn calendar_stays_out_of_navigation_sitemap_and_feed_and_can_be_left_out() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&fixture("valid"), &site);
    let out = tmp.path().join("out");
    build_to(&site, &out, &[]);
    let month = std::fs::read_to_string(out.join("calendrier/2026-12/index.html")).unwrap();
    assert!(month.contains(r#"<meta name="robots" content="noindex, nofollow">"#));
    for f in [
        "index.html",
        "sitemap.xml",
        "actus/atom.xml",
        "offres/index.html",
    ] {
        let text = std::fs::read_to_string(out.join(f)).unwrap();
        assert!(!text.contains("calendrier/"), "{f} mentions the calendar");
    }
    // calendrier: { publier: false } leaves it out altogether.
    let cfg = site.join("content/site.yaml");
    let mut yaml = std::fs::read_to_string(&cfg).unwrap();
    yaml = yaml.replace("calendrier: {", "calendrier: { publier: false,");
    std::fs::write(&cfg, yaml).unwrap();
    build_to(&site, &out, &[]);
    assert!(!out.join("calendrier").exists());
}

#[test]
fn new_month_is_scaffolded_with_its_quota_slots() {
    let tmp = SiteTest::copy("valid");
    let o = kitpress(&[
        "new",
        "mois",
        "2027-03",
        "--root",
        tmp.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let yaml = std::fs::read_to_string(tmp.path().join("content/calendrier/2027-03.yaml")).unwrap();
    assert_eq!(yaml.matches("format: video-verticale").count(), 3);
    assert_eq!(yaml.matches("format: visuel").count(), 10);
    assert_eq!(yaml.matches("format: sms").count(), 2);
    let outcome = check(tmp.path());
    // Quotas are met by the slots; only the SMS messages are left to write.
    assert!(outcome
        .diagnostics
        .iter()
        .all(|d| d.code.code() != "quota-non-atteint"));
    let errors: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors
        .iter()
        .all(|d| d.key.as_deref().is_some_and(|k| k.ends_with(".message"))));
}
