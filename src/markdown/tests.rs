//! Unit tests of the Markdown pass.

use super::*;
use crate::diagnostic::Diagnostic;

/// A stand-in for the theme's markup, plain enough to read in assertions.
struct Plain;

impl Markup for Plain {
    fn task(&self, done: bool) -> String {
        if done {
            "[x] ".into()
        } else {
            "[ ] ".into()
        }
    }

    fn code_block(&self, language: &str, html: &str) -> String {
        format!("<pre class=\"code\"><code class=\"language-{language}\">{html}</code></pre>\n")
    }

    fn image(&self, image: &super::images::BodyImage, to_root: &str) -> String {
        format!(
            "<img src=\"{to_root}images/{}\" alt=\"{}\">",
            image.src, image.alt
        )
    }
}

fn run(body: &str) -> (Rendered, Vec<Diagnostic>) {
    let mut links = HashMap::new();
    links.insert(
        "offres/surf.md".to_string(),
        LinkTarget {
            url: "offres/surf/".into(),
            published: true,
        },
    );
    links.insert(
        "offres/brouillon.md".to_string(),
        LinkTarget {
            url: "offres/brouillon/".into(),
            published: false,
        },
    );
    let images: HashSet<String> = ["offres/surf.jpg".to_string()].into_iter().collect();
    let cx = Context {
        id_prefix: "",
        links: &links,
        images: &images,
        to_root: "../../",
        file: "content/pages/a.md",
        body_line: 5,
        shortcode: None,
        markup: &Plain,
        wallet: 15_000,
        highlight: true,
        remote_images: false,
        image_size: &|_| None,
    };
    let sink = Sink::new();
    let r = render(body, &cx, &sink);
    (r, sink.into_vec())
}

#[test]
fn resolves_links_and_anchors() {
    let (r, d) = run("## Où s'inscrire ?\n\nVoir [le surf](@/offres/surf.md#tarifs).\n");
    assert!(d.is_empty());
    assert!(r.html.contains(r#"<h2 id="ou-s-inscrire">"#), "{}", r.html);
    assert!(r.html.contains(r#"href="../../offres/surf/#tarifs""#));
    assert_eq!(r.headings[0].id, "ou-s-inscrire");
}

#[test]
fn broken_link_is_located() {
    let (_, d) = run("Texte\n\nVoir [x](@/offres/surff.md) et [y](@/offres/brouillon.md).\n");
    assert_eq!(d.len(), 2);
    assert_eq!(d[0].code, "lien-casse");
    assert_eq!(d[0].pos, Pos::new(7, 6));
    assert!(d[0].hint.as_deref().unwrap().contains("offres/surf.md"));
    assert_eq!(d[1].code, "lien-non-publie");
}

#[test]
fn no_script_survives() {
    let (r, d) = run(
        "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=offres/surf.jpg onerror=alert(1)>\n",
    );
    assert!(!r.html.contains("<script"), "{}", r.html);
    assert!(!r.html.contains("onerror"));
    assert!(!r.html.contains("javascript:"));
    let codes: Vec<&str> = d.iter().map(|d| d.code.code()).collect();
    assert_eq!(codes, ["html-retire", "lien-interdit", "html-retire"]);
    assert_eq!(d[2].pos, Pos::new(7, 26));
    assert!(d[2].message.contains("onerror"), "{}", d[2].message);
}

#[test]
fn heading_attributes_are_not_text() {
    let (r, d) =
        run("## Essai {#essai .note tabindex=0 autofocus onfocus=alert(1) style=color:red}\n");
    assert_eq!(r.html, "<h2 id=\"essai\" class=\"note\">Essai</h2>\n");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, "html-retire");
    assert!(d[0].message.contains("onfocus"));
}

#[test]
fn raw_html_follows_the_link_rules() {
    let (r, d) = run(concat!(
        "<a href=\"ftp://x\">f</a> <a href=\"sms:1\">s</a>\n\n",
        "<div>\n<a href=\"@/offres/nexiste.md\">n</a>\n<a href=\"@/offres/surf.md\">ok</a>\n",
        "<img src=\"https://e.nc/x.png\" alt=\"\"> <img src=\"offres/surf.jpg\" alt=\"s\">\n</div>\n",
    ));
    let codes: Vec<(&str, usize)> = d.iter().map(|d| (d.code.code(), d.pos.line)).collect();
    assert_eq!(
        codes,
        [
            ("lien-interdit", 5),
            ("lien-interdit", 5),
            ("lien-casse", 8),
            ("image-distante", 10)
        ]
    );
    assert!(
        r.html.contains(r#"<a href="../../offres/surf/">ok</a>"#),
        "{}",
        r.html
    );
    assert!(r.html.contains(r#"src="../../images/offres/surf.jpg""#));
    assert!(
        !r.html.contains("ftp:") && !r.html.contains("sms:") && !r.html.contains("https://e.nc")
    );
    assert_eq!(r.images, ["offres/surf.jpg"]);
}

#[test]
fn table_cells_keep_only_their_alignment() {
    let (r, d) = run("| a | b |\n|:--|--:|\n| 1 | 2 |\n\n<table><tr><td style=\"text-align:left;background:url(https://e.nc/x)\">c</td></tr></table>\n");
    assert!(
        r.html.contains(r#"<th style="text-align: left">a</th>"#),
        "{}",
        r.html
    );
    assert!(!r.html.contains("background"));
    assert_eq!(d.len(), 1);
    assert!(d[0].message.contains("style"));
}

#[test]
fn typography_spares_code() {
    let (r, _) = run("Prêts ? `a ? b`\n\n```\nx ? y\n```\n");
    assert!(r.html.contains("Prêts\u{202f}?"));
    assert!(r.html.contains("<code>a ? b</code>"));
    assert!(r.html.contains("x ? y"));
}

#[test]
fn images_come_from_content_images() {
    let (r, d) = run("![Surf](offres/surf.jpg)\n\n![X](manque.png)\n");
    assert!(r.html.contains(r#"src="../../images/offres/surf.jpg""#));
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, "image-introuvable");
}
