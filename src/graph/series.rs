//! The indicator series graph: one RDF Data Cube across every report, so a
//! statistics client reads "城市低保标准 in 济南市, 2019–2023" as one slice.
//!
//! Each report's figures are observations of that report's own data set
//! (`{base}report/{id}/dataset`), with the report's year and area. The
//! series graph (`{base}graph/indicator-series`) adds one data set,
//! `{base}dataset/indicator-series`, whose structure
//! (`civkg:SeriesStructure`) has three dimensions — indicator, area, year —
//! and whose slices (`civkg:SeriesByIndicatorAndArea`) fix the indicator
//! and the area. Its observations (`{base}series/{indicator}/{area}/{year}`)
//! copy a figure's value and unit and say where they come from
//! (`prov:wasDerivedFrom` the figure, `dcterms:source` its report).
//!
//! The graph is derived from the report graphs at every build (see
//! [`crate::pipeline`]); it is never written by hand.
//!
//! ## Which figure a series observation takes
//!
//! Several figures may state an indicator for one place and year (a work
//! report and a statistical communiqué of the same city, a standard stated
//! in a summary and again in a section). The observation takes the first
//! in the order (level before change, report graph IRI, position in the
//! text) and counts the others in `civkg:statements`. A change (提高50元)
//! is not a level: it enters only the series of an indicator whose unit
//! is a share (a growth rate in percent *is* a change); see
//! [`SeriesFigure::change`].

use std::collections::{BTreeMap, BTreeSet};

use oxigraph::model::{Literal, NamedNode, Quad};

use super::iri::{named_node, segment};
use super::sink::Sink;
use super::vocab::{civkg, dcterms, prov, qb, rdf, rdfs};
use super::{Config, GraphError};

/// One figure of a report graph that measures a known indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesFigure {
    /// The figure.
    pub figure: NamedNode,
    /// Its report's named graph.
    pub graph: NamedNode,
    /// Its report.
    pub report: NamedNode,
    /// The indicator concept it measures.
    pub indicator: NamedNode,
    /// The report's area (`civkg:refArea`).
    pub area: NamedNode,
    /// The report's year, as the figure states it (`xsd:gYear`).
    pub year: Literal,
    /// The value (`xsd:decimal`).
    pub value: Literal,
    /// The unit.
    pub unit: NamedNode,
    /// Whether the figure states a change (`civkg:aspect civkg:change`).
    pub change: bool,
    /// Where its quote starts in the report text (code points).
    pub start: u64,
}

/// What the series graph needs to know besides the figures.
#[derive(Debug, Default)]
pub struct SeriesContext {
    /// Indicators whose unit is a share, so that their changes (增长5.2%)
    /// are their values.
    pub change_indicators: BTreeSet<NamedNode>,
    /// Chinese labels of indicators and areas, for the observations' labels.
    pub labels: BTreeMap<NamedNode, String>,
}

/// The IRI of the indicator series graph: `{base}graph/indicator-series`.
pub fn series_graph(config: &Config) -> Result<NamedNode, GraphError> {
    named_node(format!("{}graph/indicator-series", config.base))
}

/// The IRI of the indicator series data set.
pub fn series_dataset(config: &Config) -> Result<NamedNode, GraphError> {
    named_node(format!("{}dataset/indicator-series", config.base))
}

/// The last path segment (or fragment) of an IRI, for readable IRIs.
fn local(iri: &NamedNode) -> &str {
    let s = iri.as_str().trim_end_matches('/');
    s.rsplit(['/', '#']).next().unwrap_or(s)
}

