//! What a site gets when `site.yaml` does not say: the communes and
//! priority neighbourhoods of the Province Sud, the universes and their colours.

/// The theme built into kitpress, used when `site.yaml` names none.
pub const DEFAULT_THEME_NAME: &str = "clicmouv";

pub(super) fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

pub const DEFAULT_COMMUNES: &[&str] = &[
    "Nouméa",
    "Dumbéa",
    "Mont-Dore",
    "Païta",
    "Boulouparis",
    "La Foa",
    "Sarraméa",
    "Farino",
    "Moindou",
    "Bourail",
    "Thio",
    "Yaté",
    "Île des Pins",
    "Poya",
];

pub const DEFAULT_QUARTIERS: &[&str] = &[
    "Rivière-Salée",
    "Kaméré",
    "Tindu",
    "Montravel",
    "Saint-Quentin",
    "Pierre-Lenquette",
    "Portes-de-Fer",
    "Dumbéa-sur-Mer",
    "Apogoti",
];

pub(super) const DEFAULT_UNIVERS: &[(&str, &str, &str)] = &[
    ("sport", "Sport", "#005a9c"),
    ("cultures-urbaines", "Cultures urbaines", "#8a2be2"),
    ("arts-culture", "Arts et culture", "#b3261e"),
    ("numerique", "Numérique", "#006b5f"),
    ("aventure", "Aventure", "#9a4d00"),
    ("bien-etre", "Bien-être", "#2e7d32"),
    ("inclusion", "Inclusion", "#6a1b9a"),
];
