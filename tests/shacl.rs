//! SHACL validation of civkg graphs against `ontology/shapes.ttl`, with a
//! real validator (rudof's `shacl_validation`, native engine).
//!
//! The data graph is the union of the ontology, lexicon and report graphs:
//! the ontology supplies the `rdfs:subClassOf` links that `sh:targetClass`
//! and `sh:class` follow. `shacl_validation` reports its own message per
//! constraint, not the shape's `sh:message`, but it names the source shape;
//! every property shape is a named node, so [`shape_messages`] looks the
//! `sh:message` up.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "a test fails loudly"
)]

mod graph_common;

use std::collections::BTreeMap;

use civkg::graph::{vocab, SHAPES_TTL};
use graph_common::*;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Literal, Quad, Term};
use shacl_validation::shacl_processor::{GraphValidation, ShaclProcessor, ShaclValidationMode};
use shacl_validation::store::ShaclDataManager;
use shacl_validation::validation_report::report::ValidationReport;

const SH_MESSAGE: &str = "http://www.w3.org/ns/shacl#message";
const SH_PATH: &str = "http://www.w3.org/ns/shacl#path";

/// Validates the union of `quads` (graph names dropped) against the shapes.
fn validate(quads: &[Quad]) -> ValidationReport {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data.nt");
    std::fs::write(&path, ntriples(quads)).unwrap();
    // N-Triples is Turtle; `RDFFormat::default()` is Turtle.
    let mut validation =
        GraphValidation::from_path(&path, Default::default(), None, ShaclValidationMode::Native)
            .unwrap_or_else(|e| panic!("data graph loads: {e}"));
    let shapes = ShaclDataManager::load(
        &mut SHAPES_TTL.as_bytes(),
        "ontology/shapes.ttl",
        Default::default(),
        None,
    )
    .unwrap_or_else(|e| panic!("shapes compile: {e}"));
    validation
        .validate(&shapes)
        .unwrap_or_else(|e| panic!("validation runs: {e}"))
}

/// `sh:message` of every named shape, by IRI.
fn shape_messages() -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for q in RdfParser::from_format(RdfFormat::Turtle).for_slice(SHAPES_TTL) {
        let q = q.unwrap();
        if q.predicate.as_str() == SH_MESSAGE {
            if let (oxigraph::model::NamedOrBlankNode::NamedNode(s), Term::Literal(l)) =
                (&q.subject, &q.object)
            {
                out.insert(s.as_str().to_owned(), l.value().to_owned());
            }
        }
    }
    out
}

/// One line per violation: focus node, source shape, its sh:message, the validator's message.
fn violations(report: &ValidationReport) -> Vec<String> {
    let messages = shape_messages();
    report
        .results()
        .iter()
        .map(|r| {
            let source = r
                .source()
                .map(|s| s.to_string().trim_matches(['<', '>']).to_owned())
                .unwrap_or_default();
            // Node-level results (sh:or) come with the shape as focus node
            // and no source shape.
            let focus = r
                .focus_node()
                .to_string()
                .trim_matches(['<', '>'])
                .to_owned();
            let source = if source.is_empty() { focus } else { source };
            let shape_message = messages
                .get(&source)
                .map_or("(no sh:message)", String::as_str);
            format!(
                "{} | {source} | {shape_message} | {}",
                r.focus_node(),
                r.message().unwrap_or("")
            )
        })
        .collect()
}

fn assert_conforms(quads: &[Quad]) {
    let report = validate(quads);
    let v = violations(&report);
    assert!(
        report.conforms() && v.is_empty(),
        "{} violations:\n{}",
        v.len(),
        v.join("\n")
    );
}

fn small_dataset() -> Vec<Quad> {
    let report = small_report();
    let lexicon = small_lexicon();
    let extraction = small_extraction(&report);
    dataset(&report, &extraction, &lexicon)
}

#[test]
fn jinan_dataset_conforms() {
    let (_, quads) = jinan_dataset();
    assert_conforms(&quads);
}

#[test]
fn synthetic_reports_conform() {
    for (report, quads) in synthetic_datasets() {
        let result = validate(&quads);
        let v = violations(&result);
        assert!(result.conforms(), "{}: {}", report.id, v.join("\n"));
    }
}

#[test]
fn hand_made_extraction_with_every_kind_conforms() {
    assert_conforms(&small_dataset());
}

