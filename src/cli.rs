//! The command line's definition: commands, options, and clap's help and
//! usage errors in French.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::error::{ContextKind, ErrorKind};
use clap::{Arg, ArgAction, CommandFactory, Parser, Subcommand};

use kitpress::scaffold;
use kitpress::site::Options;
use kitpress::today_in_noumea;

#[derive(Parser)]
#[command(
    name = "kitpress",
    version,
    about = "Construit le kit Clic&Mouv' (site web et documents à imprimer) à partir du contenu Markdown.",
    disable_help_subcommand = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("« {s} » n'est pas une date AAAA-MM-JJ"))
}

/// Where the site is.
#[derive(clap::Args)]
pub struct RootArg {
    /// Dossier du site, celui qui contient content/site.yaml (par défaut : le dossier courant).
    #[arg(
        long,
        default_value = ".",
        value_name = "DOSSIER",
        hide_default_value = true
    )]
    pub root: PathBuf,
}

/// Where the site is, and the reference day of the date rules.
#[derive(clap::Args)]
pub struct SiteArgs {
    #[command(flatten)]
    pub site: RootArg,
    /// Jour de référence AAAA-MM-JJ (par défaut : aujourd'hui à Nouméa).
    #[arg(long, value_parser = parse_date, value_name = "AAAA-MM-JJ")]
    pub date: Option<NaiveDate>,
}

impl SiteArgs {
    pub fn options(&self, drafts: bool) -> Options {
        Options {
            root: self.site.root.clone(),
            drafts,
            today: self.date.unwrap_or_else(today_in_noumea),
        }
    }
}

#[derive(Subcommand)]
pub enum Command {
    /// Construit le site dans le dossier de sortie.
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Dossier de sortie (par défaut : output/ dans le dossier du site).
        #[arg(long, value_name = "DOSSIER")]
        output: Option<PathBuf>,
        /// Construit aussi les contenus non validés, marqués « non validé ».
        #[arg(long)]
        brouillons: bool,
    },
    /// Vérifie tout le contenu sans rien écrire.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Dossier de sortie des constructions, dont le cache d'images est relu (par défaut : output/ dans le dossier du site).
        #[arg(long, value_name = "DOSSIER")]
        output: Option<PathBuf>,
    },
    /// Sert un aperçu du site sur 127.0.0.1, reconstruit à chaque modification.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Port d'écoute sur 127.0.0.1 (par défaut : 1111).
        #[arg(
            long,
            default_value_t = 1111,
            value_name = "N",
            hide_default_value = true
        )]
        port: u16,
        /// Ne montre que ce qui sera publié (par défaut, l'aperçu montre aussi les brouillons).
        #[arg(long)]
        publie: bool,
        /// Ouvre l'édition dans le navigateur sur /admin/ (écrit dans content/ seulement).
        #[arg(long)]
        edition: bool,
    },
    /// Audite le catalogue : offres réservables, constats par fichier, état du réseau.
    Audit {
        #[command(flatten)]
        site: SiteArgs,
        /// Format du rapport : texte (par défaut), json ou html.
        #[arg(long, default_value = "texte", value_parser = kitpress::audit::Format::IDS, value_name = "FORMAT", hide_default_value = true, hide_possible_values = true)]
        format: String,
        /// Sort avec le code 1 si une offre publiée n'est pas réservable.
        #[arg(long)]
        strict: bool,
        /// Audit précédent (json) auquel comparer celui-ci.
        #[arg(long, value_name = "FICHIER")]
        precedent: Option<PathBuf>,
    },
    /// Crée un fichier de contenu pré-rempli : offre, offre-modele, kit, guide, actu ou mois.
    New {
        /// Type de fichier : offre, offre-modele, kit, guide, actu ou mois.
        #[arg(value_parser = scaffold::KINDS, value_name = "TYPE", hide_possible_values = true)]
        kind: String,
        /// Titre du contenu (pour « mois » : AAAA-MM).
        #[arg(value_name = "TITRE")]
        title: String,
        #[command(flatten)]
        site: RootArg,
    },
}

const OPTIONS: &str = "Options\u{a0}";
const HELP_TEMPLATE: &str = "{about-with-newline}\nUtilisation : {usage}\n\n{all-args}";

/// The command line with its help in French.
pub fn command() -> clap::Command {
    let french = |c: clap::Command| {
        c.help_template(HELP_TEMPLATE)
            .subcommand_help_heading("Commandes\u{a0}")
            .subcommand_value_name("COMMANDE")
            .disable_help_flag(true)
            .arg(
                Arg::new("aide")
                    .short('h')
                    .long("help")
                    .action(ArgAction::Help)
                    .help_heading(OPTIONS)
                    .help("Affiche cette aide"),
            )
    };
    let mut cmd = french(Cli::command()).disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help_heading(OPTIONS)
            .help("Affiche la version"),
    );
    for (name, usage) in [
        (
            "serve",
            "kitpress serve [--root DOSSIER] [--port N] [--publie] [--edition] [--date AAAA-MM-JJ]",
        ),
        (
            "build",
            "kitpress build [--root DOSSIER] [--output DOSSIER] [--brouillons] [--date AAAA-MM-JJ]",
        ),
        (
            "check",
            "kitpress check [--root DOSSIER] [--output DOSSIER] [--date AAAA-MM-JJ]",
        ),
        (
            "audit",
            "kitpress audit [--root DOSSIER] [--date AAAA-MM-JJ] [--format texte|json|html] [--strict] [--precedent FICHIER]",
        ),
        (
            "new",
            "kitpress new <offre|offre-modele|kit|guide|actu|mois> \"Titre\" [--root DOSSIER]",
        ),
    ] {
        cmd = cmd.mut_subcommand(name, |c| {
            french(c)
                .override_usage(usage)
                .mut_args(|a| a.help_heading(OPTIONS))
        });
    }
    cmd
}

/// clap's usage errors, said in French.
pub fn french_error(e: &clap::Error) -> String {
    let ctx = |k: ContextKind| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let suggestion = [
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .map(ctx)
    .find(|s| !s.is_empty())
    .map(|s| format!(" ; vouliez-vous dire « {s} » ?"))
    .unwrap_or_default();
    let message = match e.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "commande inconnue « {} » : les commandes sont build, check, serve, audit et new",
            ctx(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::UnknownArgument => {
            format!("option inconnue « {} »", ctx(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidValue => format!(
            "valeur « {} » refusée pour {} ; valeurs possibles : {}",
            ctx(ContextKind::InvalidValue),
            ctx(ContextKind::InvalidArg),
            ctx(ContextKind::ValidValue)
        ),
        ErrorKind::ValueValidation => {
            let source = std::error::Error::source(e)
                .map(|s| s.to_string())
                .unwrap_or_default();
            format!("{} : {source}", ctx(ContextKind::InvalidArg))
        }
        ErrorKind::MissingRequiredArgument => {
            format!("argument manquant : {}", ctx(ContextKind::InvalidArg))
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "indiquez une commande : build, check, serve, audit ou new".to_string()
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("trop de valeurs pour {}", ctx(ContextKind::InvalidArg))
        }
        _ => "commande mal formée".to_string(),
    };
    format!("kitpress : {message}{suggestion}\nLancez « kitpress --help » pour l'aide.")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_french_command_line_is_well_formed() {
        super::command().debug_assert();
    }
}
