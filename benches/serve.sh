#!/usr/bin/env bash
# civkg serve vs oxigraph serve-read-only: the same store, the same queries,
# 8 concurrent keep-alive connections (wrk), one run. Prints queries/s, p50
# and p99 latency and the error count per scenario and server.
#
#   benches/serve.sh                 # store built from data/reports (civkg build)
#   SYNTHETIC=20 benches/serve.sh    # a synthetic civkg-shaped store, 20 reports
#
# Needs wrk (apt-get install wrk) and oxigraph-cli of the same version as
# Cargo.lock's oxigraph, e.g.
#   cargo install oxigraph-cli --version "$(grep -A1 'name = "oxigraph"' Cargo.lock | sed -n 's/version = "\(.*\)"/\1/p')" --root /tmp/oxcli
#   OXIGRAPH=/tmp/oxcli/bin/oxigraph benches/serve.sh
# DURATION (default 10s) sets each measurement's length.
#
# Scenarios:
#   distinct-*   each request carries a new query text (a counter in a
#                comment), so nothing can be answered from a cache: raw
#                evaluation + serialisation + HTTP.
#   repeated-*   the same request again and again: what a UI or a dashboard
#                does with presets. civkg answers from its response cache
#                (keyed by data version, query and format); oxigraph
#                evaluates every time.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
CONNECTIONS=8
THREADS=2
OXIGRAPH=${OXIGRAPH:-oxigraph}
TARGET=${CARGO_TARGET_DIR:-target}

command -v wrk >/dev/null || { echo "serve.sh: wrk is needed (apt-get install wrk)" >&2; exit 1; }
command -v "$OXIGRAPH" >/dev/null || { echo "serve.sh: oxigraph-cli is needed (see the header of this script)" >&2; exit 1; }
want=$(grep -A1 'name = "oxigraph"' Cargo.lock | sed -n 's/version = "\(.*\)"/\1/p')
have=$("$OXIGRAPH" --version | awk '{print $NF}')
[ "$want" = "$have" ] || echo "serve.sh: warning: oxigraph-cli $have, civkg uses oxigraph $want" >&2

cargo build --release --quiet
civkg="$TARGET/release/civkg"
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

store="$work/store"
if [ -n "${SYNTHETIC:-}" ]; then
  python3 benches/synthetic.py "$SYNTHETIC" > "$work/data.trig"
  mkdir -p "$store"
  "$OXIGRAPH" load --location "$store/gen-0000000001" --file "$work/data.trig" >/dev/null 2>&1
  ln -s gen-0000000001 "$store/current"
else
  "$civkg" build --location "$store"
fi
quads=$("$civkg" query --location "$store" --format csv -e 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }' | tail -1 | tr -d '\r')

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
civkg_port=$(port)
ox_port=$(port)
CIVKG_LOG=warn "$civkg" serve --location "$store" --bind "127.0.0.1:$civkg_port" --max-rows 1000000 &
pids+=($!)
"$OXIGRAPH" serve-read-only --location "$store/current" --bind "127.0.0.1:$ox_port" --union-default-graph >/dev/null 2>&1 &
pids+=($!)
for p in "$civkg_port" "$ox_port"; do
  for _ in $(seq 100); do
    curl -fs -o /dev/null "http://127.0.0.1:$p/query?query=ASK%7B%7D" && break
    curl -fs -o /dev/null "http://127.0.0.1:$p/health" && break
    sleep 0.1
  done
done

# The queries: explicit PREFIXes, so both servers parse the same text.
P='PREFIX civkg: <https://w3id.org/civkg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX qb: <http://purl.org/linked-data/cube#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> '
declare -A Q
Q[classes]='SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)'
Q[top-figures]="${P}SELECT ?f ?v ?raw WHERE { ?f a civkg:Figure ; civkg:value ?v ; civkg:rawText ?raw } ORDER BY DESC(?v) LIMIT 20"
Q[label-search]="${P}SELECT ?s ?label WHERE { ?s rdfs:label ?label FILTER(CONTAINS(STR(?label), \"救助\")) } LIMIT 100"
# The report-overview preset with its default parameters written in.
Q[overview]="${P}SELECT ?report ?title ?figures ?lang ?minFigures WHERE { VALUES (?lang ?minFigures) { (\"zh\" 0) } { SELECT ?report (COUNT(DISTINCT ?figure) AS ?figures) WHERE { ?report a civkg:Report . OPTIONAL { ?dataset dcterms:source ?report . ?figure qb:dataSet ?dataset } } GROUP BY ?report } FILTER(?figures >= ?minFigures) OPTIONAL { ?report dcterms:title ?title FILTER(LANGMATCHES(LANG(?title), ?lang)) } } ORDER BY ?report"

cat > "$work/bench.lua" <<'LUA'
-- args: path-prefix query unique(0|1)
local prefix, query, unique
local counter = 0
local function encode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
function init(args)
  prefix, query, unique = args[1], args[2] or "", args[3] == "1"
  counter = math.random(1, 1000000000)
end
function request()
  local path = prefix
  if query ~= "" then
    local q = query
    if unique then counter = counter + 1; q = q .. "\n# " .. counter end
    path = prefix .. "?query=" .. encode(q)
  end
  return wrk.format("GET", path, { ["Accept"] = "application/sparql-results+json" })
end
function done(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %.0f %.2f %.2f %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
LUA

run() { # label server url-prefix query unique
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 30s -s "$work/bench.lua" "$3" -- "$4" "$5" "${6:-0}" | grep '^RESULT')
  read -r _ rps p50 p99 errors <<<"$out"
  printf '%-22s %-9s %10s %10s %10s %7s\n' "$1" "$2" "$rps" "$p50" "$p99" "$errors"
}

echo "store: $quads quads; wrk: $CONNECTIONS connections, $THREADS threads, $DURATION per line; $(nproc) CPUs"
printf '%-22s %-9s %10s %10s %10s %7s\n' scenario server 'queries/s' 'p50 ms' 'p99 ms' errors
civkg_url="http://127.0.0.1:$civkg_port"
ox_url="http://127.0.0.1:$ox_port"
for name in classes top-figures label-search overview; do
  run "distinct-$name" civkg "$civkg_url" /sparql "${Q[$name]}" 1
  run "distinct-$name" oxigraph "$ox_url" /query "${Q[$name]}" 1
done
run repeated-overview civkg "$civkg_url" /queries/report-overview "" 0
run repeated-overview oxigraph "$ox_url" /query "${Q[overview]}" 0
run repeated-classes civkg "$civkg_url" /sparql "${Q[classes]}" 0
run repeated-classes oxigraph "$ox_url" /query "${Q[classes]}" 0
