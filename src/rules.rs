//! Every rule kitpress checks, as data: its code, its severity, a French
//! summary, and the fixture that shows it. Listed once, in [`Rule::ALL`];
//! the README's table of rules is checked against it, and a test runs every
//! rule's fixture against its `expected.snap` (`tests/testsuite/rules.rs`), so a
//! rule added without a fixture fails the suite.
//!
//! The messages themselves are written where the problem is found (they
//! name the values at fault); what a rule *is* lives here.

use std::fmt;

/// How serious a problem is. The content model lists which rules are warnings;
/// everything else is an error that fails the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum Severity {
    /// The build goes on; the problem is reported.
    Warning,
    /// The build fails (exit 1) and the previous output is left untouched.
    Error,
}

/// Where a rule is shown failing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fixture {
    /// A site under `tests/fixtures/invalid/`.
    Dir(&'static str),
    /// No fixture can produce it; why.
    None(&'static str),
}

macro_rules! rules {
    ($($variant:ident = $code:literal, $severity:ident, $fixture:expr, $summary:literal;)*) => {
        /// A rule of the content model or of the build.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $($variant,)*
        }

        impl Rule {
            /// Every rule, in the order of the README's table.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The stable identifier shown with each diagnostic (`kitpress::cle-inconnue`).
            pub fn code(self) -> &'static str {
                match self {
                    $(Rule::$variant => $code,)*
                }
            }

            /// Errors fail the build; warnings are reported.
            pub fn severity(self) -> Severity {
                match self {
                    $(Rule::$variant => Severity::$severity,)*
                }
            }

            /// What the rule checks, in French, in one line.
            pub fn summary(self) -> &'static str {
                match self {
                    $(Rule::$variant => $summary,)*
                }
            }

            /// Where the rule is shown failing.
            pub fn fixture(self) -> Fixture {
                match self {
                    $(Rule::$variant => $fixture,)*
                }
            }
        }
    };
}

