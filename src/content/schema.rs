//! The content model as data: every key an editor may write, per file type,
//! with its French label, hint, type, and whether it is required.
//!
//! The readers of this module's siblings (`offre`, `actu`, `calendar`…) are
//! what kitpress accepts; this table says the same thing in a form other
//! tools can use — today the CMS of `kitpress serve --edition`
//! ([`crate::edition`]), which turns each [`Field`] into a form field. A
//! test reads a file with every field of the table filled through the real
//! readers: no key of the table is unknown to them, and every key they ask
//! for is in the table (`tests/testsuite/edition.rs` and this module's
//! unit test). Word lists and the site's own lists (univers, communes…) are
//! named here by [`Choices`] and resolved where the form is made, from
//! `site.yaml` and the theme's labels.

/// Where the values of a select come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choices {
    /// A fixed word list of [`super::words`], by its `LIST` name.
    Word(&'static str),
    /// `univers` of `site.yaml` (id and libellé).
    Univers,
    Communes,
    Cibles,
    Handicaps,
    Jours,
    Periodes,
    /// The Git hosts a published CMS can write to.
    GitHosts,
    /// A short fixed list written here (ids shown as they are).
    Fixed(&'static [&'static str]),
}

impl Choices {
    /// The ids an editor may write, in the order of their list.
    pub fn values(self, cfg: &crate::config::SiteConfig) -> Vec<String> {
        let list: &[String] = match self {
            Choices::Word(name) => {
                return super::words::lists()
                    .into_iter()
                    .find(|(l, _)| *l == name)
                    .map(|(_, ids)| ids.into_iter().map(str::to_string).collect())
                    .unwrap_or_default()
            }
            Choices::Univers => return cfg.univers_ids().map(str::to_string).collect(),
            Choices::Communes => &cfg.communes,
            Choices::Cibles => &cfg.cibles,
            Choices::Handicaps => &cfg.handicaps,
            Choices::Jours => &cfg.jours,
            Choices::Periodes => &cfg.periodes,
            Choices::GitHosts => {
                return crate::config::GitHost::IDS
                    .iter()
                    .map(|s| s.to_string())
                    .collect()
            }
            Choices::Fixed(ids) => return ids.iter().map(|s| s.to_string()).collect(),
        };
        list.to_vec()
    }
}

/// The type of a value, as a form shows it.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// One line of text.
    Text,
    /// A few lines of text (no Markdown).
    LongText,
    /// A text that must match a regular expression (with the French
    /// sentence shown when it does not).
    Pattern(&'static str, &'static str),
    /// A whole number.
    Int {
        min: i64,
        max: i64,
    },
    Bool,
    /// `AAAA-MM-JJ`.
    Date,
    /// `AAAA-MM-JJTHH:MM` (Nouméa time).
    DateTime,
    /// `HH:MM`.
    Time,
    /// A decimal number (coordinates in degrees).
    Decimal {
        min: f64,
        max: f64,
    },
    /// One value of a list; `default` is written for a new file.
    Choice {
        of: Choices,
        default: Option<&'static str>,
    },
    /// Several values of a list.
    Choices(Choices),
    /// The slug of an offer (`offre:`), chosen among the offers.
    Offer,
    /// A path under `content/images/`.
    Image,
    /// `focal: [x, y]`, two numbers from 0 to 1.
    Focal,
    /// Several lines of text, one value each.
    Texts,
    /// A mapping of its own fields.
    Object(&'static [Field]),
    /// A list of mappings with these fields.
    Objects(&'static [Field]),
}

/// One key.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    /// The line under the field; empty for none.
    pub hint: &'static str,
    pub required: bool,
    pub kind: Kind,
}

const fn f(key: &'static str, label: &'static str, hint: &'static str, kind: Kind) -> Field {
    Field {
        key,
        label,
        hint,
        required: false,
        kind,
    }
}

const fn req(key: &'static str, label: &'static str, hint: &'static str, kind: Kind) -> Field {
    Field {
        key,
        label,
        hint,
        required: true,
        kind,
    }
}

