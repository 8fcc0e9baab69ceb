//! Stable, unique anchors on headings (`## Tarifs` → `#tarifs`).

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag};

use super::Heading;
use crate::slug::slug_of;

/// Gives the heading that starts at `events[start]` a stable, unique id.
pub(super) fn finish_heading(
    events: &mut [Event],
    start: usize,
    level: HeadingLevel,
    text: &str,
    prefix: &str,
    used: &mut HashSet<String>,
    headings: &mut Vec<Heading>,
) {
    let Some(Event::Start(Tag::Heading { id, .. })) = events.get_mut(start) else {
        return;
    };
    let base = match id.as_deref() {
        Some(given) if !given.is_empty() => given.to_string(),
        _ => {
            let s = slug_of(text);
            if s.is_empty() {
                "section".to_string()
            } else {
                s
            }
        }
    };
    let mut unique = base.clone();
    let mut n = 2;
    while !used.insert(unique.clone()) {
        unique = format!("{base}-{n}");
        n += 1;
    }
    let unique = format!("{prefix}{unique}");
    *id = Some(CowStr::from(unique.clone()));
    headings.push(Heading {
        niveau: level as u8,
        id: unique,
        titre: text.to_string(),
    });
}
