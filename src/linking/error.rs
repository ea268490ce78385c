//! The linking module's error type.

use std::path::PathBuf;

use crate::graph::GraphError;
use crate::store::StoreError;

/// Errors raised while resolving codes or discovering links.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// A file or directory could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// A reference file does not start with the expected header.
    #[error("{path}:{line}: expected the header `{expected}`")]
    ReferenceHeader {
        /// The file.
        path: PathBuf,
        /// 1-based line of the header found.
        line: usize,
        /// The header expected.
        expected: String,
    },
    /// A target file's extension names no RDF format oxigraph reads.
    #[error("{path}: unknown RDF format (use .ttl, .nt, .nq, .trig, .rdf, .jsonld …)")]
    UnknownFormat {
        /// The file.
        path: PathBuf,
    },
    /// A target file is not valid RDF.
    #[error("{path}: {message}")]
    TargetSyntax {
        /// The file.
        path: PathBuf,
        /// Where and why parsing failed.
        message: String,
    },
    /// The SPARQL endpoint did not answer after every retry.
    #[error("SPARQL endpoint {endpoint} unreachable after {attempts} attempt(s): {last_error}")]
    Unreachable {
        /// The endpoint URL.
        endpoint: String,
        /// How many requests were sent.
        attempts: u32,
        /// The last failure (timeout, connection refused, HTTP status …).
        last_error: String,
    },
    /// The SPARQL endpoint answered something that is not SPARQL JSON results.
    #[error("SPARQL endpoint {endpoint}: unreadable answer: {message}")]
    BadAnswer {
        /// The endpoint URL.
        endpoint: String,
        /// What is wrong.
        message: String,
    },
    /// A SPARQL query over the store or a target file failed.
    #[error("SPARQL: {0}")]
    Query(String),
    /// An IRI could not be minted.
    #[error(transparent)]
    Graph(#[from] GraphError),
    /// The store could not be read or rebuilt.
    #[error(transparent)]
    Store(#[from] StoreError),
}
