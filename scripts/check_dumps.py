#!/usr/bin/env python3
"""Checks a civkg publication with independent tools.

    scripts/check_dumps.py DIR [--shapes ontology/dcat-shapes.ttl]

* every RDF file (plain and .gz) parses with rdflib, a second RDF
  implementation besides oxigraph;
* the dataset-format dumps of one scope (civkg.nq, civkg.trig,
  civkg.jsonld …) hold the same number of quads, and the triple-format
  ones the same number of triples; the gzip twin of a file holds the same
  bytes;
* every file listed in SHA256SUMS has that SHA-256 and nothing is unlisted;
* catalog.ttl conforms to civkg's DCAT shapes (ontology/dcat-shapes.ttl)
  and, with --dcat-ap DIR, to the official DCAT-AP 3.0.1 shapes and range
  shapes (DIR/shapes.ttl + DIR/range.ttl) with 0 violations; the
  recommended shapes' warnings are counted and printed;
* with --data-shapes, the whole dataset (civkg.nt: every graph, the
  ontology included, so sh:targetClass follows rdfs:subClassOf) conforms
  to civkg's own shapes (pyshacl, no inference).

Prints one line per check and closes with "N passed, M failed"; exits 1
when anything failed.
"""

import argparse
import gzip
import hashlib
import pathlib
import sys

import rdflib

# File extension → rdflib parser name (the extensions are oxigraph's
# RdfFormat::file_extension(); rdflib names its parsers differently).
PARSERS = {
    "nq": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
    "ttl": "turtle",
    "nt": "nt",
    "rdf": "xml",
}
DATASET_FORMATS = {"nq", "trig", "jsonld"}


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, what):
        self.passed += 1
        print(f"ok   {what}")

    def fail(self, what, why):
        self.failed += 1
        print(f"FAIL {what}: {why}")

    def check(self, what, cond, why=""):
        if cond:
            self.ok(what)
        else:
            self.fail(what, why)


def read(path):
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def rdf_extension(path):
    name = path.name[:-3] if path.name.endswith(".gz") else path.name
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    return (name.rsplit(".", 1)[0], ext) if ext in PARSERS else (None, None)


def parse(data, ext):
    if ext in DATASET_FORMATS:
        ds = rdflib.Dataset()
        ds.parse(data=data, format=PARSERS[ext])
        # rdflib's Dataset also lists its empty default graph.
        return sum(len(g) for g in ds.graphs()), "quads"
    g = rdflib.Graph()
    g.parse(data=data, format=PARSERS[ext])
    return len(g), "triples"


def check_sums(root, checks):
    sums = root / "SHA256SUMS"
    listed = {}
    for line in sums.read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    for name, digest in sorted(listed.items()):
        actual = hashlib.sha256((root / name).read_bytes()).hexdigest()
        checks.check(f"sha256 {name}", actual == digest, f"{actual} != {digest}")
    unlisted = sorted(
        p.name for p in root.iterdir() if p.is_file() and p.name != "SHA256SUMS" and p.name not in listed
    )
    checks.check("every file is in SHA256SUMS", not unlisted, f"unlisted: {unlisted}")


def check_shapes(root, shapes, checks):
    try:
        import pyshacl
    except ImportError as e:
        checks.fail("catalog.ttl against DCAT shapes", f"pyshacl is not installed ({e})")
        return
    data = rdflib.Graph().parse(root / "catalog.ttl", format="turtle")
    shapes_graph = rdflib.Graph().parse(shapes, format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes_graph, inference="none")
    checks.check(f"catalog.ttl conforms to {shapes.name}", conforms, text)


def validate(data, shapes, checks, what, allow_warnings=False):
    import pyshacl

    shapes_graph = rdflib.Graph()
    for path in shapes:
        shapes_graph.parse(path, format="turtle")
    conforms, report, text = pyshacl.validate(
        data, shacl_graph=shapes_graph, inference="none", allow_warnings=allow_warnings
    )
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    severities = {}
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        severity = str(report.value(result, sh.resultSeverity)).rsplit("#", 1)[-1]
        severities[severity] = severities.get(severity, 0) + 1
    counts = ", ".join(f"{n} {k}" for k, n in sorted(severities.items())) or "no results"
    checks.check(f"{what} ({counts})", conforms, text[:4000])
    return severities


def check_data_shapes(root, shapes, checks):
    data = rdflib.Graph().parse(root / "civkg.nt", format="nt")
    validate(data, [shapes], checks, f"civkg.nt ({len(data)} triples) conforms to {shapes.name}")


def check_dcat_ap(root, official, checks):
    data = rdflib.Graph().parse(root / "catalog.ttl", format="turtle")
    validate(data, [official / "shapes.ttl", official / "range.ttl"], checks,
             "catalog.ttl conforms to DCAT-AP 3.0.1 shapes.ttl + range.ttl")
    recommended = official / "shapes_recommended.ttl"
    if recommended.exists():
        # Recommendations are warnings: they are counted, not failed.
        validate(data, [recommended], checks, "catalog.ttl against shapes_recommended.ttl (warnings allowed)",
                 allow_warnings=True)


def main():
    here = pathlib.Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=pathlib.Path)
    ap.add_argument("--shapes", type=pathlib.Path, default=here.parent / "ontology" / "dcat-shapes.ttl")
    ap.add_argument("--dcat-ap", type=pathlib.Path, help="directory of the official DCAT-AP 3.0.1 SHACL files")
    ap.add_argument("--data-shapes", type=pathlib.Path, help="civkg's shapes, checked against civkg.nt")
    args = ap.parse_args()
    root = args.dir.resolve()
    checks = Checks()

    sizes = {}  # (stem, kind) → {file: count}
    for path in sorted(root.iterdir()):
        stem, ext = rdf_extension(path)
        if ext is None:
            continue
        try:
            n, kind = parse(read(path), ext)
        except Exception as e:  # noqa: BLE001 - any parser error is a failure
            checks.fail(f"parse {path.name}", e)
            continue
        checks.check(f"parse {path.name} ({n} {kind})", n > 0, "empty")
        sizes.setdefault((stem, kind), {})[path.name] = n
        plain = root / path.name[:-3]
        if path.suffix == ".gz" and plain.exists():
            # Named graphs come gzipped only; the whole dataset comes both ways.
            checks.check(f"gunzip {path.name} == {plain.name}", read(path) == plain.read_bytes(), "differs")
    for (stem, kind), counts in sorted(sizes.items()):
        checks.check(f"{stem}: same number of {kind} in every format", len(set(counts.values())) == 1, counts)

    check_sums(root, checks)
    check_shapes(root, args.shapes, checks)
    if args.dcat_ap:
        check_dcat_ap(root, args.dcat_ap, checks)
    if args.data_shapes:
        check_data_shapes(root, args.data_shapes, checks)
    print(f"{checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
