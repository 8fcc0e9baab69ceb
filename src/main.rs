//! The `kitpress` command line.

mod cli;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::FromArgMatches;

use cli::{command, french_error, Cli, Command, RootArg};

use kitpress::build::{self, Mode, Outcome};
use kitpress::config::{SiteConfig, CONFIG_FILE};
use kitpress::diagnostic::Sink;
use kitpress::error::KitError;
use kitpress::site::Options;
use kitpress::{report, scaffold, today_in_noumea};

/// A build allocates many small strings from two threads at once (contexts,
/// escaped text, pages): mimalloc does it in a third less time than the
/// system allocator (see the README's benchmarks).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn print_outcome(root: &std::path::Path, outcome: &Outcome, built: bool) {
    let color = std::io::stderr().is_terminal();
    for d in &outcome.diagnostics {
        eprintln!("{}", report::render_diagnostic(root, d, color));
    }
    eprintln!("{}", report::summary(outcome, built));
}

/// Runs a build or a check and says what it found.
fn run_and_report(options: Options, mode: Mode, built: bool) -> ExitCode {
    let root = options.root.clone();
    match build::run(options, mode) {
        Ok(o) => {
            print_outcome(&root, &o, built);
            outcome_code(&o)
        }
        Err(e) => fail(&e),
    }
}

fn fail(e: &KitError) -> ExitCode {
    eprintln!("kitpress : {}", kitpress::escape::terminal(&e.to_string()));
    ExitCode::from(e.exit_code() as u8)
}

fn outcome_code(o: &Outcome) -> ExitCode {
    if o.errors() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `kitpress audit`: the report on the standard output, the one-line
/// summary on the error stream; exit 1 with `--strict` below 100 %.
fn audit(
    site: cli::SiteArgs,
    format: &str,
    strict: bool,
    precedent: Option<&std::path::Path>,
) -> ExitCode {
    use kitpress::audit::{self, RunError};
    let root = site.site.root.clone();
    let format = audit::Format::from_id(format).unwrap_or(audit::Format::Texte);
    match audit::run(site.options(false), format, precedent) {
        Ok(run) => {
            // JSON escapes every control character itself.
            match format {
                audit::Format::Json => print!("{}", run.report),
                _ => print!("{}", kitpress::escape::terminal(&run.report)),
            }
            if run.content_errors > 0 {
                eprintln!(
                    "Le contenu a {} erreur(s) : lancez « kitpress check » pour les voir et les corriger.",
                    run.content_errors
                );
            }
            eprintln!("{}", run.audit.summary());
            if strict && !run.audit.complete() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(RunError::Site(diags)) => {
            let color = std::io::stderr().is_terminal();
            for d in &diags {
                eprintln!("{}", report::render_diagnostic(&root, d, color));
            }
            eprintln!("kitpress : audit impossible, le site ne se lit pas.");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("kitpress : {}", kitpress::escape::terminal(&e.to_string()));
            ExitCode::from(2)
        }
    }
}

fn main() -> ExitCode {
    kitpress::interrupt::install();
    let parsed = command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("{}", french_error(&e));
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Build {
            site,
            output,
            brouillons,
        } => {
            let output = output.unwrap_or_else(|| site.site.root.join("output"));
            run_and_report(site.options(brouillons), Mode::build(output), true)
        }
        Command::Check { site, output } => {
            let output = output.unwrap_or_else(|| site.site.root.join("output"));
            run_and_report(site.options(false), Mode::check(&output), false)
        }
        Command::Serve {
            site,
            port,
            publie,
            edition,
        } => {
            let root = site.site.root.clone();
            match kitpress::serve::run(site.options(!publie), port, edition, move |o| {
                print_outcome(&root, o, true)
            }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&e),
            }
        }
        Command::Audit {
            site,
            format,
            strict,
            precedent,
        } => audit(site, &format, strict, precedent.as_deref()),
        Command::New {
            kind,
            title,
            site: RootArg { root },
        } => {
            let sink = Sink::new();
            let cfg = kitpress::load::read_text(&root, CONFIG_FILE, &sink)
                .and_then(|t| SiteConfig::parse(&t, &sink));
            let Some(cfg) = cfg else {
                kitpress::config::missing(&sink);
                for d in sink.into_vec().iter().take(1) {
                    eprintln!("{}", report::render_diagnostic(&root, d, false));
                }
                return ExitCode::from(2);
            };
            match scaffold::create(&root, &kind, &title, &cfg, today_in_noumea()) {
                Ok(path) => {
                    println!("Fichier créé : {}", path.display());
                    println!("Complétez les champs vides, puis vérifiez avec « kitpress check ».");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e),
            }
        }
    }
}
