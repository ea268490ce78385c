//! JSON-LD output with a context of short names.
//!
//! oxigraph's JSON-LD serializer writes every property as a full IRI; a
//! portal's users want `"value"`, not `"https://w3id.org/civkg/ontology#value"`.
//! [`Context`] is built from the terms an ontology declares (or a
//! catalogue uses) and the prefixes it declares: a term whose local name is
//! unique and is not also a prefix gets a short name, any other IRI under
//! a declared namespace becomes a compact IRI (`dcterms:title`).
//! [`write`] then writes the dataset as expanded-value node objects grouped
//! by graph and subject, keys and values in a fixed order, so the same
//! quads give the same bytes. Every value is explicit (`{"@id"}` or
//! `{"@value", "@type"|"@language"}`), so the context only shortens keys
//! and types: it never changes what a value means.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

use oxigraph::model::{GraphName, NamedOrBlankNode, Quad, Term};

use super::super::graph::vocab::{rdf, xsd};

/// Short names for IRIs: prefixes and terms.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Prefix name → namespace IRI.
    prefixes: BTreeMap<String, String>,
    /// Term IRI → short name.
    terms: BTreeMap<String, String>,
}

/// The local name of an IRI: after its last `#` or `/`.
pub fn local_name(iri: &str) -> &str {
    iri.rsplit(['#', '/']).next().unwrap_or(iri)
}

fn is_term_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// JSON-LD 1.1 only uses a term as a prefix when its IRI ends with a
/// general delimiter.
fn usable_as_prefix(iri: &str) -> bool {
    iri.ends_with(['/', '#', ':', '?', '[', ']', '@'])
}

impl Context {
    /// A context from `prefixes` and the IRIs that deserve short names.
    ///
    /// Local names shared by two IRIs, or equal to a prefix name, get none
    /// (those IRIs are written as compact IRIs instead).
    pub fn new<'a>(
        prefixes: impl IntoIterator<Item = (&'a str, &'a str)>,
        terms: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        let mut ctx = Self::default();
        for (name, iri) in prefixes {
            if is_term_name(name) && usable_as_prefix(iri) {
                ctx.prefixes
                    .entry(name.to_owned())
                    .or_insert_with(|| iri.to_owned());
            }
        }
        let mut by_name: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for iri in terms {
            let name = local_name(iri);
            if is_term_name(name) && !ctx.prefixes.contains_key(name) {
                by_name.entry(name).or_default().insert(iri);
            }
        }
        for (name, iris) in by_name {
            if let [iri] = iris.into_iter().collect::<Vec<_>>()[..] {
                ctx.terms.insert(iri.to_owned(), name.to_owned());
            }
        }
        ctx
    }

    /// The short name of a term, if it has one.
    pub fn term(&self, iri: &str) -> Option<&str> {
        self.terms.get(iri).map(String::as_str)
    }

    /// The shortest form of a vocabulary IRI (a key, a `@type`): its term,
    /// else a compact IRI, else the IRI itself.
    pub fn compact(&self, iri: &str) -> String {
        if let Some(t) = self.term(iri) {
            return t.to_owned();
        }
        self.prefixes
            .iter()
            .filter_map(|(name, ns)| {
                let rest = iri.strip_prefix(ns.as_str())?;
                (!rest.is_empty() && !rest.starts_with("//")).then(|| format!("{name}:{rest}"))
            })
            .min_by_key(String::len)
            .unwrap_or_else(|| iri.to_owned())
    }

    /// The `@context` object: prefixes, then terms, each sorted.
    pub fn to_json(&self) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        for (name, ns) in &self.prefixes {
            map.insert(name.clone(), ns.clone().into());
        }
        let mut terms: Vec<(&String, &String)> = self.terms.iter().map(|(i, n)| (n, i)).collect();
        terms.sort();
        for (name, iri) in terms {
            map.insert(name.clone(), iri.clone().into());
        }
        serde_json::Value::Object(map)
    }
}

fn json_string(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}

fn node_id(n: &NamedOrBlankNode) -> String {
    match n {
        NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
        NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
    }
}

fn value(ctx: &Context, t: &Term) -> String {
    match t {
        Term::NamedNode(n) => format!("{{\"@id\":{}}}", json_string(n.as_str())),
        Term::BlankNode(b) => format!("{{\"@id\":{}}}", json_string(&format!("_:{}", b.as_str()))),
        Term::Literal(l) => match l.language() {
            Some(lang) => format!(
                "{{\"@value\":{},\"@language\":{}}}",
                json_string(l.value()),
                json_string(lang)
            ),
            None if l.datatype() == xsd::STRING => {
                format!("{{\"@value\":{}}}", json_string(l.value()))
            }
            None => format!(
                "{{\"@value\":{},\"@type\":{}}}",
                json_string(l.value()),
                json_string(&ctx.compact(l.datatype().as_str()))
            ),
        },
        #[allow(unreachable_patterns)]
        other => format!("{{\"@id\":{}}}", json_string(&other.to_string())),
    }
}

/// One node object: `@id`, `@type`, then properties in key order.
fn write_node(
    ctx: &Context,
    id: &str,
    quads: &[&Quad],
    indent: &str,
    w: &mut dyn Write,
) -> io::Result<()> {
    let mut types = Vec::new();
    let mut props: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for q in quads {
        match &q.object {
            Term::NamedNode(c) if q.predicate == rdf::TYPE => types.push(ctx.compact(c.as_str())),
            o => props
                .entry(ctx.compact(q.predicate.as_str()))
                .or_default()
                .push(value(ctx, o)),
        }
    }
    write!(w, "{indent}{{\"@id\":{}", json_string(id))?;
    if !types.is_empty() {
        let types: Vec<String> = types.iter().map(|t| json_string(t)).collect();
        write!(w, ",\"@type\":[{}]", types.join(","))?;
    }
    for (key, values) in props {
        write!(
            w,
            ",\n{indent} {}:[{}]",
            json_string(&key),
            values.join(",")
        )?;
    }
    write!(w, "}}")
}

