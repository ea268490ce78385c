//! The lexicon graph: the policy-domain and indicator concept schemes, the
//! entities shared across reports (and places), and which lexicon files,
//! at which versions, they come from.

use oxigraph::model::NamedNode;

use crate::genre::{Genres, GENRE_BASE};
use crate::lexicon::{Concept, Indicator, LexEntity, Lexicon};

use super::entities::{is_shared, kind_class, lexicon_links};
use super::figures::{iri, unit_iri};
use super::iri::Minter;
use super::sink::Sink;
use super::vocab::{civkg, dcterms, owl, prov, qudt, rdf, rdfs, skos, xsd};
use super::GraphError;
use crate::model::EntityKind;

/// Writes the whole lexicon graph.
pub(crate) fn write(
    lexicon: &Lexicon,
    genres: &Genres,
    minter: &Minter,
    sink: &mut Sink,
) -> Result<(), GraphError> {
    let source = sources(lexicon, minter, sink)?;
    let domains = minter.domain_scheme()?;
    scheme(sink, &domains, "政策领域", "Policy domains");
    for c in &lexicon.concepts {
        concept(c, lexicon, minter, &domains, &source, sink)?;
    }
    let indicators = minter.indicator_scheme()?;
    scheme(sink, &indicators, "指标", "Indicators");
    for i in &lexicon.indicators {
        indicator(i, lexicon, genres, minter, &indicators, &source, sink)?;
    }
    for e in lexicon.entities.iter().filter(|e| is_shared(e)) {
        entity(e, lexicon, minter, &source, sink)?;
    }
    Ok(())
}

/// The lexicon node and one node per file with its version; returns the lexicon node.
fn sources(lexicon: &Lexicon, minter: &Minter, sink: &mut Sink) -> Result<NamedNode, GraphError> {
    let node = minter.lexicon()?;
    sink.term(&node, rdf::TYPE, prov::ENTITY);
    sink.zh(&node, rdfs::LABEL, "civkg 词库");
    sink.en(&node, rdfs::LABEL, "civkg lexicon");
    for s in &lexicon.sources {
        let file = minter.lexicon_file(&s.name)?;
        sink.link(&node, dcterms::HAS_PART, &file);
        sink.link(&node, prov::WAS_DERIVED_FROM, &file);
        sink.term(&file, rdf::TYPE, prov::ENTITY);
        sink.string(&file, civkg::FILE_NAME, &s.name);
        sink.string(&file, rdfs::LABEL, &s.name);
        sink.string(&file, owl::VERSION_INFO, &s.version);
        if let Some(d) = &s.description {
            sink.zh(&file, dcterms::DESCRIPTION, d);
        }
    }
    Ok(node)
}

fn scheme(sink: &mut Sink, node: &NamedNode, zh: &str, en: &str) {
    sink.term(node, rdf::TYPE, skos::CONCEPT_SCHEME);
    for p in [skos::PREF_LABEL, rdfs::LABEL] {
        sink.zh(node, p, zh);
        sink.en(node, p, en);
    }
}

/// Labels shared by concepts: rdfs:label and skos:prefLabel in both
/// languages, keywords as skos:hiddenLabel (matching cues, not names).
fn concept_labels(sink: &mut Sink, node: &NamedNode, zh: &str, en: &str, keywords: &[String]) {
    for p in [skos::PREF_LABEL, rdfs::LABEL] {
        sink.zh(node, p, zh);
        sink.en(node, p, en);
    }
    for k in keywords.iter().filter(|k| k.as_str() != zh) {
        sink.zh(node, skos::HIDDEN_LABEL, k);
    }
}

fn concept(
    c: &Concept,
    lexicon: &Lexicon,
    minter: &Minter,
    scheme: &NamedNode,
    source: &NamedNode,
    sink: &mut Sink,
) -> Result<(), GraphError> {
    let node = minter.domain(&c.id)?;
    sink.term(&node, rdf::TYPE, skos::CONCEPT);
    sink.term(&node, rdf::TYPE, civkg::DOMAIN_CLASS);
    concept_labels(sink, &node, &c.zh, &c.en, &c.keywords);
    sink.link(&node, skos::IN_SCHEME, scheme);
    sink.link(&node, prov::WAS_DERIVED_FROM, source);
    match c
        .broader
        .as_deref()
        .filter(|b| lexicon.concept(b).is_some())
    {
        Some(b) => sink.link(&node, skos::BROADER, &minter.domain(b)?),
        None => {
            sink.link(&node, skos::TOP_CONCEPT_OF, scheme);
            sink.link(scheme, skos::HAS_TOP_CONCEPT, &node);
        }
    }
    if let Some(d) = &c.definition {
        sink.zh(&node, skos::DEFINITION, d);
    }
    Ok(())
}

