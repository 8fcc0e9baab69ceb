//! The CMS's configuration (`admin/config.yml`), made from the content
//! model's table, the site's lists and the theme's labels.
//!
//! Each [`Field`] becomes a Decap CMS widget: text and patterns as
//! `string`, whole numbers as `number` with their limits, dates and times
//! as `datetime` written in kitpress's own formats, word lists and the
//! site's lists as `select` with their French labels, mappings as `object`,
//! lists of mappings as `list`. Every field not required says so (Decap's
//! fields are required unless told otherwise). The file is JSON, which is
//! YAML: one serialiser, no quoting to get wrong.

use serde_json::{json, Map, Value};

use crate::config::{Edition, SiteConfig};
use crate::content::schema::{self, Choices, Field, Kind};
use crate::content::Section;
use crate::theme::labels::Labels;

/// Where the CMS reads and writes.
pub enum Backend<'a> {
    /// `kitpress serve --edition`: kitpress itself, at [`API_PATH`].
    Local,
    /// A Git host, from `edition:` in `site.yaml`.
    Git(&'a Edition),
}

/// Where `serve --edition` answers the CMS.
pub const API_PATH: &str = "/__kitpress/api/v1";

/// Everything the configuration is made from.
pub struct CmsContext<'a> {
    pub cfg: &'a SiteConfig,
    pub labels: &'a Labels,
    pub backend: Backend<'a>,
    /// The address pages are previewed at (the preview's, or `url_base`).
    pub site_url: &'a str,
}

/// `admin/config.yml`.
pub fn config(cx: &CmsContext) -> String {
    let backend = match cx.backend {
        Backend::Local => json!({ "name": "kitpress", "proxy_url": API_PATH, "branch": "main" }),
        Backend::Git(e) => {
            let mut b = json!({
                "name": e.backend.id(),
                "repo": e.depot,
                "branch": e.branche,
            });
            if let Some(url) = &e.adresse {
                let url = url.trim_end_matches('/');
                b["base_url"] = json!(url);
                b["api_root"] = json!(e.backend.api_root(url));
            }
            if let Some(app) = &e.application {
                b["app_id"] = json!(app);
                b["auth_type"] = json!("pkce");
            }
            b
        }
    };
    let mut collections: Vec<Value> = Section::ALL
        .iter()
        .map(|s| markdown_collection(*s, cx))
        .collect();
    collections.push(calendar_collection(cx));
    collections.push(json!({
        "name": "reglages",
        "label": "Réglages du site",
        "editor": { "preview": false },
        "files": [{
            "name": "site",
            "label": "Réglages du site (site.yaml)",
            "file": "content/site.yaml",
            "format": "yaml",
            "media_folder": "/content/images",
            "public_folder": "",
            "fields": fields(schema::SITE, cx),
        }],
    }));
    collections.push(json!({
        "name": "donnees",
        "label": "Données",
        "editor": { "preview": false },
        "files": schema::DATA_FILES.iter().map(|(name, label, list)| json!({
            "name": name,
            "label": label,
            "file": format!("content/data/{name}.yaml"),
            "format": "yaml",
            "fields": fields(list, cx),
        })).collect::<Vec<_>>(),
    }));
    let mut root = json!({
        "locale": "fr",
        "backend": backend,
        "site_url": cx.site_url,
        "display_url": cx.site_url,
        "media_folder": "content/images",
        "public_folder": "",
        "slug": { "encoding": "ascii", "clean_accents": true, "sanitize_replacement": "-" },
        "collections": collections,
    });
    if let Backend::Git(e) = cx.backend {
        if e.workflow {
            root["publish_mode"] = json!("editorial_workflow");
        }
    }
    let body = serde_json::to_string_pretty(&root).unwrap_or_default();
    format!(
        "# Configuration du CMS, faite par kitpress à partir du modèle de contenu :\n# ne la modifiez pas à la main, elle est refaite à chaque construction.\n{body}\n"
    )
}

/// Names a content type as the CMS lists it: plural and singular.
fn names(section: Section) -> (&'static str, &'static str) {
    match section {
        Section::Pages => ("Pages", "page"),
        Section::Offres => ("Offres", "offre"),
        Section::OffresModeles => ("Offres modèles", "offre modèle"),
        Section::Kit => ("Kit pédagogique", "page du kit"),
        Section::Guide => ("Guide des organismes", "fiche du guide"),
        Section::Actus => ("Actus", "actu"),
    }
}

