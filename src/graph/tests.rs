//! Unit tests of the mapping on a tiny report and a hand-made extraction.
#![allow(clippy::unwrap_used, reason = "a test fails loudly")]

use std::path::Path;
use std::str::FromStr;

use oxigraph::model::{NamedNodeRef, NamedOrBlankNode, Quad, Term};
use rust_decimal::Decimal;

use super::*;
use crate::extract::{Figure, Mention, Relation, Target};
use crate::model::{EntityKind, Span, Unit, UnitClass};

const TEXT: &str = "- 发布机构: 甲市民政局\n- 标题: 甲市民政局2023年工作总结\n一、社会救助\n全年发放低保金7.830亿元。再次发放低保金2亿元。\n";

const LEXICON: &str = r#"
version = "1"
[[concept]]
id = "social-assistance"
zh = "社会救助"
en = "Social assistance"
[[entity]]
id = "ministry"
type = "institution"
zh = "民政部"
shared = true
[[entity]]
id = "jia"
type = "place"
zh = "甲市"
"#;

fn report() -> Report {
    Report::parse("t-2023", Path::new("t-2023.txt"), TEXT).unwrap()
}

fn lexicon() -> Lexicon {
    let mut l = Lexicon::empty();
    l.add_str(Path::new("l.toml"), LEXICON).unwrap();
    l
}

fn span_of(r: &Report, needle: &str, nth: usize) -> Span {
    let (byte, _) = r.text().match_indices(needle).nth(nth).unwrap();
    let start = r.char_offset(byte);
    Span::new(start, start + needle.chars().count())
}

fn figure(r: &Report, raw: &str, value: &str, sentence: usize) -> Figure {
    let span = span_of(r, raw, 0);
    Figure {
        span,
        raw: raw.to_owned(),
        value: Decimal::from_str(value).unwrap(),
        unit: Unit::new(
            "CNY",
            UnitClass::Money,
            "http://qudt.org/vocab/unit/CCY_CNY",
        ),
        classifier: None,
        qualifier: None,
        aspect: None,
        measure: "发放低保金".to_owned(),
        indicator: None,
        indicator_rule: None,
        subject: Some(0),
        member: None,
        role: None,
        section: r.section_at(span.start).unwrap(),
        sentence,
        clause: span,
    }
}

fn extraction(r: &Report) -> Extraction {
    let program = Entity {
        kind: EntityKind::Program,
        label: "低保 \"扩围\"".to_owned(),
        label_en: None,
        lexicon_id: None,
        role: None,
        mentions: vec![Mention {
            span: span_of(r, "低保", 0),
            text: "低保".to_owned(),
            sentence: Some(0),
        }],
        relations: vec![(Relation::Ranks, Target::Figure(1))],
    };
    Extraction {
        genre: "bureau-summary".to_owned(),
        figures: vec![
            figure(r, "7.830亿元", "783000000.0", 0),
            figure(r, "2亿元", "200000000", 1),
        ],
        entities: vec![program],
        unrepresentable: Vec::new(),
    }
}

fn quads() -> Vec<Quad> {
    let r = report();
    report_quads(&r, &extraction(&r), &lexicon(), &Config::default()).unwrap()
}

fn objects(quads: &[Quad], subject: &str, predicate: NamedNodeRef<'_>) -> Vec<String> {
    quads
        .iter()
        .filter(|q| {
            matches!(&q.subject, NamedOrBlankNode::NamedNode(n) if n.as_str() == subject)
                && q.predicate == predicate
        })
        .map(|q| match &q.object {
            Term::NamedNode(n) => n.as_str().to_owned(),
            Term::Literal(l) => l.value().to_owned(),
            other => other.to_string(),
        })
        .collect()
}

const R: &str = "https://w3id.org/civkg/report/t-2023";

#[test]
fn figures_are_named_by_section_and_measure_in_document_order() {
    let q = quads();
    for (iri, value) in [
        (format!("{R}/figure/1/发放低保金"), "783000000"),
        (format!("{R}/figure/1/发放低保金-2"), "200000000"),
    ] {
        assert_eq!(objects(&q, &iri, vocab::civkg::VALUE), [value], "{iri}");
    }
}

#[test]
fn report_local_labels_are_percent_encoded() {
    let q = quads();
    let iri = format!("{R}/program/低保%20%22扩围%22");
    assert_eq!(objects(&q, &iri, vocab::rdfs::LABEL), ["低保 \"扩围\""]);
    assert_eq!(
        objects(&q, &iri, vocab::civkg::RANKS),
        [format!("{R}/figure/1/发放低保金-2")]
    );
}

#[test]
fn publisher_and_area_come_from_the_header_and_lexicon() {
    let q = quads();
    assert_eq!(
        objects(&q, R, vocab::dcterms::PUBLISHER),
        [format!("{R}/institution/甲市民政局")]
    );
    assert_eq!(
        objects(&q, R, vocab::dcterms::SPATIAL),
        ["https://w3id.org/civkg/id/place/jia"]
    );
    assert_eq!(objects(&q, R, vocab::civkg::REF_PERIOD), ["2023"]);
}

