//! Curated knowledge: the lexicon files under `data/lexicon/`.
//!
//! Each file is TOML with a `version` line and any of these tables:
//!
//! ```toml
//! version = "2024.1"
//!
//! [[entity]]            # a known entity: type, labels, identifiers
//! id = "ministry-of-civil-affairs"
//! type = "institution"  # an EntityKind code
//! zh = "民政部"
//! en = "Ministry of Civil Affairs"
//! aliases = ["国家民政部"]
//! shared = true         # one IRI across reports (the same real thing)
//! same_as = ["http://www.wikidata.org/entity/Q1066440"]
//! code = "…"            # e.g. a GB/T 2260 division code for places
//! parent = "state-council"
//! domain = "social-assistance"
//!
//! [[concept]]           # a policy domain in the shared SKOS scheme
//! id = "social-assistance"
//! zh = "社会救助"
//! en = "Social assistance"
//! keywords = ["社会救助", "低保"]
//!
//! [[indicator]]         # a known indicator (what a figure measures)
//! id = "subsistence-allowance-paid"
//! zh = "低保金发放额"
//! en = "Subsistence allowance paid"
//! keywords = ["低保金"]
//! exclude = ["人均"]    # words that rule it out
//! unit = "CNY"
//! definition = "…"
//! ```
//!
//! The converter works without any lexicon (rules alone find quoted names,
//! figures, institutions by suffix, policy documents and rankings); the
//! lexicon adds types, English labels, aliases and external identifiers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::{EntityKind, Unit};

/// Errors raised while loading lexicon files.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// A file or directory could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// A file is not valid TOML or does not fit the schema.
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column (code points).
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A value is well-formed TOML but makes no sense (unknown type, duplicate id …).
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// A known entity.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct LexEntity {
    /// Stable identifier, used in IRIs (`ministry-of-civil-affairs`).
    pub id: String,
    /// Its kind, as an [`EntityKind`] code.
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// Chinese label.
    pub zh: String,
    /// English label.
    #[serde(default)]
    pub en: Option<String>,
    /// Other names it appears under.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// True when it is the same real thing in every report (民政部), so one IRI serves all.
    #[serde(default)]
    pub shared: bool,
    /// External IRIs for the same thing (owl:sameAs).
    #[serde(default)]
    pub same_as: Vec<String>,
    /// A code: GB/T 2260 division code, unified social credit code …
    #[serde(default)]
    pub code: Option<String>,
    /// Lexicon id of the body or place it belongs to.
    #[serde(default)]
    pub parent: Option<String>,
    /// Lexicon id of its policy domain.
    #[serde(default)]
    pub domain: Option<String>,
    /// A finer type (e.g. `functional-zone`, `district`, `media`).
    #[serde(default)]
    pub subtype: Option<String>,
    /// Free-text note for reviewers.
    #[serde(default)]
    pub note: Option<String>,
}

impl LexEntity {
    /// The label and every alias.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.zh.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// A policy domain of the shared SKOS concept scheme.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Concept {
    /// Stable identifier (`social-assistance`).
    pub id: String,
    /// Chinese label.
    pub zh: String,
    /// English label.
    pub en: String,
    /// Words that, in a section heading or clause, place it in this domain.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Lexicon id of a broader concept.
    #[serde(default)]
    pub broader: Option<String>,
    /// Definition.
    #[serde(default)]
    pub definition: Option<String>,
}

/// A known indicator: what a figure measures.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Stable identifier.
    pub id: String,
    /// Chinese label.
    pub zh: String,
    /// English label.
    pub en: String,
    /// Every keyword must occur in the figure's measure label (or clause) for it to match.
    pub keywords: Vec<String>,
    /// The unit code the figure must have ([`Unit::code`]), if any.
    #[serde(default)]
    pub unit: Option<String>,
    /// Lexicon id of its policy domain.
    #[serde(default)]
    pub domain: Option<String>,
    /// Words whose presence in the measure label rules the indicator out
    /// (`人均` for the total GDP: 人均地区生产总值 is another indicator).
    #[serde(default)]
    pub exclude: Vec<String>,
    /// What the indicator is (skos:definition).
    #[serde(default)]
    pub definition: Option<String>,
}

impl Indicator {
    /// The unit code this indicator requires, if any.
    pub fn unit(&self) -> Option<&str> {
        self.unit.as_deref()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    version: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    entity: Vec<LexEntity>,
    #[serde(default)]
    concept: Vec<Concept>,
    #[serde(default)]
    indicator: Vec<Indicator>,
}

/// One loaded lexicon file, for provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconSource {
    /// File name (without directories).
    pub name: String,
    /// Its `version` line.
    pub version: String,
    /// Its `description`, if any.
    pub description: Option<String>,
}

/// All lexicon files, merged.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Known entities.
    pub entities: Vec<LexEntity>,
    /// Policy domains.
    pub concepts: Vec<Concept>,
    /// Known indicators.
    pub indicators: Vec<Indicator>,
    /// The files it came from, in load order.
    pub sources: Vec<LexiconSource>,
    by_name: BTreeMap<String, usize>,
}

impl Lexicon {
    /// An empty lexicon: the converter then relies on its rules alone.
    pub fn empty() -> Self {
        Self::default()
    }

