//! SPARQL queries against the store, and their results written as a table
//! or in any standard results / RDF format.
//!
//! The default graph of a query is the union of all named graphs (every
//! report, the ontology and the lexicon) unless the query names its own
//! dataset with `FROM` / `FROM NAMED`.

use std::io::Write;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{Term, Variable};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{
    QueryEvaluationError, QueryResults, QuerySolution, SparqlEvaluator, SparqlSyntaxError,
};
use oxigraph::store::Store;

pub mod bounds;

/// Errors raised while running a query or writing its results.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// The query does not parse.
    #[error("SPARQL syntax error: {0}")]
    Syntax(#[from] SparqlSyntaxError),
    /// The query nests deeper than [`bounds::MAX_DEPTH`] or holds more
    /// than [`bounds::MAX_PATTERNS`] patterns.
    #[error(transparent)]
    TooLarge(#[from] bounds::Exceeded),
    /// Evaluation failed.
    #[error("query evaluation failed: {0}")]
    Evaluation(#[from] QueryEvaluationError),
    /// Writing the results failed.
    #[error("cannot write results: {0}")]
    Io(#[from] std::io::Error),
    /// The format does not fit the kind of result (a table of a CONSTRUCT …).
    #[error("format `{format}` cannot represent {kind} results")]
    Format {
        /// The format asked for.
        format: String,
        /// The kind of result.
        kind: &'static str,
    },
}

/// The well-known prefixes every civkg query may use without declaring them.
pub const PREFIXES: &[(&str, &str)] = &[
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("org", "http://www.w3.org/ns/org#"),
    ("qb", "http://purl.org/linked-data/cube#"),
    ("oa", "http://www.w3.org/ns/oa#"),
    ("sh", "http://www.w3.org/ns/shacl#"),
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("void", "http://rdfs.org/ns/void#"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("unit", "http://qudt.org/vocab/unit/"),
    ("qudt", "http://qudt.org/schema/qudt/"),
    ("civkg", "https://w3id.org/civkg/ontology#"),
];

/// How `civkg query` writes results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// An aligned text table (SELECT/ASK) or Turtle (CONSTRUCT/DESCRIBE).
    Table,
    /// A SPARQL results format (SELECT/ASK).
    Results(QueryResultsFormat),
    /// An RDF format (CONSTRUCT/DESCRIBE).
    Rdf(RdfFormat),
}

impl OutputFormat {
    /// Parses `table`, a results format name or extension (`json`, `xml`,
    /// `csv`, `tsv`), an RDF format extension (`ttl`, `nt`, `nq`, `trig`,
    /// `rdf`, `jsonld`) or name (`turtle`, `ntriples`), or a media type.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "table" => return Some(Self::Table),
            "turtle" => return Some(Self::Rdf(RdfFormat::Turtle)),
            "ntriples" | "n-triples" => return Some(Self::Rdf(RdfFormat::NTriples)),
            "nquads" | "n-quads" => return Some(Self::Rdf(RdfFormat::NQuads)),
            "rdfxml" | "rdf-xml" => return Some(Self::Rdf(RdfFormat::RdfXml)),
            "json-ld" => {
                return Some(Self::Rdf(RdfFormat::JsonLd {
                    profile: Default::default(),
                }))
            }
            _ => {}
        }
        QueryResultsFormat::from_extension(s)
            .or_else(|| QueryResultsFormat::from_media_type(s))
            .map(Self::Results)
            .or_else(|| {
                RdfFormat::from_extension(s)
                    .or_else(|| RdfFormat::from_media_type(s))
                    .map(Self::Rdf)
            })
    }
}

/// Parses `query` with the [`PREFIXES`] predeclared and evaluates it over the
/// union of all graphs (unless it names its own dataset).
pub fn run(store: &Store, query: &str) -> Result<QueryResults<'static>, QueryError> {
    run_with(store, query, Vec::new())
}

/// Like [`run`], with variables bound to terms before evaluation (SEP-0007
/// substitution: the values are never spliced into the query text).
pub fn run_with(
    store: &Store,
    query: &str,
    bindings: Vec<(Variable, Term)>,
) -> Result<QueryResults<'static>, QueryError> {
    bounds::check_query(query)?;
    let mut evaluator = SparqlEvaluator::new();
    for (p, iri) in PREFIXES {
        evaluator = evaluator
            .with_prefix(*p, *iri)
            .map_err(|e| QueryEvaluationError::Unexpected(Box::new(e)))?;
    }
    let mut prepared = evaluator.parse_query(query)?;
    if prepared.dataset().is_default_dataset() {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    for (variable, term) in bindings {
        prepared = prepared.substitute_variable(variable, term);
    }
    Ok(prepared.on_store(store).execute()?)
}

