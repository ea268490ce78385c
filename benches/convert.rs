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

criterion_group!(benches, bench_convert, bench_store);
criterion_main!(benches);
