#!/usr/bin/env bash
# Linearity benchmark: `civkg figures` and `civkg build` on inputs that grow
# by doubling, ordinary and adversarial, so a super-linear step shows as a
# ratio above 2 between one row and the next.
#
#   benches/linear.sh [MAX_MB]          (default: 8)
#
# Inputs, each from 10 KB up to MAX_MB:
#   body      the bundled report's body repeated (the ordinary case)
#   sentence  one sentence of clauses `发放N万元，` (no sentence ends)
#   fenbie    an enumeration `项目0、项目1…分别为0人、1人…` with one more
#             value than members (a distribution that cannot be matched)
#   nopunct   Chinese text with figures and no punctuation at all
# Prints one Markdown row per input and size: seconds and peak RSS of each
# command, and the time ratio to the row before. Needs a release build and
# GNU time (/usr/bin/time).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin="$here/target/release/civkg"
max=${1:-8}
[ -x "$bin" ] || { echo "build first: cargo build --release" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CIVKG_LOG=error

measure() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1 || true
  awk '{ printf "%.2f %.0f\n", $1, $2 / 1024 }' "$work/time"
}

echo "| input | KB | figures s | figures MB | ratio | build s | build MB | ratio |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for kind in body sentence fenbie nopunct; do
  prev_f="" prev_b=""
  kb=10
  while [ "$kb" -le $((max * 1000)) ]; do
    file="$work/$kind-$kb.txt"
    python3 - "$kind" "$kb" "$file" "$here/data/reports/jinan-2023.txt" <<'EOF'
import sys
kind, kb, out, seed = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
text = open(seed, encoding="utf-8").read()
head, body = text.split("\n", 1)
target = kb * 1000
parts, size, i = [head + "\n"], 0, 0
if kind == "body":
    while size < target:
        parts.append(body); size += len(body.encode())
elif kind == "sentence":
    while size < target:
        s = f"发放{i}万元，"; parts.append(s); size += len(s.encode()); i += 1
    parts.append("。\n")
elif kind == "fenbie":
    n = max(2, target // 30)
    parts.append("、".join(f"项目{k}" for k in range(n)) + "分别为")
    parts.append("、".join(f"{k}人" for k in range(n + 1)) + "。\n")
else:
    while size < target:
        s = f"全市发放救助金{i}万元惠及群众{i}人"; parts.append(s); size += len(s.encode()); i += 1
    parts.append("\n")
open(out, "w", encoding="utf-8").write("".join(parts))
EOF
    read -r fs fm < <(measure "$bin" figures "$file")
    read -r bs bm < <(measure "$bin" build "$file" --location "$work/store")
    rf=$([ -n "$prev_f" ] && awk -v a="$fs" -v b="$prev_f" 'BEGIN { printf (b > 0 ? "%.1f" : "-"), a / b }' || echo "-")
    rb=$([ -n "$prev_b" ] && awk -v a="$bs" -v b="$prev_b" 'BEGIN { printf (b > 0 ? "%.1f" : "-"), a / b }' || echo "-")
    echo "| $kind | $kb | $fs | $fm | $rf | $bs | $bm | $rb |"
    prev_f=$fs prev_b=$bs
    rm -rf "$work/store" "$file"
    kb=$((kb * 2))
  done
done