/// Writes `results` to `out` in `format`.
pub fn write(
    results: QueryResults<'_>,
    format: OutputFormat,
    out: &mut impl Write,
) -> Result<(), QueryError> {
    match (results, format) {
        (QueryResults::Solutions(solutions), OutputFormat::Table) => {
            let variables = solutions.variables().to_vec();
            let rows = solutions.collect::<Result<Vec<_>, _>>()?;
            write_table(&variables, &rows, out)?;
        }
        (QueryResults::Solutions(solutions), OutputFormat::Results(f)) => {
            let mut w = QueryResultsSerializer::from_format(f)
                .serialize_solutions_to_writer(out, solutions.variables().to_vec())?;
            for s in solutions {
                w.serialize(&s?)?;
            }
            w.finish()?;
        }
        (QueryResults::Boolean(b), OutputFormat::Table) => writeln!(out, "{b}")?,
        (QueryResults::Boolean(b), OutputFormat::Results(f)) => {
            QueryResultsSerializer::from_format(f).serialize_boolean_to_writer(out, b)?;
        }
        (QueryResults::Graph(triples), OutputFormat::Rdf(f)) => write_graph(triples, f, out)?,
        (QueryResults::Graph(triples), OutputFormat::Table) => {
            write_graph(triples, RdfFormat::Turtle, out)?
        }
        (QueryResults::Graph(_), OutputFormat::Results(f)) => {
            return Err(QueryError::Format {
                format: f.name().to_owned(),
                kind: "graph (CONSTRUCT/DESCRIBE)",
            })
        }
        (QueryResults::Solutions(_) | QueryResults::Boolean(_), OutputFormat::Rdf(f)) => {
            return Err(QueryError::Format {
                format: f.name().to_owned(),
                kind: "SELECT/ASK",
            })
        }
    }
    Ok(())
}

fn write_graph(
    triples: oxigraph::sparql::QueryTripleIter<'_>,
    format: RdfFormat,
    out: &mut impl Write,
) -> Result<(), QueryError> {
    let mut s = RdfSerializer::from_format(format);
    for (p, iri) in PREFIXES {
        s = s
            .with_prefix(*p, *iri)
            .map_err(|e| QueryEvaluationError::Unexpected(Box::new(e)))?;
    }
    let mut w = s.for_writer(out);
    for t in triples {
        w.serialize_triple(&t?)?;
    }
    w.finish()?;
    Ok(())
}

/// A term as a person reads it: IRIs compacted with [`PREFIXES`], literals
/// as their lexical form.
pub fn display_term(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => compact_iri(n.as_str()),
        Term::Literal(l) => match l.language() {
            Some(lang) => format!("{}@{lang}", l.value()),
            None => l.value().to_owned(),
        },
        other => other.to_string(),
    }
}

/// `prefix:local` when a [`PREFIXES`] namespace matches, else `<iri>`.
pub fn compact_iri(iri: &str) -> String {
    for (p, ns) in PREFIXES {
        if let Some(local) = iri.strip_prefix(ns) {
            if !local.is_empty() && !local.contains(['/', '#']) {
                return format!("{p}:{local}");
            }
        }
    }
    format!("<{iri}>")
}

fn write_table(
    variables: &[Variable],
    rows: &[QuerySolution],
    out: &mut impl Write,
) -> std::io::Result<()> {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            variables
                .iter()
                .map(|v| r.get(v).map(display_term).unwrap_or_default())
                .collect()
        })
        .collect();
    let width = |s: &str| s.chars().map(char_width).sum::<usize>();
    let mut widths: Vec<usize> = variables.iter().map(|v| v.as_str().len()).collect();
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(c));
        }
    }
    let line = |out: &mut dyn Write, values: &[String]| -> std::io::Result<()> {
        let mut first = true;
        for (v, w) in values.iter().zip(&widths) {
            if !first {
                out.write_all(b" | ")?;
            }
            first = false;
            write!(out, "{v}{}", " ".repeat(w.saturating_sub(width(v))))?;
        }
        out.write_all(b"\n")
    };
    let header: Vec<String> = variables.iter().map(|v| v.as_str().to_owned()).collect();
    line(out, &header)?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(out, &rule)?;
    for row in &cells {
        line(out, row)?;
    }
    writeln!(
        out,
        "({} row{})",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    )
}

/// Display width of a character in a terminal: East Asian wide characters take two columns.
fn char_width(c: char) -> usize {
    match c as u32 {
        0x1100..=0x115F
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

/// `civkg stats`: instances per class, over all graphs.
pub const STATS_CLASSES: &str = "SELECT ?class (COUNT(DISTINCT ?s) AS ?instances) \
WHERE { GRAPH ?g { ?s a ?class } } GROUP BY ?class ORDER BY DESC(?instances) ?class";

/// `civkg stats`: quads per named graph.
pub const STATS_GRAPHS: &str = "SELECT ?graph (COUNT(*) AS ?quads) \
WHERE { GRAPH ?graph { ?s ?p ?o } } GROUP BY ?graph ORDER BY ?graph";
