#!/usr/bin/env bash
# Benchmark (issue 4): `greengate batch` against `wc -l` on the same generated file, in one run.
# Usage: bench/batch/run_bench.sh [N_LINES] [RUNS] [GREENGATE]
#   N_LINES   lines to generate (default 1000000; seed 42, bench/batch/gen_lines.py)
#   RUNS      repetitions of each command (default 7); medians are compared
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
echo "input: $file ($(wc -c <"$file") bytes, $n lines); $(nproc) cores; runs: $runs"
ms() {  # median wall time in ms of "$@" over $runs runs (output discarded)
  local t=()
  for _ in $(seq "$runs"); do
    local s e
    s=$(date +%s%N)
    "$@" >/dev/null
    e=$(date +%s%N)
    t+=($(((e - s) / 1000)))
  done
  printf '%s\n' "${t[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}
cat "$file" >/dev/null  # page cache warm for both
wc_ms=$(ms wc -l "$file")
gg_ms=$(ms "$gg" batch "$file" --price 80)
rss_kb=$(/usr/bin/time -v "$gg" batch "$file" --price 80 2>&1 >/dev/null | awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}')
echo "wc -l:           median $wc_ms ms"
echo "greengate batch: median $gg_ms ms"
awk -v a="$gg_ms" -v b="$wc_ms" -v r="$rss_kb" 'BEGIN {printf "ratio:           %.1f x wc -l (target <= 5)\npeak RSS:        %.1f MiB (target <= 64)\n", a/b, r/1024}'
