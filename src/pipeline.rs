//! `civkg build` as a library call: report files → conversions → quads
//! (ontology, lexicon and genres, presets, one graph per report, division
//! codes) → a new store generation, swapped in atomically.
//!
//! One report that cannot be converted never stops the others: it is
//! reported with its file (and, where the error has one, line and column)
//! and left out; [`BuildOptions::strict`] fails the whole build instead.
//! Either way the store is only replaced by a complete generation.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use oxigraph::model::Quad;

use crate::convert::{self, ConvertError, Converted, Knowledge};
use crate::genre::Genres;
use crate::graph::{self, Config};
use crate::lexicon::Lexicon;
use crate::linking;
use crate::store;

/// Errors that stop a build (a failing report only stops it when strict).
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The knowledge files or the report list could not be read.
    #[error(transparent)]
    Convert(#[from] ConvertError),
    /// The reference data could not be loaded or applied.
    #[error(transparent)]
    Linking(#[from] linking::LinkError),
    /// The store could not be written.
    #[error(transparent)]
    Store(#[from] store::StoreError),
    /// The shared graphs (ontology, lexicon, presets) could not be mapped.
    #[error(transparent)]
    Graph(#[from] graph::GraphError),
    /// The indicator series could not be read from the new generation.
    #[error("indicator series: {0}")]
    Series(#[from] crate::query::QueryError),
    /// Some reports failed and the build is strict, or none converted.
    #[error("{} of {total} report(s) failed; the store was left as it was:\n{}", failures.len(), list(failures))]
    Failed {
        /// How many reports were given.
        total: usize,
        /// What failed.
        failures: Vec<Failure>,
    },
}

fn list(failures: &[Failure]) -> String {
    failures
        .iter()
        .map(|f| format!("  {f}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A report that could not be converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The file.
    pub path: PathBuf,
    /// What went wrong (with the line and column where the error has them).
    pub message: String,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = self.path.display().to_string();
        if self.message.starts_with(&path) {
            f.write_str(&self.message)
        } else {
            write!(f, "{path}: {}", self.message)
        }
    }
}

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Report files; empty means every `*.txt` of `{data}/reports`.
    pub reports: Vec<PathBuf>,
    /// The store directory.
    pub location: PathBuf,
    /// The data directory (`lexicon/`, `genres/`, `reports/`, `reference/`).
    pub data: PathBuf,
    /// Another lexicon directory than `{data}/lexicon`.
    pub lexicon: Option<PathBuf>,
    /// Use no lexicon at all (rules only).
    pub no_lexicon: bool,
    /// Read every report as this genre instead of detecting it.
    pub genre: Option<String>,
    /// Minting options.
    pub config: Config,
    /// Fail the whole build when one report fails.
    pub strict: bool,
    /// Add (or replace) `reports` and keep every other report of the store;
    /// otherwise the store holds exactly `reports` afterwards.
    pub add: bool,
    /// Report ids to remove.
    pub remove: Vec<String>,
    /// Reconvert every report even when nothing changed.
    pub full: bool,
}

impl BuildOptions {
    /// Every report of `{data}/reports` into `location`, defaults otherwise.
    pub fn new(data: &Path, location: &Path) -> Self {
        Self {
            reports: Vec::new(),
            location: location.to_owned(),
            data: data.to_owned(),
            lexicon: None,
            no_lexicon: false,
            genre: None,
            config: Config::default(),
            strict: false,
            add: false,
            remove: Vec::new(),
            full: false,
        }
    }

    /// The knowledge these options name.
    pub fn knowledge(&self) -> Result<Knowledge, ConvertError> {
        let lexicon = if self.no_lexicon {
            Lexicon::empty()
        } else {
            let dir = self
                .lexicon
                .clone()
                .unwrap_or_else(|| self.data.join("lexicon"));
            Lexicon::load_dir(&dir)?
        };
        Ok(Knowledge {
            lexicon,
            genres: Genres::load_dir(&self.data.join("genres"))?,
        })
    }

    /// The report files these options name.
    pub fn files(&self) -> Result<Vec<PathBuf>, ConvertError> {
        if self.reports.is_empty() && (self.add || !self.remove.is_empty()) {
            return Ok(Vec::new());
        }
        if self.reports.is_empty() {
            convert::report_files(&self.data.join("reports"))
        } else {
            Ok(self.reports.clone())
        }
    }
}

/// What a build did.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    /// Reports converted and stored.
    pub reports: usize,
    /// Reports left out, with why.
    pub failures: Vec<Failure>,
    /// Figures stored.
    pub figures: usize,
    /// Entities stored.
    pub entities: usize,
    /// Quads in the new generation, when it was built from scratch (an
    /// incremental build does not count them: that would cost the store's size).
    pub quads: Option<usize>,
    /// Places no division code was found for (in the reports converted).
    pub unresolved_places: usize,
    /// Ids of the reports converted by this build.
    pub converted: Vec<String>,
    /// Reports kept from the previous generation unchanged.
    pub reused: usize,
}

/// The manifest of a store generation: which reports it holds, from which
/// bytes, read as which genre with which knowledge. A build reconverts only
/// the reports whose entry no longer matches.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    /// The civkg version that wrote it.
    pub converter: String,
    /// One entry per report, by id.
    pub reports: Vec<ManifestEntry>,
}

/// One report of a generation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ManifestEntry {
    /// Report id (the file name without `.txt`).
    pub id: String,
    /// The file it was read from.
    pub file: PathBuf,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// The genre it was read as.
    pub genre: String,
    /// Fingerprint of what the conversion read besides the file: civkg's
    /// version, the base IRI, the lexicon, the genre's tables, the reference data.
    pub knowledge: String,
    /// Its named graph.
    pub graph: String,
    /// Figures in its graph.
    pub figures: usize,
    /// Entities in its graph.
    pub entities: usize,
}

impl Manifest {
    fn entry(&self, id: &str) -> Option<&ManifestEntry> {
        self.reports.iter().find(|e| e.id == id)
    }
}

/// The live generation's manifest; `None` when there is no store or it was
/// built without one (then everything is reconverted).
pub fn live_manifest(location: &Path) -> Option<Manifest> {
    let bytes = store::live_manifest(location)?;
    serde_json::from_slice(&bytes).ok()
}

/// Converts what changed, keeps what did not, and swaps a new store
/// generation in. `on_file` is called before each report is read (for
/// progress).
///
/// The new generation starts as a checkpoint of the live one, so graphs the
/// build does not derive (written through the Graph Store Protocol or SPARQL
/// Update, or by `civkg link`) are carried over. The shared graphs
/// (ontology, lexicon and genres, presets) are replaced; a report graph is
/// replaced when its file, the knowledge it was read with or the civkg
/// version changed, removed when its report is no longer part of the build,
/// and kept as it was when its new version fails to convert.
pub fn build(
    options: &BuildOptions,
    on_file: &mut dyn FnMut(&Path),
) -> Result<BuildReport, PipelineError> {
    let knowledge = options.knowledge()?;
    let files = options.files()?;
    // Held to the end: a second build of this location waits, so it starts
    // from what this one commits instead of racing it.
    let lock = store::lock(&options.location)?;
    let previous = live_manifest(&options.location).filter(|_| !options.full);
    let fingerprints = fingerprints(options, &knowledge);
    let config = &options.config;

    // What the new generation holds: previous entries kept unless replaced.
    let keep_others = options.add || !options.remove.is_empty();
    let mut entries: Vec<ManifestEntry> = match (&previous, keep_others) {
        (Some(m), true) => m.reports.clone(),
        _ => Vec::new(),
    };
    entries.retain(|e| !options.remove.contains(&e.id));
    let mut failures = Vec::new();
    let mut todo: Vec<(PathBuf, Vec<u8>, String)> = Vec::new();
    let mut reused = 0;
    let mut seen: Vec<(String, PathBuf)> = Vec::new();
    for f in &files {
        on_file(f);
        let id = f
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some((_, first)) = seen.iter().find(|(i, _)| *i == id) {
            failures.push(Failure {
                path: f.clone(),
                message: format!(
                    "report id `{id}` (from the file name) is already taken by {}",
                    first.display()
                ),
            });
            continue;
        }
        seen.push((id.clone(), f.clone()));
        let bytes = match std::fs::read(f) {
            Ok(b) => b,
            Err(e) => {
                failures.push(Failure {
                    path: f.clone(),
                    message: format!("cannot read: {e}"),
                });
                keep_previous(&mut entries, previous.as_ref(), &id);
                continue;
            }
        };
        let sha = crate::publish::canonical::sha256_hex(&bytes);
        let unchanged = previous
            .as_ref()
            .and_then(|m| m.entry(&id))
            .filter(|e| e.sha256 == sha && fingerprints.get(&e.genre) == Some(&e.knowledge));
        match unchanged {
            Some(e) => {
                reused += 1;
                entries.retain(|x| x.id != id);
                entries.push(e.clone());
            }
            None => todo.push((f.clone(), bytes, sha)),
        }
    }
    if options.strict && !failures.is_empty() {
        return Err(PipelineError::Failed {
            total: files.len(),
            failures,
        });
    }

    let next = store::NextGeneration::create(&options.location, previous.is_some(), &lock)?;
    // Shared graphs, replaced every time (they are small).
    let shared = [
        graph::ontology_graph(config)?,
        graph::lexicon_graph(config)?,
        graph::queries_graph(config)?,
    ];
    for g in &shared {
        next.remove_graph(g)?;
    }
    let quads = convert::shared_quads(&knowledge, config)?;
    // One loader for the whole build: its files are ingested once at the end
    // (a commit per report would leave RocksDB thousands of small files to
    // merge).
    let mut loader = next.loader()?;
    loader.add(quads)?;
    // Reports no longer part of the build.
    if let Some(m) = &previous {
        for old in &m.reports {
            let kept = entries.iter().any(|e| e.id == old.id);
            let redone = todo
                .iter()
                .any(|(f, _, _)| f.file_stem().is_some_and(|s| s.to_string_lossy() == old.id));
            if !kept && !redone {
                next.remove_graph(&iri(&old.graph)?)?;
            }
        }
    }
    // Reports to convert, one at a time: memory does not grow with their number.
    let reference = load_reference(&options.data)?;
    let mut converted_ids = Vec::new();
    let mut unresolved = 0;
    for (path, bytes, sha) in todo {
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        match convert_one(&path, &id, &bytes, &knowledge, options, reference.as_ref()) {
            Ok((c, quads, open)) => {
                let graph = graph::report_graph(&c.report, config)?;
                next.remove_graph(&graph)?;
                loader.add(quads)?;
                unresolved += open;
                tracing::info!(report = %id, genre = %c.extraction.genre, "converted");
                entries.retain(|e| e.id != id);
                entries.push(ManifestEntry {
                    id: id.clone(),
                    file: path.clone(),
                    sha256: sha,
                    knowledge: fingerprints
                        .get(&c.extraction.genre)
                        .cloned()
                        .unwrap_or_default(),
                    genre: c.extraction.genre.clone(),
                    graph: graph.as_str().to_owned(),
                    figures: c.extraction.figures.len(),
                    entities: c.extraction.entities.len(),
                });
                converted_ids.push(id);
            }
            Err(message) => {
                if options.strict {
                    failures.push(Failure { path, message });
                    return Err(PipelineError::Failed {
                        total: files.len(),
                        failures,
                    });
                }
                failures.push(Failure { path, message });
                keep_previous(&mut entries, previous.as_ref(), &id);
            }
        }
    }
    if entries.is_empty() {
        return Err(PipelineError::Failed {
            total: files.len(),
            failures,
        });
    }
    loader.finish()?;
    // The indicator series are derived from every report graph, so they are
    // recomputed from the new generation (a query over the figures that
    // measure an indicator, a small share of the store).
    let series_graph = graph::series_graph(config)?;
    next.remove_graph(&series_graph)?;
    next.load(indicator_series(next.store()?, &knowledge, config)?)?;
    entries.sort_by(|a, b| a.id.cmp(&b.id));
    let manifest = Manifest {
        converter: format!("civkg {}", env!("CARGO_PKG_VERSION")),
        reports: entries,
    };
    let bytes = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    tracing::info!(
        converted = converted_ids.len(),
        reused,
        reports = manifest.reports.len(),
        "new generation"
    );
    let n = next.commit(Some(&bytes))?;
    Ok(BuildReport {
        reports: manifest.reports.len(),
        figures: manifest.reports.iter().map(|e| e.figures).sum(),
        entities: manifest.reports.iter().map(|e| e.entities).sum(),
        failures,
        quads: n,
        unresolved_places: unresolved,
        converted: converted_ids,
        reused,
    })
}

/// Every report figure that measures an indicator, with its report's year
/// and area.
const SERIES_FIGURES: &str =
    "SELECT ?g ?f ?report ?indicator ?area ?year ?value ?unit ?aspect ?start WHERE {
  GRAPH ?g {
    ?f civkg:indicator ?indicator ; a civkg:Figure ; civkg:value ?value ; civkg:unit ?unit ;
       civkg:refPeriod ?year ; civkg:refArea ?area ; qb:dataSet/dcterms:source ?report ;
       prov:wasDerivedFrom/oa:start ?start .
    OPTIONAL { ?f civkg:aspect ?aspect }
  }
}";

