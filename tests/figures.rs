//! The figures extractor against independent gold annotations.
//!
//! Gold files are TSV with the header `offset end raw value unit qualifier
//! note` (code-point offsets). The bundled Jinan report must reach recall
//! and precision of 99 % on (offset, end, value, unit); synthetic reports of
//! other cities and years, written by someone else, check that the rules are
//! those of the genre and not of one report.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use civkg::extract::figures;
use civkg::extract::Figure;
use civkg::lexicon::Lexicon;
use civkg::report::Report;
use regex::Regex;
use rust_decimal::Decimal;

/// Minimum recall and precision on the bundled report.
const JINAN_THRESHOLD: f64 = 0.99;

/// Minimum recall and precision on each synthetic report.
const SYNTHETIC_THRESHOLD: f64 = 0.95;

fn ok<T, E: Debug>(what: &str, r: Result<T, E>) -> T {
    match r {
        Ok(v) => v,
        Err(e) => panic!("{what}: {e:?}"),
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One gold row.
#[derive(Debug, Clone)]
struct Gold {
    start: usize,
    end: usize,
    raw: String,
    value: Decimal,
    unit: String,
    qualifier: String,
}

fn read_gold(path: &Path) -> Vec<Gold> {
    let text = ok("reading gold", std::fs::read_to_string(path));
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let header = lines.next().unwrap_or_default();
    assert_eq!(
        header.trim_end(),
        "offset\tend\traw\tvalue\tunit\tqualifier\tnote",
        "{}",
        path.display()
    );
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.trim_end_matches('\r').split('\t').collect();
            assert!(cols.len() >= 6, "{}: short row {l:?}", path.display());
            Gold {
                start: ok("offset", cols[0].parse()),
                end: ok("end", cols[1].parse()),
                raw: cols[2].to_owned(),
                value: ok("value", Decimal::from_str(cols[3])).normalize(),
                unit: cols[4].to_owned(),
                qualifier: cols[5].to_owned(),
            }
        })
        .collect()
}

type Key = (usize, usize, String, String);

fn gold_key(g: &Gold) -> Key {
    (g.start, g.end, g.value.to_string(), g.unit.clone())
}

fn figure_key(f: &Figure) -> Key {
    (
        f.span.start,
        f.span.end,
        f.value.normalize().to_string(),
        f.unit.code().to_owned(),
    )
}

/// Scores of one report against its gold file.
struct Score {
    recall: f64,
    precision: f64,
    qualifier_agreement: f64,
}

fn genres() -> &'static civkg::genre::Genres {
    static GENRES: std::sync::OnceLock<civkg::genre::Genres> = std::sync::OnceLock::new();
    GENRES.get_or_init(|| {
        ok(
            "loading data/genres",
            civkg::genre::Genres::load_dir(&root().join("data/genres")),
        )
    })
}

fn load_lexicon() -> Lexicon {
    ok(
        "loading data/lexicon",
        Lexicon::load_dir(&root().join("data/lexicon")),
    )
}

