#!/usr/bin/env python3
"""The peer of benches/scale.sh: oxigraph itself (pyoxigraph, the same
oxigraph version civkg embeds) on the same quads.

    python3 benches/peer.py CIVKG_STORE WORK_DIR QUERIES_DIR [RUNS]

Opens civkg's store generation CIVKG_STORE read-only (same RocksDB format),
dumps it to N-Quads (what `oxigraph dump` does), bulk-loads that file into a
new store under WORK_DIR (`oxigraph load`), then runs
every preset of QUERIES_DIR RUNS times (default 3) with its default
parameters bound by SEP-0007 substitution and the union of the graphs as the
default graph, as civkg runs them. Prints one JSON object:
{"load_s": …, "dump_s": …, "presets": {"id": median_ms, …}}.
"""

import json
import os
import re
import statistics
import sys
import time

import pyoxigraph as ox

PARAM = re.compile(r"^# param:\s+(\S+)\s+(\S+)(?:\s+(.*))?$")


def default_bindings(text):
    """The preset's parameters with their defaults, as civkg binds them."""
    out = {}
    for line in text.splitlines():
        m = PARAM.match(line.strip())
        if not m:
            continue
        name, kind, default = m.group(1), m.group(2), (m.group(3) or "").strip()
        var = ox.Variable(name)
        if kind == "iri":
            out[var] = ox.NamedNode(default) if default else ox.NamedNode("urn:civkg:none")
        elif kind == "integer":
            out[var] = ox.Literal(default or "0", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
        else:
            out[var] = ox.Literal(default)
    return out


def consume(results):
    n = 0
    if isinstance(results, bool):
        return 1
    for _ in results:
        n += 1
    return n


def main():
    civkg_store, work, queries = sys.argv[1:4]
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    os.makedirs(work, exist_ok=True)
    dataset = os.path.join(work, "peer-dump.nq")
    started = time.perf_counter()
    ox.Store.read_only(civkg_store).dump(dataset, format=ox.RdfFormat.N_QUADS)
    dump_s = time.perf_counter() - started
    store = ox.Store(os.path.join(work, "peer-store"))
    started = time.perf_counter()
    store.bulk_load(path=dataset, format=ox.RdfFormat.N_QUADS)
    load_s = time.perf_counter() - started
    os.remove(dataset)
    presets = {}
    for name in sorted(os.listdir(queries)):
        if not name.endswith(".rq"):
            continue
        text = open(os.path.join(queries, name), encoding="utf-8").read()
        bindings = default_bindings(text)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            consume(store.query(text, use_default_graph_as_union=True, substitutions=bindings))
            times.append((time.perf_counter() - started) * 1000)
        presets[name[:-3]] = round(statistics.median(times), 1)
    print(json.dumps({"load_s": round(load_s, 2), "dump_s": round(dump_s, 2), "presets": presets}))


if __name__ == "__main__":
    main()
