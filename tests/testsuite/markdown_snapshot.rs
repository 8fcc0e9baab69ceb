//! Snapshot of the HTML produced for a body using every Markdown feature an
//! editor may use (tables, footnotes, task lists, strikethrough, anchors,
//! `@/` links, images, French typography).

use std::collections::{HashMap, HashSet};

use kitpress::diagnostic::Sink;
use kitpress::markdown::{render, Context, LinkTarget};
use kitpress::render::body::ThemeMarkup;
use kitpress::theme::{self, ThemeSource};

const BODY: &str = r#"## Où s'inscrire ?

Le portefeuille de 15000 F CFP paie l'activité : « c'est simple » ! Rendez-vous à 14:00.

| Prix | Séances |
|---:|---:|
| 1 500 F | 10 |

- [x] Créer son compte
- [ ] Réserver

Voir ~~l'ancienne~~ [la fiche](@/offres/surf.md#tarifs)[^1].

![Surf à Bourail](offres/surf.jpg)

```yaml
tarif: { montant: 2500 } # pas de typographie ici : ?
```

## Où s'inscrire ?

[^1]: Tarifs de la saison 2026-2027.
"#;

#[test]
fn rich_body_renders_as_expected() {
    let links: HashMap<String, LinkTarget> = [(
        "offres/surf.md".to_string(),
        LinkTarget {
            url: "offres/surf/".into(),
            published: true,
        },
    )]
    .into_iter()
    .collect();
    let images: HashSet<String> = ["offres/surf.jpg".to_string()].into_iter().collect();
    // The default theme's own markup for task markers and code blocks.
    let sink = Sink::new();
    let tera = theme::load(std::path::Path::new("."), &ThemeSource::Builtin, &sink)
        .expect("the built-in theme loads");
    let markup = ThemeMarkup::new(&tera, &sink);
    let cx = Context {
        links: &links,
        images: &images,
        to_root: "../../",
        file: "content/kit/a.md",
        body_line: 6,
        shortcode: None,
        markup: &markup,
        wallet: 15_000,
        highlight: true,
        remote_images: false,
        image_size: &|_| Some((1200, 800)),
        id_prefix: "",
    };
    let out = render(BODY, &cx, &sink);
    assert!(sink.into_vec().is_empty());
    insta::assert_snapshot!(out.html);
}
