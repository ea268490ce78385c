//! The publication's error type.

use std::path::PathBuf;

/// Errors raised while publishing dumps.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// A file-system operation failed.
    #[error("{path}: {source}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// Reading the store failed.
    #[error("cannot read the store: {0}")]
    Storage(#[from] oxigraph::store::StorageError),
    /// A metadata query failed.
    #[error("metadata query failed: {0}")]
    Query(#[from] crate::query::QueryError),
    /// A query's results could not be read.
    #[error("metadata query failed: {0}")]
    Evaluation(#[from] oxigraph::sparql::QueryEvaluationError),
    /// An IRI made from the configured base is invalid.
    #[error("invalid IRI `{iri}`: {reason}")]
    Iri {
        /// The IRI.
        iri: String,
        /// Why it is invalid.
        reason: String,
    },
    /// The bundled ontology does not parse (a build defect).
    #[error("the bundled ontology does not parse: {0}")]
    Ontology(#[from] oxigraph::io::RdfSyntaxError),
    /// RDFC-1.0 canonicalisation refused the dataset (too complex) or failed.
    #[error("canonicalisation failed: {0}")]
    Canonical(String),
    /// `--out` is an existing directory that civkg did not create.
    #[error("{path}: exists and is not a civkg publication (no SHA256SUMS); choose another --out or remove it")]
    NotAPublication {
        /// The directory.
        path: PathBuf,
    },
    /// `--out` has no file name (`/`, `..`).
    #[error("{path}: --out must name a directory")]
    BadOut {
        /// The path given.
        path: PathBuf,
    },
    /// The figures table could not be made (a defect of its query).
    #[error("figures.csv: {0}")]
    Figures(String),
    /// A `--themes` code is not in the EU data-theme table.
    #[error("unknown data theme `{code}` (data/reference/eu-vocabularies.toml has: {known})")]
    Theme {
        /// The code given.
        code: String,
        /// The codes the table has.
        known: String,
    },
    /// The bundled EU vocabulary table does not parse (a build defect).
    #[error("data/reference/eu-vocabularies.toml: {0}")]
    ThemeTable(String),
    /// A caller's hook stopped the publication.
    #[error("publication aborted after {file}: {source}")]
    Aborted {
        /// The last file written.
        file: String,
        /// Why.
        source: std::io::Error,
    },
}

/// Maps an I/O error to [`PublishError::Io`] for `path`.
pub(crate) fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> PublishError + '_ {
    move |source| PublishError::Io {
        path: path.to_owned(),
        source,
    }
}