fn indicator(
    i: &Indicator,
    lexicon: &Lexicon,
    genres: &Genres,
    minter: &Minter,
    scheme: &NamedNode,
    source: &NamedNode,
    sink: &mut Sink,
) -> Result<(), GraphError> {
    let node = minter.indicator(&i.id)?;
    sink.term(&node, rdf::TYPE, skos::CONCEPT);
    sink.term(&node, rdf::TYPE, civkg::INDICATOR_CLASS);
    concept_labels(sink, &node, &i.zh, &i.en, &i.keywords);
    sink.link(&node, skos::IN_SCHEME, scheme);
    sink.link(&node, skos::TOP_CONCEPT_OF, scheme);
    sink.link(scheme, skos::HAS_TOP_CONCEPT, &node);
    sink.link(&node, prov::WAS_DERIVED_FROM, source);
    if let Some(d) = &i.definition {
        sink.en(&node, skos::DEFINITION, d);
    }
    if let Some(u) = i.unit().and_then(|u| genres.default_genre().unit(u)) {
        sink.link(&node, civkg::UNIT, &unit_iri(&u)?);
    }
    if let Some(d) = i.domain.as_deref().filter(|d| lexicon.concept(d).is_some()) {
        sink.link(&node, civkg::DOMAIN, &minter.domain(d)?);
    }
    Ok(())
}

fn entity(
    e: &LexEntity,
    lexicon: &Lexicon,
    minter: &Minter,
    source: &NamedNode,
    sink: &mut Sink,
) -> Result<(), GraphError> {
    let node = minter.shared_entity(e.kind, &e.id)?;
    sink.term(&node, rdf::TYPE, civkg::ENTITY);
    sink.term(&node, rdf::TYPE, kind_class(e.kind));
    if e.kind == EntityKind::Domain {
        sink.term(&node, rdf::TYPE, skos::CONCEPT);
    }
    for p in [skos::PREF_LABEL, rdfs::LABEL] {
        sink.zh(&node, p, &e.zh);
        if let Some(en) = &e.en {
            sink.en(&node, p, en);
        }
    }
    for alias in &e.aliases {
        sink.zh(&node, skos::ALT_LABEL, alias);
    }
    sink.link(&node, prov::WAS_DERIVED_FROM, source);
    lexicon_links(sink, &node, e, lexicon, minter)
}

/// The genre scheme (one concept per genre, with the files and versions its
/// tables come from) and every unit of the units table, labelled.
pub(crate) fn write_genres(genres: &Genres, sink: &mut Sink) -> Result<(), GraphError> {
    let scheme = iri(GENRE_BASE)?;
    sink.term(&scheme, rdf::TYPE, skos::CONCEPT_SCHEME);
    sink.zh(&scheme, skos::PREF_LABEL, "报告类型");
    sink.en(&scheme, skos::PREF_LABEL, "Report genres");
    for g in genres.all() {
        let node = iri(&g.iri())?;
        sink.term(&node, rdf::TYPE, skos::CONCEPT);
        sink.term(&node, rdf::TYPE, civkg::GENRE_CLASS);
        sink.link(&node, skos::IN_SCHEME, &scheme);
        sink.link(&node, skos::TOP_CONCEPT_OF, &scheme);
        sink.link(&scheme, skos::HAS_TOP_CONCEPT, &node);
        sink.string(&node, skos::NOTATION, &g.id);
        for p in [skos::PREF_LABEL, rdfs::LABEL] {
            sink.zh(&node, p, &g.zh);
            sink.en(&node, p, &g.en);
        }
        for (file, version) in &g.sources {
            sink.string(&node, owl::VERSION_INFO, &format!("{file} {version}"));
        }
    }
    for d in genres.default_genre().units() {
        let node = unit_iri(&d.unit)?;
        sink.term(&node, rdf::TYPE, qudt::UNIT);
        sink.zh(&node, rdfs::LABEL, &d.zh);
        sink.en(&node, rdfs::LABEL, &d.en);
        sink.string(&node, civkg::UNIT_CODE, d.unit.code());
        if let Some(f) = d.factor {
            sink.typed(
                &node,
                qudt::CONVERSION_MULTIPLIER,
                &f.normalize().to_string(),
                xsd::DECIMAL,
            );
        }
    }
    Ok(())
}
