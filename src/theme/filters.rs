//! The theme's filters: the French formatting of values, in one place
//! (`milliers`, `decimal`, `typo`, `date_fr`, `mois_fr`, `heure`), and the
//! escaping of values written into other formats than HTML (`json_ld`,
//! `css`, `ics`, `ics_date`, `ics_heure`, `url_chemin`). The wording
//! itself stays in the templates.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use tera::{Tera, Value};

fn parse_date(v: &Value) -> Option<(NaiveDate, Option<NaiveDateTime>)> {
    let s = v.as_str()?;
    if let Ok(dt) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S") {
        return Some((dt.date(), Some(dt)));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .map(|d| (d, None))
        .or_else(|| {
            NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d")
                .ok()
                .map(|d| (d, None))
        })
}

/// Registers every filter of the theme on `tera` (the render stage adds
/// `partiel`, which needs what it renders: [`crate::render::partials`]).
pub(super) fn register(tera: &mut Tera) {
    // A value as JSON for a `<script type="application/ld+json">`: `<`, `>`
    // and `&` escaped, so that no text of content can close the element.
    tera.register_filter("json_ld", |v: &Value, _: &HashMap<String, Value>| {
        let json = serde_json::to_string(v).unwrap_or_else(|_| "null".into());
        Ok(Value::String(
            json.replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026"),
        ))
    });
    tera.register_filter("milliers", |v: &Value, _: &HashMap<String, Value>| {
        let n = v
            .as_u64()
            .or_else(|| v.as_f64().map(|f| f.round() as u64))
            .unwrap_or(0);
        Ok(Value::String(crate::typography::thousands(n)))
    });
    tera.register_filter("decimal", |v: &Value, _: &HashMap<String, Value>| {
        Ok(Value::String(crate::typography::decimal(
            v.as_f64().unwrap_or(0.0),
        )))
    });
    // A path of the output written as a URL (`images/{{ v.src | url_chemin }}`).
    tera.register_filter("url_chemin", |v: &Value, _: &HashMap<String, Value>| {
        let path = tera::try_get_value!("url_chemin", "value", String, v);
        Ok(Value::String(crate::escape::url_path(&path)))
    });
    tera.register_filter("typo", |v: &Value, _: &HashMap<String, Value>| {
        Ok(Value::String(
            crate::typography::french(v.as_str().unwrap_or("")).into_owned(),
        ))
    });
    tera.register_filter("date_fr", |v: &Value, args: &HashMap<String, Value>| {
        let Some((d, dt)) = parse_date(v) else {
            return Ok(v.clone());
        };
        let with_day = args.get("jour").and_then(Value::as_bool).unwrap_or(false);
        let mut s = crate::typography::date_fr(d, with_day);
        if let (Some(dt), true) = (
            dt,
            args.get("heure").and_then(Value::as_bool).unwrap_or(false),
        ) {
            s.push_str(&format!(" à {}", dt.format("%H:%M")));
        }
        Ok(Value::String(s))
    });
    tera.register_filter("mois_fr", |v: &Value, _: &HashMap<String, Value>| {
        let Some((d, _)) = parse_date(v) else {
            return Ok(v.clone());
        };
        Ok(Value::String(format!(
            "{} {}",
            crate::typography::MONTHS[d.month0() as usize],
            d.year()
        )))
    });
    // The inside of a double-quoted CSS string (for `content: "…"` in @page
    // margin boxes): escaped by cssparser, and `<` too, since the string
    // stands in a <style> element.
    tera.register_filter("css", |v: &Value, _: &HashMap<String, Value>| {
        Ok(Value::String(css_string_content(v.as_str().unwrap_or(""))))
    });
    tera.register_filter("ics", |v: &Value, _: &HashMap<String, Value>| {
        let text = match v {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        Ok(Value::String(crate::ics::escape_text(&text)))
    });
    tera.register_filter("ics_date", |v: &Value, args: &HashMap<String, Value>| {
        let Some((d, _)) = parse_date(v) else {
            return Ok(v.clone());
        };
        let plus = args.get("plus").and_then(Value::as_u64).unwrap_or(0);
        let d = d + chrono::Days::new(plus);
        Ok(Value::String(d.format("%Y%m%d").to_string()))
    });
    tera.register_filter("ics_heure", |v: &Value, _: &HashMap<String, Value>| {
        Ok(Value::String(format!(
            "{}00",
            v.as_str().unwrap_or("0000").replace(':', "")
        )))
    });
    tera.register_filter("heure", |v: &Value, _: &HashMap<String, Value>| {
        let Some((_, Some(dt))) = parse_date(v) else {
            return Ok(v.clone());
        };
        Ok(Value::String(dt.format("%H:%M").to_string()))
    });
}

/// Text escaped for the inside of a double-quoted CSS string in HTML.
pub fn css_string_content(text: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(text.len() + 8);
    let _ = cssparser::CssStringWriter::new(&mut out).write_str(text);
    out.replace('<', "\\3c ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_be_left() {
        let s = css_string_content("Kit\r} body { x: url(y) } \"</style>\n\\");
        assert_eq!(s, "Kit\\d } body { x: url(y) } \\\"\\3c /style>\\a \\\\");
        assert!(!s.chars().any(|c| c.is_control()));
    }
}
