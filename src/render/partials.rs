//! Partials rendered once per distinct input: the `partiel` filter.
//!
//! A catalogue of 10 000 offers includes its card partial 10 000 times, and
//! the lists of every universe, commune and target include the same cards
//! again. A theme writes
//!
//! ```text
//! {{ c | partiel(nom="partials/carte.html", niveau_carte="h4", racine=racine) | safe }}
//! ```
//!
//! instead of `{% include %}`: the partial is rendered with the value it is
//! given (named `c` in the partial, or as `comme="…"` says) and exactly the
//! other arguments. Its HTML is kept under a hash of its name, value and
//! arguments (Hugo's `partialCached`, keyed by what the partial reads): a
//! build renders an offer's card once for the lists of its universe, its
//! commune and its targets, and after a title edit a preview's catalogue
//! renders one card again and finds the 9 999 others. A filter rather than a function, because tera
//! gives a filter its value by reference: a function's arguments are
//! copies, and copying 10 000 cards cost more than rendering them.
//!
//! The partial sees only its value and arguments, never the calling page's
//! variables (pass `site=site` if it needs the settings): what it shows is
//! what its key holds. Filters and functions work as everywhere, except
//! `partiel` itself.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tera::{Context, Tera, Value};

/// The memo and what it renders with.
struct Partials {
    /// The templates as registered before `partiel` (no cycle between the
    /// function and the `Tera` holding it).
    tera: Tera,
    /// What was rendered, by key; `None` where nothing renders twice (the
    /// audit's pages).
    done: Option<Mutex<HashMap<blake3::Hash, Arc<str>>>>,
}

impl Partials {
    fn key(value: &Value, args: &HashMap<String, Value>) -> blake3::Hash {
        thread_local! {
            static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        let mut keys: Vec<&String> = args.keys().collect();
        keys.sort_unstable();
        // Written whole, then hashed once: the hasher's cost is per call.
        BUFFER.with_borrow_mut(|buf| {
            buf.clear();
            // Serialising a `Value` to memory cannot fail.
            let _ = serde_json::to_writer(&mut *buf, value);
            for k in keys {
                buf.push(0);
                buf.extend_from_slice(k.as_bytes());
                buf.push(b'=');
                let _ = serde_json::to_writer(&mut *buf, &args[k]);
            }
            blake3::hash(buf)
        })
    }

    fn render(&self, value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let name = args.get("nom").and_then(Value::as_str).ok_or_else(|| {
            tera::Error::msg("partiel : l’argument nom=\"partials/….html\" manque")
        })?;
        let Some(done) = &self.done else {
            return self.render_now(name, value, args).map(Value::String);
        };
        let key = Partials::key(value, args);
        let lock = || done.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(html) = lock().get(&key) {
            return Ok(Value::String(html.to_string()));
        }
        let html = self.render_now(name, value, args)?;
        lock().insert(key, Arc::from(html.as_str()));
        Ok(Value::String(html))
    }

    fn render_now(
        &self,
        name: &str,
        value: &Value,
        args: &HashMap<String, Value>,
    ) -> tera::Result<String> {
        let mut cx = Context::new();
        let named = args.get("comme").and_then(Value::as_str).unwrap_or("c");
        cx.insert(named, value);
        for (k, v) in args {
            if k != "nom" && k != "comme" {
                cx.insert(k.as_str(), v);
            }
        }
        self.tera.render(name, &cx)
    }
}

/// Registers `partiel` on `tera`, which must hold every other filter and
/// function already (the partials are rendered with a copy of it). `keep`:
/// the partials rendered are kept for the next renders (a build, whose
/// lists show the same cards; a preview, which renders them again).
pub fn register(tera: &mut Tera, keep: bool) {
    let partials = Arc::new(Partials {
        tera: tera.clone(),
        done: keep.then(Mutex::default),
    });
    tera.register_filter(
        "partiel",
        move |value: &Value, args: &HashMap<String, Value>| partials.render(value, args),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(pairs: &[(&str, Value)]) -> HashMap<String, Value> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn key_holds_the_value_and_every_argument_in_any_order() {
        let card = Value::from("carte");
        let a = args(&[("nom", "p.html".into()), ("racine", "../".into())]);
        let b = args(&[("racine", "../".into()), ("nom", "p.html".into())]);
        assert_eq!(Partials::key(&card, &a), Partials::key(&card, &b));
        assert_ne!(Partials::key(&card, &a), Partials::key(&"autre".into(), &a));
        let q = args(&[("nom", "q.html".into()), ("racine", "../".into())]);
        assert_ne!(Partials::key(&card, &a), Partials::key(&card, &q));
        let deeper = args(&[("nom", "p.html".into()), ("racine", "../../".into())]);
        assert_ne!(Partials::key(&card, &a), Partials::key(&card, &deeper));
        // A key and a value cannot be confused with another split.
        let x = args(&[("ab", "c".into())]);
        let y = args(&[("a", "bc".into())]);
        assert_ne!(Partials::key(&card, &x), Partials::key(&card, &y));
    }

    fn tera(keep: bool) -> Tera {
        let mut tera = Tera::default();
        tera.add_raw_templates(vec![
            ("carte.html", "<{{ niveau }}>{{ c.titre }}</{{ niveau }}>{{ racine }}{% if page %}fuite{% endif %}"),
            (
                "liste.html",
                r#"{% for c in cartes %}{{ c | partiel(nom="carte.html", niveau="h2", racine=racine) | safe }}{% endfor %}"#,
            ),
            ("sans-nom.html", r#"{{ racine | partiel(niveau="h2") | safe }}"#),
        ])
        .unwrap();
        register(&mut tera, keep);
        tera
    }

    #[test]
    fn renders_each_value_with_its_arguments_only() {
        for keep in [false, true] {
            let tera = tera(keep);
            let mut cx = Context::new();
            cx.insert("racine", "..");
            cx.insert("page", "la page appelante");
            let cartes: Vec<Value> = ["Surf", "Yoga", "Surf"]
                .iter()
                .map(|t| serde_json::json!({ "titre": t }))
                .collect();
            cx.insert("cartes", &cartes);
            assert_eq!(
                tera.render("liste.html", &cx).unwrap(),
                "<h2>Surf</h2>..<h2>Yoga</h2>..<h2>Surf</h2>.."
            );
            // A changed card is rendered again, not found.
            cx.insert("cartes", &[serde_json::json!({ "titre": "Surf à Poé" })]);
            assert_eq!(
                tera.render("liste.html", &cx).unwrap(),
                "<h2>Surf à Poé</h2>.."
            );
            // Without a name, the error says which argument is missing.
            let e = tera.render("sans-nom.html", &cx).unwrap_err();
            let chain = crate::theme::template_error(&e).1;
            assert!(chain.contains("nom="), "{chain}");
        }
    }
}
