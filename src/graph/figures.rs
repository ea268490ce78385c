//! Figures as RDF Data Cube observations, each derived from the mention of
//! its quantity in the text.

use oxigraph::model::{NamedNode, NamedNodeRef};

use crate::model::CIVKG_UNIT_BASE;

use crate::extract::{Extraction, Figure};
use crate::lexicon::Lexicon;
use crate::model::{Aspect, FigureRole, IndicatorRule, Qualifier, Unit};

use super::document::{self, g_year, TextIndex};
use super::entities::Resolved;
use super::iri::{Minter, UniqueNames};
use super::sink::Sink;
use super::vocab::{civkg, prov, qb, qudt, rdf, rdfs, xsd};
use super::GraphError;

/// The unit IRI: QUDT's where it has one, civkg's otherwise (from the
/// genre's units table, or minted for a composed rate).
pub(crate) fn unit_iri(u: &Unit) -> Result<NamedNode, GraphError> {
    iri(u.iri())
}

/// A curated or minted IRI, checked.
pub(crate) fn iri(s: &str) -> Result<NamedNode, GraphError> {
    NamedNode::new(s).map_err(|source| GraphError::InvalidIri {
        iri: s.to_owned(),
        source,
    })
}

/// The qualifier concept.
pub(crate) fn qualifier_iri(q: Qualifier) -> NamedNodeRef<'static> {
    match q {
        Qualifier::AtLeast => civkg::AT_LEAST,
        Qualifier::Over => civkg::OVER,
        Qualifier::Approx => civkg::APPROX,
        Qualifier::Nearly => civkg::NEARLY,
        Qualifier::Under => civkg::UNDER,
        Qualifier::AtMost => civkg::AT_MOST,
    }
}

/// The aspect concept.
pub(crate) fn aspect_iri(a: Aspect) -> NamedNodeRef<'static> {
    match a {
        Aspect::Stock => civkg::STOCK,
        Aspect::Flow => civkg::FLOW,
        Aspect::Change => civkg::CHANGE,
    }
}

/// The individual naming the rule that matched a figure's indicator.
pub(crate) fn indicator_rule_iri(r: IndicatorRule) -> NamedNodeRef<'static> {
    match r {
        IndicatorRule::Measure => civkg::INDICATOR_BY_MEASURE,
        IndicatorRule::Clause => civkg::INDICATOR_BY_CLAUSE,
        IndicatorRule::PreviousClause => civkg::INDICATOR_BY_PREVIOUS_CLAUSE,
        IndicatorRule::PreviousMeasure => civkg::INDICATOR_BY_PREVIOUS_MEASURE,
    }
}

/// The name a figure goes by in its IRI: its measure label, else its raw text.
fn figure_name(f: &Figure) -> &str {
    let measure = f.measure.trim();
    if measure.is_empty() {
        f.raw.trim()
    } else {
        measure
    }
}

/// IRIs of every figure (same order as [`Extraction::figures`]):
/// `figure/{section}/{measure}`, then `-2`, `-3` … for equal measures in
/// one section, counted in document order.
pub(crate) fn figure_iris(
    extraction: &Extraction,
    text: &TextIndex,
    minter: &Minter,
) -> Result<Vec<NamedNode>, GraphError> {
    let mut order: Vec<usize> = (0..extraction.figures.len()).collect();
    order.sort_by_key(|&i| (extraction.figures[i].span, i));
    let mut names: Vec<UniqueNames> = Vec::new();
    names.resize_with(text.sections.len(), UniqueNames::default);
    let mut iris: Vec<Option<NamedNode>> = vec![None; extraction.figures.len()];
    for i in order {
        let f = &extraction.figures[i];
        let (key, _) = text.section(f.section)?;
        let name = names[f.section].take(figure_name(f));
        iris[i] = Some(minter.figure(key, &name)?);
    }
    Ok(iris.into_iter().flatten().collect())
}

/// Figure IRIs and the report-wide values every figure shares.
#[derive(Debug)]
pub(crate) struct Shared<'a> {
    /// IRI of each figure, from [`figure_iris`].
    pub(crate) iris: &'a [NamedNode],
    /// The qb:DataSet of the report's figures.
    pub(crate) dataset: NamedNode,
    /// The reference year.
    pub(crate) year: Option<i32>,
    /// The reference area.
    pub(crate) area: Option<&'a NamedNode>,
}

