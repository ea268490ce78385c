//! Genres as data: the word tables and rules of each kind of report, read
//! from `data/genres/`.
//!
//! `data/genres/common/` holds what every Chinese government report shares
//! (units, unit and counter words, qualifiers, the words that are not
//! figures, the words around a measure); every other folder is one genre
//! (`bureau-summary/`, `statistical-communique/`, `government-work-report/`
//! …) with a `genre.toml` naming it and saying how to recognise it, and any
//! tables of its own, added to the common ones. Every file has the same
//! schema (see `docs/genres.md`); every entry may carry an `example` and a
//! `counter_example`, which the test suite runs through the extractor.
//!
//! The Rust keeps the mechanisms (the scanner, longest match, the quote
//! mask, clause placement, distributions); what words they act on is here.

mod schema;
pub mod table;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::model::{Aspect, Qualifier, Unit, UnitClass};
use crate::report::Report;

use schema::{Before, GenreFile, Position, Rule};
pub use schema::{Examples, ListName};
use table::{CharSet, WordSet, WordTable};

/// Where genres are named: `{GENRE_BASE}{id}` (a SKOS concept of the genre
/// scheme, declared in the lexicon graph).
pub const GENRE_BASE: &str = "https://w3id.org/civkg/genre/";

/// How much of a report's opening is searched for genre keywords when its
/// title names none.
const OPENING_CHARS: usize = 600;

/// Errors raised while loading genre files.
#[derive(Debug, thiserror::Error)]
pub enum GenreError {
    /// A file or directory could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// A file is not valid TOML, does not fit the schema, or names something
    /// that does not exist (a unit code, a genre).
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
    /// The folder as a whole makes no sense (no common tables, two default
    /// genres, an unknown `--genre`).
    #[error("{path}: {message}")]
    Invalid {
        /// The folder or file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

/// A unit of the units table.
#[derive(Debug, Clone)]
pub struct UnitDef {
    /// The unit.
    pub unit: Unit,
    /// Chinese label.
    pub zh: String,
    /// English label.
    pub en: String,
    /// Conversion multiplier to `to`, if any.
    pub factor: Option<Decimal>,
    /// The unit code `factor` converts to.
    pub to: Option<String>,
}

/// What a unit word means.
#[derive(Debug, Clone)]
pub struct UnitWord {
    /// The word as the table writes it.
    pub word: String,
    /// Its unit.
    pub unit: Unit,
    /// Characters that, right after the word, show it begins another word.
    pub not_before_chars: CharSet,
    /// Words that, right after the word, show it begins another word.
    pub not_before_words: WordSet,
    /// When set, the word is a unit only before one of these characters or words.
    pub only_before: Option<(CharSet, WordSet)>,
    /// `年`: a four-digit number from 1000 to 2199 before it is a year.
    pub year_rule: bool,
    /// Multiplies the value (三成 is 30 %).
    pub factor: Option<Decimal>,
    /// False when it cannot be the denominator of a rate.
    pub denominator: bool,
    /// True when it is a unit only as the denominator of a rate (月 in 元/月,
    /// 每月; after a number 3月 is March).
    pub rate_only: bool,
}

/// A leading approximator or bound.
#[derive(Debug, Clone)]
pub struct Leading {
    /// Its meaning.
    pub qualifier: Qualifier,
    /// Characters before it that make it part of another word (节约, 最近).
    pub not_after: CharSet,
}

/// One table entry's examples, for the examples check.
#[derive(Debug, Clone)]
pub struct ExampleSet {
    /// Where the entry is (`file:line`).
    pub at: String,
    /// What the entry is about.
    pub kind: ExampleKind,
    /// Sentences the entry applies to.
    pub examples: Vec<String>,
    /// Sentences it must not apply to.
    pub counter_examples: Vec<String>,
}

/// What an example shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExampleKind {
    /// A figure in this unit is found (counter: none written with the word).
    UnitWord {
        /// The unit's code.
        unit: String,
        /// The words.
        words: Vec<String>,
    },
    /// A figure with this qualifier is found (counter: none with it).
    Qualifier(Qualifier),
    /// An entry of a list: the example yields a figure or entity as the
    /// list's doc says; a counter example yields no figure.
    List(ListName),
    /// Anything else (aspect words, collectives): the sentence converts.
    Other,
}

/// The compiled tables of one genre (the common tables plus its own).
#[derive(Debug, Clone)]
pub struct Genre {
    /// Identifier (`statistical-communique`), used in IRIs.
    pub id: String,
    /// Chinese name.
    pub zh: String,
    /// English name.
    pub en: String,
    /// Versions of the files it was compiled from (`common/units.toml 2026.12.1`).
    pub sources: Vec<(String, String)>,
    units: Arc<BTreeMap<String, UnitDef>>,
    /// Unit and counter words.
    pub unit_words: WordTable<UnitWord>,
    /// Approximators before the number.
    pub leading: WordTable<Leading>,
    /// Bounds after the unit.
    pub trailing: WordTable<Qualifier>,
    /// Stock, flow and change words.
    pub aspects: WordTable<Aspect>,
    /// Collective words a `分别` distribution splits (城乡 → 城市, 农村).
    pub collectives: Vec<(String, Vec<String>)>,
    /// Institution suffixes: word, shortest and longest core, characters
    /// after it that make it part of another word.
    pub institution_suffixes: Vec<(String, usize, usize, CharSet)>,
    /// Relative prefixes (市, 区 …) and the characters before them that
    /// make them part of another word (全市, 社区).
    pub relative_prefixes: Vec<(char, CharSet)>,
    /// Place suffixes and the characters after them that make them part of
    /// another word (市场, 区域).
    pub place_suffixes: Vec<(char, CharSet)>,
    /// Target-group head nouns and whether they need a modifier.
    pub target_heads: Vec<(String, bool)>,
    lists: BTreeMap<ListName, Vec<String>>,
    list_sets: BTreeMap<ListName, WordSet>,
    list_chars: BTreeMap<ListName, CharSet>,
    detect: Vec<String>,
    priority: i64,
    examples: Vec<ExampleSet>,
}

impl Genre {
    /// The unit with this code: from the units table, else composed
    /// (`A-PER-B`, minted by civkg); `None` for an unknown simple code.
    pub fn unit(&self, code: &str) -> Option<Unit> {
        if let Some(d) = self.units.get(code) {
            return Some(d.unit.clone());
        }
        let (num, den) = code.split_once("-PER-")?;
        let num_class = if num.is_empty() {
            UnitClass::Rate
        } else {
            self.unit(num)?.class()
        };
        let class = if num_class == UnitClass::Money {
            UnitClass::Money
        } else {
            UnitClass::Rate
        };
        (!den.is_empty()).then(|| Unit::minted(code, class))
    }

