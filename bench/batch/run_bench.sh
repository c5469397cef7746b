#!/usr/bin/env bash
# Benchmark (issue 4): `greengate batch` against `wc -l` on the same generated file, in one run.
# Usage: bench/batch/run_bench.sh [N_LINES] [RUNS] [GREENGATE]
#   N_LINES   lines to generate (default 1000000; seed 42, bench/batch/gen_lines.py)
#   RUNS      repetitions of each command (default 7), alternating; medians are compared
#   GREENGATE the binary (default build/bin/greengate)
# Prints the median wall times, their ratio (target ≤ 5) and the peak RSS of greengate batch
# (target ≤ 64 MiB) from /usr/bin/time -v (Debian package `time`).
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-1000000}
runs=${2:-7}
gg=${3:-build/bin/greengate}
file=${TMPDIR:-/tmp}/greengate-batch-bench-$n.csv
[[ -f "$file" ]] || python3 bench/batch/gen_lines.py "$n" --seed 42 >"$file"
echo "input: $file ($(wc -c <"$file") bytes, $n lines); $(nproc) cores; runs: $runs; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$file" >/dev/null  # page cache warm for both
# wc -l and greengate batch alternate, run by run, so that load from other builds on the shared
# machine hits both alike; medians are compared.
wc_t=() gg_t=()
now_us() { echo $(($(date +%s%N) / 1000)); }
for _ in $(seq "$runs"); do
  s=$(now_us); wc -l "$file" >/dev/null; e=$(now_us); wc_t+=($((e - s)))
  s=$(now_us); "$gg" batch "$file" --price 80 >/dev/null; e=$(now_us); gg_t+=($((e - s)))
done
median_ms() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'; }
wc_ms=$(median_ms "${wc_t[@]}")
gg_ms=$(median_ms "${gg_t[@]}")
# peak RSS: the largest of 5 runs (how many blocks are parsed while the data set loads varies)
rss_kb=$(for _ in 1 2 3 4 5; do
  /usr/bin/time -v "$gg" batch "$file" --price 80 2>&1 >/dev/null | awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}'
done | sort -n | tail -1)
echo "wc -l:           median $wc_ms ms"
echo "greengate batch: median $gg_ms ms"
awk -v a="$gg_ms" -v b="$wc_ms" -v r="$rss_kb" 'BEGIN {printf "ratio:           %.1f x wc -l (target <= 5)\npeak RSS:        %.1f MiB (target <= 64)\n", a/b, r/1024}'
