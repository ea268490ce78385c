#!/usr/bin/env bash
# Scale benchmark: builds stores of N reports and measures a full build, an
# incremental build that adds one report, an incremental build with nothing
# changed, the store's size and the build's peak memory.
#
#   benches/scale.sh [N ...]            (default: 10 100 1000)
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

echo "| reports | text MB | full build s | peak RSS MB | add one report s | nothing changed s | store MB |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
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
  echo "| $n | $mb | $full | $rss | $add | $same | $store |"
  rm -rf "$dir"
done
