//! The `kitpress` command line.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use kitpress::build::{self, Mode, Outcome};
use kitpress::config::{SiteConfig, CONFIG_FILE};
use kitpress::diagnostic::Sink;
use kitpress::error::KitError;
use kitpress::site::Options;
use kitpress::{report, scaffold, today_in_noumea};

#[derive(Parser)]
#[command(
    name = "kitpress",
    version,
    about = "Construit le kit Clic&Mouv' (site web et documents à imprimer) à partir du contenu Markdown.",
    disable_help_subcommand = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("« {s} » n'est pas une date AAAA-MM-JJ"))
}

#[derive(Subcommand)]
enum Command {
    /// Construit le site dans le dossier de sortie.
    Build {
        /// Dossier du site (celui qui contient content/site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Dossier de sortie (par défaut : output/ dans le dossier du site).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Construit aussi les contenus non validés, marqués « non validé ».
        #[arg(long)]
        brouillons: bool,
        /// Jour de référence AAAA-MM-JJ (par défaut : aujourd'hui à Nouméa).
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
    },
    /// Vérifie tout le contenu sans rien écrire.
    Check {
        /// Dossier du site (celui qui contient content/site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Jour de référence AAAA-MM-JJ (par défaut : aujourd'hui à Nouméa).
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
    },
    /// Crée un fichier de contenu pré-rempli : offre, offre-modele, kit, guide, actu ou mois.
    New {
        /// Type de fichier : offre, offre-modele, kit, guide, actu ou mois.
        #[arg(value_parser = scaffold::KINDS)]
        kind: String,
        /// Titre du contenu (pour « mois » : AAAA-MM).
        title: String,
        /// Dossier du site.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

fn print_outcome(root: &std::path::Path, outcome: &Outcome, built: bool) {
    let color = std::io::stderr().is_terminal();
    for d in &outcome.diagnostics {
        eprintln!("{}", report::render_diagnostic(root, d, color));
    }
    eprintln!("{}", report::summary(outcome, built));
}

fn fail(e: &KitError) -> ExitCode {
    eprintln!("kitpress : {e}");
    ExitCode::from(e.exit_code() as u8)
}

fn outcome_code(o: &Outcome) -> ExitCode {
    if o.errors() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            brouillons,
            date,
        } => {
            let output = output.unwrap_or_else(|| root.join("output"));
            let options = Options {
                root: root.clone(),
                drafts: brouillons,
                today: date.unwrap_or_else(today_in_noumea),
            };
            match build::run(options, Mode::Build { output }) {
                Ok(o) => {
                    print_outcome(&root, &o, true);
                    outcome_code(&o)
                }
                Err(e) => fail(&e),
            }
        }
        Command::Check { root, date } => {
            let options = Options {
                root: root.clone(),
                drafts: false,
                today: date.unwrap_or_else(today_in_noumea),
            };
            match build::run(options, Mode::Check) {
                Ok(o) => {
                    print_outcome(&root, &o, false);
                    outcome_code(&o)
                }
                Err(e) => fail(&e),
            }
        }
        Command::New { kind, title, root } => {
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