rules! {
    AltManquant = "alt-manquant", Error, Fixture::Dir("alt-manquant"),
        "une image de contenu sans texte alternatif (`alt`), ni `decoratif: true`";
    AncreInconnue = "ancre-inconnue", Error, Fixture::Dir("ancre-inconnue"),
        "un lien `@/page.md#ancre` vers une ancre que la page n'a pas";
    BrouillonIncomplet = "brouillon-incomplet", Warning, Fixture::Dir("brouillon-incomplet"),
        "une erreur dans un contenu non publié (brouillon, à valider) : signalée sans bloquer la construction";
    CleInconnue = "cle-inconnue", Error, Fixture::Dir("cle-inconnue"),
        "une clé que le modèle de contenu ne connaît pas (faute de frappe)";
    CleManquante = "cle-manquante", Error, Fixture::Dir("cle-manquante"),
        "une clé obligatoire absente ou vide";
    CouleurContraste = "couleur-contraste", Error, Fixture::Dir("couleur-contraste"),
        "une couleur de la charte sous le contraste 4,5:1 avec le blanc (RGAA)";
    CouleurInvalide = "couleur-invalide", Error, Fixture::Dir("couleur-invalide"),
        "une couleur qui n'est pas écrite `#rrvvbb`";
    DateHorsMois = "date-hors-mois", Error, Fixture::Dir("calendrier-date-hors-mois"),
        "une entrée du calendrier datée hors du mois de son fichier";
    DateInvalide = "date-invalide", Error, Fixture::Dir("date-invalide"),
        "une date qui n'est pas `AAAA-MM-JJ` (ou un mois pas `AAAA-MM`)";
    DiffusionTropLong = "diffusion-trop-long", Warning, Fixture::Dir("diffusion-trop-long"),
        "un texte du kit de diffusion au-delà de la limite d'un réseau prévu (SMS, push, X…)";
    EcritureImpossible = "ecriture-impossible", Error, Fixture::None("le système refuse l'écriture : disque plein ou droits, impossible à reproduire en fixture"),
        "un fichier de sortie que le système refuse d'écrire (disque plein, droits)";
    EmailInvalide = "email-invalide", Error, Fixture::Dir("email-invalide"),
        "une adresse e-mail de réservation mal formée";
    EncodageInvalide = "encodage-invalide", Error, Fixture::Dir("encodage-invalide"),
        "un fichier qui n'est pas en UTF-8";
    EnteteAbsente = "entete-absente", Error, Fixture::Dir("entete-absente"),
        "un fichier Markdown sans en-tête `---`";
    EnteteNonFermee = "entete-non-fermee", Error, Fixture::Dir("entete-non-fermee"),
        "un en-tête `---` jamais refermé";
    FicheTropLongue = "fiche-trop-longue", Warning, Fixture::Dir("fiche-trop-longue"),
        "le texte d'une offre ou d'une offre modèle dépasse ce que tient sa fiche imprimée d'une page";
    FichierIgnore = "fichier-ignore", Warning, Fixture::Dir("fichier-ignore"),
        "une entrée de `content/` que kitpress ne lit pas (lien, tube, autre type de fichier)";
    FichierMalPlace = "fichier-mal-place", Error, Fixture::Dir("fichier-mal-place"),
        "un fichier de contenu hors du dossier de sa rubrique";
    FichierNonPublie = "fichier-non-publie", Warning, Fixture::Dir("fichier-non-publie"),
        "un fichier de `content/images/` qui n'est pas une image : non publié";
    FichierTropGros = "fichier-trop-gros", Error, Fixture::Dir("fichier-trop-gros"),
        "un fichier `.md` ou `.yaml` de plus de 1 Mio";
    GabaritErreur = "gabarit-erreur", Error, Fixture::Dir("gabarit-erreur"),
        "un gabarit qui échoue en produisant une page";
    GabaritInvalide = "gabarit-invalide", Error, Fixture::Dir("gabarit-invalide"),
        "un gabarit du site ou du thème mal écrit";
    HeureInvalide = "heure-invalide", Error, Fixture::Dir("heure-invalide"),
        "une heure qui n'est pas `HH:MM`";
    HtmlRetire = "html-retire", Warning, Fixture::Dir("html-retire"),
        "du HTML ou un attribut retiré d'un texte au nettoyage (script, style, gestionnaire)";
    ImageTexteActif = "image-texte-actif", Warning, Fixture::Dir("image-texte-actif"),
        "une image JPEG, PNG ou WebP qui cache du texte actif (script, HTML) : publiée réencodée";
    ImageTropGrande = "image-trop-grande", Error, Fixture::Dir("image-trop-grande"),
        "une image de plus de 12 000 pixels de côté ou 60 millions de pixels (bombe de décompression)";
    ImageDistante = "image-distante", Error, Fixture::Dir("image-distante"),
        "une image d'un autre site, sans `images_distantes: true`";
    ImageIllisible = "image-illisible", Error, Fixture::Dir("image-illisible"),
        "une image dont kitpress ne peut pas lire la taille";
    ImageIntrouvable = "image-introuvable", Error, Fixture::Dir("image-introuvable"),
        "une image absente de `content/images/`";
    ImageInvalide = "image-invalide", Error, Fixture::Dir("image-invalide"),
        "un fichier image dont le contenu n'est pas celui de son extension";
    ImbricationExcessive = "imbrication-excessive", Error, Fixture::Dir("imbrication-excessive"),
        "plus de 64 blocs ou balises imbriqués dans un texte";
    LectureImpossible = "lecture-impossible", Error, Fixture::None("le système refuse la lecture : les tests tournent en root, qui lit tout"),
        "un fichier ou dossier que le système refuse de lire";
    LibelleManquant = "libelle-manquant", Error, Fixture::Dir("libelle-manquant"),
        "une valeur d'une liste fixe sans libellé dans `libelles.yaml` du thème";
    LienCasse = "lien-casse", Error, Fixture::Dir("lien-casse"),
        "un lien `@/` vers un fichier qui n'existe pas";
    LienInterdit = "lien-interdit", Error, Fixture::Dir("lien-interdit"),
        "un lien d'un schéma refusé (`javascript:`, `ftp:`…)";
    LienNonPublie = "lien-non-publie", Error, Fixture::Dir("lien-non-publie"),
        "un lien vers un contenu publié qui pointe sur un contenu non validé";
    ListeTropLongue = "liste-trop-longue", Error, Fixture::Dir("liste-trop-longue"),
        "une liste YAML de plus de 2 000 éléments";
    MoisFichier = "mois-fichier", Error, Fixture::Dir("calendrier-mois-fichier"),
        "un mois de calendrier dont `mois` ne correspond pas au nom du fichier";
    NombreTropGrand = "nombre-trop-grand", Error, Fixture::Dir("nombre-trop-grand"),
        "un nombre entier au-delà de 99 999 999";
    OffreAVenir = "offre-a-venir", Warning, Fixture::Dir("offre-a-venir"),
        "une offre publiée dont la période de réservation n'a pas commencé";
    OffreBientotTerminee = "offre-bientot-terminee", Warning, Fixture::Dir("offre-bientot-terminee"),
        "une offre publiée qui se termine dans moins de 15 jours";
    OffreInconnue = "offre-inconnue", Error, Fixture::Dir("offre-inconnue"),
        "une actu ou une entrée du calendrier qui cite une offre inexistante";
    OffreNonPubliee = "offre-non-publiee", Error, Fixture::Dir("offre-non-publiee"),
        "une actu publiée qui cite une offre non validée";
    OffreTerminee = "offre-terminee", Warning, Fixture::Dir("offre-terminee"),
        "une offre publiée dont la période est finie";
    OffresModelesManquantes = "offres-modeles-manquantes", Warning, Fixture::Dir("offres-modeles-manquantes"),
        "moins d'offres modèles publiées que l'objectif par cible";
    OrdreInvalide = "ordre-invalide", Error, Fixture::Dir("creneau-inverse"),
        "deux valeurs dans le mauvais ordre (fin avant début, âge max sous l'âge min)";
    PushTropLong = "push-trop-long", Warning, Fixture::Dir("push-trop-long"),
        "une notification push de plus de 120 caractères";
    QuotaNonAtteint = "quota-non-atteint", Warning, Fixture::Dir("quota-non-atteint"),
        "un mois du calendrier sous ses objectifs (vidéos, visuels, campagnes)";
    ReservationManquante = "reservation-manquante", Error, Fixture::Dir("reservation-manquante"),
        "une offre sans aucun moyen de réserver";
    ResumeTropLong = "resume-trop-long", Error, Fixture::Dir("resume-trop-long"),
        "un résumé de plus de 200 caractères";
    SeancesInvalide = "seances-invalide", Error, Fixture::Dir("seances-invalide"),
        "`seances: 0`";
    SeancesManquant = "seances-manquant", Error, Fixture::Dir("seances-manquant"),
        "un tarif au stage, au mois, au trimestre ou à la saison sans `seances`";
    ShortcodeInconnu = "shortcode-inconnu", Error, Fixture::Dir("shortcode-inconnu"),
        "un shortcode qui n'existe pas";
    ShortcodeInvalide = "shortcode-invalide", Error, Fixture::Dir("shortcode-argument"),
        "un shortcode avec un argument absent ou illisible";
    SiteAbsent = "site-absent", Error, Fixture::Dir("site-absent"),
        "pas de `content/site.yaml`";
    SlugInvalide = "slug-invalide", Error, Fixture::Dir("slug-invalide"),
        "un `slug` qui n'est pas en minuscules, chiffres et tirets";
    SmsTropLong = "sms-trop-long", Warning, Fixture::Dir("sms-trop-long"),
        "un SMS qui dépasse un message (160 en GSM-7, 70 en UCS-2)";
    SvgActif = "svg-actif", Error, Fixture::Dir("svg-actif"),
        "un SVG avec script, gestionnaire d'événement ou référence externe";
    SvgNettoye = "svg-nettoye", Warning, Fixture::Dir("svg-nettoye"),
        "un SVG publié sans ce qui ne dessine pas (lien, élément ou attribut inconnu)";
    TarifEleve = "tarif-eleve", Warning, Fixture::Dir("tarif-eleve"),
        "une séance plus chère que `tarif_max_seance`";
    TelephoneInvalide = "telephone-invalide", Error, Fixture::Dir("telephone-invalide"),
        "un numéro de téléphone de réservation mal formé";
    ThemeIntrouvable = "theme-introuvable", Error, Fixture::Dir("theme-introuvable"),
        "un thème qui n'existe ni dans le site ni dans kitpress";
    ThemeInvalide = "theme-invalide", Error, Fixture::Dir("theme-invalide"),
        "un `theme` qui n'est pas un simple nom de dossier";
    TypeInvalide = "type-invalide", Error, Fixture::Dir("type-invalide"),
        "une valeur du mauvais type (un texte pour un nombre, une liste pour un texte…)";
    UrlEnDouble = "url-en-double", Error, Fixture::Dir("url-en-double"),
        "deux contenus qui seraient publiés à la même adresse";
    UrlInvalide = "url-invalide", Error, Fixture::Dir("url-invalide"),
        "une adresse web mal formée (`url_base`, réservation)";
    ValeurInconnue = "valeur-inconnue", Error, Fixture::Dir("univers-inconnu"),
        "une valeur hors de sa liste (univers, commune, statut, jour…)";
    ValidationAujourdhui = "validation-aujourdhui", Warning, Fixture::Dir("validation-aujourdhui"),
        "une entrée du calendrier à faire valider aujourd'hui (J-7)";
    ValidationEnRetard = "validation-en-retard", Warning, Fixture::Dir("validation-en-retard"),
        "une entrée du calendrier non validée à moins de 7 jours de sa diffusion";
    VisuelTexteTropLong = "visuel-texte-trop-long", Warning, Fixture::Dir("visuel-texte-trop-long"),
        "un titre trop long pour les visuels dessinés par kitpress : coupé sur l'image";
    YamlInvalide = "yaml-invalide", Error, Fixture::Dir("yaml-invalide"),
        "un en-tête ou un fichier YAML mal écrit (clé en double comprise)";
    YamlTropProfond = "yaml-trop-profond", Error, Fixture::Dir("yaml-trop-profond"),
        "plus de 16 niveaux de listes et dictionnaires YAML";
}

impl Rule {
    /// The rule of a code, if there is one.
    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.code() == code)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl PartialEq<&str> for Rule {
    fn eq(&self, other: &&str) -> bool {
        self.code() == *other
    }
}

impl PartialEq<str> for Rule {
    fn eq(&self, other: &str) -> bool {
        self.code() == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let mut codes: Vec<&str> = Rule::ALL.iter().map(|r| r.code()).collect();
        codes.sort_unstable();
        let before = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), before);
        for c in codes {
            assert!(
                c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-'),
                "{c}"
            );
            assert_eq!(Rule::from_code(c).map(Rule::code), Some(c));
        }
    }
}
