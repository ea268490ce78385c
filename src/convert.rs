//! The pipeline: report files → parsed reports → extractions → quads for the
//! store (one named graph per report, plus the ontology and lexicon graphs).

use std::path::{Path, PathBuf};

use oxigraph::model::Quad;

use crate::extract::{self, Extraction};
use crate::genre::{GenreError, Genres};
use crate::graph::{self, Config, GraphError};
use crate::lexicon::{Lexicon, LexiconError};
use crate::report::{Report, ReportError};

/// Errors raised while converting reports.
#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    /// A report could not be read or parsed.
    #[error(transparent)]
    Report(#[from] ReportError),
    /// The lexicon could not be loaded.
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
    /// The genre tables could not be loaded, or a `--genre` is unknown.
    #[error(transparent)]
    Genre(#[from] GenreError),
    /// The RDF mapping failed.
    #[error(transparent)]
    Graph(#[from] GraphError),
    /// A preset query file is malformed.
    #[error(transparent)]
    Preset(#[from] crate::presets::PresetError),
    /// A directory of reports could not be listed.
    #[error("{path}: cannot list reports: {source}")]
    Io {
        /// The directory.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// There is nothing to convert.
    #[error("{path}: no report files (*.txt) found")]
    NoReports {
        /// The directory searched.
        path: PathBuf,
    },
    /// Two reports would share one identifier (and one named graph).
    #[error("{first} and {second} have the same report id `{id}` (taken from the file name)")]
    DuplicateId {
        /// The shared id.
        id: String,
        /// One file.
        first: PathBuf,
        /// The other.
        second: PathBuf,
    },
}

/// A report and what was extracted from it.
#[derive(Debug, Clone)]
pub struct Converted {
    /// The parsed report.
    pub report: Report,
    /// Its figures and entities.
    pub extraction: Extraction,
}

/// The curated knowledge a conversion reads: the lexicon and the genres.
#[derive(Debug, Clone)]
pub struct Knowledge {
    /// Entities, policy domains, indicators (`data/lexicon/`).
    pub lexicon: Lexicon,
    /// Word tables per genre (`data/genres/`).
    pub genres: Genres,
}

impl Knowledge {
    /// Loads `{data}/lexicon` and `{data}/genres`.
    pub fn load(data: &Path) -> Result<Self, ConvertError> {
        Ok(Self {
            lexicon: Lexicon::load_dir(&data.join("lexicon"))?,
            genres: Genres::load_dir(&data.join("genres"))?,
        })
    }
}

/// Reads, parses and extracts one report file, as the genre `genre` (by
/// id) or, without one, the genre its title says.
pub fn convert_file(
    path: &Path,
    knowledge: &Knowledge,
    genre: Option<&str>,
) -> Result<Converted, ConvertError> {
    let report = Report::from_path(path)?;
    Ok(convert_report(report, knowledge, genre)?)
}

/// Extracts one parsed report (see [`convert_file`]).
pub fn convert_report(
    mut report: Report,
    knowledge: &Knowledge,
    genre: Option<&str>,
) -> Result<Converted, GenreError> {
    let genre = match genre {
        Some(id) => knowledge.genres.get(id)?,
        None => knowledge.genres.detect(&report),
    };
    report.infer_publisher(genre.list(crate::genre::ListName::PublisherSuffixes));
    let extraction = extract::extract(&report, &knowledge.lexicon, genre);
    for skipped in &extraction.unrepresentable {
        let byte = report.byte_offset(skipped.span.start);
        let (line, column) = crate::report::line_column(&report.text()[..byte]);
        tracing::warn!(
            "{}:{line}:{column} (byte {byte}): {skipped}",
            report.source.display()
        );
    }
    Ok(Converted { report, extraction })
}

/// The report files (`*.txt`) of a directory, sorted by name.
pub fn report_files(dir: &Path) -> Result<Vec<PathBuf>, ConvertError> {
    let io = |source| ConvertError::Io {
        path: dir.to_owned(),
        source,
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(ConvertError::NoReports {
            path: dir.to_owned(),
        });
    }
    Ok(files)
}

/// Every quad of the dataset: ontology and shapes, lexicon, preset queries, and one graph per
/// report. Reports are ordered by id, so the order of `converted` does not
/// change the result.
pub fn dataset_quads(
    converted: &[Converted],
    knowledge: &Knowledge,
    config: &Config,
) -> Result<Vec<Quad>, ConvertError> {
    let lexicon = &knowledge.lexicon;
    let mut sorted: Vec<&Converted> = converted.iter().collect();
    sorted.sort_by(|a, b| a.report.id.cmp(&b.report.id));
    for pair in sorted.windows(2) {
        if pair[0].report.id == pair[1].report.id {
            return Err(ConvertError::DuplicateId {
                id: pair[0].report.id.clone(),
                first: pair[0].report.source.clone(),
                second: pair[1].report.source.clone(),
            });
        }
    }
    let mut quads = shared_quads(knowledge, config)?;
    for c in sorted {
        quads.extend(graph::report_quads(
            &c.report,
            &c.extraction,
            lexicon,
            config,
        )?);
    }
    Ok(quads)
}

/// The graphs every dataset shares, whatever its reports: the ontology and
/// shapes, the lexicon and genres, the preset queries.
pub fn shared_quads(knowledge: &Knowledge, config: &Config) -> Result<Vec<Quad>, ConvertError> {
    let mut quads = graph::ontology_quads_with(config)?;
    quads.extend(graph::lexicon_quads(
        &knowledge.lexicon,
        &knowledge.genres,
        config,
    )?);
    quads.extend(graph::queries_quads(&crate::presets::all()?, config)?);
    Ok(quads)
}

/// The data directory: `./data` when it holds a lexicon, else the one
/// bundled with the sources this binary was built from.
pub fn default_data_dir() -> PathBuf {
    let local = PathBuf::from("data");
    if local.join("lexicon").is_dir() {
        local
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
    }
}