    /// Loads every `*.toml` file in `dir`, in file-name order.
    pub fn load_dir(dir: &Path) -> Result<Self, LexiconError> {
        let io = |source| LexiconError::Io {
            path: dir.to_owned(),
            source,
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        let mut lexicon = Self::empty();
        for f in files {
            lexicon.add_file(&f)?;
        }
        Ok(lexicon)
    }

    /// Loads one file and merges it in.
    pub fn add_file(&mut self, path: &Path) -> Result<(), LexiconError> {
        let text = std::fs::read_to_string(path).map_err(|source| LexiconError::Io {
            path: path.to_owned(),
            source,
        })?;
        self.add_str(path, &text)
    }

    /// Parses `text` (named `path` in messages) and merges it in.
    pub fn add_str(&mut self, path: &Path, text: &str) -> Result<(), LexiconError> {
        let file: LexiconFile = toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|s| crate::report::line_column(&text[..s.start.min(text.len())]))
                .unwrap_or((1, 1));
            LexiconError::Syntax {
                path: path.to_owned(),
                line,
                column,
                message: e.message().to_owned(),
            }
        })?;
        let invalid = |message: String| LexiconError::Invalid {
            path: path.to_owned(),
            message,
        };
        if file.version.trim().is_empty() {
            return Err(invalid("empty `version`".to_owned()));
        }
        for e in &file.entity {
            if e.id.is_empty() || e.zh.is_empty() {
                return Err(invalid(format!("entity `{}`: empty id or zh label", e.zh)));
            }
            if self.entity(&e.id).is_some() {
                return Err(invalid(format!("duplicate entity id `{}`", e.id)));
            }
        }
        for i in &file.indicator {
            if let Some(u) = &i.unit {
                if u.is_empty() || !u.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                    return Err(invalid(format!(
                        "indicator `{}`: malformed unit `{u}`",
                        i.id
                    )));
                }
            }
        }
        self.sources.push(LexiconSource {
            name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            version: file.version,
            description: file.description,
        });
        for e in file.entity {
            let index = self.entities.len();
            for name in e.names() {
                self.by_name.entry(name.to_owned()).or_insert(index);
            }
            self.entities.push(e);
        }
        self.concepts.extend(file.concept);
        self.indicators.extend(file.indicator);
        Ok(())
    }

    /// The entity with this lexicon id.
    pub fn entity(&self, id: &str) -> Option<&LexEntity> {
        self.entities.iter().find(|e| e.id == id)
    }

    /// The entity with this label or alias.
    pub fn by_name(&self, name: &str) -> Option<&LexEntity> {
        self.by_name.get(name).map(|&i| &self.entities[i])
    }

    /// Every (name, entity) pair, longest names first: the order in which a
    /// text should be matched so that 济南市民政局 wins over 济南市.
    pub fn names_longest_first(&self) -> Vec<(&str, &LexEntity)> {
        let mut v: Vec<(&str, &LexEntity)> = self
            .by_name
            .iter()
            .map(|(n, &i)| (n.as_str(), &self.entities[i]))
            .collect();
        v.sort_by(|a, b| {
            b.0.chars()
                .count()
                .cmp(&a.0.chars().count())
                .then(a.0.cmp(b.0))
        });
        v
    }

    /// The concept with this id.
    pub fn concept(&self, id: &str) -> Option<&Concept> {
        self.concepts.iter().find(|c| c.id == id)
    }

    /// The concept whose keywords best match `text` (the longest keyword wins;
    /// ties go to the concept listed first).
    pub fn concept_for(&self, text: &str) -> Option<&Concept> {
        let mut best: Option<(&Concept, usize)> = None;
        for c in &self.concepts {
            for k in c.keywords.iter().chain(std::iter::once(&c.zh)) {
                if text.contains(k.as_str()) {
                    let n = k.chars().count();
                    if best.is_none_or(|(_, m)| n > m) {
                        best = Some((c, n));
                    }
                }
            }
        }
        best.map(|(c, _)| c)
    }

    /// The indicator matching a measure label with this unit: every keyword
    /// present, unit compatible; the one with most keyword characters wins.
    pub fn indicator_for(&self, measure: &str, unit: &Unit) -> Option<&Indicator> {
        self.indicators
            .iter()
            .filter(|i| i.unit().is_none_or(|u| u == unit.code()))
            .filter(|i| {
                !i.keywords.is_empty()
                    && i.keywords.iter().all(|k| measure.contains(k.as_str()))
                    && !i.exclude.iter().any(|x| measure.contains(x.as_str()))
            })
            .max_by_key(|i| i.keywords.iter().map(|k| k.chars().count()).sum::<usize>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_error_names_line_and_column() {
        let mut l = Lexicon::empty();
        let err = l
            .add_str(
                Path::new("x.toml"),
                "version = \"1\"\n[[entity]]\nid = \"a\"\nzh = \n",
            )
            .unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("x.toml:4:"), "{msg}");
    }

    #[test]
    fn unknown_type_is_rejected() {
        let mut l = Lexicon::empty();
        let err = l
            .add_str(
                Path::new("x.toml"),
                "version = \"1\"\n[[entity]]\nid = \"a\"\ntype = \"planet\"\nzh = \"火星\"\n",
            )
            .unwrap_err();
        assert!(err.to_string().starts_with("x.toml:4:"), "{err}");
    }

    #[test]
    fn longest_names_first_and_aliases() {
        let mut l = Lexicon::empty();
        l.add_str(
            Path::new("x.toml"),
            "version = \"1\"\n[[entity]]\nid = \"a\"\ntype = \"place\"\nzh = \"甲市\"\n[[entity]]\nid = \"b\"\ntype = \"institution\"\nzh = \"甲市民政局\"\naliases = [\"市民政局\"]\n",
        )
        .unwrap();
        let names: Vec<_> = l
            .names_longest_first()
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, ["甲市民政局", "市民政局", "甲市"]);
        assert_eq!(l.by_name("市民政局").map(|e| e.id.as_str()), Some("b"));
    }
}