/// Whole numbers kitpress reads (`limits::MAX_INT`).
const INT: Kind = Kind::Int {
    min: 0,
    max: crate::limits::MAX_INTEGER as i64,
};
const AGE: Kind = Kind::Int { min: 0, max: 99 };

pub const SLUG_PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";
pub const PHONE_PATTERN: &str = r"^\+?[0-9 .()-]{6,20}$";
pub const EMAIL_PATTERN: &str = r"^[^@\s]+@[^@\s]+\.[^@\s]+$";
pub const URL_PATTERN: &str = r"^https?://\S+$";
pub const REPO_PATTERN: &str = r"^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$";
pub const MONTH_PATTERN: &str = r"^\d{4}-(0[1-9]|1[0-2])$";

const VISUEL: &[Field] = &[
    req(
        "src",
        "Image",
        "Une photo JPEG, PNG ou WebP, ou un dessin SVG.",
        Kind::Image,
    ),
    f(
        "alt",
        "Description de l'image",
        "Ce que montre l'image, pour qui ne la voit pas (obligatoire sauf image décorative).",
        Kind::Text,
    ),
    f(
        "decoratif",
        "Image décorative",
        "Cochez si l'image n'apporte rien au texte : sa description peut alors rester vide.",
        Kind::Bool,
    ),
    f(
        "credit",
        "Crédit",
        "Auteur ou source de la photo.",
        Kind::Text,
    ),
    f(
        "focal",
        "Point à garder au recadrage",
        "Deux nombres de 0 à 1 : 0,5 et 0,5 gardent le centre ; 0,5 et 0,6 un peu sous le milieu.",
        Kind::Focal,
    ),
];

/// Keys every Markdown file has, first of the form.
const HEAD: &[Field] = &[
    req("titre", "Titre", "", Kind::Text),
    f(
        "resume",
        "Résumé",
        "Une phrase d'accroche, 200 caractères au plus (cartes, flux, moteurs de recherche).",
        Kind::LongText,
    ),
];

/// Keys every Markdown file has, last of the form.
const TAIL: &[Field] = &[
    f("visuel", "Visuel", "", Kind::Object(VISUEL)),
    f("etiquettes", "Étiquettes", "Mots libres, un par ligne.", Kind::Texts),
    f("date", "Date de publication", "", Kind::Date),
    f("slug", "Adresse (slug)", "Facultatif : la fin de l'adresse de la page, en minuscules, chiffres et tirets. Par défaut, le nom du fichier.", Kind::Pattern(SLUG_PATTERN, "minuscules, chiffres et tirets seulement")),
    f("statut", "Statut", "Seul le contenu validé est publié.", Kind::Choice { of: Choices::Word("statut"), default: Some("brouillon") }),
];

const PUBLIC: &[Field] = &[
    req("age_min", "Âge minimum", "", AGE),
    req("age_max", "Âge maximum", "", AGE),
];

const ACCESSIBILITE: &[Field] = &[
    f(
        "pmr",
        "Accessible aux personnes à mobilité réduite",
        "",
        Kind::Bool,
    ),
    f(
        "handicaps",
        "Handicaps accueillis",
        "",
        Kind::Choices(Choices::Handicaps),
    ),
    f("details", "Précisions", "", Kind::LongText),
];

const TEMOIGNAGE: &[Field] = &[
    req("prenom", "Prénom", "", Kind::Text),
    f("age", "Âge", "", AGE),
    req("citation", "Ce qu'il ou elle en dit", "", Kind::LongText),
];

const TEMOIGNAGES: Field = f(
    "temoignages",
    "Témoignages",
    "Des paroles de jeunes, avec leur accord et celui de leurs parents.",
    Kind::Objects(TEMOIGNAGE),
);

const UNITE: Kind = Kind::Choice {
    of: Choices::Word("unite"),
    default: Some("seance"),
};