fn markdown_collection(section: Section, cx: &CmsContext) -> Value {
    let dir = section.dir();
    let (label, singular) = names(section);
    let mut fields = fields(&schema::markdown_fields(section), cx);
    fields.push(json!({
        "name": "body",
        "label": "Texte",
        "widget": "markdown",
        // The plain editor first: it keeps the text as written
        // (shortcodes, `@/` links); the rich one stays a click away.
        "modes": ["raw", "rich_text"],
        "required": false,
    }));
    let preview = match section {
        Section::Pages => "{{filename}}/".to_string(),
        _ => format!("{dir}/{{{{filename}}}}/"),
    };
    let mut c = json!({
        "name": dir,
        "label": label,
        "label_singular": singular,
        "folder": format!("content/{dir}"),
        "extension": "md",
        "format": "frontmatter",
        "create": true,
        "delete": true,
        "identifier_field": "titre",
        "slug": "{{titre}}",
        "summary": "{{titre}} — {{statut}}",
        "sortable_fields": ["titre", "statut"],
        "view_filters": statut_filters(),
        "preview_path": preview,
        "media_folder": format!("/content/images/{dir}"),
        "public_folder": dir,
        "fields": fields,
    });
    if section.nested() {
        // Offers are filed by universe (`offres/sport/futsal.md`).
        c["path"] = json!("{{univers}}/{{slug}}");
    }
    c
}

fn statut_filters() -> Value {
    json!([
        { "label": "Brouillons", "field": "statut", "pattern": "brouillon" },
        { "label": "À valider", "field": "statut", "pattern": "a-valider" },
        { "label": "Validés", "field": "statut", "pattern": "^valide$" },
    ])
}

fn calendar_collection(cx: &CmsContext) -> Value {
    json!({
        "name": "calendrier",
        "label": "Calendrier éditorial",
        "label_singular": "mois",
        "folder": "content/calendrier",
        "extension": "yaml",
        "format": "yaml",
        "create": true,
        "delete": true,
        "identifier_field": "mois",
        "slug": "{{mois}}",
        "summary": "{{mois}} — {{theme}}",
        "preview_path": "calendrier/{{filename}}/",
        "media_folder": "/content/images/calendrier",
        "public_folder": "calendrier",
        "fields": fields(schema::MOIS, cx),
    })
}

fn fields(list: &[Field], cx: &CmsContext) -> Vec<Value> {
    list.iter().map(|f| field(f, cx)).collect()
}

/// The select options of a list: its ids with their French labels.
fn options(of: Choices, cx: &CmsContext) -> Vec<Value> {
    of.values(cx.cfg)
        .into_iter()
        .map(|id| {
            let label = match of {
                Choices::Word(list) => cx.labels.get(list, &id).map(str::to_string),
                Choices::Univers => Some(cx.cfg.univers_libelle(&id)),
                _ => None,
            }
            .unwrap_or_else(|| id.clone());
            json!({ "label": label, "value": id })
        })
        .collect()
}