fn evaluate(report_path: &Path, gold_path: &Path) -> (Report, Vec<Figure>, Score) {
    let report = ok("parsing report", Report::from_path(report_path));
    let found = figures::find(&report, &load_lexicon(), genres().detect(&report));
    let gold = read_gold(gold_path);
    let gold_keys: BTreeSet<Key> = gold.iter().map(gold_key).collect();
    let found_keys: BTreeSet<Key> = found.iter().map(figure_key).collect();
    let name = report_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for g in gold.iter().filter(|g| !found_keys.contains(&gold_key(g))) {
        eprintln!(
            "{name}: MISSED   {}-{} {} {} {}",
            g.start, g.end, g.raw, g.value, g.unit
        );
    }
    for f in found.iter().filter(|f| !gold_keys.contains(&figure_key(f))) {
        eprintln!(
            "{name}: SPURIOUS {}-{} {} {} {}",
            f.span.start, f.span.end, f.raw, f.value, f.unit
        );
    }
    let hits = gold
        .iter()
        .filter(|g| found_keys.contains(&gold_key(g)))
        .count();
    let mut agree = 0;
    for g in &gold {
        if let Some(f) = found.iter().find(|f| figure_key(f) == gold_key(g)) {
            let q = f.qualifier.map_or("", |q| q.code());
            if q == g.qualifier {
                agree += 1;
            } else {
                eprintln!(
                    "{name}: QUALIFIER {} gold {:?} found {:?}",
                    g.raw, g.qualifier, q
                );
            }
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let score = Score {
        recall: ratio(hits, gold.len()),
        precision: ratio(
            found
                .iter()
                .filter(|f| gold_keys.contains(&figure_key(f)))
                .count(),
            found.len(),
        ),
        qualifier_agreement: ratio(agree, hits),
    };
    eprintln!(
        "{name}: {} gold, {} found, recall {:.3}, precision {:.3}, qualifier agreement {:.3}",
        gold.len(),
        found.len(),
        score.recall,
        score.precision,
        score.qualifier_agreement
    );
    (report, found, score)
}

/// Years, dates and ordinals must never be published as figures.
fn assert_no_dates_or_ordinals(report: &Report, found: &[Figure]) {
    let date = ok(
        "regex",
        Regex::new(r"^[0-9０-９]{4}年|[0-9]{4}-[0-9]{1,2}|[0-9]{1,2}月[0-9]{1,2}日|^第|年度$"),
    );
    for f in found {
        assert_eq!(
            report.slice(f.span),
            f.raw,
            "raw text must be the quoted span"
        );
        assert!(
            !date.is_match(&f.raw),
            "date or ordinal published as a figure: {f:?}"
        );
        assert!(!f.measure.is_empty(), "empty measure: {f:?}");
        assert!(
            f.subject.is_none(),
            "subject is set by the linker, not here: {f:?}"
        );
    }
}

fn check(report_path: &Path, gold_path: &Path, threshold: f64) {
    if !report_path.exists() || !gold_path.exists() {
        eprintln!(
            "skipping: {} or {} is absent",
            report_path.display(),
            gold_path.display()
        );
        return;
    }
    let (report, found, score) = evaluate(report_path, gold_path);
    assert_no_dates_or_ordinals(&report, &found);
    let name = report_path.display();
    assert!(
        score.recall >= threshold,
        "{name}: recall {:.3} < {threshold}",
        score.recall
    );
    assert!(
        score.precision >= threshold,
        "{name}: precision {:.3} < {threshold}",
        score.precision
    );
    assert!(
        score.qualifier_agreement >= threshold,
        "{name}: qualifier agreement {:.3} < {threshold}",
        score.qualifier_agreement
    );
}

#[test]
fn jinan_2023_matches_gold() {
    check(
        &root().join("data/reports/jinan-2023.txt"),
        &root().join("tests/fixtures/jinan-2023.figures.tsv"),
        JINAN_THRESHOLD,
    );
}

#[test]
fn synthetic_reports_match_gold() {
    let dir = root().join("tests/fixtures/reports");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipping: {} is absent", dir.display());
        return;
    };
    let mut reports: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    reports.sort();
    for report in reports {
        let gold = report.with_extension("figures.tsv");
        check(&report, &gold, SYNTHETIC_THRESHOLD);
    }
}

#[test]
fn figures_are_in_document_order_and_in_their_clause() {
    let path = root().join("data/reports/jinan-2023.txt");
    let report = ok("parsing report", Report::from_path(&path));
    let found = figures::find(&report, &load_lexicon(), genres().detect(&report));
    assert!(found.windows(2).all(|w| w[0].span.start < w[1].span.start));
    for f in &found {
        assert!(f.clause.contains(&f.span), "{f:?}");
        assert!(report.sections[f.section].span.contains(&f.span), "{f:?}");
    }
}

#[test]
fn indicators_lexicon_loads_and_names_known_domains() {
    let lexicon = load_lexicon();
    assert!(
        lexicon.indicators.len() >= 25,
        "{} indicators",
        lexicon.indicators.len()
    );
    let domains = [
        "social-assistance",
        "child-welfare",
        "disability-welfare",
        "vagrant-assistance",
        "elderly-care",
        "community-governance",
        "marriage-registration",
        "funeral-services",
        "place-names",
        "social-organizations",
        "charity",
        "social-work",
        "volunteering",
        "welfare-lottery",
        "party-building",
        "economy",
    ];
    let mut ids = BTreeSet::new();
    for i in &lexicon.indicators {
        assert!(ids.insert(i.id.as_str()), "duplicate indicator id {}", i.id);
        assert!(!i.en.is_empty() && !i.zh.is_empty(), "{i:?}");
        assert!(
            i.domain.as_deref().is_some_and(|d| domains.contains(&d)),
            "unknown domain: {i:?}"
        );
        assert!(
            i.unit()
                .is_none_or(|u| genres().default_genre().unit(u).is_some()),
            "unknown unit: {i:?}"
        );
    }
}

// ---------------------------------------------------------------------------
// The shared corpus: passages annotated by reading them (docs/annotation.md).
// ---------------------------------------------------------------------------

/// Minimum recall and precision over every annotated corpus passage together.
const CORPUS_THRESHOLD: f64 = 0.95;

/// Minimum recall and precision on each passage.
const PASSAGE_THRESHOLD: f64 = 0.90;

fn corpus_texts() -> PathBuf {
    std::env::var_os("CIVKG_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared/corpus"))
        .join("texts")
}

