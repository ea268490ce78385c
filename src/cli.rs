//! Command-line interface definitions (clap derive). `main.rs` dispatches.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::table::RowFormat;

/// civkg: government work reports → linked-data knowledge graph.
#[derive(Debug, Parser)]
#[command(name = "civkg", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options shared by every command that converts reports.
#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// Directory of lexicon files (*.toml) [default: data/lexicon, else the bundled one].
    #[arg(long, value_name = "DIR")]
    pub lexicon: Option<PathBuf>,
    /// Use no lexicon at all: rules only.
    #[arg(long, conflicts_with = "lexicon")]
    pub no_lexicon: bool,
    /// Base IRI under which data IRIs are minted.
    #[arg(long, value_name = "IRI", default_value = crate::graph::DEFAULT_BASE)]
    pub base: String,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert reports and load them into the store (atomically replacing it).
    Build {
        /// Report files [default: every *.txt in data/reports].
        reports: Vec<PathBuf>,
        /// Store directory.
        #[arg(long, value_name = "DIR", default_value = crate::store::DEFAULT_LOCATION)]
        location: PathBuf,
        /// Conversion options.
        #[command(flatten)]
        convert: ConvertArgs,
    },
    /// Print the figures of a report (no store needed).
    Figures {
        /// The report file.
        report: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = RowFormat::Tsv)]
        format: RowFormat,
        /// Conversion options.
        #[command(flatten)]
        convert: ConvertArgs,
    },
    /// Print the entities of a report, one row per mention (no store needed).
    Entities {
        /// The report file.
        report: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = RowFormat::Tsv)]
        format: RowFormat,
        /// Conversion options.
        #[command(flatten)]
        convert: ConvertArgs,
    },
    /// Run a SPARQL query against the store.
    Query {
        /// A file holding the query.
        #[arg(required_unless_present = "expression", conflicts_with = "expression")]
        file: Option<PathBuf>,
        /// The query text.
        #[arg(short = 'e', long = "expression", value_name = "SPARQL")]
        expression: Option<String>,
        /// Output: table, json, xml, csv, tsv, turtle, ntriples, nquads, trig, rdfxml, jsonld, or a media type.
        #[arg(long, default_value = "table")]
        format: String,
        /// Store directory.
        #[arg(long, value_name = "DIR", default_value = crate::store::DEFAULT_LOCATION)]
        location: PathBuf,
    },
    /// Serve the graph: SPARQL endpoint, presets, Linked Data pages and a UI
    /// (builds the store from the bundled reports first when it is empty).
    Serve {
        /// Store directory.
        #[arg(long, value_name = "DIR", default_value = crate::store::DEFAULT_LOCATION)]
        location: PathBuf,
        /// Address to listen on.
        #[arg(long, value_name = "HOST:PORT", default_value = crate::server::DEFAULT_BIND)]
        bind: String,
        /// Time limit of one query, in seconds.
        #[arg(long, value_name = "SECONDS", default_value_t = crate::server::DEFAULT_TIMEOUT.as_secs_f64())]
        timeout: f64,
        /// Maximum number of rows of a SELECT result (announced in `X-SPARQL-MaxRows` when hit).
        #[arg(long, value_name = "N", default_value_t = crate::server::DEFAULT_MAX_ROWS)]
        max_rows: usize,
        /// Allow SPARQL Update and Graph Store writes with `Authorization: Bearer TOKEN`.
        #[arg(long, value_name = "TOKEN")]
        write_token: Option<String>,
        /// Allow queries to call SERVICE on other endpoints (plain HTTP).
        #[arg(long)]
        allow_federation: bool,
        /// Conversion options (used when the store has to be built first).
        #[command(flatten)]
        convert: ConvertArgs,
    },
    /// Count instances per class and quads per report graph.
    Stats {
        /// Store directory.
        #[arg(long, value_name = "DIR", default_value = crate::store::DEFAULT_LOCATION)]
        location: PathBuf,
    },
}