/// Chinese labels of the indicators and areas of the series.
const SERIES_LABELS: &str = "SELECT ?x (MIN(STR(?label)) AS ?l) WHERE {
  { SELECT DISTINCT ?x WHERE {
      { GRAPH ?g { ?f civkg:indicator ?x ; a civkg:Figure } }
      UNION { GRAPH ?g { ?f civkg:indicator ?i ; a civkg:Figure ; civkg:refArea ?x } } } }
  ?x rdfs:label|skos:prefLabel ?label . FILTER(LANGMATCHES(LANG(?label), \"zh\"))
} GROUP BY ?x";

/// The quads of the indicator series graph for what `store` holds.
fn indicator_series(
    store: &oxigraph::store::Store,
    knowledge: &Knowledge,
    config: &Config,
) -> Result<Vec<Quad>, PipelineError> {
    use oxigraph::model::Term;
    use oxigraph::sparql::QueryResults;
    let named = |t: Option<&Term>| match t {
        Some(Term::NamedNode(n)) => Some(n.clone()),
        _ => None,
    };
    let literal = |t: Option<&Term>| match t {
        Some(Term::Literal(l)) => Some(l.clone()),
        _ => None,
    };
    let mut figures = Vec::new();
    if let QueryResults::Solutions(rows) = crate::query::run(store, SERIES_FIGURES)? {
        for row in rows {
            let row = row.map_err(crate::query::QueryError::from)?;
            let (
                Some(graph),
                Some(figure),
                Some(report),
                Some(indicator),
                Some(area),
                Some(year),
                Some(value),
                Some(unit),
                Some(start),
            ) = (
                named(row.get("g")),
                named(row.get("f")),
                named(row.get("report")),
                named(row.get("indicator")),
                named(row.get("area")),
                literal(row.get("year")),
                literal(row.get("value")),
                named(row.get("unit")),
                literal(row.get("start")),
            )
            else {
                continue;
            };
            let change = named(row.get("aspect")).is_some_and(|a| a == graph::vocab::civkg::CHANGE);
            figures.push(graph::SeriesFigure {
                figure,
                graph,
                report,
                indicator,
                area,
                year,
                value,
                unit,
                change,
                start: start.value().parse().unwrap_or(u64::MAX),
            });
        }
    }
    let mut context = graph::SeriesContext::default();
    if let QueryResults::Solutions(rows) = crate::query::run(store, SERIES_LABELS)? {
        for row in rows {
            let row = row.map_err(crate::query::QueryError::from)?;
            if let (Some(x), Some(l)) = (named(row.get("x")), literal(row.get("l"))) {
                context.labels.insert(x, l.value().to_owned());
            }
        }
    }
    // A growth rate is a change and still the indicator's value: the
    // indicators measured in shares take their changes.
    let genre = knowledge.genres.default_genre();
    for i in &knowledge.lexicon.indicators {
        let share = i.unit().and_then(|u| genre.unit(u)).is_some_and(|u| {
            matches!(
                u.class(),
                crate::model::UnitClass::Percent
                    | crate::model::UnitClass::PercentagePoint
                    | crate::model::UnitClass::Permille
                    | crate::model::UnitClass::PermillePoint
            )
        });
        if share {
            context
                .change_indicators
                .insert(graph::indicator_iri(&i.id, config)?);
        }
    }
    Ok(graph::series_quads(&figures, &context, config)?)
}

/// Keeps the previous generation's entry (and so its graph) for a report
/// whose new version failed.
fn keep_previous(entries: &mut Vec<ManifestEntry>, previous: Option<&Manifest>, id: &str) {
    if let Some(e) = previous.and_then(|m| m.entry(id)) {
        if !entries.iter().any(|x| x.id == id) {
            entries.push(e.clone());
        }
    }
}

fn iri(s: &str) -> Result<oxigraph::model::NamedNode, PipelineError> {
    oxigraph::model::NamedNode::new(s).map_err(|source| {
        PipelineError::Graph(graph::GraphError::InvalidIri {
            iri: s.to_owned(),
            source,
        })
    })
}

/// One report: parsed, extracted, mapped, with its division codes. The
/// error is a message with the file (and line and column where known).
fn convert_one(
    path: &Path,
    id: &str,
    bytes: &[u8],
    knowledge: &Knowledge,
    options: &BuildOptions,
    reference: Option<&linking::Reference>,
) -> Result<(Converted, Vec<Quad>, usize), String> {
    let report = crate::report::Report::from_bytes(id, path, bytes).map_err(|e| e.to_string())?;
    let c = convert::convert_report(report, knowledge, options.genre.as_deref())
        .map_err(|e| e.to_string())?;
    let mut quads = graph::report_quads(
        &c.report,
        &c.extraction,
        &knowledge.lexicon,
        &options.config,
    )
    .map_err(|e| e.to_string())?;
    let mut unresolved = 0;
    if let Some(reference) = reference {
        let codes = linking::report_codes(
            &c.report,
            &c.extraction,
            &knowledge.lexicon,
            reference,
            &options.config,
        )
        .map_err(|e| e.to_string())?;
        for w in &codes.warnings {
            tracing::warn!("{w}");
        }
        for p in codes.unresolved() {
            if let linking::Resolution::Unresolved { reason } = &p.resolution {
                tracing::warn!("{}: unresolved place {}: {reason}", p.report, p.label);
            }
            unresolved += 1;
        }
        quads.extend(codes.quads);
    }
    Ok((c, quads, unresolved))
}

/// The reference data of `{data}/reference`, if there is any.
fn load_reference(data: &Path) -> Result<Option<linking::Reference>, linking::LinkError> {
    let dir = data.join("reference");
    if !dir.is_dir() {
        tracing::warn!(dir = %dir.display(), "no reference data: places get no division codes");
        return Ok(None);
    }
    let reference = linking::Reference::load_dir(&dir)?;
    for issue in &reference.issues {
        tracing::warn!("reference: {issue}");
    }
    Ok(Some(reference))
}

/// A fingerprint per genre id of everything a conversion reads besides the
/// report: civkg's version, the options that change the output, the lexicon
/// files, the genre's tables (common and its own) and the reference data.
fn fingerprints(options: &BuildOptions, knowledge: &Knowledge) -> BTreeMap<String, String> {
    let mut shared = Vec::new();
    shared.extend_from_slice(env!("CARGO_PKG_VERSION").as_bytes());
    shared.push(0);
    shared.extend_from_slice(options.config.base.as_bytes());
    shared.push(0);
    shared.extend_from_slice(options.genre.as_deref().unwrap_or("").as_bytes());
    shared.push(0);
    if !options.no_lexicon {
        let dir = options
            .lexicon
            .clone()
            .unwrap_or_else(|| options.data.join("lexicon"));
        hash_dir(&dir, &mut shared);
    }
    hash_dir(&options.data.join("reference"), &mut shared);
    knowledge
        .genres
        .all()
        .map(|g| {
            let mut bytes = shared.clone();
            for (name, _) in &g.sources {
                bytes.extend_from_slice(name.as_bytes());
                bytes.extend(std::fs::read(knowledge.genres.dir().join(name)).unwrap_or_default());
            }
            (g.id.clone(), crate::publish::canonical::sha256_hex(&bytes))
        })
        .collect()
}

/// Appends the names and bytes of a directory's files, in name order.
fn hash_dir(dir: &Path, out: &mut Vec<u8>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    for f in files {
        out.extend_from_slice(f.to_string_lossy().as_bytes());
        out.push(0);
        out.extend(std::fs::read(&f).unwrap_or_default());
    }
}

/// Converts every file; a file that fails is a [`Failure`], not an error.
pub fn convert_all(
    files: &[PathBuf],
    knowledge: &Knowledge,
    options: &BuildOptions,
    on_file: &mut dyn FnMut(&Path),
) -> (Vec<Converted>, Vec<Failure>) {
    let mut converted: Vec<Converted> = Vec::with_capacity(files.len());
    let mut failures = Vec::new();
    for f in files {
        on_file(f);
        match convert::convert_file(f, knowledge, options.genre.as_deref()) {
            Ok(c) => {
                if let Some(other) = converted.iter().find(|o| o.report.id == c.report.id) {
                    failures.push(Failure {
                        path: f.clone(),
                        message: format!(
                            "report id `{}` (from the file name) is already taken by {}",
                            c.report.id,
                            other.report.source.display()
                        ),
                    });
                } else {
                    converted.push(c);
                }
            }
            Err(e) => failures.push(Failure {
                path: f.clone(),
                message: e.to_string(),
            }),
        }
    }
    (converted, failures)
}
