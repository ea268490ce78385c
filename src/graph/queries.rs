//! The preset queries as RDF (`sh:SPARQLExecutable`, as sib-swiss's
//! sparql-examples publish theirs), so users can query the queries.

use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term};

use super::vocab::dcterms;
use super::{Config, GraphError};
use crate::presets::Preset;

const SH_SPARQL_EXECUTABLE: NamedNodeRef<'_> =
    NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#SPARQLExecutable");
const SH_SPARQL_SELECT_EXECUTABLE: NamedNodeRef<'_> =
    NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#SPARQLSelectExecutable");
const SH_SELECT: NamedNodeRef<'_> =
    NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#select");

fn iri(s: String) -> Result<NamedNode, GraphError> {
    NamedNode::new(&s).map_err(|source| GraphError::InvalidIri {
        iri: s.clone(),
        source,
    })
}

/// The named graph holding the presets: `{base}graph/queries`.
pub fn queries_graph(config: &Config) -> Result<NamedNode, GraphError> {
    iri(format!("{}graph/queries", config.base))
}

/// The IRI of one preset: `{base}query/{id}`.
pub fn preset_iri(preset: &Preset, config: &Config) -> Result<NamedNode, GraphError> {
    iri(format!("{}query/{}", config.base, preset.id))
}

/// Every preset as a `sh:SPARQLSelectExecutable` with its titles (labels),
/// questions (comments), parameters (description) and query text (`sh:select`).
pub fn queries_quads(presets: &[Preset], config: &Config) -> Result<Vec<Quad>, GraphError> {
    let graph = GraphName::NamedNode(queries_graph(config)?);
    let mut quads = Vec::new();
    for p in presets {
        let s = preset_iri(p, config)?;
        let mut add = |pred: NamedNodeRef<'_>, o: Term| {
            quads.push(Quad::new(s.clone(), pred, o, graph.clone()))
        };
        add(rdf::TYPE, SH_SPARQL_EXECUTABLE.into_owned().into());
        add(rdf::TYPE, SH_SPARQL_SELECT_EXECUTABLE.into_owned().into());
        add(
            dcterms::IDENTIFIER,
            Literal::new_simple_literal(&p.id).into(),
        );
        for (text, lang) in [(&p.title_zh, "zh"), (&p.title_en, "en")] {
            add(
                rdfs::LABEL,
                Literal::new_language_tagged_literal_unchecked(text, lang).into(),
            );
        }
        for (text, lang) in [(&p.question_zh, "zh"), (&p.question_en, "en")] {
            add(
                rdfs::COMMENT,
                Literal::new_language_tagged_literal_unchecked(text, lang).into(),
            );
        }
        for param in &p.params {
            let d = format!(
                "parameter ?{} ({}), default \"{}\"",
                param.name,
                param.kind.name(),
                param.default
            );
            add(dcterms::DESCRIPTION, Literal::new_simple_literal(d).into());
        }
        add(SH_SELECT, Literal::new_simple_literal(&p.query).into());
    }
    Ok(quads)
}