/// One annotated passage: its file, its range and its rows.
struct Passage {
    file: String,
    range: (usize, usize),
    rows: Vec<(Key, bool)>,
}

fn read_passage(path: &Path) -> Passage {
    let text = ok("reading gold", std::fs::read_to_string(path));
    let mut file = String::new();
    let mut range = (0, 0);
    let mut rows = Vec::new();
    for line in text.lines() {
        if let Some(meta) = line.strip_prefix("# ") {
            let (k, v) = meta.split_once(':').unwrap_or((meta, ""));
            match k.trim() {
                "file" => file = v.trim().to_owned(),
                "passage" => {
                    let (a, b) = v.trim().split_once('-').unwrap_or(("0", "0"));
                    range = (ok("passage", a.parse()), ok("passage", b.parse()));
                }
                _ => {}
            }
            continue;
        }
        if line.starts_with("offset\t") || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 8, "{}: {line:?}", path.display());
        let value = if cols[4] == "RATIO" {
            cols[3].to_owned()
        } else {
            ok("value", Decimal::from_str(cols[3]))
                .normalize()
                .to_string()
        };
        let key = (
            ok("offset", cols[0].parse()),
            ok("end", cols[1].parse()),
            value,
            cols[4].to_owned(),
        );
        rows.push((key, cols[7].starts_with("optional")));
    }
    Passage { file, range, rows }
}