#[test]
fn jinan_with_the_hand_made_lexicon_conforms() {
    // The small lexicon's concepts put Jinan's sections in domains, so the
    // domain links are validated too.
    let report = jinan();
    let lexicon = small_lexicon();
    let extraction = civkg::extract::extract(&report, &lexicon, genre_of(&report));
    assert_conforms(&dataset(&report, &extraction, &lexicon));
}

/// Runs `break_it` on the small dataset and returns the violation lines.
fn broken(break_it: impl Fn(&mut Vec<Quad>)) -> (ValidationReport, Vec<String>) {
    let mut quads = small_dataset();
    let original = quads.clone();
    break_it(&mut quads);
    assert_ne!(quads, original, "the break changed nothing");
    let report = validate(&quads);
    let v = violations(&report);
    (report, v)
}

#[test]
fn a_figure_without_a_unit_does_not_conform_and_the_message_says_so() {
    let (report, v) = broken(|quads| quads.retain(|q| q.predicate != vocab::civkg::UNIT));
    assert!(!report.conforms());
    assert!(
        v.iter()
            .any(|l| l.contains("shapes#Figure-unit") && l.contains("exactly one civkg:unit")),
        "{}",
        v.join("\n")
    );
}

#[test]
fn a_value_that_is_not_a_decimal_does_not_conform_and_the_message_says_so() {
    let (report, v) = broken(|quads| {
        for q in quads
            .iter_mut()
            .filter(|q| q.predicate == vocab::civkg::VALUE)
        {
            q.object = Literal::new_simple_literal("1.5亿").into();
        }
    });
    assert!(!report.conforms());
    assert!(
        v.iter()
            .any(|l| l.contains("shapes#Figure-value") && l.contains("an xsd:decimal")),
        "{}",
        v.join("\n")
    );
}

#[test]
fn a_mention_without_its_quote_does_not_conform() {
    let (report, v) = broken(|quads| quads.retain(|q| q.predicate != vocab::oa::EXACT));
    assert!(!report.conforms());
    assert!(
        v.iter().any(|l| l.contains("shapes#Mention-exact")),
        "{}",
        v.join("\n")
    );
}

#[test]
fn an_entity_without_a_chinese_label_does_not_conform() {
    let (report, v) = broken(|quads| {
        quads.retain(|q| {
            !(q.predicate == vocab::rdfs::LABEL
                && q.subject.to_string().contains("/person/")
                && matches!(&q.object, Term::Literal(l) if l.language() == Some("zh")))
        })
    });
    assert!(!report.conforms());
    assert!(
        v.iter().any(|l| l.contains("shapes#Entity-labelZh")),
        "{}",
        v.join("\n")
    );
}

#[test]
fn every_property_shape_has_a_message() {
    let mut paths = Vec::new();
    let mut messages = Vec::new();
    for q in RdfParser::from_format(RdfFormat::Turtle).for_slice(SHAPES_TTL) {
        let q = q.unwrap();
        match q.predicate.as_str() {
            SH_PATH => paths.push(q.subject.to_string()),
            SH_MESSAGE => messages.push(q.subject.to_string()),
            _ => {}
        }
    }
    let missing: Vec<_> = paths.iter().filter(|p| !messages.contains(p)).collect();
    assert!(!paths.is_empty());
    assert!(
        missing.is_empty(),
        "property shapes without sh:message: {missing:?}"
    );
}

#[test]
fn an_entity_neither_mentioned_nor_from_the_lexicon_does_not_conform() {
    let (report, v) = broken(|quads| {
        quads.retain(|q| {
            !(q.predicate == vocab::civkg::MENTION_PROP
                && q.subject.to_string().contains("/award/"))
        })
    });
    assert!(!report.conforms());
    // shacl_validation 0.2 reports an sh:or failure against the node shape,
    // without the focus node.
    assert!(
        v.iter()
            .any(|l| l.contains("shapes#Entity |") && l.contains("at least one civkg:mention")),
        "{}",
        v.join("\n")
    );
}

#[test]
fn a_relation_to_the_wrong_kind_does_not_conform() {
    let (report, v) = broken(|quads| {
        for q in quads
            .iter_mut()
            .filter(|q| q.predicate == vocab::civkg::OPERATOR)
        {
            q.object = oxigraph::model::NamedNode::new(
                "https://w3id.org/civkg/id/domain/social-assistance",
            )
            .unwrap()
            .into();
        }
    });
    assert!(!report.conforms());
    assert!(
        v.iter().any(|l| l.contains("shapes#Entity-operator")),
        "{}",
        v.join("\n")
    );
}