/// The node objects of one graph, grouped by subject in subject order.
fn write_nodes(ctx: &Context, quads: &[Quad], indent: &str, w: &mut dyn Write) -> io::Result<()> {
    let mut by_subject: BTreeMap<String, Vec<&Quad>> = BTreeMap::new();
    for q in quads {
        by_subject.entry(node_id(&q.subject)).or_default().push(q);
    }
    for (i, (id, quads)) in by_subject.iter().enumerate() {
        if i > 0 {
            writeln!(w, ",")?;
        }
        write_node(ctx, id, quads, indent, w)?;
    }
    Ok(())
}

/// Writes graphs of quads as one JSON-LD document: the default graph's
/// nodes at the top level, each named graph as a node with its own
/// `@graph`. Each graph's quads should not repeat.
pub fn write<'a>(
    ctx: &Context,
    graphs: impl IntoIterator<Item = (&'a GraphName, &'a [Quad])>,
    w: &mut dyn Write,
) -> io::Result<()> {
    let context = serde_json::to_string(&ctx.to_json()).map_err(io::Error::other)?;
    write!(w, "{{\"@context\":{context},\n\"@graph\":[\n")?;
    let mut first = true;
    for (name, quads) in graphs {
        if quads.is_empty() {
            continue;
        }
        if !first {
            writeln!(w, ",")?;
        }
        first = false;
        match name {
            GraphName::DefaultGraph => write_nodes(ctx, quads, "", w)?,
            GraphName::NamedNode(g) => {
                writeln!(w, "{{\"@id\":{},\"@graph\":[", json_string(g.as_str()))?;
                write_nodes(ctx, quads, " ", w)?;
                write!(w, "\n]}}")?;
            }
            GraphName::BlankNode(b) => {
                let id = format!("_:{}", b.as_str());
                writeln!(w, "{{\"@id\":{},\"@graph\":[", json_string(&id))?;
                write_nodes(ctx, quads, " ", w)?;
                write!(w, "\n]}}")?;
            }
        }
    }
    writeln!(w, "\n]}}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser};

    const EX: &str = "http://example.com/ns#";

    fn parse(format: RdfFormat, text: &[u8]) -> Vec<Quad> {
        let mut v: Vec<Quad> = RdfParser::from_format(format)
            .for_slice(text)
            .collect::<Result<_, _>>()
            .unwrap();
        v.sort_by_cached_key(|q| q.to_string());
        v
    }

    #[test]
    fn short_names_only_for_unique_local_names_that_are_not_prefixes() {
        let ctx = Context::new(
            [("ex", EX), ("unit", "http://example.com/unit/")],
            [
                "http://example.com/ns#value",
                "http://example.com/ns#unit",
                "http://example.com/a#label",
                "http://example.com/b#label",
            ],
        );
        let cases = [
            ("http://example.com/ns#value", "value"),
            ("http://example.com/ns#unit", "ex:unit"),
            ("http://example.com/a#label", "http://example.com/a#label"),
            ("http://example.com/ns#other", "ex:other"),
            ("http://example.com/unit/KiloM", "unit:KiloM"),
        ];
        for (iri, expected) in cases {
            assert_eq!(ctx.compact(iri), expected, "{iri}");
        }
    }

    #[test]
    fn a_dataset_round_trips_through_oxigraphs_parser() {
        let nq = format!(
            "<http://d/s> <{EX}value> \"7.83\"^^<http://www.w3.org/2001/XMLSchema#decimal> <http://d/g> .\n\
             <http://d/s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EX}Figure> <http://d/g> .\n\
             <http://d/s> <{EX}label> \"低保\"@zh <http://d/g> .\n\
             _:b <{EX}label> \"a \\\"quoted\\\"\\nline\" .\n\
             <http://d/t> <{EX}link> _:b <http://d/h> .\n"
        );
        let quads = parse(RdfFormat::NQuads, nq.as_bytes());
        let ctx = Context::new(
            [("ex", EX)],
            [format!("{EX}value").as_str(), &format!("{EX}Figure")],
        );
        let mut graphs: BTreeMap<String, (GraphName, Vec<Quad>)> = BTreeMap::new();
        for q in &quads {
            graphs
                .entry(q.graph_name.to_string())
                .or_insert_with(|| (q.graph_name.clone(), Vec::new()))
                .1
                .push(q.clone());
        }
        let mut out = Vec::new();
        write(
            &ctx,
            graphs.values().map(|(g, q)| (g, q.as_slice())),
            &mut out,
        )
        .unwrap();
        let text = String::from_utf8(out.clone()).unwrap();
        assert!(text.contains("\"value\":[{\"@value\":\"7.83\",\"@type\":\"http://www.w3.org/2001/XMLSchema#decimal\"}]"), "{text}");
        assert!(text.contains("\"@type\":[\"Figure\"]"), "{text}");
        let back = parse(
            RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
            &out,
        );
        assert!(
            crate::publish::canonical::isomorphic(&quads, &back).unwrap(),
            "{text}"
        );
    }
}
