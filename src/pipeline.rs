//! `civkg build` as a library call: report files → conversions → quads
//! (ontology, lexicon and genres, presets, one graph per report, division
//! codes) → a new store generation, swapped in atomically.
//!
//! One report that cannot be converted never stops the others: it is
//! reported with its file (and, where the error has one, line and column)
//! and left out; [`BuildOptions::strict`] fails the whole build instead.
//! Either way the store is only replaced by a complete generation.

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
    /// Quads stored.
    pub quads: usize,
    /// Places no division code was found for.
    pub unresolved_places: usize,
}

/// Converts the reports, builds every quad and swaps a new store generation
/// in. `on_file` is called before each report is converted (for progress).
pub fn build(
    options: &BuildOptions,
    on_file: &mut dyn FnMut(&Path),
) -> Result<BuildReport, PipelineError> {
    let knowledge = options.knowledge()?;
    let files = options.files()?;
    let (converted, mut failures) = convert_all(&files, &knowledge, options, on_file);
    let Mapped {
        quads,
        failures: graph_failures,
        kept,
    } = quads(&converted, &knowledge, &options.config)?;
    failures.extend(graph_failures);
    if kept.is_empty() || (options.strict && !failures.is_empty()) {
        return Err(PipelineError::Failed {
            total: files.len(),
            failures,
        });
    }
    let mut quads = quads;
    let kept: Vec<Converted> = kept.into_iter().cloned().collect();
    let unresolved = add_codes(
        &kept,
        &knowledge.lexicon,
        &options.data,
        &options.config,
        &mut quads,
    )?;
    let n = store::rebuild(&options.location, &quads)?;
    Ok(BuildReport {
        reports: kept.len(),
        figures: kept.iter().map(|c| c.extraction.figures.len()).sum(),
        entities: kept.iter().map(|c| c.extraction.entities.len()).sum(),
        failures,
        quads: n,
        unresolved_places: unresolved,
    })
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

/// The quads of a build, the reports whose graph could not be built, and the
/// reports kept.
struct Mapped<'c> {
    quads: Vec<Quad>,
    failures: Vec<Failure>,
    kept: Vec<&'c Converted>,
}

/// Every quad: the shared graphs, then each report's graph (ordered by id);
/// a report whose graph cannot be built is a [`Failure`].
fn quads<'c>(
    converted: &'c [Converted],
    knowledge: &Knowledge,
    config: &Config,
) -> Result<Mapped<'c>, PipelineError> {
    let mut sorted: Vec<&Converted> = converted.iter().collect();
    sorted.sort_by(|a, b| a.report.id.cmp(&b.report.id));
    let mut quads = graph::ontology_quads_with(config)?;
    quads.extend(graph::lexicon_quads(
        &knowledge.lexicon,
        &knowledge.genres,
        config,
    )?);
    let presets = crate::presets::all().map_err(ConvertError::from)?;
    quads.extend(graph::queries_quads(&presets, config)?);
    let mut failures = Vec::new();
    let mut kept = Vec::with_capacity(sorted.len());
    for c in sorted {
        match graph::report_quads(&c.report, &c.extraction, &knowledge.lexicon, config) {
            Ok(q) => {
                quads.extend(q);
                kept.push(c);
            }
            Err(e) => failures.push(Failure {
                path: c.report.source.clone(),
                message: e.to_string(),
            }),
        }
    }
    Ok(Mapped {
        quads,
        failures,
        kept,
    })
}

/// Adds each report's division codes and publisher identifiers from
/// `{data}/reference`; logs the reference data's issues, unresolved places
/// and invalid codes; returns how many places stayed unresolved.
pub fn add_codes(
    converted: &[Converted],
    lexicon: &Lexicon,
    data: &Path,
    config: &Config,
    quads: &mut Vec<Quad>,
) -> Result<usize, linking::LinkError> {
    let dir = data.join("reference");
    if !dir.is_dir() {
        tracing::warn!(dir = %dir.display(), "no reference data: places get no division codes");
        return Ok(0);
    }
    let reference = linking::Reference::load_dir(&dir)?;
    for issue in &reference.issues {
        tracing::warn!("reference: {issue}");
    }
    let mut unresolved = 0;
    for c in converted {
        let codes = linking::report_codes(&c.report, &c.extraction, lexicon, &reference, config)?;
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
    Ok(unresolved)
}