const TARIF: &[Field] = &[
    req(
        "montant",
        "Prix en F CFP",
        "Un nombre entier, sans espace.",
        INT,
    ),
    f("unite", "Pour", "", UNITE),
    f(
        "seances",
        "Nombre de séances comprises",
        "Obligatoire pour un prix au stage, au mois, au trimestre ou à la saison.",
        Kind::Int {
            min: 1,
            max: crate::limits::MAX_INTEGER as i64,
        },
    ),
];

const FORMULE: &[Field] = &[
    req("nom", "Nom de la formule", "", Kind::Text),
    req("montant", "Prix en F CFP", "", INT),
    f("unite", "Pour", "", UNITE),
    f(
        "seances",
        "Nombre de séances comprises",
        "",
        Kind::Int {
            min: 1,
            max: crate::limits::MAX_INTEGER as i64,
        },
    ),
];

const CRENEAU: &[Field] = &[
    req(
        "jour",
        "Jour",
        "",
        Kind::Choice {
            of: Choices::Jours,
            default: None,
        },
    ),
    req("debut", "Début", "HH:MM", Kind::Time),
    req("fin", "Fin", "HH:MM", Kind::Time),
    f(
        "periode",
        "Période",
        "",
        Kind::Choice {
            of: Choices::Periodes,
            default: None,
        },
    ),
];

const PERIODE: &[Field] = &[
    req("debut", "Réservable à partir du", "", Kind::Date),
    req("fin", "Jusqu'au", "", Kind::Date),
];

const RESERVATION: &[Field] = &[
    f(
        "url",
        "Adresse web",
        "Commence par https://",
        Kind::Pattern(URL_PATTERN, "une adresse web qui commence par https://"),
    ),
    f(
        "telephone",
        "Téléphone",
        "Par exemple +687 44 55 66",
        Kind::Pattern(
            PHONE_PATTERN,
            "un numéro de téléphone, par exemple +687 44 55 66",
        ),
    ),
    f(
        "email",
        "Adresse e-mail",
        "",
        Kind::Pattern(
            EMAIL_PATTERN,
            "une adresse e-mail, par exemple contact@exemple.nc",
        ),
    ),
];

/// `content/offres/**/*.md`.
pub const OFFRE: &[Field] = &[
    req("organisme", "Organisme", "Nom de l'organisme qui propose l'activité.", Kind::Text),
    req("univers", "Univers", "", Kind::Choice { of: Choices::Univers, default: None }),
    req("commune", "Commune", "", Kind::Choice { of: Choices::Communes, default: None }),
    f("lieu", "Lieu", "Salle, plage, plateau sportif…", Kind::Text),
    f("quartier", "Quartier", "Signalé comme prioritaire s'il est dans la liste du site.", Kind::Text),
    f("tribu", "Tribu", "", Kind::Text),
    f("public", "Âges accueillis", "", Kind::Object(PUBLIC)),
    f("cibles", "Publics visés", "", Kind::Choices(Choices::Cibles)),
    req("tarif", "Tarif", "", Kind::Object(TARIF)),
    f("formules", "Autres formules", "Par exemple un duo parent-enfant.", Kind::Objects(FORMULE)),
    f("creneaux", "Créneaux", "", Kind::Objects(CRENEAU)),
    f("periode", "Période de réservation", "", Kind::Object(PERIODE)),
    req("reservation", "Réserver", "Au moins un des trois.", Kind::Object(RESERVATION)),
    f("accessibilite", "Accessibilité", "", Kind::Object(ACCESSIBILITE)),
    f("transport", "Comment venir", "Navette, bus, covoiturage…", Kind::LongText),
    f("materiel", "Matériel", "Fourni ou à apporter.", Kind::LongText),
    f("places", "Places par séance", "", INT),
    f("coup_de_coeur", "Coup de cœur", "Dans « la sélection de la semaine » : oui (toutes les semaines), une semaine 2026-W49, ou plusieurs séparées par des virgules.", Kind::Text),
    f("insolite", "Insolite", "", Kind::Bool),
    TEMOIGNAGES,
];

