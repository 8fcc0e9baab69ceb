//! YAML with positions, and typed readers that report problems in French.
//!
//! Every YAML text (front matter, `site.yaml`, calendar months, data files,
//! shortcode arguments) is parsed once, by saphyr, into marked nodes: each
//! key and value keeps its line and column (`parse.rs`). The same pass
//! enforces the limits of [`crate::limits`] (depth, list length) and turns
//! the parser's English errors into French diagnostics, a repeated key
//! pointed at its second occurrence.
//!
//! The readers on top ([`Node`], [`MapReader`]) type the values (text, whole
//! number, date, identifier from a list…) and never stop at the first
//! problem: a wrong value is reported and read as absent, and the caller goes
//! on with the next key.

mod map;
mod parse;
mod reader;
mod values;
mod word;

pub use map::asked;
pub use map::MapReader;
pub use parse::YamlDoc;
pub use reader::{Cx, Node};
pub use word::Word;
