//! The ontology graph: `ontology/civkg.ttl` and `ontology/shapes.ttl`,
//! bundled into the binary and parsed with oxigraph.

use std::collections::HashMap;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{BlankNode, GraphName, NamedOrBlankNode, Quad, Term};

use super::iri::Minter;
use super::{Config, GraphError};

/// The ontology, in Turtle.
pub const ONTOLOGY_TTL: &str = include_str!("../../ontology/civkg.ttl");

/// The SHACL shapes, in Turtle.
pub const SHAPES_TTL: &str = include_str!("../../ontology/shapes.ttl");

/// Parses the bundled ontology and shapes into `{base}graph/ontology`.
///
/// Blank nodes (SHACL lists, data-structure components) are relabelled
/// `o1`, `o2` … in parse order, so the output is the same on every run.
pub(crate) fn quads(config: &Config) -> Result<Vec<Quad>, GraphError> {
    let graph = GraphName::NamedNode(Minter::new(&config.base, "").ontology_graph()?);
    let mut relabel = Relabel::default();
    let mut out = Vec::new();
    for (file, text) in [
        ("ontology/civkg.ttl", ONTOLOGY_TTL),
        ("ontology/shapes.ttl", SHAPES_TTL),
    ] {
        relabel.map.clear();
        let parser = RdfParser::from_format(RdfFormat::Turtle)
            .with_default_graph(graph.clone())
            .for_slice(text);
        for quad in parser {
            let quad = quad.map_err(|source| GraphError::Ontology { file, source })?;
            out.push(relabel.quad(quad));
        }
    }
    Ok(out)
}

/// Gives blank nodes deterministic labels in order of first appearance.
#[derive(Debug, Default)]
struct Relabel {
    map: HashMap<BlankNode, BlankNode>,
    next: usize,
}

impl Relabel {
    fn node(&mut self, b: BlankNode) -> BlankNode {
        let next = &mut self.next;
        self.map
            .entry(b)
            .or_insert_with(|| {
                *next += 1;
                // `o` followed by digits is a valid blank node label.
                BlankNode::new_unchecked(format!("o{next}"))
            })
            .clone()
    }

    fn quad(&mut self, mut q: Quad) -> Quad {
        if let NamedOrBlankNode::BlankNode(b) = q.subject {
            q.subject = NamedOrBlankNode::BlankNode(self.node(b));
        }
        if let Term::BlankNode(b) = q.object {
            q.object = Term::BlankNode(self.node(b));
        }
        q
    }
}