#[test]
fn sections_get_their_domain_and_figures_inherit_it() {
    let q = quads();
    let domain = "https://w3id.org/civkg/id/domain/social-assistance";
    assert_eq!(
        objects(&q, &format!("{R}/section/1"), vocab::civkg::DOMAIN),
        [domain]
    );
    assert_eq!(
        objects(
            &q,
            &format!("{R}/figure/1/发放低保金"),
            vocab::civkg::DOMAIN
        ),
        [domain]
    );
}

#[test]
fn mentions_carry_code_point_positions() {
    let r = report();
    let q = quads();
    let span = span_of(&r, "7.830亿元", 0);
    let mention = format!("{R}/mention/{}-{}", span.start, span.end);
    assert_eq!(
        objects(
            &q,
            &format!("{R}/figure/1/发放低保金"),
            vocab::prov::WAS_DERIVED_FROM
        ),
        std::slice::from_ref(&mention)
    );
    assert_eq!(objects(&q, &mention, vocab::oa::EXACT), ["7.830亿元"]);
    assert_eq!(
        objects(&q, &mention, vocab::civkg::IN_SENTENCE),
        [format!("{R}/section/1/sentence/1")]
    );
}

#[test]
fn same_input_same_quads() {
    assert_eq!(quads(), quads());
}

#[test]
fn a_dangling_subject_is_a_typed_error() {
    let r = report();
    let mut x = extraction(&r);
    x.figures[0].subject = Some(7);
    let err = report_quads(&r, &x, &lexicon(), &Config::default()).unwrap_err();
    assert!(
        matches!(
            err,
            GraphError::IndexOutOfRange {
                what: "entity",
                index: 7,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn a_bad_same_as_is_a_typed_error() {
    let mut l = Lexicon::empty();
    l.add_str(
        Path::new("l.toml"),
        "version = \"1\"\n[[entity]]\nid = \"a\"\ntype = \"place\"\nzh = \"甲市\"\nsame_as = [\"not an iri\"]\n",
    )
    .unwrap();
    let err = lexicon_quads(&l, crate::genre::bundled(), &Config::default()).unwrap_err();
    assert!(matches!(err, GraphError::InvalidIri { .. }), "{err}");
}

#[test]
fn the_base_is_configurable() {
    let r = report();
    let config = Config {
        base: "http://example.org/kg/".to_owned(),
    };
    let q = report_quads(&r, &extraction(&r), &lexicon(), &config).unwrap();
    assert!(q
        .iter()
        .all(|q| q.graph_name.to_string() == "<http://example.org/kg/graph/t-2023>"));
}

#[test]
fn every_ontology_term_has_labels_in_both_languages_and_a_comment() {
    let q = ontology_quads().unwrap();
    let mut subjects: Vec<String> = q
        .iter()
        .filter_map(|q| match &q.subject {
            NamedOrBlankNode::NamedNode(n)
                if n.as_str().starts_with("https://w3id.org/civkg/ontology#")
                    || n.as_str().starts_with("https://w3id.org/civkg/unit/")
                    || n.as_str().starts_with("http://qudt.org/vocab/unit/") =>
            {
                Some(n.as_str().to_owned())
            }
            _ => None,
        })
        .collect();
    subjects.sort();
    subjects.dedup();
    let mut missing = Vec::new();
    for s in &subjects {
        let has = |p: NamedNodeRef<'_>, lang: Option<&str>| {
            q.iter().any(|q| {
                matches!(&q.subject, NamedOrBlankNode::NamedNode(n) if n.as_str() == s)
                    && q.predicate == p
                    && match (&q.object, lang) {
                        (Term::Literal(l), Some(lang)) => l.language() == Some(lang),
                        (Term::Literal(_), None) => true,
                        _ => false,
                    }
            })
        };
        for (what, ok) in [
            ("label@zh", has(vocab::rdfs::LABEL, Some("zh"))),
            ("label@en", has(vocab::rdfs::LABEL, Some("en"))),
            ("comment", has(vocab::rdfs::COMMENT, None)),
        ] {
            if !ok {
                missing.push(format!("{s}: {what}"));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    // Every civkg constant of vocab.rs is declared in the ontology.
    let source = include_str!("vocab.rs");
    for piece in source.split("\"https://w3id.org/civkg/").skip(1) {
        let iri = format!(
            "https://w3id.org/civkg/{}",
            piece.split('"').next().unwrap_or_default()
        );
        if iri.ends_with('#') {
            continue;
        }
        assert!(
            subjects.contains(&iri),
            "{iri} is used but not declared in ontology/civkg.ttl"
        );
    }
}

#[test]
fn ontology_blank_nodes_are_stable() {
    assert_eq!(ontology_quads().unwrap(), ontology_quads().unwrap());
}
