#![allow(missing_docs)] // criterion_group! generates undocumented items
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark may panic
//! Conversion speed (report text → quads, in MB/s of text) and build time
//! into the store, each beside a named peer run in the same group:
//!
//! - `convert/civkg` vs `convert/oxttl-parse-output`: our whole pipeline
//!   (parse, extract, map to RDF) against oxigraph merely *parsing* the
//!   N-Quads serialisation of that same output; the ratio says how much the
//!   extraction costs over the cheapest way to obtain the same quads.
//! - `store/civkg-rebuild` vs `store/oxigraph-bulk-load`: our atomic rebuild
//!   (new generation, flush, optimise, swap) against a plain oxigraph bulk
//!   load of the same quads into a fresh RocksDB store.
//!
//! - `corpus/figures-civkg` vs `corpus/regex-digit-runs`: the figures
//!   extractor (report parsing, genre detection, scanning and placing) over
//!   every text of the shared corpus (`../shared/corpus/texts`, or
//!   `$CIVKG_CORPUS/texts`), against the regex crate merely finding the runs
//!   of digits in the same texts: the cheapest scan that sees every number.
//! - `corpus/convert-civkg`: the whole conversion of the corpus (extraction
//!   and RDF mapping of every report), in MB/s of text.
//!
//! Run with `cargo bench --bench convert` (or `make bench`).

use std::path::Path;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::store::Store;

use civkg::convert::{self, Knowledge};
use civkg::graph::Config;
use civkg::report::Report;

fn data() -> (Vec<u8>, Knowledge) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let text = std::fs::read(root.join("reports/jinan-2023.txt")).expect("bundled report");
    let knowledge = Knowledge::load(&root).expect("bundled lexicon and genres");
    (text, knowledge)
}

fn convert_bytes(text: &[u8], knowledge: &Knowledge) -> Vec<oxigraph::model::Quad> {
    let report =
        Report::from_bytes("jinan-2023", Path::new("jinan-2023.txt"), text).expect("report");
    let c = convert::convert_report(report, knowledge, None).expect("genre");
    convert::dataset_quads(std::slice::from_ref(&c), knowledge, &Config::default()).expect("quads")
}

fn nquads(quads: &[oxigraph::model::Quad]) -> Vec<u8> {
    let mut w = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(Vec::new());
    for q in quads {
        w.serialize_quad(q).expect("serialise");
    }
    w.finish().expect("finish")
}

fn bench_convert(c: &mut Criterion) {
    let (text, lexicon) = data();
    let serialised = nquads(&convert_bytes(&text, &lexicon));
    let mut g = c.benchmark_group("convert");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("civkg", |b| b.iter(|| convert_bytes(&text, &lexicon).len()));
    g.bench_function("oxttl-parse-output", |b| {
        b.iter(|| {
            RdfParser::from_format(RdfFormat::NQuads)
                .for_slice(&serialised)
                .count()
        })
    });
    g.finish();
}

fn bench_store(c: &mut Criterion) {
    let (text, lexicon) = data();
    let quads = convert_bytes(&text, &lexicon);
    let mut g = c.benchmark_group("store");
    g.sample_size(10);
    g.bench_function("civkg-rebuild", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("tempdir"),
            |dir| civkg::store::rebuild(&dir.path().join("s"), &quads).expect("rebuild"),
            BatchSize::PerIteration,
        )
    });
    g.bench_function("oxigraph-bulk-load", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("tempdir"),
            |dir| {
                let store = Store::open(dir.path()).expect("open");
                let mut loader = store.bulk_loader();
                loader.load_quads(quads.iter().cloned()).expect("load");
                loader.commit().expect("commit");
                store.flush().expect("flush");
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

/// The shared corpus's texts, or none when it is absent.
fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = std::env::var_os("CIVKG_CORPUS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"))
        .join("texts");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("no corpus at {}: corpus benchmarks skipped", dir.display());
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let id = p.file_stem().expect("stem").to_string_lossy().into_owned();
            (id, std::fs::read(&p).expect("corpus text"))
        })
        .collect()
}

fn bench_corpus(c: &mut Criterion) {
    let texts = corpus();
    if texts.is_empty() {
        return;
    }
    let (_, knowledge) = data();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let reports = || {
        texts
            .iter()
            .map(|(id, t)| Report::from_bytes(id, Path::new(id), t).expect("report"))
    };
    let digits = regex::Regex::new("[0-9０-９]+").expect("regex");
    let mut g = c.benchmark_group("corpus");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("figures-civkg", |b| {
        b.iter(|| {
            reports()
                .map(|r| {
                    let genre = knowledge.genres.detect(&r);
                    civkg::extract::figures::find(&r, &knowledge.lexicon, genre).len()
                })
                .sum::<usize>()
        })
    });
    g.bench_function("regex-digit-runs", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|(_, t)| {
                    digits
                        .find_iter(std::str::from_utf8(t).expect("utf-8"))
                        .count()
                })
                .sum::<usize>()
        })
    });
    g.bench_function("convert-civkg", |b| {
        b.iter(|| {
            reports()
                .map(|r| {
                    let c = convert::convert_report(r, &knowledge, None).expect("genre");
                    civkg::graph::report_quads(
                        &c.report,
                        &c.extraction,
                        &knowledge.lexicon,
                        &Config::default(),
                    )
                    .expect("quads")
                    .len()
                })
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench_convert, bench_store, bench_corpus);
criterion_main!(benches);