#[test]
fn corpus_passages_match_their_annotations() {
    let dir = root().join("tests/fixtures/corpus");
    let texts = corpus_texts();
    if !texts.is_dir() {
        eprintln!("skipping: the shared corpus is not at {}", texts.display());
        return;
    }
    let mut golds: Vec<PathBuf> = ok("listing gold", std::fs::read_dir(&dir))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".figures.tsv"))
        .collect();
    golds.sort();
    assert!(golds.len() >= 6, "{} annotated passages", golds.len());
    let (mut gold_total, mut hits_total, mut found_total, mut correct_total) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for gold in &golds {
        let passage = read_passage(gold);
        let path = texts.join(&passage.file);
        let report = ok("parsing report", Report::from_path(&path));
        let found = figures::find(&report, &load_lexicon(), genres().detect(&report));
        assert_no_dates_or_ordinals(&report, &found);
        let (p0, p1) = passage.range;
        let found: Vec<&Figure> = found
            .iter()
            .filter(|f| f.span.start >= p0 && f.span.end <= p1)
            .collect();
        let required: BTreeSet<&Key> = passage.rows.iter().filter(|r| !r.1).map(|r| &r.0).collect();
        let all: BTreeSet<&Key> = passage.rows.iter().map(|r| &r.0).collect();
        let found_keys: BTreeSet<Key> = found.iter().map(|f| figure_key(f)).collect();
        let hits = required.iter().filter(|k| found_keys.contains(**k)).count();
        // Optional rows found are neither required nor spurious.
        let scored: Vec<&&Figure> = found
            .iter()
            .filter(|f| {
                let k = figure_key(f);
                required.contains(&k) || !all.contains(&k)
            })
            .collect();
        let correct = scored
            .iter()
            .filter(|f| required.contains(&figure_key(f)))
            .count();
        for k in required.iter().filter(|k| !found_keys.contains(**k)) {
            eprintln!("{}: MISSED   {k:?}", passage.file);
        }
        for f in scored.iter().filter(|f| !all.contains(&figure_key(f))) {
            eprintln!(
                "{}: SPURIOUS {}-{} {:?} {} {}",
                passage.file, f.span.start, f.span.end, f.raw, f.value, f.unit
            );
        }
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        let (recall, precision) = (ratio(hits, required.len()), ratio(correct, scored.len()));
        eprintln!(
            "{}: {} required, {} found, recall {recall:.3}, precision {precision:.3}",
            passage.file,
            required.len(),
            scored.len()
        );
        if recall < PASSAGE_THRESHOLD || precision < PASSAGE_THRESHOLD {
            failures.push(format!(
                "{}: recall {recall:.3}, precision {precision:.3}",
                passage.file
            ));
        }
        gold_total += required.len();
        hits_total += hits;
        found_total += scored.len();
        correct_total += correct;
    }
    let recall = hits_total as f64 / gold_total.max(1) as f64;
    let precision = correct_total as f64 / found_total.max(1) as f64;
    eprintln!(
        "corpus: {gold_total} required figures in {} passages, recall {recall:.3}, precision {precision:.3}",
        golds.len()
    );
    assert!(gold_total >= 400, "{gold_total} annotated figures");
    assert!(
        recall >= CORPUS_THRESHOLD && precision >= CORPUS_THRESHOLD,
        "corpus recall {recall:.3}, precision {precision:.3} < {CORPUS_THRESHOLD}"
    );
    assert!(failures.is_empty(), "{failures:#?}");
}

// ---------------------------------------------------------------------------
// Every table entry's example and counter example (docs/genres.md).
// ---------------------------------------------------------------------------