/// The quads of the series graph for these figures (in any order; the
/// output is sorted).
pub fn series_quads(
    figures: &[SeriesFigure],
    context: &SeriesContext,
    config: &Config,
) -> Result<Vec<Quad>, GraphError> {
    let mut sink = Sink::new(series_graph(config)?);
    let dataset = series_dataset(config)?;
    sink.term(&dataset, rdf::TYPE, qb::DATA_SET);
    sink.term(&dataset, qb::STRUCTURE, civkg::SERIES_STRUCTURE);
    sink.zh(&dataset, rdfs::LABEL, "指标时间序列");
    sink.en(&dataset, rdfs::LABEL, "Indicator series across reports");
    sink.zh(&dataset, dcterms::TITLE, "指标时间序列");
    sink.en(&dataset, dcterms::TITLE, "Indicator series across reports");

    // (indicator, area, year) → candidates, best first.
    type Key<'a> = (&'a NamedNode, &'a NamedNode, &'a str);
    let mut cells: BTreeMap<Key<'_>, Vec<&SeriesFigure>> = BTreeMap::new();
    for f in figures {
        if f.change && !context.change_indicators.contains(&f.indicator) {
            continue;
        }
        cells
            .entry((&f.indicator, &f.area, f.year.value()))
            .or_default()
            .push(f);
    }
    // Readable, unique path segments per indicator and area.
    let mut area_keys: BTreeMap<&NamedNode, String> = BTreeMap::new();
    let mut taken = BTreeSet::new();
    for (_, area, _) in cells.keys() {
        if area_keys.contains_key(area) {
            continue;
        }
        let base = segment(local(area));
        let mut key = base.clone();
        let mut i = 1;
        while !taken.insert(key.clone()) {
            i += 1;
            key = format!("{base}-{i}");
        }
        area_keys.insert(area, key);
    }
    // A node's Chinese label, else the end of its IRI.
    let label = |n: &NamedNode| {
        context
            .labels
            .get(n)
            .cloned()
            .unwrap_or_else(|| local(n).to_owned())
    };
    let mut slices: BTreeMap<(&NamedNode, &NamedNode), NamedNode> = BTreeMap::new();
    for ((indicator, area, year), mut candidates) in cells {
        candidates.sort_by(|a, b| {
            (a.change, a.graph.as_str(), a.start, a.figure.as_str()).cmp(&(
                b.change,
                b.graph.as_str(),
                b.start,
                b.figure.as_str(),
            ))
        });
        let Some(first) = candidates.first() else {
            continue;
        };
        let area_key = area_keys.get(area).map_or("area", String::as_str);
        let slice_path = format!(
            "{}series/{}/{}",
            config.base,
            segment(local(indicator)),
            area_key
        );
        let slice = match slices.get(&(indicator, area)) {
            Some(s) => s.clone(),
            None => {
                let s = named_node(slice_path.clone())?;
                sink.term(&s, rdf::TYPE, qb::SLICE);
                sink.term(&s, qb::SLICE_STRUCTURE, civkg::SERIES_BY_INDICATOR_AND_AREA);
                sink.link(&s, civkg::INDICATOR, indicator);
                sink.link(&s, civkg::REF_AREA, area);
                sink.link(&dataset, qb::SLICE_PROP, &s);
                sink.zh(
                    &s,
                    rdfs::LABEL,
                    &format!("{} · {}", label(indicator), label(area)),
                );
                slices.insert((indicator, area), s.clone());
                s
            }
        };
        let obs = named_node(format!("{slice_path}/{}", segment(year)))?;
        sink.term(&obs, rdf::TYPE, qb::OBSERVATION);
        sink.link(&obs, qb::DATA_SET_PROP, &dataset);
        sink.link(&slice, qb::OBSERVATION_PROP, &obs);
        sink.link(&obs, civkg::INDICATOR, indicator);
        sink.link(&obs, civkg::REF_AREA, area);
        sink.add(&obs, civkg::REF_PERIOD, first.year.clone());
        sink.add(&obs, civkg::VALUE, first.value.clone());
        sink.link(&obs, civkg::UNIT, &first.unit);
        sink.link(&obs, prov::WAS_DERIVED_FROM, &first.figure);
        sink.link(&obs, dcterms::SOURCE, &first.report);
        sink.integer(&obs, civkg::STATEMENTS, candidates.len());
        sink.zh(
            &obs,
            rdfs::LABEL,
            &format!("{} · {} · {year}", label(indicator), label(area)),
        );
    }
    Ok(sink.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::vocab::xsd;

    fn n(s: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("https://w3id.org/civkg/{s}"))
    }

    fn figure(name: &str, graph: &str, value: &str, year: &str, change: bool) -> SeriesFigure {
        SeriesFigure {
            figure: n(&format!("report/{graph}/figure/{name}")),
            graph: n(&format!("graph/{graph}")),
            report: n(&format!("report/{graph}")),
            indicator: n("id/indicator/urban-standard"),
            area: n("id/place/370100"),
            year: Literal::new_typed_literal(year, xsd::G_YEAR),
            value: Literal::new_typed_literal(value, xsd::DECIMAL),
            unit: n("unit/CNY-PER-MONTH"),
            change,
            start: 10,
        }
    }

    fn objects(quads: &[Quad], predicate: &str) -> Vec<String> {
        quads
            .iter()
            .filter(|q| q.predicate.as_str().ends_with(predicate))
            .map(|q| q.object.to_string())
            .collect()
    }

    #[test]
    fn one_observation_per_indicator_place_and_year_levels_first() {
        let figures = [
            figure("a", "jinan-2023", "50", "2023", true),
            figure("b", "jinan-2023", "1057", "2023", false),
            figure("c", "jinan-2022", "1007", "2022", false),
        ];
        let quads = series_quads(&figures, &SeriesContext::default(), &Config::default()).unwrap();
        let values = objects(&quads, "ontology#value");
        assert_eq!(values.len(), 2, "{values:?}");
        assert!(values.iter().any(|v| v.starts_with("\"1057\"")));
        assert!(!values.iter().any(|v| v.starts_with("\"50\"")));
        // One slice holding both years.
        assert_eq!(objects(&quads, "cube#observation").len(), 2);
        assert_eq!(objects(&quads, "cube#slice").len(), 1);
        // The change was a second statement of 2023, not counted: it was dropped.
        let statements = objects(&quads, "ontology#statements");
        assert!(
            statements.iter().all(|s| s.starts_with("\"1\"")),
            "{statements:?}"
        );
    }

    #[test]
    fn a_growth_rate_is_a_change_and_still_a_value() {
        let mut f = figure("g", "jinan-2023", "5.2", "2023", true);
        f.indicator = n("id/indicator/gdp-growth");
        let context = SeriesContext {
            change_indicators: [f.indicator.clone()].into(),
            ..SeriesContext::default()
        };
        let quads = series_quads(&[f], &context, &Config::default()).unwrap();
        assert_eq!(objects(&quads, "ontology#value").len(), 1);
    }
}
