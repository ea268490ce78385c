#!/usr/bin/env bash
# Scale benchmark: builds stores of N reports and measures a full build, an
# incremental build that adds one report, an incremental build with nothing
# changed, the store's size, the build's peak memory, `civkg publish`, and
# the p50 of every preset; beside them, oxigraph itself (pyoxigraph, the
# version civkg embeds, see benches/peer.py) loading and dumping the same
# quads and running the same presets.
#
#   benches/scale.sh [N ...]            (default: 10 100 1000)
#
# RUNS (default 3) sets how many times each preset runs; NO_PUBLISH=1 skips
# the publication. Needs pyoxigraph (pip install pyoxigraph) for the peer.
#
# Reports are the shared corpus's texts (../shared/corpus/texts, or
# $CIVKG_CORPUS/texts), repeated under new names (copy k of a text is a
# different report id, so a different graph) until there are N. Needs a
# release build (cargo build --release) and GNU time (/usr/bin/time).
# Prints one Markdown table row per N.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin="$here/target/release/civkg"
corpus="${CIVKG_CORPUS:-$here/../shared/corpus}/texts"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 100 1000)
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time)" >&2; exit 2; }
mapfile -t texts < <(ls "$corpus"/*.txt | sort)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CIVKG_LOG=error

# seconds and peak RSS (MB) of one command, as "S MB"
measure() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1 || true
  awk '{ printf "%.2f %.0f\n", $1, $2 / 1024 }' "$work/time"
}

runs=${RUNS:-3}
mapfile -t presets < <(ls "$here/queries"/*.rq | xargs -n1 basename | sed 's/\.rq$//' | sort)

# median of numbers on stdin
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR) print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

rows="$work/rows.md"
preset_rows="$work/presets.tsv"
: > "$rows"
: > "$preset_rows"
for n in "${sizes[@]}"; do
  dir="$work/$n"
  mkdir -p "$dir/reports"
  for ((i = 0; i < n; i++)); do
    t=${texts[$((i % ${#texts[@]}))]}
    cp "$t" "$dir/reports/c$((i / ${#texts[@]}))_$(basename "$t")"
  done
  extra="$dir/extra.txt"
  cp "${texts[0]}" "$extra"
  mb=$(du -sb "$dir/reports" | awk '{ printf "%.1f", $1 / 1e6 }')
  read -r full rss < <(measure "$bin" build "$dir"/reports/*.txt --location "$dir/store")
  read -r add _ < <(measure "$bin" build --add "$extra" --location "$dir/store")
  read -r same _ < <(measure "$bin" build --add "$extra" --location "$dir/store")
  store=$(du -sbL "$(readlink -f "$dir/store/current")" | awk '{ printf "%.0f", $1 / 1e6 }')
  quads=$(CIVKG_LOG=error "$bin" query --location "$dir/store" --format csv \
    -e 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }' | tail -1 | tr -d '\r')
  publish="-"
  if [ -z "${NO_PUBLISH:-}" ]; then
    read -r publish _ < <(measure "$bin" publish --location "$dir/store" --out "$dir/dumps")
  fi
  peer=$(python3 "$here/benches/peer.py" "$(readlink -f "$dir/store/current")" "$dir/peer" "$here/queries" "$runs")
  load=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["load_s"])' "$peer")
  dump=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["dump_s"])' "$peer")
  echo "| $n | $mb | $quads | $full | $rss | $add | $same | $store | $publish | $load | $dump |" | tee -a "$rows" >&2
  for p in "${presets[@]}"; do
    ms=$(for ((r = 0; r < runs; r++)); do
      CIVKG_LOG=info "$bin" query --preset "$p" --location "$dir/store" --format csv 2>&1 >/dev/null |
        grep -o 'elapsed_us=[0-9]*' | cut -d= -f2
    done | median | awk '{ printf "%.1f", $1 / 1000 }')
    ox=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get("presets", {}).get(sys.argv[2], "-"))' "$peer" "$p")
    printf '%s\t%s\t%s\t%s\n' "$p" "$n" "$ms" "$ox" >> "$preset_rows"
  done
  rm -rf "$dir"
done

echo "| reports | text MB | quads | full build s | peak RSS MB | add one report s | nothing changed s | store MB | publish s | oxigraph load s | oxigraph dump s |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
cat "$rows"
echo
# Presets: p50 in ms, civkg (civkg query, evaluation and output) / oxigraph (pyoxigraph).
header="| preset |"
rule="| --- |"
for n in "${sizes[@]}"; do header+=" $n: civkg / oxigraph ms |"; rule+=" ---: |"; done
echo "$header"
echo "$rule"
for p in "${presets[@]}"; do
  line="| \`$p\` |"
  for n in "${sizes[@]}"; do
    cell=$(awk -F'\t' -v p="$p" -v n="$n" '$1 == p && $2 == n { print $3 " / " $4 }' "$preset_rows")
    line+=" $cell |"
  done
  echo "$line"
done