/// `content/offres-modeles/*.md`.
pub const OFFRE_MODELE: &[Field] = &[
    req(
        "cible",
        "Public visé",
        "",
        Kind::Choice {
            of: Choices::Cibles,
            default: None,
        },
    ),
    f(
        "univers",
        "Univers",
        "",
        Kind::Choice {
            of: Choices::Univers,
            default: None,
        },
    ),
    f(
        "format",
        "Format",
        "Duo, Parenthèse, Stage, Atelier…",
        Kind::Text,
    ),
    f(
        "duree",
        "Durée",
        "Par exemple « 6 séances de 1 h 30 ».",
        Kind::Text,
    ),
    f("public", "Âges accueillis", "", Kind::Object(PUBLIC)),
    f(
        "effectif",
        "Taille du groupe",
        "",
        Kind::Object(&[
            req("min", "Au moins", "", INT),
            req("max", "Au plus", "", INT),
        ]),
    ),
    f("encadrement", "Encadrement", "", Kind::Text),
    f(
        "tarification",
        "Tarification conseillée",
        "",
        Kind::Object(&[
            req("montant", "Prix en F CFP", "", INT),
            f("unite", "Pour", "", UNITE),
            f("formule", "Formule", "", Kind::Text),
        ]),
    ),
    f("objectifs", "Objectifs", "Un par ligne.", Kind::Texts),
    f(
        "partenaires",
        "Partenaires à associer",
        "Un par ligne.",
        Kind::Texts,
    ),
    f(
        "accessibilite",
        "Accessibilité",
        "",
        Kind::Object(ACCESSIBILITE),
    ),
    f("materiel", "Matériel", "", Kind::LongText),
    f(
        "etapes",
        "Étapes de mise en place",
        "Une par ligne.",
        Kind::Texts,
    ),
    f(
        "indicateurs",
        "Indicateurs de réussite",
        "Un par ligne.",
        Kind::Texts,
    ),
    f("saison", "Saison", "Par exemple 2026-2027.", Kind::Text),
];

const ORDRE: Field = f("ordre", "Place", "1, 2, 3…", INT);

/// `content/kit/*.md`.
pub const KIT: &[Field] = &[
    ORDRE,
    f(
        "type",
        "Type de page",
        "",
        Kind::Choice {
            of: Choices::Word("type_kit"),
            default: None,
        },
    ),
    f(
        "cible",
        "Public",
        "",
        Kind::Choice {
            of: Choices::Word("cible_kit"),
            default: None,
        },
    ),
    TEMOIGNAGES,
];

/// `content/guide/*.md`.
pub const GUIDE: &[Field] = &[
    ORDRE,
    f(
        "rubrique",
        "Rubrique",
        "",
        Kind::Choice {
            of: Choices::Word("rubrique_guide"),
            default: None,
        },
    ),
];

/// `content/actus/*.md`.
pub const ACTU: &[Field] = &[
    req(
        "rubrique",
        "Rubrique",
        "",
        Kind::Choice {
            of: Choices::Word("rubrique_actu"),
            default: Some("actu"),
        },
    ),
    f(
        "evenement",
        "Événement",
        "Pour un événement seulement.",
        Kind::Object(&[
            req("debut", "Début", "", Kind::DateTime),
            f("fin", "Fin", "", Kind::DateTime),
            f("lieu", "Lieu", "", Kind::Text),
            f(
                "commune",
                "Commune",
                "",
                Kind::Choice {
                    of: Choices::Communes,
                    default: None,
                },
            ),
        ]),
    ),
    f("offre", "Offre liée", "", Kind::Offer),
    f(
        "canaux",
        "Où diffuser",
        "",
        Kind::Choices(Choices::Word("canal")),
    ),
];

/// `content/pages/*.md`: the common keys only.
pub const PAGE: &[Field] = &[];

