#!/usr/bin/env bash
# Benchmark (issue 16): wall time of `greengate report` on the largest bundled example, whole
# command (load every factor table and rule set, compute emissions, the obligation of each year,
# the 2026-2034 exposure under three price scenarios and the Taxonomy, render, write).
# Targets: HTML <= 50 ms; PDF <= 3 s including the browser's start (headless Chromium).
# Then bench/report/bench_report.cpp on the library API: where the time goes (data load, report
# build, HTML render; browser start, page load, layout and print) and the PDF three ways in one
# run: before (one --print-to-pdf process per report), the CLI now (a browser per report over the
# DevTools pipe), the web now (one browser kept).
# Usage: bench/report_bench.sh [HTML_RUNS] [PDF_RUNS] [BUILD]   (build first: cmake --build build)
set -euo pipefail
cd "$(dirname "$0")/.."
html_runs=${1:-30}
pdf_runs=${2:-5}
build=${3:-build}
gg=$build/bin/greengate
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
cpu() {  # runs, then the command: median user + system CPU time of the process (busy-host proof)
  local runs=$1
  shift
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%U %S" -o "$out/time" "$@" >/dev/null
    awk '{printf "%d\n", ($1 + $2) * 1000000}' "$out/time"
  done | median
}
echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo -n "HTML: "
measure "$html_runs" "$gg" "${args[@]}" --format html -o "$out/r.html"
echo -n "HTML CPU (user+sys): "
cpu "$html_runs" "$gg" "${args[@]}" --format html -o "$out/r.html"
echo -n "PDF:  "
measure "$pdf_runs" "$gg" "${args[@]}" --format pdf -o "$out/r.pdf"
echo "PDF pages: $(pdfinfo "$out/r.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')"
bin=${TMPDIR:-/tmp}/greengate-bench-report
g++ -std=c++20 -O2 -DNDEBUG -Icalc/include bench/report/bench_report.cpp "$build/calc/libgreengate_report.a" \
  "$build/calc/libgreengate_core.a" \
  -ltinyxml2 -lspdlog -lfmt -o "$bin"
echo "library API ($bin):"
"$bin" . "$largest" examples/price-scenarios.csv "$html_runs" "$pdf_runs"