    /// Every unit of the units table.
    pub fn units(&self) -> impl Iterator<Item = &UnitDef> {
        self.units.values()
    }

    /// The words of a list.
    pub fn list(&self, name: ListName) -> &[String] {
        self.lists.get(&name).map_or(&[], Vec::as_slice)
    }

    /// A list as a word set (longest match).
    pub fn words(&self, name: ListName) -> &WordSet {
        static EMPTY: std::sync::OnceLock<WordSet> = std::sync::OnceLock::new();
        self.list_sets
            .get(&name)
            .unwrap_or_else(|| EMPTY.get_or_init(WordSet::default))
    }

    /// A list of single characters.
    pub fn chars(&self, name: ListName) -> &CharSet {
        static EMPTY: std::sync::OnceLock<CharSet> = std::sync::OnceLock::new();
        self.list_chars
            .get(&name)
            .unwrap_or_else(|| EMPTY.get_or_init(CharSet::default))
    }

    /// Every entry's examples, for the examples check.
    pub fn examples(&self) -> &[ExampleSet] {
        &self.examples
    }

    /// Its IRI (`https://w3id.org/civkg/genre/{id}`).
    pub fn iri(&self) -> String {
        format!("{GENRE_BASE}{}", self.id)
    }

    /// The keywords that recognise the genre in a title.
    pub fn detect_keywords(&self) -> &[String] {
        &self.detect
    }
}

/// Every genre of a `data/genres/` folder.
#[derive(Debug, Clone)]
pub struct Genres {
    dir: PathBuf,
    genres: Vec<Arc<Genre>>,
    default: usize,
}

impl Genres {
    /// Loads `dir` (`data/genres`): `common/` and one folder per genre.
    pub fn load_dir(dir: &Path) -> Result<Self, GenreError> {
        let common_dir = dir.join("common");
        let common = read_folder(&common_dir)?;
        if common.is_empty() {
            return Err(GenreError::Invalid {
                path: common_dir,
                message: "no common tables (*.toml)".to_owned(),
            });
        }
        let mut folders: Vec<PathBuf> = list(dir)?
            .into_iter()
            .filter(|p| p.is_dir() && p.file_name().is_some_and(|n| n != "common"))
            .collect();
        folders.sort();
        let mut genres = Vec::new();
        let mut default = None;
        for folder in folders {
            let own = read_folder(&folder)?;
            let mut files: Vec<&Loaded> = common.iter().collect();
            files.extend(own.iter());
            let (genre, is_default) = compile(&folder, &files)?;
            if is_default {
                if default.is_some() {
                    return Err(GenreError::Invalid {
                        path: folder,
                        message: "a second genre says `default = true`".to_owned(),
                    });
                }
                default = Some(genres.len());
            }
            genres.push(Arc::new(genre));
        }
        if genres.is_empty() {
            // Only the common tables: one generic genre.
            let files: Vec<&Loaded> = common.iter().collect();
            genres.push(Arc::new(compile(&common_dir, &files)?.0));
        }
        Ok(Self {
            dir: dir.to_owned(),
            genres,
            default: default.unwrap_or(0),
        })
    }