/// One entry of a calendar month.
pub const ENTREE: &[Field] = &[
    req("date", "Date", "Un jour du mois.", Kind::Date),
    f("heure", "Heure", "HH:MM", Kind::Time),
    req(
        "canal",
        "Canal",
        "",
        Kind::Choice {
            of: Choices::Word("canal"),
            default: None,
        },
    ),
    req(
        "format",
        "Format",
        "",
        Kind::Choice {
            of: Choices::Word("format"),
            default: None,
        },
    ),
    req("titre", "Titre", "", Kind::Text),
    f(
        "univers",
        "Univers",
        "",
        Kind::Choice {
            of: Choices::Univers,
            default: None,
        },
    ),
    f("offre", "Offre", "", Kind::Offer),
    f("responsable", "Responsable", "", Kind::Text),
    f(
        "statut",
        "Statut",
        "Validé par la province au plus tard 7 jours avant.",
        Kind::Choice {
            of: Choices::Word("statut_entree"),
            default: Some("idee"),
        },
    ),
    f(
        "message",
        "Message",
        "Le texte d'un SMS (160 caractères) ou d'une notification push (120).",
        Kind::LongText,
    ),
    f(
        "declencheur",
        "Déclencheur",
        "Solde, météo, calendrier scolaire…",
        Kind::Text,
    ),
    f(
        "accroche",
        "Accroche du visuel",
        "La phrase que montrent les visuels de l'entrée, à la place du titre.",
        Kind::Text,
    ),
    f(
        "gabarit",
        "Gabarit du visuel",
        "Facultatif : annonce (la date en grand à la place de la photo) ; par défaut le gabarit standard.",
        Kind::Text,
    ),
    f(
        "visuel",
        "Photo du visuel",
        "Facultatif : sinon celle de l'offre.",
        Kind::Object(VISUEL),
    ),
];

const QUOTAS: &[Field] = &[
    f("videos_verticales", "Vidéos verticales", "", INT),
    f("visuels", "Visuels", "", INT),
    f("campagnes_sms_push", "Campagnes SMS et push", "", INT),
];

/// `content/calendrier/AAAA-MM.yaml`.
pub const MOIS: &[Field] = &[
    req(
        "mois",
        "Mois",
        "AAAA-MM, le nom du fichier.",
        Kind::Pattern(MONTH_PATTERN, "un mois écrit AAAA-MM"),
    ),
    f("theme", "Thème du mois", "", Kind::Text),
    f(
        "objectifs",
        "Quotas du mois",
        "Par défaut ceux du site.",
        Kind::Object(QUOTAS),
    ),
    f("entrees", "Entrées", "", Kind::Objects(ENTREE)),
];