#[test]
fn genre_examples_hold() {
    use civkg::genre::ExampleKind;
    let fold = |s: &str| s.replace('／', "/").replace('％', "%");
    let mut failures = Vec::new();
    let mut checked = 0;
    for genre in genres().all() {
        for set in genre.examples() {
            for (sentence, expected) in set
                .examples
                .iter()
                .map(|e| (e, true))
                .chain(set.counter_examples.iter().map(|e| (e, false)))
            {
                checked += 1;
                let found = figures::quantities(sentence, genre);
                let chars: Vec<char> = sentence.chars().collect();
                let raw = |q: &figures::Quantity| -> String {
                    chars[q.span.start..q.span.end].iter().collect()
                };
                let holds = match &set.kind {
                    ExampleKind::UnitWord { unit, words } => {
                        let with_word = |q: &figures::Quantity| {
                            let r = fold(&raw(q));
                            words.iter().any(|w| r.contains(&fold(w)))
                        };
                        let in_unit = |q: &figures::Quantity| {
                            // The unit itself, or a rate it is the numerator or
                            // a denominator of (元/月 for 月).
                            let code = q.unit.code();
                            code == unit
                                || code.starts_with(&format!("{unit}-PER-"))
                                || code.ends_with(&format!("-{unit}"))
                                || code.contains(&format!("-{unit}-"))
                        };
                        // A rate written before the number (每人每月1045元)
                        // keeps its words outside the figure's span.
                        let denominator = |q: &figures::Quantity| {
                            let code = q.unit.code();
                            code != unit && code.contains(&format!("-{unit}"))
                        };
                        let hit = found
                            .iter()
                            .any(|q| in_unit(q) && (with_word(q) || denominator(q)));
                        if expected {
                            hit
                        } else {
                            !found.iter().any(with_word)
                        }
                    }
                    ExampleKind::Qualifier(qualifier) => {
                        let hit = found.iter().any(|q| q.qualifier == Some(*qualifier));
                        hit == expected
                    }
                    ExampleKind::List(_) | ExampleKind::Other => found.is_empty() != expected,
                };
                if !holds {
                    let got: Vec<String> = found
                        .iter()
                        .map(|q| format!("{} {} {:?}", raw(q), q.unit, q.qualifier))
                        .collect();
                    failures.push(format!(
                        "{} [{}] {} {sentence:?}: found {got:?}",
                        set.at,
                        genre.id,
                        if expected {
                            "example"
                        } else {
                            "counter example"
                        }
                    ));
                }
            }
        }
    }
    eprintln!("{checked} examples and counter examples checked");
    assert!(checked >= 100, "only {checked} examples");
    assert!(
        failures.is_empty(),
        "{} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------
// A genre added as data only: data/genres/health-bureau-summary/.
// ---------------------------------------------------------------------------

#[test]
fn a_genre_added_as_data_reads_its_own_units() {
    let path = root().join("tests/fixtures/genres/health-2024.txt");
    let report = ok("parsing report", Report::from_path(&path));
    let genre = genres().detect(&report);
    assert_eq!(genre.id, "health-bureau-summary");
    let found = figures::find(&report, &load_lexicon(), genre);
    let unit_of = |raw: &str| {
        found
            .iter()
            .find(|f| f.raw == raw)
            .map(|f| f.unit.code().to_owned())
            .unwrap_or_else(|| panic!("{raw} not found in {found:#?}"))
    };
    assert_eq!(unit_of("1386.4万床日"), "BED-DAY");
    assert_eq!(unit_of("1.2万台次"), "NUM");
    assert_eq!(unit_of("6.2/10万"), "PER-100000");
    assert_eq!(unit_of("2.1‰"), "PERMILLE");
    assert_eq!(unit_of("0.3个千分点"), "PERMILLE-POINT");
    // Read as another genre, 床日 is no unit: the words come from the folder.
    let other = ok("genre", genres().get("bureau-summary"));
    let plain = figures::find(&report, &load_lexicon(), other);
    assert!(
        plain.iter().all(|f| f.unit.code() != "BED-DAY"),
        "{plain:#?}"
    );
}

// ---------------------------------------------------------------------------
// The whole shared corpus converts and builds.
// ---------------------------------------------------------------------------

/// Raw texts that must never be figures: years, dates and times, ordinals,
/// phone numbers and identifiers.
fn not_a_figure() -> Regex {
    ok(
        "regex",
        Regex::new(concat!(
            r"^(19|20|１９|２０)[0-9０-９]{2}\s*年|",
            r"[0-9０-９]{1,2}\s*月\s*[0-9０-９]{1,2}\s*日|",
            r"[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}|",
            r"[0-9]{1,2}:[0-9]{2}:[0-9]{2}|",
            r"^第|年度$|",
            r"[0-9]{3,4}-[0-9]{7,8}|^1[3-9][0-9]{9}$|",
            r"[0-9]{15,}"
        )),
    )
}

#[test]
fn the_whole_shared_corpus_converts_and_builds() {
    use civkg::pipeline::{self, BuildOptions};
    let texts = corpus_texts();
    if !texts.is_dir() {
        eprintln!("skipping: the shared corpus is not at {}", texts.display());
        return;
    }
    let mut files: Vec<PathBuf> = ok("listing corpus", std::fs::read_dir(&texts))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 150, "{} corpus texts", files.len());
    let dir = ok("tempdir", tempfile::tempdir());
    let mut options = BuildOptions::new(&root().join("data"), &dir.path().join("store"));
    options.reports = files.clone();
    let knowledge = ok("knowledge", options.knowledge());
    let (converted, failures) =
        pipeline::convert_all(&files, &knowledge, &options, &mut |_: &Path| {});
    assert!(failures.is_empty(), "{failures:#?}");
    let bad = not_a_figure();
    let mut figures = 0;
    let mut mentions = 0;
    let mut problems = Vec::new();
    for c in &converted {
        let name = c.report.id.as_str();
        for f in &c.extraction.figures {
            figures += 1;
            if c.report.slice(f.span) != f.raw {
                problems.push(format!(
                    "{name}: figure quote {:?} != text at {}",
                    f.raw, f.span
                ));
            }
            if bad.is_match(&f.raw) {
                problems.push(format!("{name}: not a figure: {:?} ({})", f.raw, f.unit));
            }
        }
        for e in &c.extraction.entities {
            assert!(!e.label.trim().is_empty(), "{name}: empty label {e:?}");
            for m in &e.mentions {
                mentions += 1;
                if c.report.slice(m.span) != m.text {
                    problems.push(format!(
                        "{name}: mention {:?} != text at {}",
                        m.text, m.span
                    ));
                }
            }
        }
    }
    eprintln!(
        "{} reports, {figures} figures, {mentions} mentions",
        converted.len()
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    let genres: BTreeSet<&str> = converted
        .iter()
        .map(|c| c.extraction.genre.as_str())
        .collect();
    // The corpus's own manifest says 119 work reports, 20 resolutions and 17
    // communiqués and bulletins; page chrome or an address as the first line
    // must not make them bureau summaries.
    let count = |id: &str| {
        converted
            .iter()
            .filter(|c| c.extraction.genre == id)
            .count()
    };
    assert!(
        count("government-work-report") >= 110,
        "{}",
        count("government-work-report")
    );
    assert!(count("npc-resolution") >= 15, "{}", count("npc-resolution"));
    assert!(
        count("statistical-communique") >= 14,
        "{}",
        count("statistical-communique")
    );
    assert!(count("bureau-summary") <= 5, "{}", count("bureau-summary"));
    assert!(
        genres.contains("statistical-communique") && genres.contains("government-work-report"),
        "{genres:?}"
    );
    let built = ok(
        "building the corpus",
        pipeline::build(&options, &mut |_: &Path| {}),
    );
    assert!(built.failures.is_empty(), "{:#?}", built.failures);
    assert_eq!(built.reports, files.len());
    assert_eq!(built.figures, figures);
    // Indicators across reports: the compare-indicator preset gives series
    // over years and places.
    let store = ok(
        "opening the corpus store",
        civkg::store::open_read_only(&dir.path().join("store")),
    );
    let preset = ok("preset", civkg::presets::get("compare-indicator"));
    let series = |filter: &str| -> Vec<(String, String, String)> {
        let bindings = ok("bindings", preset.bindings([("indicator_filter", filter)]));
        let Ok(oxigraph::sparql::QueryResults::Solutions(rows)) =
            civkg::query::run_with(&store, &preset.query, bindings)
        else {
            panic!("compare-indicator is not a SELECT");
        };
        rows.filter_map(Result::ok)
            .filter(|r| {
                r.get("indicator")
                    .is_some_and(|i| i.to_string().ends_with(&format!("/{filter}>")))
            })
            .map(|r| {
                let get = |v: &str| {
                    r.get(v).map_or_else(String::new, |t| match t {
                        oxigraph::model::Term::Literal(l) => l.value().to_owned(),
                        t => t.to_string(),
                    })
                };
                (get("report"), get("raw"), get("value"))
            })
            .collect()
    };
    let mut wide = Vec::new();
    let mut all = BTreeMap::new();
    for indicator in [
        "gdp",
        "gdp-growth",
        "resident-population",
        "rural-disposable-income-growth",
        "urban-disposable-income-growth",
        "retail-sales-growth",
        "general-budget-revenue",
        "grain-output-jin",
        "consumer-price-change",
    ] {
        let rows = series(indicator);
        let reports: BTreeSet<&String> = rows.iter().map(|r| &r.0).collect();
        eprintln!(
            "{indicator}: {} values in {} reports",
            rows.len(),
            reports.len()
        );
        if reports.len() >= 10 {
            wide.push(indicator);
        }
        all.insert(indicator, rows);
    }
    assert!(
        wide.len() >= 5,
        "indicators with ten reports or more: {wide:?}"
    );
    // Three values checked against their sentences by reading them.
    let value_of = |indicator: &str, report: &str, raw: &str| {
        all.get(indicator)?
            .iter()
            .find(|r| r.0.ends_with(&format!("/report/{report}>")) && r.1 == raw)
            .map(|r| r.2.clone())
    };
    // 初步核算，全年地区生产总值[2]32074.7亿元，比上年增长4.7%。
    assert_eq!(
        value_of("gdp", "sx_jiangxi_2022", "32074.7亿元").as_deref(),
        Some("3207470000000")
    );
    // 年末全市常住人口954.70万人，比上年末增加5.59万人。
    assert_eq!(
        value_of("resident-population", "dios_nanjing_2023", "954.70万人").as_deref(),
        Some("9547000")
    );
    // 粮食产量达到732.5亿斤、创历史新高。
    assert_eq!(
        value_of("grain-output-jin", "jc_sichuan_2026", "732.5亿斤").as_deref(),
        Some("73250000000")
    );

    // The indicator series cube: one value per place and year.
    let mut wide = Vec::new();
    for indicator in [
        "gdp",
        "gdp-growth",
        "resident-population",
        "general-budget-revenue",
        "retail-sales-growth",
        "urban-disposable-income-growth",
        "rural-disposable-income-growth",
    ] {
        let rows = preset_rows(
            &store,
            "indicator-series",
            &[("indicator_filter", indicator)],
        );
        let cells: BTreeSet<(&str, &str)> = rows
            .iter()
            .filter(|r| r["indicator"].ends_with(&format!("/{indicator}")))
            .map(|r| (r["area"].as_str(), r["year"].as_str()))
            .collect();
        eprintln!("series {indicator}: {} places × years", cells.len());
        if cells.len() >= 10 {
            wide.push(indicator);
        }
    }
    assert!(wide.len() >= 5, "series with ten cells or more: {wide:?}");
    let gdp = preset_rows(&store, "indicator-series", &[("indicator_filter", "gdp")]);
    // The series value is the report's figure (江西 2022: 32074.7亿元).
    let jiangxi = gdp
        .iter()
        .find(|r| {
            r["report"].ends_with("/report/sx_jiangxi_2022") && r["indicator"].ends_with("/gdp")
        })
        .unwrap_or_else(|| panic!("no gdp for sx_jiangxi_2022 in {gdp:#?}"));
    assert_eq!(jiangxi["value"], "3207470000000", "{jiangxi:?}");
    assert_eq!(jiangxi["year"], "2022");

    // The change from one report to the next: consecutive years of one
    // place, the difference of their values, in one unit.
    let changes = preset_rows(&store, "indicator-change", &[("indicator_filter", "gdp")]);
    assert!(!changes.is_empty(), "no place has GDP for two years");
    for r in &changes {
        let (y, py): (i32, i32) = (
            ok("year", r["year"].parse()),
            ok("year", r["previousYear"].parse()),
        );
        assert!(py < y, "{r:?}");
        let (v, pv, c) = (
            ok("value", Decimal::from_str(&r["value"])),
            ok("value", Decimal::from_str(&r["previousValue"])),
            ok("change", Decimal::from_str(&r["change"])),
        );
        assert_eq!(v - pv, c, "{r:?}");
        // No year of the same series lies between them.
        let between = gdp.iter().any(|o| {
            o["indicator"] == r["indicator"]
                && o["area"] == r["area"]
                && o["year"].parse::<i32>().is_ok_and(|x| py < x && x < y)
        });
        assert!(!between, "{r:?}");
    }
    eprintln!("indicator-change gdp: {} pairs", changes.len());
}

/// A preset's rows on a store, variable → lexical value (IRIs without <>).
fn preset_rows(
    store: &oxigraph::store::Store,
    id: &str,
    params: &[(&str, &str)],
) -> Vec<BTreeMap<String, String>> {
    let preset = ok("preset", civkg::presets::get(id));
    let bindings = ok("bindings", preset.bindings(params.iter().copied()));
    let Ok(oxigraph::sparql::QueryResults::Solutions(rows)) =
        civkg::query::run_with(store, &preset.query, bindings)
    else {
        panic!("{id} is not a SELECT");
    };
    rows.filter_map(Result::ok)
        .map(|r| {
            r.iter()
                .map(|(v, t)| {
                    let value = match t {
                        oxigraph::model::Term::Literal(l) => l.value().to_owned(),
                        oxigraph::model::Term::NamedNode(n) => n.as_str().to_owned(),
                        t => t.to_string(),
                    };
                    (v.as_str().to_owned(), value)
                })
                .collect()
        })
        .collect()
}

/// The mutants that made the converter quadratic (`../shared/hostile/`),
/// and the shapes they stand for generated at a size: what each figure
/// carries must not grow with the report (a measure repeating a
/// 2,000-member list per figure took 1.7 GB and 23 s to build).
#[test]
fn adversarial_reports_give_bounded_figures() {
    let lexicon = load_lexicon();
    let mut texts: Vec<(String, String)> = Vec::new();
    if let Ok(dir) = std::fs::read_dir(root().join("../shared/hostile")) {
        for e in dir.filter_map(Result::ok) {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".bin") || name.ends_with(".txt") {
                texts.push((name, ok("reading", std::fs::read_to_string(e.path()))));
            }
        }
    }
    let members: Vec<String> = (0..3000).map(|k| format!("项目{k}")).collect();
    let values: Vec<String> = (0..3001).map(|k| format!("{k}人")).collect();
    texts.push((
        "generated 分别 list".into(),
        format!(
            "某市2023年工作总结\n{}分别为{}。\n",
            members.join("、"),
            values.join("、")
        ),
    ));
    let run: String = (0..6000)
        .map(|i| format!("全市发放救助金{i}万元惠及群众{i}人"))
        .collect();
    texts.push((
        "generated text without punctuation".into(),
        format!("某市2023年工作总结\n{run}\n"),
    ));
    for (name, text) in &texts {
        let report = ok(name, Report::parse("hostile", Path::new(name), text));
        let found = figures::find(&report, &lexicon, genres().detect(&report));
        assert!(!found.is_empty(), "{name}: no figures");
        let chars = text.chars().count();
        let carried: usize = found.iter().map(|f| f.measure.chars().count()).sum();
        let longest = found
            .iter()
            .map(|f| f.measure.chars().count())
            .max()
            .unwrap_or(0);
        assert!(
            longest <= figures::MAX_MEASURE_CHARS,
            "{name}: a measure of {longest} characters"
        );
        assert!(
            carried <= 10 * chars,
            "{name}: {carried} characters of measures for {chars} of text"
        );
        // The generated run: every amount found, with its own value.
        if name.contains("without punctuation") {
            let amounts = found.iter().filter(|f| f.raw.ends_with("万元")).count();
            assert!(amounts >= 5900, "{name}: {amounts} amounts of 6000");
        }
    }
}

/// Issue 14, item 7: a value of any size is kept exact, or the quantity is
/// reported as left out; never dropped without a word, never rounded to 0.
#[test]
fn values_of_any_size_are_exact_or_reported() {
    let genre = genres().default_genre();
    let tiny = format!("0.{}1亿元", "0".repeat(400));
    let text = format!(
        "全年发放资金99999999999亿元，发放12345678901234567890元，发放100000000000000000000000000000元，发放{tiny}，发放7.83亿元。"
    );
    let (found, skipped) = figures::quantities_checked(&text, genre);
    let values: Vec<String> = found.iter().map(|q| q.value.to_string()).collect();
    assert_eq!(
        values,
        ["9999999999900000000", "12345678901234567890", "783000000"],
        "{found:#?}"
    );
    let chars: Vec<char> = text.chars().collect();
    let left_out: Vec<String> = skipped
        .iter()
        .map(|u| chars[u.span.start..u.span.end].iter().collect())
        .collect();
    assert_eq!(
        left_out,
        ["100000000000000000000000000000元", tiny.as_str()]
    );
    assert!(skipped[0].to_string().contains("28 significant digits"));
    // In a report, the warning names the file, line and column.
    let exe = env!("CARGO_BIN_EXE_civkg");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big-2023.txt");
    std::fs::write(
        &path,
        format!("示例市民政局2023年工作总结\n\n一、基本情况\n{text}\n"),
    )
    .unwrap();
    let out = std::process::Command::new(exe)
        .arg("figures")
        .arg(&path)
        .env("CIVKG_LOG", "warn")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("is left out").count(), 2, "{stderr}");
    assert!(
        stderr.contains(&format!("{}:4:", path.display())),
        "{stderr}"
    );
}