/// Writes every figure.
pub(crate) fn write(
    extraction: &Extraction,
    shared: &Shared<'_>,
    entities: &Resolved<'_>,
    lexicon: &Lexicon,
    minter: &Minter,
    text: &TextIndex,
    sink: &mut Sink,
) -> Result<(), GraphError> {
    for (f, iri) in extraction.figures.iter().zip(shared.iris) {
        sink.term(iri, rdf::TYPE, civkg::FIGURE);
        sink.link(iri, qb::DATA_SET_PROP, &shared.dataset);
        sink.typed(
            iri,
            civkg::VALUE,
            &f.value.normalize().to_string(),
            xsd::DECIMAL,
        );
        sink.link(iri, civkg::UNIT, &unit_iri(&f.unit)?);
        sink.string(iri, civkg::RAW_TEXT, &f.raw);
        sink.zh(iri, civkg::MEASURE_LABEL, f.measure.trim());
        let label = format!("{} {}", f.measure.trim(), f.raw);
        sink.zh(iri, rdfs::LABEL, label.trim());
        if let Some(c) = &f.classifier {
            sink.zh(iri, civkg::CLASSIFIER, c);
        }
        if let Some(q) = f.qualifier {
            sink.term(iri, civkg::QUALIFIER, qualifier_iri(q));
        }
        if let Some(a) = f.aspect {
            sink.term(iri, civkg::ASPECT, aspect_iri(a));
        }
        if let Some(r) = f.role {
            let role = match r {
                FigureRole::Scale => civkg::SCALE,
                FigureRole::Threshold => civkg::THRESHOLD,
            };
            sink.term(iri, civkg::FIGURE_ROLE, role);
        }
        if let Some(m) = &f.member {
            sink.zh(iri, civkg::MEMBER, m);
        }
        if let Some(s) = f.subject {
            sink.link(iri, civkg::SUBJECT, entities.iri(s)?);
        }
        if let Some(year) = shared.year {
            sink.typed(iri, civkg::REF_PERIOD, &g_year(year), xsd::G_YEAR);
        }
        if let Some(area) = shared.area {
            sink.link(iri, civkg::REF_AREA, area);
        }
        let (_, section) = text.section(f.section)?;
        sink.link(iri, civkg::SECTION_PROP, section);
        if let Some(clause) = text.clauses.get(&f.clause) {
            sink.link(iri, civkg::CLAUSE_PROP, clause);
        }
        let indicator = f
            .indicator
            .as_deref()
            .and_then(|id| lexicon.indicators.iter().find(|i| i.id == id));
        if let Some(id) = &f.indicator {
            sink.link(iri, civkg::INDICATOR, &minter.indicator(id)?);
        }
        if let (Some(_), Some(rule)) = (&f.indicator, f.indicator_rule) {
            sink.term(iri, civkg::INDICATOR_RULE, indicator_rule_iri(rule));
        }
        let indicator_domain = match indicator.and_then(|i| i.domain.as_deref()) {
            Some(d) if lexicon.concept(d).is_some() => Some(minter.domain(d)?),
            _ => None,
        };
        let section_domain = text.section_domains.get(f.section).cloned().flatten();
        if let Some(domain) = indicator_domain.or(section_domain) {
            sink.link(iri, civkg::DOMAIN, &domain);
        }
        let quote = document::mention(sink, minter, text, f.span, &f.raw, Some(f.sentence))?;
        sink.link(iri, prov::WAS_DERIVED_FROM, &quote);
    }
    // Rates composed from their parts (元/人次) are declared where they are used.
    for f in &extraction.figures {
        if f.unit.is_rate() && f.unit.iri().starts_with(CIVKG_UNIT_BASE) {
            let u = unit_iri(&f.unit)?;
            sink.term(&u, rdf::TYPE, qudt::UNIT);
            sink.string(&u, rdfs::LABEL, f.unit.code());
        }
    }
    Ok(())
}
