//! Colours of the charte: `#rrvvbb` values, and the RGAA contrast rule
//! (4,5:1 against white), with the nearest darker shade that passes.

use crate::rules::Rule;

fn is_color(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}

pub(super) fn color(n: &crate::yaml::Node) -> Option<String> {
    let s = n.text()?;
    if is_color(&s) {
        Some(s.to_lowercase())
    } else {
        n.report(
            Rule::CouleurInvalide,
            format!("`{}` : « {s} » n'est pas une couleur #rrvvbb", n.path),
            Some("écrivez la couleur entre guillemets, par exemple \"#00677f\"".into()),
        );
        None
    }
}

/// WCAG contrast ratio of a `#rrggbb` colour against white.
pub fn contrast_with_white(hex: &str) -> f64 {
    let channel = |i: usize| {
        let c = u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0) as f64 / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
    1.05 / (l + 0.05)
}

/// The same hue, darkened just enough to reach `target` against white.
pub fn darken_to(hex: &str, target: f64) -> String {
    let rgb: Vec<f64> = [1, 3, 5]
        .iter()
        .map(|i| u8::from_str_radix(&hex[*i..*i + 2], 16).unwrap_or(0) as f64)
        .collect();
    let mut f = 1.0;
    loop {
        let candidate = format!(
            "#{:02x}{:02x}{:02x}",
            (rgb[0] * f) as u8,
            (rgb[1] * f) as u8,
            (rgb[2] * f) as u8
        );
        if contrast_with_white(&candidate) >= target || f <= 0.0 {
            return candidate;
        }
        f -= 0.01;
    }
}

/// Minimum contrast of text against its background (WCAG 2.1 AA).
pub const MIN_CONTRAST: f64 = 4.5;

/// A charte colour carries white text and is used for links on white: it
/// must reach AA contrast against white.
pub(super) fn charte_color(n: &crate::yaml::Node) -> Option<String> {
    let c = color(n)?;
    let ratio = contrast_with_white(&c);
    if ratio < MIN_CONTRAST {
        let better = darken_to(&c, MIN_CONTRAST);
        let fr = |x: f64| format!("{x:.1}").replace('.', ",");
        n.report(
            Rule::CouleurContraste,
            format!(
                "`{}` : « {c} » n'a qu'un contraste de {}:1 avec le blanc, il en faut 4,5:1 (RGAA, WCAG 2.1 AA)",
                n.path,
                fr(ratio)
            ),
            Some(format!(
                "essayez « {better} », la même teinte plus foncée (contraste {}:1)",
                fr(contrast_with_white(&better))
            )),
        );
    }
    Some(c)
}
