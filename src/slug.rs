//! Names made into identifiers: slugs (the lower-case ASCII form of a
//! text, for URLs, anchors and the identifiers editors may write in their
//! natural spelling) and hashtags.

/// Lower-case ASCII slug of a text: `Surf à Bourail` → `surf-a-bourail`.
pub fn slug_of(s: &str) -> String {
    slug::slugify(s.replace(['’', '\''], "-"))
}

/// A hashtag from a name: `Île des Pins` → `#ÎleDesPins`, `#ClicEtMouv`
/// kept as it is. Letters and digits only, words joined with capitals.
pub fn hashtag(name: &str) -> String {
    let mut out = String::from("#");
    for word in name
        .trim_start_matches('#')
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashtags_join_words_with_capitals() {
        assert_eq!(hashtag("Île des Pins"), "#ÎleDesPins");
        assert_eq!(hashtag("Mont-Dore"), "#MontDore");
        assert_eq!(hashtag("#ClicEtMouv"), "#ClicEtMouv");
        assert_eq!(hashtag("Bien-être"), "#BienÊtre");
        assert_eq!(hashtag("Clic&Mouv'"), "#ClicMouv");
    }
}
