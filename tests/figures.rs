//! The figures extractor against independent gold annotations.
//!
//! Gold files are TSV with the header `offset end raw value unit qualifier
//! note` (code-point offsets). The bundled Jinan report must reach recall
//! and precision of 97 % on (offset, end, value, unit); synthetic reports of
//! other cities and years, written by someone else, check that the rules are
//! those of the genre and not of one report.

use std::collections::BTreeSet;
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
const JINAN_THRESHOLD: f64 = 0.97;

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

fn load_lexicon() -> Lexicon {
    ok(
        "loading data/lexicon",
        Lexicon::load_dir(&root().join("data/lexicon")),
    )
}

fn evaluate(report_path: &Path, gold_path: &Path) -> (Report, Vec<Figure>, Score) {
    let report = ok("parsing report", Report::from_path(report_path));
    let found = figures::find(&report, &load_lexicon());
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
    let found = figures::find(&report, &load_lexicon());
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
            i.unit.is_none() || i.unit().is_some(),
            "unknown unit: {i:?}"
        );
    }
}
