#!/usr/bin/env bash
# Benchmark (issue 6): `greengate screen` on N generated applicants (target: 10 000 in < 1 s).
# Usage: bench/screening/run_bench.sh [N] [RUNS] [GREENGATE]
#   N         applicants (default 10000; seed 42, bench/screening/gen_applicants.py)
#   RUNS      repetitions (default 7); the median wall time is reported
#   GREENGATE the binary (default build/bin/greengate; use a Release build)
# Times the whole command (loading the call, the Taxonomy rules and, once, the data set for the
# firm files; parsing; screening; writing the ranked CSV to /dev/null), and separately the same
# command on the 50 example applicants, so that the fixed start-up cost is visible.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-10000}
runs=${2:-7}
gg=${3:-build/bin/greengate}
call=rules/calls/izmir-green-transition-2026.xml
file=${TMPDIR:-/tmp}/greengate-screen-bench-$n.csv
python3 bench/screening/gen_applicants.py "$n" --seed 42 >"$file"
echo "input: $file ($(wc -c <"$file") bytes, $n applicants); $(nproc) cores; runs: $runs"
ms() {
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
small=$(ms "$gg" screen "$call" examples/applicants-izmir-2026.csv --format csv)
big=$(ms "$gg" screen "$call" "$file" --format csv)
rss_kb=$(/usr/bin/time -v "$gg" screen "$call" "$file" --format csv 2>&1 >/dev/null | awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}')
echo "50 applicants:      median $small ms"
echo "$n applicants:   median $big ms (target < 1000 ms for 10 000)"
awk -v a="$big" -v b="$small" -v n="$n" -v r="$rss_kb" 'BEGIN {printf "per applicant:      %.1f us (after start-up)\npeak RSS:           %.1f MiB\n", (a-b)*1000/(n-50), r/1024}'
