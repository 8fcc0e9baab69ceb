//! Bench baseline: the bare minimum a static-site generator does — walk the
//! content, parse each front matter with serde_yaml, render each body with
//! pulldown-cmark, write one HTML file per page. kitpress is measured against
//! this loop (`scripts/bench.sh`).
//!
//! Usage: `cargo run --release --example baseline -- SITE_DIR OUTPUT_DIR`

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let site = PathBuf::from(args.next().expect("SITE_DIR"));
    let out = PathBuf::from(args.next().expect("OUTPUT_DIR"));
    let options = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(site.join("content")) {
        let entry = entry?;
        if entry.path().extension().and_then(|e| e.to_str()) != Some("md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path())?;
        let rest = text.strip_prefix("---\n").unwrap_or(&text);
        let (front, body) = rest.split_once("\n---\n").unwrap_or(("", rest));
        let meta: serde_yaml::Value =
            serde_yaml::from_str(front).unwrap_or(serde_yaml::Value::Null);
        let title = meta.get("titre").and_then(|t| t.as_str()).unwrap_or("");
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(body, options));
        let slug = entry.path().file_stem().unwrap().to_string_lossy();
        let dir = out.join(&*slug);
        std::fs::create_dir_all(&dir)?;
        let page = format!(
            "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><main><article><h1>{title}</h1>{html}</article></main></body></html>"
        );
        std::fs::write(dir.join("index.html"), page)?;
        pages += 1;
    }
    eprintln!("baseline: {pages} pages");
    Ok(())
}
