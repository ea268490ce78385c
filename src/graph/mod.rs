//! RDF: a report, its extraction, the lexicon and the ontology as quads,
//! with provenance down to code-point positions in the text.
//!
//! These functions fill the kinds of named graph:
//!
//! * [`report_quads`] → `{base}graph/{report-id}`: the report (header
//!   fields, full text, source file), its text units, its figures as RDF
//!   Data Cube observations and the entities it mentions, each figure and
//!   mention with `oa:start`/`oa:end`/`oa:exact`;
//! * [`lexicon_quads`] → `{base}graph/lexicon`: the policy-domain and
//!   indicator SKOS schemes, the entities shared across reports, and the
//!   lexicon files' versions;
//! * [`ontology_quads`] → `{base}graph/ontology`: `ontology/civkg.ttl` and
//!   `ontology/shapes.ttl`, bundled at build time;
//! * [`queries_quads`] → `{base}graph/queries`: the preset queries as
//!   `sh:SPARQLExecutable`s;
//! * [`series_quads`] → `{base}graph/indicator-series`: one RDF Data Cube
//!   of every report's indicator figures, sliced by indicator and place
//!   (derived from the report graphs at each build).
//!
//! Data IRIs live under [`Config::base`]; ontology terms (see [`vocab`]) do
//! not. IRIs are readable (labels stay in Chinese) and stable: an entity's
//! IRI is its kind and label (or its lexicon id when it is shared), a
//! figure's is its section and measure label, so neither moves when
//! unrelated text changes. Output is sorted: the same input gives the same
//! quads, byte for byte.

mod document;
mod entities;
mod error;
mod figures;
mod iri;
mod lexicon;
mod ontology;
mod queries;
mod series;
mod sink;
pub mod vocab;

use oxigraph::model::{NamedNode, Quad};

pub use error::GraphError;
pub use ontology::{ONTOLOGY_TTL, SHAPES_TTL};
pub use queries::{preset_iri, queries_graph, queries_quads};
pub use series::{series_dataset, series_graph, series_quads, SeriesContext, SeriesFigure};

use crate::extract::{Entity, Extraction};
use crate::genre::Genres;
use crate::lexicon::Lexicon;
use crate::report::Report;

use self::document::ReportLinks;
use self::iri::Minter;
use self::sink::Sink;

/// The default base of data IRIs.
pub const DEFAULT_BASE: &str = "https://w3id.org/civkg/";

/// How IRIs are minted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Prefix of every data IRI (reports, graphs, entities, figures,
    /// concepts); it should end with `/`. The ontology namespace
    /// (`https://w3id.org/civkg/ontology#`) and civkg's units
    /// (`https://w3id.org/civkg/unit/`) are fixed and do not follow it.
    pub base: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            base: DEFAULT_BASE.to_owned(),
        }
    }
}

/// The IRI of a report's named graph: `{base}graph/{report-id}`.
pub fn report_graph(report: &Report, config: &Config) -> Result<NamedNode, GraphError> {
    Minter::new(&config.base, &report.id).report_graph(&report.id)
}

/// The IRI of the lexicon graph: `{base}graph/lexicon`.
pub fn lexicon_graph(config: &Config) -> Result<NamedNode, GraphError> {
    Minter::new(&config.base, "").lexicon_graph()
}

/// The IRI of the ontology graph: `{base}graph/ontology`.
pub fn ontology_graph(config: &Config) -> Result<NamedNode, GraphError> {
    Minter::new(&config.base, "").ontology_graph()
}

/// The IRI of a lexicon indicator: `{base}id/indicator/{id}`.
pub fn indicator_iri(id: &str, config: &Config) -> Result<NamedNode, GraphError> {
    Minter::new(&config.base, "").indicator(id)
}

/// The IRI of the links graph written by `civkg link`: `{base}graph/links`.
pub fn links_graph(config: &Config) -> Result<NamedNode, GraphError> {
    Minter::new(&config.base, "").links_graph()
}

/// The IRI naming an extracted entity: `{base}id/{kind}/{lexicon-id}` for
/// shared lexicon entities and places, `{base}id/domain/{concept-id}` for
/// known policy domains, `{base}report/{report-id}/{kind}/{label}` otherwise.
pub fn entity_iri(
    report: &Report,
    entity: &Entity,
    lexicon: &Lexicon,
    config: &Config,
) -> Result<NamedNode, GraphError> {
    entities::entity_iri(entity, lexicon, &Minter::new(&config.base, &report.id))
}