fn field(f: &Field, cx: &CmsContext) -> Value {
    let mut w = Map::new();
    w.insert("name".into(), json!(f.key));
    w.insert("label".into(), json!(f.label));
    if !f.hint.is_empty() {
        w.insert("hint".into(), json!(f.hint));
    }
    if !f.required {
        w.insert("required".into(), json!(false));
    }
    let mut set = |k: &str, v: Value| {
        w.insert(k.to_string(), v);
    };
    match f.kind {
        Kind::Text => set("widget", json!("string")),
        Kind::LongText => set("widget", json!("text")),
        Kind::Pattern(re, message) => {
            set("widget", json!("string"));
            set("pattern", json!([re, format!("Attendu : {message}.")]));
        }
        Kind::Int { min, max } => {
            set("widget", json!("number"));
            set("value_type", json!("int"));
            set("min", json!(min));
            set("max", json!(max));
        }
        // No default: the CMS writes an untouched box as nothing, so a
        // file keeps saying only what its editor said.
        Kind::Bool => set("widget", json!("boolean")),
        Kind::Decimal { min, max } => {
            set("widget", json!("number"));
            set("value_type", json!("float"));
            set("min", json!(min));
            set("max", json!(max));
            set("step", json!(0.0001));
        }
        Kind::Date => {
            set("widget", json!("datetime"));
            set("format", json!("YYYY-MM-DD"));
            set("date_format", json!("DD/MM/YYYY"));
            set("time_format", json!(false));
            set("picker_utc", json!(true));
        }
        Kind::DateTime => {
            set("widget", json!("datetime"));
            set("format", json!("YYYY-MM-DDTHH:mm"));
            set("date_format", json!("DD/MM/YYYY"));
            set("time_format", json!("HH:mm"));
            set("picker_utc", json!(true));
        }
        Kind::Time => {
            set("widget", json!("string"));
            set(
                "pattern",
                json!([
                    "^([01][0-9]|2[0-3]):[0-5][0-9]$",
                    "Attendu : une heure HH:MM, par exemple 14:00."
                ]),
            );
        }
        Kind::Choice { of, default } => {
            set("widget", json!("select"));
            set("options", json!(options(of, cx)));
            if let Some(d) = default {
                set("default", json!(d));
            }
        }
        Kind::Choices(of) => {
            set("widget", json!("select"));
            set("multiple", json!(true));
            set("options", json!(options(of, cx)));
        }
        Kind::Offer => {
            set("widget", json!("string"));
            set(
                "pattern",
                json!([
                    schema::SLUG_PATTERN,
                    "Attendu : le nom du fichier de l'offre, sans .md."
                ]),
            );
        }
        Kind::Image => {
            set("widget", json!("image"));
            set("choose_url", json!(false));
        }
        Kind::Focal => {
            set("widget", json!("list"));
            set("min", json!(2));
            set("max", json!(2));
            set(
                "field",
                json!({ "name": "valeur", "label": "Valeur", "widget": "number", "value_type": "float", "min": 0, "max": 1, "step": 0.05 }),
            );
        }
        Kind::Texts => {
            set("widget", json!("list"));
            set(
                "field",
                json!({ "name": "valeur", "label": f.label, "widget": "string" }),
            );
        }
        Kind::Object(inner) => {
            set("widget", json!("object"));
            // A default inside an optional object would make the CMS write
            // the object half-filled in every new entry.
            // The CMS checks the required fields of an optional object even
            // when it is left empty: there they say it in their hint, and
            // `check` asks for them once the object is filled.
            let mut items = fields(inner, cx);
            if !f.required {
                items.iter_mut().for_each(strip_defaults);
                items.iter_mut().for_each(relax);
            }
            set("fields", json!(items));
        }
        Kind::Objects(inner) => {
            set("widget", json!("list"));
            if let Some(first) = inner.first() {
                set("summary", json!(format!("{{{{fields.{}}}}}", first.key)));
            }
            // A default inside a list item makes the CMS start every new
            // entry with one item; the readers apply the same default.
            let mut items = fields(inner, cx);
            items.iter_mut().for_each(strip_defaults);
            set("fields", json!(items));
        }
    }
    Value::Object(w)
}

/// Makes a required field of an optional object optional for the CMS, its
/// hint saying when it is needed; the same for the objects inside it.
fn relax(field: &mut Value) {
    if let Value::Object(map) = field {
        if map.get("required").is_none() {
            map.insert("required".into(), json!(false));
            let hint = map.get("hint").and_then(Value::as_str).unwrap_or("");
            let said = format!("Obligatoire si ce groupe est rempli. {hint}");
            map.insert("hint".into(), json!(said.trim_end()));
        }
        if map.get("widget") == Some(&json!("object")) {
            if let Some(Value::Array(inner)) = map.get_mut("fields") {
                inner.iter_mut().for_each(relax);
            }
        }
    }
}

