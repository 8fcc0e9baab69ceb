//! The fixed word lists of the content model: what an editor may write for
//! `statut`, `tarif.unite`, `canaux`, `rubrique`, `type`, `cible`, `format`…
//!
//! Each list is an enum whose value is written and serialised as its id
//! (`bon-plan`). The French label shown to readers is the theme's: one table,
//! `libelles.yaml` at the theme's root, keyed by [`Word::LIST`] then by id
//! (`canal: { tiktok: TikTok }`). [`lists`] names every list, so that a theme
//! missing a label is reported when it loads rather than showing a raw id.

use serde::Serialize;

pub use crate::yaml::Word;

macro_rules! words {
    ($(#[$doc:meta])* $name:ident, $list:literal { $($variant:ident = $id:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($variant),+
        }

        impl Word for $name {
            const LIST: &'static str = $list;
            const ALL: &'static [$name] = &[$($name::$variant),+];
            fn id(self) -> &'static str {
                match self {
                    $($name::$variant => $id),+
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.id())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.id())
            }
        }
    };
}

words!(
    /// Publication status of a content file (`statut`).
    Statut, "statut" {
        Brouillon = "brouillon",
        AValider = "a-valider",
        Valide = "valide",
    }
);

words!(
    /// What a price pays for (`tarif.unite`).
    Unite, "unite" {
        Seance = "seance",
        Stage = "stage",
        Mois = "mois",
        Trimestre = "trimestre",
        Saison = "saison",
    }
);

words!(
    /// The channels content is published on, news (`canaux`) and calendar
    /// entries (`canal`) alike, in the order the calendar lists them.
    Canal, "canal" {
        Tiktok = "tiktok",
        Instagram = "instagram",
        Snapchat = "snapchat",
        Facebook = "facebook",
        Site = "site",
        Sms = "sms",
        Push = "push",
        Ecrans = "ecrans",
        Affichage = "affichage",
        Newsletter = "newsletter",
    }
);

words!(
    /// The rubrique of a news item.
    RubriqueActu, "rubrique_actu" {
        Evenement = "evenement",
        Actu = "actu",
        BonPlan = "bon-plan",
        Activite = "activite",
    }
);

words!(
    /// The kind of a kit page (`type`).
    TypeKit, "type_kit" {
        Parcours = "parcours",
        Portefeuille = "portefeuille",
        FichePratique = "fiche-pratique",
        Infographie = "infographie",
    }
);

words!(
    /// Who a kit page is for (`cible`).
    CibleKit, "cible_kit" {
        Jeunes = "jeunes",
        Parents = "parents",
        Organismes = "organismes",
        Handicap = "handicap",
        Decrochage = "decrochage",
        Famille = "famille",
    }
);

words!(
    /// The topic of a guide page (`rubrique`).
    RubriqueGuide, "rubrique_guide" {
        Evenements = "evenements",
        Actus = "actus",
        Activites = "activites",
        BonsPlans = "bons-plans",
        Compte = "compte",
        QrCodes = "qr-codes",
        Paiements = "paiements",
    }
);

words!(
    /// What a calendar entry produces (`format`).
    Format, "format" {
        VideoVerticale = "video-verticale",
        Visuel = "visuel",
        Story = "story",
        Post = "post",
        Article = "article",
        Sms = "sms",
        Push = "push",
        Evenement = "evenement",
    }
);

words!(
    /// Where a calendar entry stands (`statut` of an entry).
    StatutEntree, "statut_entree" {
        Idee = "idee",
        EnProduction = "en-production",
        AValider = "a-valider",
        Valide = "valide",
        Publie = "publie",
    }
);

words!(
    /// The networks the monthly diffusion kit writes a text for, each with
    /// its own limits (`crate::diffusion::texts`).
    Reseau, "reseau" {
        Facebook = "facebook",
        Instagram = "instagram",
        Tiktok = "tiktok",
        X = "x",
        Sms = "sms",
        Push = "push",
    }
);

/// Every list: its key in the label table and its ids.
pub fn lists() -> Vec<(&'static str, Vec<&'static str>)> {
    fn of<W: Word>() -> (&'static str, Vec<&'static str>) {
        (W::LIST, W::ids().collect())
    }
    vec![
        of::<super::Section>(),
        of::<Statut>(),
        of::<Unite>(),
        of::<Canal>(),
        of::<RubriqueActu>(),
        of::<TypeKit>(),
        of::<CibleKit>(),
        of::<RubriqueGuide>(),
        of::<Format>(),
        of::<StatutEntree>(),
        of::<Reseau>(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_serialise_as_written() {
        for w in Canal::ALL {
            assert_eq!(Canal::from_id(w.id()), Some(*w));
        }
        assert_eq!(
            serde_json::to_string(&RubriqueActu::BonPlan).unwrap(),
            "\"bon-plan\""
        );
        assert_eq!(Unite::from_id("séance"), None);
    }

    #[test]
    fn list_keys_are_unique() {
        let mut keys: Vec<&str> = lists().iter().map(|(k, _)| *k).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), lists().len());
    }
}