/// The entities a report's graph names: the extracted ones plus the
/// publisher and area taken from the header when the extraction lacks
/// them, each with the IRI the report graph gives it.
#[derive(Debug, Clone)]
pub struct NamedEntities {
    /// Every entity with its IRI (extracted entities first, in the same order).
    pub entities: Vec<(Entity, NamedNode)>,
    /// Index into `entities` of the publishing institution.
    pub publisher: Option<usize>,
    /// Index into `entities` of the place the report covers.
    pub area: Option<usize>,
}

/// Names every entity of a report as [`report_quads`] does, so that other
/// stages (division codes, organisation identifiers, links) describe the
/// very nodes the report graph holds.
pub fn named_entities(
    report: &Report,
    extraction: &Extraction,
    lexicon: &Lexicon,
    config: &Config,
) -> Result<NamedEntities, GraphError> {
    let minter = Minter::new(&config.base, &report.id);
    let resolved = entities::resolve(report, extraction, lexicon, &minter)?;
    Ok(NamedEntities {
        entities: resolved
            .entities
            .into_iter()
            .map(std::borrow::Cow::into_owned)
            .zip(resolved.iris)
            .collect(),
        publisher: resolved.publisher,
        area: resolved.area,
    })
}

/// Every quad of a report's named graph: the report, its text units, its
/// figures and the entities it mentions, sorted.
///
/// Fails when an IRI cannot be minted (bad base, bad `same_as` in the
/// lexicon, empty entity label) or when the extraction refers to a
/// section, sentence, entity or figure that does not exist.
pub fn report_quads(
    report: &Report,
    extraction: &Extraction,
    lexicon: &Lexicon,
    config: &Config,
) -> Result<Vec<Quad>, GraphError> {
    let minter = Minter::new(&config.base, &report.id);
    let mut sink = Sink::new(minter.report_graph(&report.id)?);
    let text = document::text_units(report, lexicon, &minter, &mut sink)?;
    let resolved = entities::resolve(report, extraction, lexicon, &minter)?;
    let figure_iris = figures::figure_iris(extraction, &text, &minter)?;
    let area = resolved.area.map(|i| resolved.iri(i)).transpose()?;
    let links = ReportLinks {
        publisher: resolved.publisher.map(|i| resolved.iri(i)).transpose()?,
        area,
    };
    document::report_node(report, &links, &minter, &mut sink)?;
    if !extraction.genre.is_empty() {
        let genre = figures::iri(&format!("{}{}", crate::genre::GENRE_BASE, extraction.genre))?;
        sink.link(&minter.report()?, vocab::civkg::GENRE, &genre);
    }
    let shared = figures::Shared {
        iris: &figure_iris,
        dataset: minter.dataset()?,
        year: report.reference_year(),
        area,
    };
    figures::write(
        extraction, &shared, &resolved, lexicon, &minter, &text, &mut sink,
    )?;
    entities::write(&resolved, &figure_iris, lexicon, &minter, &text, &mut sink)?;
    Ok(sink.finish())
}

/// Every quad of the lexicon graph, sorted.
pub fn lexicon_quads(
    lexicon: &Lexicon,
    genres: &Genres,
    config: &Config,
) -> Result<Vec<Quad>, GraphError> {
    let minter = Minter::new(&config.base, "");
    let mut sink = Sink::new(minter.lexicon_graph()?);
    lexicon::write(lexicon, genres, &minter, &mut sink)?;
    lexicon::write_genres(genres, &mut sink)?;
    Ok(sink.finish())
}

/// The ontology and the SHACL shapes in the ontology graph under the
/// default base ([`DEFAULT_BASE`]); see [`ontology_quads_with`] for another base.
pub fn ontology_quads() -> Result<Vec<Quad>, GraphError> {
    ontology_quads_with(&Config::default())
}

/// The ontology and the SHACL shapes in `{base}graph/ontology`, in file
/// order, blank nodes labelled deterministically.
pub fn ontology_quads_with(config: &Config) -> Result<Vec<Quad>, GraphError> {
    ontology::quads(config)
}

#[cfg(test)]
mod tests;
