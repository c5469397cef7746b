#!/usr/bin/env bash
# Benchmark (issue 12): the Communication template, import ≤ 150 ms, export ≤ 300 ms per file.
# Usage: bench/template/run_bench.sh [RUNS] [BUILD]
#   RUNS   repetitions per file (default 15); the median and the slowest are reported
#   BUILD  a Release build folder (default build) holding the greengate_core, greengate_report and
#          greengate_exchange libraries
# Compiles bench/template/bench_template.cpp against them and times the library calls (the data
# set is loaded once; no process start), then the whole `greengate template export` command once
# per example for comparison. The Commission's examples come from ../shared/data/eu-templates.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-15}
build=${2:-build}
bin=${TMPDIR:-/tmp}/greengate-bench-template
g++ -std=c++20 -O2 -DNDEBUG -Icalc/include -Icalc/exchange/include bench/template/bench_template.cpp \
  "$build/calc/exchange/libgreengate_exchange.a" "$build/calc/libgreengate_report.a" "$build/calc/libgreengate_core.a" \
  -ltinyxml2 -lspdlog -lfmt -lz -o "$bin"
echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $runs runs per file"
"$bin" "$runs" ../shared/data/eu-templates/examples examples/*.xml
out=${TMPDIR:-/tmp}/greengate-bench-template.xlsx
for f in examples/cement-plant.xml examples/nitrogen-fertiliser-plant.xml; do
  s=$(date +%s%N)
  "$build/bin/greengate" template export "$f" -o "$out" >/dev/null 2>&1
  e=$(date +%s%N)
  echo "whole command: greengate template export $f: $(((e - s) / 1000000)) ms (process start, data set load included)"
done
rm -f "$out"
