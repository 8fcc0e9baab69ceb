//! Issue 28: the pipelines of `docs/ci/` that a content repository copies to
//! publish its site, run step by step on a copy of the starter kit — every
//! command as written, kitpress already in the place the install step
//! checks (so nothing is downloaded) — and what they publish is there.

use std::path::Path;
use std::process::Command;

use saphyr::{LoadableYamlNode, YamlOwned};

use crate::support::SiteTest;

fn pipeline(name: &str) -> YamlOwned {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/ci")
        .join(name);
    let text = std::fs::read_to_string(path).unwrap();
    YamlOwned::load_from_str(&text).unwrap().remove(0)
}

/// The lines of a script, nested lists (YAML anchors) flattened.
fn lines(node: &YamlOwned, out: &mut Vec<String>) {
    match node.as_sequence() {
        Some(items) => items.iter().for_each(|i| lines(i, out)),
        None => out.push(node.as_str().expect("a command").to_string()),
    }
}

/// Runs `command` as the CI's shell would, in `dir`, with kitpress in
/// `home/.cargo/bin` (where the install step looks) and on the `PATH`.
fn run(command: &str, dir: &Path, home: &Path, env: &[(&str, &str)]) {
    let bin = home.join(".cargo/bin");
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let out = Command::new("sh")
        .args(["-e", "-c", command])
        .current_dir(dir)
        .env("HOME", home)
        .env("PATH", path)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "« {command} » a échoué :\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// kitpress where the pipelines' install step finds it.
fn installed(home: &Path) {
    let bin = home.join(".cargo/bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_kitpress"), bin.join("kitpress")).unwrap();
}

#[test]
fn the_gitlab_pipeline_checks_builds_and_publishes_the_starter_kit() {
    let site = SiteTest::embedded();
    let dir = site.path();
    installed(dir); // CARGO_HOME is the project's `.cargo/`
    let ci = pipeline("gitlab-ci.yml");
    let cargo_home = dir.join(".cargo");
    let env = [
        ("CI_PROJECT_DIR", dir.to_str().unwrap()),
        ("CARGO_HOME", cargo_home.to_str().unwrap()),
        ("KITPRESS_DEPOT", "https://invalide.example/kitpress.git"),
        ("KITPRESS_VERSION", "v0"),
    ];
    for job in ["verifier", "pages"] {
        let mut script = Vec::new();
        lines(&ci[job]["script"], &mut script);
        assert!(script.iter().any(|l| l.starts_with("kitpress ")), "{job}");
        // GitLab runs a job's lines in one shell.
        run(&script.join("\n"), dir, dir, &env);
        for artefact in ci[job]["artifacts"]["paths"].as_sequence().unwrap() {
            let artefact = dir.join(artefact.as_str().unwrap());
            assert!(artefact.exists(), "{job} : {}", artefact.display());
        }
    }
    assert!(dir.join("public/index.html").is_file());
    assert!(dir
        .join("public/offres/initiation-surf-bourail/index.html")
        .is_file());
    let report = std::fs::read_to_string(dir.join("rapport.html")).unwrap();
    assert!(report.contains("<html lang=\"fr\""), "{report}");
}

#[test]
fn the_github_workflow_checks_builds_and_publishes_the_starter_kit() {
    let site = SiteTest::embedded();
    let home = tempfile::tempdir().unwrap();
    installed(home.path());
    let ci = pipeline("github-pages.yml");
    let env = [
        ("KITPRESS_DEPOT", "https://invalide.example/kitpress.git"),
        ("KITPRESS_VERSION", "v0"),
    ];
    let steps = ci["jobs"]["construire"]["steps"].as_sequence().unwrap();
    let mut ran = 0;
    for step in steps {
        if let Some(command) = step.as_mapping_get("run").and_then(YamlOwned::as_str) {
            run(command, site.path(), home.path(), &env);
            ran += 1;
        }
    }
    assert!(ran >= 3, "{ran} steps");
    // What the upload steps send is there.
    for step in steps {
        let uses = step
            .as_mapping_get("uses")
            .and_then(YamlOwned::as_str)
            .unwrap_or("");
        if uses.starts_with("actions/upload") {
            let path = site.path().join(step["with"]["path"].as_str().unwrap());
            assert!(path.exists(), "{uses} : {}", path.display());
        }
    }
    assert!(site.path().join("public/index.html").is_file());
}
