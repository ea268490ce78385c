//! Every position in the graph quotes the text it points at, and the
//! mapping is deterministic.
//!
//! The graph is loaded into an in-memory oxigraph store; a SPARQL query
//! lists every node with `oa:start`, `oa:end` and `oa:exact` together with
//! its report graph's `civkg:text`, and the code points `[start, end)` of
//! that text must equal the quote.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "a test fails loudly"
)]

mod graph_common;

use civkg::graph::{self, Config};
use civkg::report::Report;
use graph_common::*;
use oxigraph::model::{Quad, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

const POSITIONS: &str = "
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX civkg: <https://w3id.org/civkg/ontology#>
SELECT ?node ?start ?end ?exact ?text WHERE {
  GRAPH ?g {
    ?node oa:start ?start ; oa:end ?end ; oa:exact ?exact .
    OPTIONAL { ?report civkg:text ?text }
  }
}";

const FIGURES_WITHOUT_POSITION: &str = "
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX civkg: <https://w3id.org/civkg/ontology#>
SELECT ?figure WHERE {
  ?figure a civkg:Figure .
  FILTER NOT EXISTS { ?figure prov:wasDerivedFrom/oa:start ?s }
}";

fn store(quads: &[Quad]) -> Store {
    let store = Store::new().unwrap();
    store.extend(quads.iter().cloned()).unwrap();
    store
}

fn select(store: &Store, query: &str) -> Vec<Vec<Option<Term>>> {
    let QueryResults::Solutions(solutions) = SparqlEvaluator::new()
        .parse_query(query)
        .unwrap()
        .on_store(store)
        .execute()
        .unwrap()
    else {
        panic!("not a SELECT");
    };
    let variables: Vec<String> = solutions
        .variables()
        .iter()
        .map(|v| v.as_str().to_owned())
        .collect();
    solutions
        .map(|s| {
            let s = s.unwrap();
            variables
                .iter()
                .map(|v| s.get(v.as_str()).cloned())
                .collect()
        })
        .collect()
}

fn literal(t: &Option<Term>) -> &str {
    match t {
        Some(Term::Literal(l)) => l.value(),
        other => panic!("expected a literal, got {other:?}"),
    }
}

/// Checks every positioned node; returns how many were checked.
fn check_positions(report: &Report, quads: &[Quad]) -> usize {
    let store = store(quads);
    let rows = select(&store, POSITIONS);
    let mut mismatches = Vec::new();
    for row in &rows {
        let node = row[0].as_ref().map(ToString::to_string).unwrap_or_default();
        let (start, end, exact) = (literal(&row[1]), literal(&row[2]), literal(&row[3]));
        let Some(Term::Literal(text)) = &row[4] else {
            mismatches.push(format!("{node}: its graph has no civkg:text"));
            continue;
        };
        if text.value() != report.text() {
            mismatches.push(format!("{node}: civkg:text differs from the report's text"));
            continue;
        }
        let (Ok(start), Ok(end)) = (start.parse::<usize>(), end.parse::<usize>()) else {
            mismatches.push(format!("{node}: bad offsets {start}-{end}"));
            continue;
        };
        let quoted: String = text
            .value()
            .chars()
            .skip(start)
            .take(end.saturating_sub(start))
            .collect();
        if start > end || end > report.len_chars() || quoted != exact {
            mismatches.push(format!(
                "{node}: [{start}, {end}) reads {quoted:?}, oa:exact is {exact:?}"
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} positions do not quote the text:\n{}",
        mismatches.len(),
        rows.len(),
        mismatches.join("\n")
    );
    let unpositioned = select(&store, FIGURES_WITHOUT_POSITION);
    assert!(
        unpositioned.is_empty(),
        "figures without a position: {unpositioned:?}"
    );
    rows.len()
}

#[test]
fn every_jinan_position_quotes_the_text() {
    let (report, quads) = jinan_dataset();
    let checked = check_positions(&report, &quads);
    // Sections, topics, sentences and clauses at least.
    let sentences = report.sentences().count();
    assert!(
        checked > sentences,
        "only {checked} positions for {sentences} sentences"
    );
}

#[test]
fn every_synthetic_position_quotes_the_text() {
    for (report, quads) in synthetic_datasets() {
        assert!(check_positions(&report, &quads) > 0, "{}", report.id);
    }
}

#[test]
fn every_hand_made_position_quotes_the_text() {
    let report = small_report();
    let lexicon = small_lexicon();
    let extraction = small_extraction(&report);
    let quads = dataset(&report, &extraction, &lexicon);
    let checked = check_positions(&report, &quads);
    let mentions: usize = extraction.entities.iter().map(|e| e.mentions.len()).sum();
    assert!(checked >= mentions + extraction.figures.len());
}

#[test]
fn a_wrong_offset_is_caught() {
    let report = small_report();
    let lexicon = small_lexicon();
    let mut extraction = small_extraction(&report);
    // Byte offsets instead of code points: the classic mistake.
    let f = &mut extraction.figures[0];
    let byte = report.byte_offset(f.span.start);
    f.span = civkg::model::Span::new(byte, byte + f.raw.len());
    let quads = dataset(&report, &extraction, &lexicon);
    let result = std::panic::catch_unwind(|| check_positions(&report, &quads));
    assert!(
        result.is_err(),
        "a figure quoted at byte offsets went unnoticed"
    );
}

#[test]
fn jinan_output_is_deterministic() {
    let (_, first) = jinan_dataset();
    let (_, second) = jinan_dataset();
    assert!(!first.is_empty());
    assert_eq!(nquads(&first), nquads(&second));
}

#[test]
fn hand_made_output_is_deterministic() {
    let run = || {
        let report = small_report();
        let lexicon = small_lexicon();
        let extraction = small_extraction(&report);
        nquads(&dataset(&report, &extraction, &lexicon))
    };
    assert_eq!(run(), run());
}

#[test]
fn graphs_are_the_documented_ones() {
    let report = small_report();
    let lexicon = small_lexicon();
    let config = Config::default();
    let extraction = small_extraction(&report);
    let expect = |quads: Vec<Quad>, graph: oxigraph::model::NamedNode| {
        assert!(!quads.is_empty());
        assert!(
            quads.iter().all(|q| q.graph_name == graph.clone().into()),
            "{graph}"
        );
    };
    expect(
        graph::report_quads(&report, &extraction, &lexicon, &config).unwrap(),
        graph::report_graph(&report, &config).unwrap(),
    );
    expect(
        graph::lexicon_quads(&lexicon, genres(), &config).unwrap(),
        graph::lexicon_graph(&config).unwrap(),
    );
    expect(
        graph::ontology_quads().unwrap(),
        graph::ontology_graph(&config).unwrap(),
    );
    assert_eq!(
        graph::report_graph(&report, &config).unwrap().as_str(),
        "https://w3id.org/civkg/graph/small-2023"
    );
}