/// `content/site.yaml`.
pub const SITE: &[Field] = &[
    req("titre", "Titre du site", "", Kind::Text),
    req(
        "url_base",
        "Adresse du site publié",
        "Par exemple https://www.province-sud.nc/clicetmouv/",
        Kind::Pattern(URL_PATTERN, "une adresse web complète"),
    ),
    f("langue", "Langue", "", Kind::Text),
    f(
        "theme",
        "Thème",
        "Le nom d'un dossier de themes/.",
        Kind::Text,
    ),
    f("saison", "Saison", "", Kind::Text),
    f("portefeuille", "Portefeuille (F CFP)", "", INT),
    f(
        "tarif_max_seance",
        "Prix maximum d'une séance (F CFP)",
        "",
        INT,
    ),
    f(
        "images_distantes",
        "Images d'autres sites permises",
        "",
        Kind::Bool,
    ),
    f(
        "charte",
        "Charte graphique",
        "",
        Kind::Object(&[
            f(
                "couleur_primaire",
                "Couleur principale",
                "#rrvvbb, contraste 4,5:1 avec le blanc",
                Kind::Pattern(COLOR_PATTERN, "une couleur #rrvvbb"),
            ),
            f(
                "couleur_secondaire",
                "Couleur secondaire",
                "#rrvvbb",
                Kind::Pattern(COLOR_PATTERN, "une couleur #rrvvbb"),
            ),
            f("logo", "Logo", "", Kind::Image),
            f("partage", "Image des liens partagés", "", Kind::Image),
        ]),
    ),
    f(
        "mentions",
        "Mentions",
        "Une par ligne, en pied de chaque page.",
        Kind::Texts,
    ),
    f(
        "financeurs",
        "Financeurs",
        "",
        Kind::Objects(&[
            req("nom", "Nom", "", Kind::Text),
            f("logo", "Logo", "", Kind::Image),
            f("mention", "Mention", "", Kind::Text),
        ]),
    ),
    f(
        "univers",
        "Univers",
        "",
        Kind::Objects(&[
            req(
                "id",
                "Identifiant",
                "En minuscules, sans accent.",
                Kind::Pattern(SLUG_PATTERN, "minuscules, chiffres et tirets seulement"),
            ),
            f("libelle", "Libellé", "", Kind::Text),
            f(
                "couleur",
                "Couleur",
                "#rrvvbb",
                Kind::Pattern(COLOR_PATTERN, "une couleur #rrvvbb"),
            ),
        ]),
    ),
    f("communes", "Communes", "Une par ligne.", Kind::Texts),
    f(
        "quartiers_prioritaires",
        "Quartiers prioritaires",
        "Un par ligne.",
        Kind::Texts,
    ),
    f("cibles", "Publics visés", "Un par ligne.", Kind::Texts),
    f("handicaps", "Handicaps", "Un par ligne.", Kind::Texts),
    f("jours", "Jours", "Un par ligne.", Kind::Texts),
    f("periodes", "Périodes", "Une par ligne.", Kind::Texts),
    f(
        "objectifs",
        "Objectifs",
        "",
        Kind::Object(&[
            f(
                "offres_modeles_par_cible",
                "Offres modèles par public",
                "",
                INT,
            ),
            f("organismes", "Organismes partenaires", "", INT),
        ]),
    ),
    f(
        "audit",
        "Audit",
        "",
        Kind::Object(&[f(
            "description_min_mots",
            "Description : mots au moins",
            "",
            INT,
        )]),
    ),
    f(
        "calendrier",
        "Calendrier éditorial",
        "",
        Kind::Object(&[
            f("publier", "Publier le calendrier", "", Kind::Bool),
            f("objectifs", "Quotas du mois", "", Kind::Object(QUOTAS)),
            f(
                "delai_validation_jours",
                "Délai de validation (jours)",
                "",
                INT,
            ),
        ]),
    ),
    f(
        "edition",
        "Édition en ligne",
        "Publie le CMS à /admin/ pour ce dépôt.",
        Kind::Object(&[
            req(
                "backend",
                "Hébergeur",
                "",
                Kind::Choice {
                    of: Choices::GitHosts,
                    default: Some("gitlab"),
                },
            ),
            req(
                "depot",
                "Dépôt",
                "groupe/projet",
                Kind::Pattern(REPO_PATTERN, "un dépôt groupe/projet"),
            ),
            f("branche", "Branche", "main par défaut.", Kind::Text),
            f("workflow", "Relecture avant publication", "", Kind::Bool),
            f(
                "adresse",
                "Adresse de l'hébergeur",
                "Pour une instance à vous, par exemple https://gitlab.exemple.nc",
                Kind::Pattern(URL_PATTERN, "une adresse web complète"),
            ),
            f(
                "application",
                "Identifiant de l'application OAuth",
                "",
                Kind::Text,
            ),
        ]),
    ),
    f(
        "diffusion",
        "Kit de diffusion",
        "",
        Kind::Object(&[
            f("hashtags", "Mots-dièse", "Un par ligne.", Kind::Texts),
            f(
                "campagne",
                "Campagne",
                "Le nom de campagne des liens suivis.",
                Kind::Text,
            ),
        ]),
    ),
];

pub const COLOR_PATTERN: &str = "^#[0-9a-fA-F]{6}$";

/// The fields of a Markdown file of `section`, in the form's order: the
/// common head, the section's own keys, the common tail.
pub fn markdown_fields(section: super::Section) -> Vec<Field> {
    use super::Section;
    let own = match section {
        Section::Pages => PAGE,
        Section::Offres => OFFRE,
        Section::OffresModeles => OFFRE_MODELE,
        Section::Kit => KIT,
        Section::Guide => GUIDE,
        Section::Actus => ACTU,
    };
    let mut out: Vec<Field> = HEAD.iter().chain(own).chain(TAIL).copied().collect();
    if section == Section::Actus {
        if let Some(d) = out.iter_mut().find(|f| f.key == "date") {
            d.required = true;
        }
    }
    out
}

