//! RDF Dataset Canonicalization (RDFC-1.0, via `sophia_c14n`) and dataset
//! isomorphism (via `sophia_isomorphism`), bridging oxigraph's terms to
//! sophia's [`SimpleTerm`].

use std::collections::HashSet;

use oxigraph::model::{GraphName, Literal, NamedOrBlankNode, Quad, Term};
use sha2::{Digest, Sha256};
use sophia_api::quad::Spog;
use sophia_api::term::{BnodeId, IriRef, LanguageTag, SimpleTerm};
use sophia_api::MownStr;

use super::PublishError;

/// A dataset as sophia sees it: a set of `([s, p, o], graph)`.
pub type SophiaDataset = HashSet<Spog<SimpleTerm<'static>>>;

fn iri(s: &str) -> SimpleTerm<'static> {
    SimpleTerm::Iri(IriRef::new_unchecked(MownStr::from(s.to_owned())))
}

fn bnode(id: &str) -> SimpleTerm<'static> {
    SimpleTerm::BlankNode(BnodeId::new_unchecked(MownStr::from(id.to_owned())))
}

fn literal(l: &Literal) -> SimpleTerm<'static> {
    let value = MownStr::from(l.value().to_owned());
    match l.language() {
        Some(lang) => SimpleTerm::LiteralLanguage(
            value,
            LanguageTag::new_unchecked(MownStr::from(lang.to_owned())),
            None,
        ),
        None => SimpleTerm::LiteralDatatype(
            value,
            IriRef::new_unchecked(MownStr::from(l.datatype().as_str().to_owned())),
        ),
    }
}

fn subject(s: &NamedOrBlankNode) -> SimpleTerm<'static> {
    match s {
        NamedOrBlankNode::NamedNode(n) => iri(n.as_str()),
        NamedOrBlankNode::BlankNode(b) => bnode(b.as_str()),
    }
}

/// Converts an oxigraph term; `None` for RDF 1.2 triple terms, which civkg
/// never writes and RDFC-1.0 does not define.
fn term(t: &Term) -> Option<SimpleTerm<'static>> {
    match t {
        Term::NamedNode(n) => Some(iri(n.as_str())),
        Term::BlankNode(b) => Some(bnode(b.as_str())),
        Term::Literal(l) => Some(literal(l)),
        #[allow(unreachable_patterns)]
        _ => None,
    }
}

/// Converts oxigraph quads to a sophia dataset (duplicates collapse).
pub fn to_sophia<'a>(
    quads: impl IntoIterator<Item = &'a Quad>,
) -> Result<SophiaDataset, PublishError> {
    quads
        .into_iter()
        .map(|q| {
            let o = term(&q.object).ok_or_else(|| {
                PublishError::Canonical(format!("triple terms are not supported: {q}"))
            })?;
            let g = match &q.graph_name {
                GraphName::NamedNode(n) => Some(iri(n.as_str())),
                GraphName::BlankNode(b) => Some(bnode(b.as_str())),
                GraphName::DefaultGraph => None,
            };
            Ok(([subject(&q.subject), iri(q.predicate.as_str()), o], g))
        })
        .collect()
}

/// The canonical N-Quads (RDFC-1.0, SHA-256) of `quads`.
pub fn canonical_nquads<'a>(
    quads: impl IntoIterator<Item = &'a Quad>,
) -> Result<Vec<u8>, PublishError> {
    let dataset = to_sophia(quads)?;
    let mut out = Vec::new();
    sophia_c14n::rdfc10::normalize(&dataset, &mut out)
        .map_err(|e| PublishError::Canonical(e.to_string()))?;
    Ok(out)
}

/// The lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Whether two sets of quads are isomorphic datasets (equal up to blank
/// node labels).
pub fn isomorphic(a: &[Quad], b: &[Quad]) -> Result<bool, PublishError> {
    let (a, b) = (to_sophia(a)?, to_sophia(b)?);
    sophia_isomorphism::isomorphic_datasets(&a, &b)
        .map_err(|e| PublishError::Canonical(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::{RdfFormat, RdfParser};

    fn parse(nq: &str) -> Vec<Quad> {
        RdfParser::from_format(RdfFormat::NQuads)
            .for_slice(nq)
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn blank_node_labels_do_not_change_the_canonical_form() {
        let a = parse("_:x <http://e/p> \"1\" <http://e/g> .\n_:x <http://e/q> _:y .\n");
        let b = parse("_:y <http://e/q> _:z .\n_:y <http://e/p> \"1\" <http://e/g> .\n");
        assert_eq!(canonical_nquads(&a).unwrap(), canonical_nquads(&b).unwrap());
        assert!(isomorphic(&a, &b).unwrap());
        let canonical = String::from_utf8(canonical_nquads(&a).unwrap()).unwrap();
        assert!(canonical.contains("_:c14n0"), "{canonical}");
    }

    #[test]
    fn a_different_graph_name_is_not_isomorphic() {
        let a = parse("<http://e/s> <http://e/p> \"1\"@zh <http://e/g> .\n");
        let b = parse("<http://e/s> <http://e/p> \"1\"@zh <http://e/h> .\n");
        assert!(!isomorphic(&a, &b).unwrap());
        assert_ne!(canonical_nquads(&a).unwrap(), canonical_nquads(&b).unwrap());
    }
}
