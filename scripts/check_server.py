#!/usr/bin/env python3
"""Checks a running civkg server with independent clients.

    scripts/check_server.py URL [--base BASE]

* Linked Data (rdflib): one resource of every class the store holds under
  BASE (found with SPARQL), a hash IRI of the ontology and every named
  graph IRI are dereferenced with the Accept header of Turtle, JSON-LD,
  N-Triples, RDF/XML and HTML, following the 303. Every RDF answer must
  parse with rdflib as a graph (not a dataset) and hold triples whose
  subject is the requested IRI; HTML answers must be text/html.
* SPARQL protocol (SPARQLWrapper): its default requests, GET and POST, for
  SELECT and ASK in JSON, XML, CSV and TSV and for CONSTRUCT and DESCRIBE
  in XML, RDF/XML, Turtle, N3 and JSON-LD must succeed, come with the media
  type SPARQLWrapper expects (it warns otherwise; a warning fails here) and
  convert to results.

Prints one line per check and closes with "N passed, M failed"; exits 1
when anything failed.
"""

import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
import warnings

import rdflib

DEFAULT_BASE = "https://w3id.org/civkg/"

# Accept header → rdflib parser name.
RDF_ACCEPTS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, what, cond, why=""):
        if cond:
            self.passed += 1
            print(f"ok   {what}")
        else:
            self.failed += 1
            print(f"FAIL {what}: {why}")


def select(url, query):
    data = urllib.parse.urlencode({"query": query}).encode()
    req = urllib.request.Request(
        f"{url}/sparql",
        data=data,
        headers={
            "Accept": "application/sparql-results+json",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.load(r)["results"]["bindings"]


def samples(url, base):
    """IRIs to dereference: (label, IRI, the IRI its triples must be about)."""
    out = []
    rows = select(
        url,
        f"""SELECT ?class (MIN(STR(?s)) AS ?example) WHERE {{
              ?s a ?class FILTER(STRSTARTS(STR(?s), "{base}") && !CONTAINS(STR(?s), "#"))
            }} GROUP BY ?class ORDER BY ?class""",
    )
    seen = set()
    for row in rows:
        iri = row["example"]["value"]
        if iri not in seen:
            seen.add(iri)
            out.append((f"a {row['class']['value']}", iri))
    rows = select(
        url,
        f"""SELECT (MIN(STR(?t)) AS ?term) WHERE {{
              ?t a ?c FILTER(STRSTARTS(STR(?t), "{base}ontology#"))
            }}""",
    )
    for row in rows:
        if "term" in row:
            out.append(("a hash IRI", row["term"]["value"]))
    rows = select(url, "SELECT DISTINCT ?g WHERE { GRAPH ?g { } } ORDER BY ?g")
    for row in rows:
        g = row["g"]["value"]
        if g.startswith(base):
            out.append(("a graph IRI", g))
    return out


def where(url, base, iri):
    """The URL on this server of an IRI under the base (fragment dropped)."""
    rest = iri[len(base):].split("#", 1)[0]
    return f"{url}/{urllib.parse.quote(rest, safe='/')}"


def fetch(target, accept):
    req = urllib.request.Request(target, headers={"Accept": accept})
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.status, r.headers.get("Content-Type", ""), r.read()


def check_linked_data(url, base, checks):
    found = samples(url, base)
    checks.check("resources to crawl", len(found) >= 10, f"only {len(found)}")
    for label, iri in found:
        target = where(url, base, iri)
        subject = rdflib.URIRef(iri)
        for accept, parser in RDF_ACCEPTS.items():
            what = f"{label} <{iri}> as {accept}"
            try:
                status, ctype, body = fetch(target, accept)
                g = rdflib.Graph()
                g.parse(data=body, format=parser, publicID=target)
            except Exception as e:  # noqa: BLE001 - any failure is a failure
                checks.check(what, False, repr(e))
                continue
            about = len(list(g.triples((subject, None, None))))
            checks.check(
                f"{what}: {about} of {len(g)} triples about it",
                status == 200 and ctype.startswith(accept) and about > 0,
                f"status {status}, {ctype}, {len(g)} triples, {about} about the IRI",
            )
        try:
            status, ctype, _ = fetch(target, "text/html,application/xhtml+xml,*/*;q=0.8")
            checks.check(f"{label} <{iri}> as HTML", status == 200 and ctype.startswith("text/html"), ctype)
        except Exception as e:  # noqa: BLE001
            checks.check(f"{label} <{iri}> as HTML", False, repr(e))


def check_sparqlwrapper(url, checks):
    from SPARQLWrapper import CSV, GET, JSON, JSONLD, N3, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

    civkg = "https://w3id.org/civkg/ontology#"
    queries = [
        ("SELECT", f"SELECT ?r ?t WHERE {{ ?r a <{civkg}Report> ; <http://purl.org/dc/terms/title> ?t }}", [JSON, XML, CSV, TSV]),
        ("ASK", f"ASK {{ ?r a <{civkg}Report> }}", [JSON, XML, CSV, TSV]),
        ("CONSTRUCT", f"CONSTRUCT {{ ?r a <{civkg}Report> }} WHERE {{ ?r a <{civkg}Report> }}", [XML, RDFXML, TURTLE, N3, JSONLD]),
        ("DESCRIBE", f"DESCRIBE ?r WHERE {{ ?r a <{civkg}Report> }} LIMIT 1", [XML, RDFXML, TURTLE, N3, JSONLD]),
    ]
    for kind, query, formats in queries:
        for fmt in formats:
            for method in (GET, POST):
                what = f"SPARQLWrapper {kind} {fmt} {method}"
                sw = SPARQLWrapper(f"{url}/sparql")
                sw.setQuery(query)
                sw.setReturnFormat(fmt)
                sw.setMethod(method)
                try:
                    with warnings.catch_warnings():
                        # SPARQLWrapper warns (RuntimeWarning) when the answer is not in
                        # the format it asked for; its own use of deprecated rdflib
                        # API (DeprecationWarning) is not the server's doing.
                        warnings.simplefilter("ignore", DeprecationWarning)
                        warnings.simplefilter("error", RuntimeWarning)
                        result = sw.query()
                        converted = result.convert()
                except Exception as e:  # noqa: BLE001
                    checks.check(what, False, repr(e))
                    continue
                checks.check(what, non_empty(converted), f"empty answer: {converted!r:.200}")


def non_empty(converted):
    if isinstance(converted, rdflib.Graph):
        return len(converted) > 0
    if isinstance(converted, dict):
        return bool(converted.get("boolean")) or bool(converted.get("results", {}).get("bindings"))
    if isinstance(converted, (bytes, str)):
        return len(converted.strip()) > 0
    # xml.dom.minidom.Document
    return converted is not None and converted.documentElement is not None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("url", help="the server, e.g. http://127.0.0.1:8080")
    ap.add_argument("--base", default=DEFAULT_BASE)
    args = ap.parse_args()
    url = args.url.rstrip("/")
    checks = Checks()
    check_linked_data(url, args.base, checks)
    check_sparqlwrapper(url, checks)
    print(f"{checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
