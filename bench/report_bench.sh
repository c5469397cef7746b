#!/usr/bin/env bash
# Benchmark (issue 16): wall time of `greengate report` on the largest bundled example, whole
# command (load every factor table and rule set, compute emissions, the obligation of each year,
# the 2026-2034 exposure under three price scenarios and the Taxonomy, render, write).
# Targets: HTML <= 50 ms; PDF <= 3 s including the browser's start (headless Chromium).
# Usage: bench/report_bench.sh [HTML_RUNS] [PDF_RUNS]   (build first: cmake --build build)
set -euo pipefail
cd "$(dirname "$0")/.."
html_runs=${1:-30}
pdf_runs=${2:-5}
gg=build/bin/greengate
largest=$(ls -S examples/*.xml | head -n 1)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
args=(report "$largest" --prices examples/price-scenarios.csv --date 2026-12-01 --lang tr)
"$gg" "${args[@]}" --format html -o "$out/r.html"  # warm the page cache
echo "example: $largest ($(wc -c <"$largest") bytes) -> HTML $(wc -c <"$out/r.html") bytes"
median() {
  sort -n | awk '{a[NR]=$1} END {printf "runs %d  median %.1f ms  min %.1f ms  max %.1f ms\n", NR, a[int((NR+1)/2)]/1000, a[1]/1000, a[NR]/1000}'
}
measure() {  # runs, then the command
  local runs=$1
  shift
  for _ in $(seq "$runs"); do
    s=$(date +%s%N)
    "$@" >/dev/null
    e=$(date +%s%N)
    echo $(((e - s) / 1000))
  done | median
}
echo -n "HTML: "
measure "$html_runs" "$gg" "${args[@]}" --format html -o "$out/r.html"
echo -n "PDF:  "
measure "$pdf_runs" "$gg" "${args[@]}" --format pdf -o "$out/r.pdf"
echo "PDF pages: $(pdfinfo "$out/r.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')"
