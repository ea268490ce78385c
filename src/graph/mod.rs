//! TEMPORARY stub, replaced by the real mapping from the graph branch.
#![allow(missing_docs)]
use oxigraph::model::Quad;

use crate::extract::Extraction;
use crate::lexicon::Lexicon;
use crate::report::Report;

pub const DEFAULT_BASE: &str = "https://w3id.org/civkg/";

#[derive(Debug, Clone)]
pub struct Config {
    pub base: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            base: DEFAULT_BASE.to_owned(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    #[error("invalid IRI {0}")]
    Iri(String),
}

pub fn report_quads(
    _r: &Report,
    _e: &Extraction,
    _l: &Lexicon,
    _c: &Config,
) -> Result<Vec<Quad>, GraphError> {
    Ok(Vec::new())
}
pub fn lexicon_quads(_l: &Lexicon, _c: &Config) -> Result<Vec<Quad>, GraphError> {
    Ok(Vec::new())
}
pub fn ontology_quads() -> Result<Vec<Quad>, GraphError> {
    Ok(Vec::new())
}
pub fn entity_iri(
    r: &Report,
    e: &crate::extract::Entity,
    _l: &Lexicon,
    c: &Config,
) -> Result<oxigraph::model::NamedNode, GraphError> {
    oxigraph::model::NamedNode::new(format!(
        "{}report/{}/{}/{}",
        c.base,
        r.id,
        e.kind.code(),
        e.label
    ))
    .map_err(|x| GraphError::Iri(x.to_string()))
}