/// Removes the `default` of a field and of every field inside it.
fn strip_defaults(field: &mut Value) {
    if let Value::Object(map) = field {
        map.remove("default");
        if let Some(Value::Array(inner)) = map.get_mut("fields") {
            inner.iter_mut().for_each(strip_defaults);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated() -> Value {
        let cfg = SiteConfig::with_defaults("Essai".into(), "https://exemple.nc/".into());
        let labels = crate::theme::labels::read(
            crate::theme::DEFAULT_THEME
                .get_file(crate::theme::labels::FILE)
                .and_then(|f| f.contents_utf8())
                .unwrap(),
            "libelles.yaml",
            &crate::diagnostic::Sink::new(),
        )
        .unwrap();
        let text = config(&CmsContext {
            cfg: &cfg,
            labels: &labels,
            backend: Backend::Local,
            site_url: "http://127.0.0.1:1111/",
        });
        // Comment lines first, then JSON (which YAML reads as it is).
        let json: String = text.lines().filter(|l| !l.starts_with('#')).collect();
        serde_json::from_str(&json).unwrap()
    }

    /// The key paths of a CMS field list, as `schema::key_paths` writes them.
    fn paths(fields: &Value, prefix: &str, out: &mut Vec<String>) {
        for f in fields.as_array().unwrap() {
            let name = f["name"].as_str().unwrap();
            if name == "body" && prefix.is_empty() {
                continue;
            }
            let p = if prefix.is_empty() {
                name.to_string()
            } else {
                format!("{prefix}.{name}")
            };
            out.push(p.clone());
            if f.get("fields").is_some() {
                paths(&f["fields"], &p, out);
            }
        }
    }

    #[test]
    fn every_collection_has_every_key_of_the_model_and_nothing_else() {
        let config = generated();
        let collections = config["collections"].as_array().unwrap();
        for section in Section::ALL {
            let c = collections
                .iter()
                .find(|c| c["name"] == section.dir())
                .unwrap();
            let mut got = Vec::new();
            paths(&c["fields"], "", &mut got);
            assert_eq!(
                got,
                schema::key_paths(&schema::markdown_fields(section)),
                "{section:?}"
            );
            assert_eq!(c["folder"], format!("content/{}", section.dir()));
        }
        let month = collections
            .iter()
            .find(|c| c["name"] == "calendrier")
            .unwrap();
        let mut got = Vec::new();
        paths(&month["fields"], "", &mut got);
        assert_eq!(got, schema::key_paths(schema::MOIS));
        let site = &collections
            .iter()
            .find(|c| c["name"] == "reglages")
            .unwrap()["files"][0];
        let mut got = Vec::new();
        paths(&site["fields"], "", &mut got);
        assert_eq!(got, schema::key_paths(schema::SITE));
        assert_eq!(site["file"], "content/site.yaml");
        let data = collections.iter().find(|c| c["name"] == "donnees").unwrap();
        for (i, (name, _, table)) in schema::DATA_FILES.iter().enumerate() {
            let file = &data["files"][i];
            assert_eq!(file["file"], format!("content/data/{name}.yaml"));
            let mut got = Vec::new();
            paths(&file["fields"], "", &mut got);
            assert_eq!(got, schema::key_paths(table), "{name}");
        }
    }

    #[test]
    fn selects_show_french_labels_and_optional_fields_say_so() {
        let config = generated();
        let offres = &config["collections"][1];
        assert_eq!(offres["name"], "offres");
        assert_eq!(offres["path"], "{{univers}}/{{slug}}");
        let field = |name: &str| {
            offres["fields"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["name"] == name)
                .unwrap()
                .clone()
        };
        let statut = field("statut");
        assert_eq!(statut["widget"], "select");
        assert_eq!(statut["default"], "brouillon");
        assert!(statut["options"]
            .as_array()
            .unwrap()
            .contains(&json!({ "label": "à valider", "value": "a-valider" })));
        let univers = field("univers");
        assert!(univers.get("required").is_none(), "required by default");
        assert!(univers["options"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["label"] == "Arts et culture"));
        assert_eq!(field("lieu")["required"], false);
        let tarif = field("tarif");
        assert_eq!(tarif["fields"][0]["name"], "montant");
        assert_eq!(tarif["fields"][0]["value_type"], "int");
        assert_eq!(tarif["fields"][0]["max"], crate::limits::MAX_INTEGER);
        // Inside an optional object, required keys are asked for by `check`
        // once the object is filled, not by the CMS on every entry.
        let public = field("public");
        assert_eq!(public["fields"][0]["name"], "age_min");
        assert_eq!(public["fields"][0]["required"], false);
        assert!(public["fields"][0]["hint"]
            .as_str()
            .unwrap()
            .starts_with("Obligatoire si ce groupe est rempli."));
        assert!(tarif["fields"][0].get("required").is_none());
        assert_eq!(config["locale"], "fr");
        assert_eq!(config["backend"]["proxy_url"], API_PATH);
        assert_eq!(config["slug"]["encoding"], "ascii");
    }

    /// Decap fills a new entry with the defaults it finds: only the entry's
    /// own keys and required objects may have one, or every new offer would
    /// start with a half-made formule, visuel or accessibility block.
    #[test]
    fn defaults_only_where_a_new_entry_should_carry_them() {
        fn defaults(fields: &Value, inside_optional: bool, out: &mut Vec<String>) {
            for f in fields.as_array().unwrap() {
                let name = f["name"].as_str().unwrap().to_string();
                if f.get("default").is_some() {
                    assert!(!inside_optional, "default inside an optional group: {name}");
                    out.push(name.clone());
                }
                if let Some(inner) = f.get("fields") {
                    let optional = inside_optional
                        || f["widget"] == "list"
                        || f.get("required") == Some(&json!(false));
                    defaults(inner, optional, out);
                }
            }
        }
        let config = generated();
        for c in config["collections"].as_array().unwrap() {
            let mut found = Vec::new();
            if let Some(fields) = c.get("fields") {
                defaults(fields, false, &mut found);
            }
            if c.get("folder").is_some() && c["name"] != "calendrier" {
                assert!(found.contains(&"statut".to_string()), "{found:?}");
            }
        }
    }
}
