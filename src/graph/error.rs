//! The graph module's error type.

use oxigraph::io::RdfSyntaxError;
use oxigraph::model::IriParseError;

/// Errors raised while mapping a report, the lexicon or the ontology to RDF.
#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    /// A minted or curated IRI is not a valid IRI (a bad base, a bad `same_as`).
    #[error("invalid IRI <{iri}>: {source}")]
    InvalidIri {
        /// The offending IRI.
        iri: String,
        /// Why it is invalid.
        source: IriParseError,
    },
    /// An extraction refers to a section, sentence, entity or figure that does not exist.
    #[error("{what} index {index} is out of range (there are {len})")]
    IndexOutOfRange {
        /// What the index points into (`entity`, `figure`, `section`, `sentence`).
        what: &'static str,
        /// The offending index.
        index: usize,
        /// How many there are.
        len: usize,
    },
    /// An entity has an empty label, so it cannot be named by an IRI.
    #[error("{kind} entity with an empty label")]
    EmptyLabel {
        /// The entity's kind code.
        kind: &'static str,
    },
    /// A bundled ontology file is not valid Turtle.
    #[error("{file}: {source}")]
    Ontology {
        /// The bundled file (`ontology/civkg.ttl`, `ontology/shapes.ttl`).
        file: &'static str,
        /// Where and why parsing failed.
        source: RdfSyntaxError,
    },
}
