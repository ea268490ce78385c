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
    /// Read every report as this genre (a folder of data/genres) instead of
    /// recognising it from its title.
    #[arg(long, value_name = "ID")]
    pub genre: Option<String>,
    /// Fail the whole build when one report cannot be converted (by default
    /// the others are built and the exit status says some failed).
    #[arg(long)]
    pub strict: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert reports and load them into the store (atomically replacing it).
    Build {
        /// Report files [default: every *.txt in data/reports].
        reports: Vec<PathBuf>,
        /// Add (or replace) these reports and keep the store's others
        /// (otherwise the store holds exactly the reports given).
        #[arg(long)]
        add: bool,
        /// Remove these reports (by id, the file name without .txt).
        #[arg(long, value_name = "REPORT-ID", num_args = 1..)]
        remove: Vec<String>,
        /// Reconvert every report, even those that did not change.
        #[arg(long)]
        full: bool,
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
    /// Run a SPARQL query (a file, an expression or a preset) against the store.
    Query {
        /// A file holding the query.
        #[arg(required_unless_present_any = ["expression", "preset", "list"], conflicts_with_all = ["expression", "preset"])]
        file: Option<PathBuf>,
        /// The query text.
        #[arg(
            short = 'e',
            long = "expression",
            value_name = "SPARQL",
            conflicts_with = "preset"
        )]
        expression: Option<String>,
        /// Run a preset from queries/ by id (see --list).
        #[arg(long, value_name = "ID")]
        preset: Option<String>,
        /// A preset parameter, bound as a typed RDF term (repeatable).
        #[arg(long = "param", value_name = "NAME=VALUE", requires = "preset")]
        params: Vec<String>,
        /// List the presets with their questions and parameters.
        #[arg(long)]
        list: bool,
        /// Output: table, json, xml, csv, tsv, turtle, ntriples, nquads, trig, rdfxml, jsonld, or a media type.
        #[arg(long, default_value = "table")]
        format: String,
        /// Store directory.
        #[arg(long, value_name = "DIR", default_value = crate::store::DEFAULT_LOCATION)]
        location: PathBuf,
    },
    /// Discover links from the store's places and institutions to an external
    /// dataset (an RDF file or a SPARQL endpoint) and store them as a VoID
    /// linkset in `{base}graph/links`.
    Link {
        /// An RDF file (format from its extension) or a SPARQL endpoint URL (http:// or https://).
        #[arg(long, value_name = "FILE|URL")]
        target: String,
        /// Store directory.
        #[arg(long, value_name = "DIR", default_value = crate::store::DEFAULT_LOCATION)]
        location: PathBuf,
        /// Print the candidate links as a table; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Drop candidates scoring below this (0 to 1); owl:sameAs from 0.95 up, skos:closeMatch below.
        #[arg(long, value_name = "X", default_value_t = crate::linking::DEFAULT_THRESHOLD)]
        threshold: f64,
        /// Seconds allowed for one request to an endpoint.
        #[arg(long, value_name = "SECS", default_value_t = 30)]
        timeout: u64,
        /// Retries of a failed or timed-out request (with exponential backoff).
        #[arg(long, value_name = "N", default_value_t = 3)]
        retries: u32,
        /// The target's property holding GB/T 2260 division codes.
        #[arg(long, value_name = "IRI", default_value = crate::linking::target::WIKIDATA_P442)]
        code_property: String,
        /// Base IRI the store was built with.
        #[arg(long, value_name = "IRI", default_value = crate::graph::DEFAULT_BASE)]
        base: String,
    },
    /// Publish open-data dumps of the store (every RDF format, DCAT, VoID, checksums), atomically.
    Publish {
        /// Store directory.
        #[arg(long, value_name = "DIR", default_value = crate::store::DEFAULT_LOCATION)]
        location: PathBuf,
        /// Publication directory (a link to a generation directory beside it).
        #[arg(long, value_name = "DIR", default_value = "dumps")]
        out: PathBuf,
        /// Base IRI of the data: downloads are `<BASE>dumps/<file>`, the endpoint `<BASE>sparql`.
        #[arg(long, value_name = "IRI", default_value = crate::graph::DEFAULT_BASE)]
        base: String,
        /// Licence IRI of the data.
        #[arg(long, value_name = "IRI", default_value = crate::publish::DEFAULT_LICENSE)]
        license: String,
        /// State this modification date (YYYY-MM-DD) instead of the latest report date.
        #[arg(long, value_name = "DATE")]
        modified: Option<String>,
        /// Contact point of the catalogue: an e-mail address or a web page (default: the landing page).
        #[arg(long, value_name = "EMAIL|URL")]
        contact: Option<String>,
        /// EU data-theme codes of the dataset (comma-separated).
        #[arg(long, value_name = "CODES", value_delimiter = ',', default_values_t = crate::publish::DEFAULT_THEMES.map(String::from))]
        themes: Vec<String>,
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
        /// Publication directory served under /dumps/ (written by `civkg publish`).
        #[arg(long, value_name = "DIR", default_value = crate::server::DEFAULT_DUMPS)]
        dumps: PathBuf,
        /// Queries evaluated at once; more wait for a turn within their time limit.
        #[arg(long, value_name = "N", default_value_t = crate::server::default_max_evaluations())]
        max_queries: usize,
        /// Large (streamed) results sent at once.
        #[arg(long, value_name = "N", default_value_t = crate::server::MAX_STREAMS)]
        max_streams: usize,
        /// Open connections at most (kept below the open-file limit).
        #[arg(long, value_name = "N", default_value_t = crate::server::MAX_CONNECTIONS)]
        max_connections: usize,
        /// Seconds a client has to send a request's headers; also how long an idle connection is kept.
        #[arg(long, value_name = "SECONDS", default_value_t = crate::server::HEADER_TIMEOUT.as_secs_f64())]
        idle_timeout: f64,
        /// Seconds a response may wait for a client that stopped reading.
        #[arg(long, value_name = "SECONDS", default_value_t = crate::server::WRITE_TIMEOUT.as_secs_f64())]
        write_timeout: f64,
        /// Memory (MB) a query may add to the server's before it is cancelled (default: a quarter of this machine's).
        #[arg(long, value_name = "MB")]
        max_memory: Option<u64>,
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
