//! Slugs: the lower-case ASCII form of a text, for URLs, anchors and the
//! identifiers editors may write in their natural spelling.

/// Lower-case ASCII slug of a text: `Surf à Bourail` → `surf-a-bourail`.
pub fn slug_of(s: &str) -> String {
    slug::slugify(s.replace(['’', '\''], "-"))
}