    /// The folder the genres were read from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Every genre, in folder order.
    pub fn all(&self) -> impl Iterator<Item = &Arc<Genre>> {
        self.genres.iter()
    }

    /// The genre with this id.
    pub fn get(&self, id: &str) -> Result<&Arc<Genre>, GenreError> {
        self.genres
            .iter()
            .find(|g| g.id == id)
            .ok_or_else(|| GenreError::Invalid {
                path: self.dir.clone(),
                message: format!(
                    "no genre `{id}` (known: {})",
                    self.genres
                        .iter()
                        .map(|g| g.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })
    }

    /// The genre used when nothing recognises a report.
    pub fn default_genre(&self) -> &Arc<Genre> {
        &self.genres[self.default]
    }

    /// The genre of a report: from its title when a keyword is found there,
    /// else from its first lines (a title line may be page chrome such as
    /// `下载 打印`, or the address `各位代表：`); the genre with the longest
    /// keyword found wins, ties broken by priority; the default genre when
    /// no keyword is found anywhere.
    pub fn detect(&self, report: &Report) -> &Arc<Genre> {
        if let Some(g) = report
            .metadata
            .title()
            .and_then(|(t, _)| self.best_match(t))
        {
            return g;
        }
        let opening: String = report.text().chars().take(OPENING_CHARS).collect();
        self.best_match(&opening)
            .unwrap_or_else(|| self.default_genre())
    }

    /// The genre whose keywords best match `title` (spaces and years left
    /// out: `甲市卫生健康委员会2024年工作总结` matches `卫生健康委员会工作总结`).
    pub fn detect_text(&self, title: &str) -> &Arc<Genre> {
        self.best_match(title)
            .unwrap_or_else(|| self.default_genre())
    }

    fn best_match(&self, text: &str) -> Option<&Arc<Genre>> {
        let text = without_years(text);
        self.genres
            .iter()
            .filter_map(|g| {
                g.detect
                    .iter()
                    .filter(|k| text.contains(k.as_str()))
                    .map(|k| k.chars().count())
                    .max()
                    .map(|n| ((n, g.priority), g))
            })
            .max_by_key(|(k, _)| *k)
            .map(|(_, g)| g)
    }
}

/// `title` without whitespace and without years (`2024年`, `２０２４年度`).
fn without_years(title: &str) -> String {
    let chars: Vec<char> = title.chars().filter(|c| !c.is_whitespace()).collect();
    let mut out = String::with_capacity(title.len());
    let mut i = 0;
    while i < chars.len() {
        let digits = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(*c))
            .count();
        if digits == 4 && chars.get(i + 4) == Some(&'年') {
            i += 5;
            if chars.get(i) == Some(&'度') {
                i += 1;
            }
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// One parsed file and where it came from.
struct Loaded {
    path: PathBuf,
    name: String,
    text: String,
    file: GenreFile,
}

fn list(dir: &Path) -> Result<Vec<PathBuf>, GenreError> {
    let entries = std::fs::read_dir(dir).map_err(|source| GenreError::Io {
        path: dir.to_owned(),
        source,
    })?;
    Ok(entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
}

fn read_folder(dir: &Path) -> Result<Vec<Loaded>, GenreError> {
    let mut files: Vec<PathBuf> = list(dir)?
        .into_iter()
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let folder = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).map_err(|source| GenreError::Io {
                path: path.clone(),
                source,
            })?;
            let file: GenreFile = toml::from_str(&text).map_err(|e| {
                let start = e.span().map_or(0, |s| s.start);
                syntax(&path, &text, start, e.message().to_owned())
            })?;
            if file.version.trim().is_empty() {
                return Err(syntax(&path, &text, 0, "empty `version`".to_owned()));
            }
            let name = format!(
                "{folder}/{}",
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            );
            Ok(Loaded {
                path,
                name,
                text,
                file,
            })
        })
        .collect()
}

fn syntax(path: &Path, text: &str, byte: usize, message: String) -> GenreError {
    let mut b = byte.min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    let (line, column) = crate::report::line_column(&text[..b]);
    GenreError::Syntax {
        path: path.to_owned(),
        line,
        column,
        message,
    }
}

fn decimal(l: &Loaded, s: &toml::Spanned<String>) -> Result<Decimal, GenreError> {
    s.get_ref().parse::<Decimal>().map_err(|e| {
        syntax(
            &l.path,
            &l.text,
            s.span().start,
            format!("`{}` is not a decimal number: {e}", s.get_ref()),
        )
    })
}

fn before(b: &Option<Before>) -> (CharSet, WordSet) {
    match b {
        None => (CharSet::default(), WordSet::default()),
        Some(Before::Chars(s)) => (CharSet::of([s]), WordSet::default()),
        Some(Before::Words(w)) => {
            let (single, multi): (Vec<&String>, Vec<&String>) =
                w.iter().partition(|w| w.chars().count() == 1);
            (CharSet::of(single), WordSet::of(multi))
        }
    }
}

/// Compiles the files of one genre (common first).
fn compile(folder: &Path, files: &[&Loaded]) -> Result<(Genre, bool), GenreError> {
    let mut units = BTreeMap::new();
    for l in files {
        for u in &l.file.unit {
            let code = u.code.get_ref();
            if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return Err(syntax(
                    &l.path,
                    &l.text,
                    u.code.span().start,
                    format!("unit code `{code}`: use A-Z, 0-9 and `-`"),
                ));
            }
            let factor = u.factor.as_ref().map(|f| decimal(l, f)).transpose()?;
            units.insert(
                code.clone(),
                UnitDef {
                    unit: Unit::new(code, u.class, &u.iri),
                    zh: u.zh.clone(),
                    en: u.en.clone(),
                    factor,
                    to: u.to.clone(),
                },
            );
        }
    }
    let mut genre = Genre {
        id: String::new(),
        zh: String::new(),
        en: String::new(),
        sources: files
            .iter()
            .map(|l| (l.name.clone(), l.file.version.clone()))
            .collect(),
        units: Arc::new(units),
        unit_words: WordTable::default(),
        leading: WordTable::default(),
        trailing: WordTable::default(),
        aspects: WordTable::default(),
        collectives: Vec::new(),
        institution_suffixes: Vec::new(),
        relative_prefixes: Vec::new(),
        place_suffixes: Vec::new(),
        target_heads: Vec::new(),
        lists: BTreeMap::new(),
        list_sets: BTreeMap::new(),
        list_chars: BTreeMap::new(),
        detect: Vec::new(),
        priority: 0,
        examples: Vec::new(),
    };
    let mut is_default = false;
    let mut unit_words = Vec::new();
    let mut leading = Vec::new();
    let mut trailing = Vec::new();
    let mut aspects = Vec::new();
    for l in files {
        let at = |span: std::ops::Range<usize>| {
            format!(
                "{}:{}",
                l.name,
                crate::report::line_column(&l.text[..span.start.min(l.text.len())]).0
            )
        };
        if let Some(meta) = &l.file.genre {
            genre.id = meta.id.clone();
            genre.zh = meta.zh.clone();
            genre.en = meta.en.clone();
            genre.detect = meta.detect.clone();
            genre.priority = meta.priority;
            is_default = meta.default;
        }
        for w in &l.file.unit_word {
            let code = w.unit.get_ref();
            let unit = genre.unit(code).ok_or_else(|| {
                syntax(
                    &l.path,
                    &l.text,
                    w.unit.span().start,
                    format!("unknown unit `{code}` (not in units.toml)"),
                )
            })?;
            let factor = w.factor.as_ref().map(|f| decimal(l, f)).transpose()?;
            let (nb_chars, nb_words) = before(&w.not_before);
            let only = w.only_before.as_ref().map(|_| before(&w.only_before));
            for word in &w.words {
                unit_words.push((
                    word.clone(),
                    UnitWord {
                        word: word.clone(),
                        unit: unit.clone(),
                        not_before_chars: nb_chars.clone(),
                        not_before_words: nb_words.clone(),
                        only_before: only.clone(),
                        year_rule: w.rule == Some(Rule::Year),
                        factor,
                        denominator: w.denominator.unwrap_or(true),
                        rate_only: w.rate_only,
                    },
                ));
            }
            genre.examples.push(ExampleSet {
                at: at(w.unit.span()),
                kind: ExampleKind::UnitWord {
                    unit: code.clone(),
                    words: w.words.clone(),
                },
                examples: w.example.to_vec(),
                counter_examples: w.counter_example.to_vec(),
            });
        }
        for q in &l.file.qualifier {
            let qualifier = Qualifier::from_code(q.qualifier.get_ref()).ok_or_else(|| {
                syntax(
                    &l.path,
                    &l.text,
                    q.qualifier.span().start,
                    format!(
                        "unknown qualifier `{}` (at-least, over, approx, nearly, under, at-most)",
                        q.qualifier.get_ref()
                    ),
                )
            })?;
            for word in &q.words {
                match q.position {
                    Position::Leading => leading.push((
                        word.clone(),
                        Leading {
                            qualifier,
                            not_after: CharSet::of(q.not_after.iter()),
                        },
                    )),
                    Position::Trailing => trailing.push((word.clone(), qualifier)),
                }
            }
            genre.examples.push(ExampleSet {
                at: at(q.qualifier.span()),
                kind: ExampleKind::Qualifier(qualifier),
                examples: q.example.to_vec(),
                counter_examples: q.counter_example.to_vec(),
            });
        }
        for a in &l.file.aspect {
            for word in &a.words {
                aspects.push((word.clone(), a.aspect));
            }
            genre.examples.push(ExampleSet {
                at: l.name.clone(),
                kind: ExampleKind::Other,
                examples: a.example.to_vec(),
                counter_examples: Vec::new(),
            });
        }
        for c in &l.file.collective {
            genre.collectives.push((c.word.clone(), c.members.clone()));
        }
        for i in &l.file.institution_suffix {
            genre.institution_suffixes.push((
                i.word.clone(),
                i.core[0],
                i.core[1],
                CharSet::of(i.not_before.iter()),
            ));
        }
        for r in &l.file.relative_prefix {
            genre
                .relative_prefixes
                .push((r.char, CharSet::of(r.not_after.iter())));
        }
        for r in &l.file.place_suffix {
            genre
                .place_suffixes
                .push((r.char, CharSet::of(r.not_before.iter())));
        }
        for t in &l.file.target_head {
            genre.target_heads.push((t.word.clone(), t.needs_modifier));
        }
        for list in &l.file.list {
            let name = *list.name.get_ref();
            let entry = genre.lists.entry(name).or_default();
            for w in &list.remove {
                entry.retain(|x| x != w);
            }
            entry.extend(list.words.iter().cloned());
            if let Some(chars) = &list.chars {
                entry.extend(chars.chars().map(String::from));
            }
            genre.examples.push(ExampleSet {
                at: at(list.name.span()),
                kind: ExampleKind::List(name),
                examples: list.example.to_vec(),
                counter_examples: list.counter_example.to_vec(),
            });
        }
    }
    if genre.id.is_empty() {
        genre.id = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "generic".to_owned());
        if genre.zh.is_empty() {
            genre.zh = "报告".to_owned();
            genre.en = "Report".to_owned();
        }
    }
    genre.unit_words = WordTable::new(unit_words);
    genre.leading = WordTable::new(leading);
    genre.trailing = WordTable::new(trailing);
    genre.aspects = WordTable::new(aspects);
    for (name, words) in &genre.lists {
        genre.list_sets.insert(*name, WordSet::of(words));
        genre.list_chars.insert(*name, CharSet::of(words));
    }
    Ok((genre, is_default))
}

/// The genres bundled with the sources, loaded once (for unit tests).
#[cfg(test)]
pub(crate) fn bundled() -> &'static Genres {
    static GENRES: std::sync::OnceLock<Genres> = std::sync::OnceLock::new();
    GENRES.get_or_init(|| {
        match Genres::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data/genres")) {
            Ok(g) => g,
            Err(e) => panic!("{e}"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_genres_load_and_detect() {
        let g = bundled();
        assert_eq!(
            g.detect_text("2024年国民经济和社会发展统计公报").id,
            "statistical-communique"
        );
        assert_eq!(
            g.detect_text("2025年浙江省政府工作报告").id,
            "government-work-report"
        );
        assert_eq!(
            g.detect_text("济南市民政局2023年工作总结").id,
            "bureau-summary"
        );
        // A title line that is page chrome or an address: the opening decides.
        let report = |text: &str| {
            Report::parse("t", Path::new("t.txt"), text).unwrap_or_else(|e| panic!("{e}"))
        };
        let gwr = report(
            "下载\n打印\n2026年北京市政府工作报告\n各位代表：过去一年，全市经济稳中有进。\n",
        );
        assert_eq!(g.detect(&gwr).id, "government-work-report");
        let address = report("各位代表：\n现在，我代表国务院，向大会报告政府工作。\n");
        assert_eq!(g.detect(&address).id, "government-work-report");
        let communique = report("南京市统计局\n国家统计局南京调查队\n2023年，全市经济回升向好。\n");
        assert_eq!(g.detect(&communique).id, "statistical-communique");
    }

    #[test]
    fn composed_units_are_minted() {
        let g = bundled();
        let genre = g.default_genre();
        let u = genre.unit("CNY-PER-PERSON-TIME");
        assert!(u.as_ref().is_some_and(|u| u.is_money()), "{u:?}");
        assert_eq!(
            u.map(|u| u.iri().to_owned()).as_deref(),
            Some("https://w3id.org/civkg/unit/CNY-PER-PERSON-TIME")
        );
        assert!(genre.unit("NOT-A-UNIT").is_none());
        // The table's IRI wins over a minted one.
        assert_eq!(
            genre
                .unit("CNY-PER-MONTH")
                .map(|u| u.iri().to_owned())
                .as_deref(),
            Some("https://w3id.org/civkg/unit/CNY-PER-MO")
        );
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let dir = std::env::temp_dir().join(format!("civkg-genre-err-{}", std::process::id()));
        let common = dir.join("common");
        let _ = std::fs::create_dir_all(&common);
        let _ = std::fs::write(
            common.join("units.toml"),
            "version = \"1\"\n\n[[unit_word]]\nwords = [\"吨\"]\nunit = \"TONNES\"\n",
        );
        let err = Genres::load_dir(&dir).map(|_| ()).unwrap_err().to_string();
        let _ = std::fs::remove_dir_all(&dir);
        assert!(err.contains("units.toml:5:8"), "{err}");
        assert!(err.contains("unknown unit `TONNES`"), "{err}");
    }
}