/// Every key path of `fields` (`tarif.montant`, `creneaux.jour`), lists
/// and objects alike written with a dot.
pub fn key_paths(fields: &[Field]) -> Vec<String> {
    fn walk(prefix: &str, fields: &[Field], out: &mut Vec<String>) {
        for f in fields {
            let path = if prefix.is_empty() {
                f.key.to_string()
            } else {
                format!("{prefix}.{}", f.key)
            };
            out.push(path.clone());
            if let Kind::Object(inner) | Kind::Objects(inner) = f.kind {
                walk(&path, inner, out);
            }
        }
    }
    let mut out = Vec::new();
    walk("", fields, &mut out);
    out
}

/// The data files of `content/data/` a form edits, as
/// `(file name, what it is, its fields)`. Each has a mapping at its root: a
/// list is written under a key (`communes:`, `dates:`), which the readers
/// accept beside the older form of a bare list.
pub const DATA_FILES: &[(&str, &str, &[Field])] = &[
    ("accessibilite", "Déclaration d'accessibilité", DECLARATION),
    ("communes", "Coordonnées des communes", COMMUNES),
    ("dates-cles", "Dates clés du calendrier", DATES_CLES),
];

/// `data/accessibilite.yaml`: the accessibility statement's data.
pub const DECLARATION: &[Field] = &[
    f(
        "etat",
        "État de conformité",
        "Après un audit RGAA ; « non » tant qu'il n'y en a pas eu.",
        Kind::Choice {
            of: Choices::Fixed(&["totalement", "partiellement", "non"]),
            default: None,
        },
    ),
    f("rgaa", "Version du RGAA", "Par exemple 4.1.", Kind::Text),
    f(
        "taux",
        "Critères respectés (%)",
        "Le taux de l'audit, de 0 à 100.",
        Kind::Int { min: 0, max: 100 },
    ),
    f("auditeur", "Auditeur", "Qui a fait l'audit.", Kind::Text),
    f("date_audit", "Date de l'audit", "", Kind::Date),
    f("date_declaration", "Date de la déclaration", "", Kind::Date),
    f(
        "non_conformites",
        "Contenus non accessibles",
        "Un par ligne.",
        Kind::Texts,
    ),
    f(
        "contact",
        "Contact",
        "L'adresse e-mail où signaler un défaut d'accessibilité.",
        Kind::Pattern(EMAIL_PATTERN, "une adresse e-mail"),
    ),
];

/// `data/communes.yaml`: where each commune is on the network's map.
pub const COMMUNES: &[Field] = &[req(
    "communes",
    "Communes",
    "Le centre du village principal, en degrés décimaux.",
    Kind::Objects(&[
        req(
            "nom",
            "Commune",
            "Son nom, écrit comme dans site.yaml.",
            Kind::Text,
        ),
        req(
            "lat",
            "Latitude",
            "Négative au sud de l'équateur, par exemple -22.2758.",
            Kind::Decimal {
                min: -90.0,
                max: 90.0,
            },
        ),
        req(
            "lon",
            "Longitude",
            "Par exemple 166.4580.",
            Kind::Decimal {
                min: -180.0,
                max: 180.0,
            },
        ),
    ]),
)];

/// `data/dates-cles.yaml`: key dates shown in the editorial calendar.
pub const DATES_CLES: &[Field] = &[req(
    "dates",
    "Dates clés",
    "Affichées dans la grille du mois du calendrier éditorial.",
    Kind::Objects(&[
        req("date", "Date", "", Kind::Date),
        req("titre", "Titre", "", Kind::Text),
        f(
            "type",
            "Type",
            "",
            Kind::Choice {
                of: Choices::Fixed(&["journee-mondiale", "vacances", "scolaire", "evenement"]),
                default: None,
            },
        ),
    ]),
)];
