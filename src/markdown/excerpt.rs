//! The beginning of a body, for a printed sheet with limited room.

use pulldown_cmark::{Event, Parser};

use super::options;

/// The beginning of a body, for a sheet with limited room: whole top-level
/// blocks while their text fits in `budget` characters. When even the first
/// block is too long, it is cut after its last full sentence (or word) that
/// fits. Returns the Markdown to render and whether something was left out.
pub fn excerpt(body: &str, budget: usize) -> (String, bool) {
    let mut depth = 0usize;
    let mut text_len = 0usize;
    let mut kept_until = 0usize;
    let mut first_block: Option<(usize, usize)> = None;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    if text_len > budget {
                        break;
                    }
                    kept_until = range.end;
                    first_block.get_or_insert((range.start, range.end));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                text_len += t.chars().count();
                if depth == 0 {
                    kept_until = range.end;
                }
            }
            _ => {}
        }
        if depth == 0 && first_block.is_none() && text_len > budget {
            break;
        }
    }
    let whole = body.trim_end().len();
    if kept_until >= whole {
        return (body.to_string(), false);
    }
    if kept_until > 0 {
        return (body[..kept_until].trim_end().to_string(), true);
    }
    // The first block alone is too long: cut its text.
    let text: String = body.split("\n\n").next().unwrap_or("").replace('\n', " ");
    let chars: Vec<char> = text.chars().collect();
    let mut cut: String = chars.iter().take(budget).collect();
    if let Some(end) = cut.rfind(['.', '!', '?']).filter(|i| *i > budget / 2) {
        cut.truncate(end + 1);
    } else if let Some(space) = cut.rfind(' ') {
        cut.truncate(space);
        cut.push('…');
    }
    (cut, true)
}
