#!/usr/bin/env bash
# Benchmark (issues 4, 13): `greengate batch` against `wc -l` on generated files of two column
# layouts, in one run.
# Usage: bench/batch/run_bench.sh [N_LINES] [RUNS] [GREENGATE] [BASELINE...]
#   N_LINES   lines to generate (default 1000000; seed 42, bench/batch/gen_lines.py)
#   RUNS      repetitions of each command (default 7), alternating; medians are compared
#   GREENGATE the binary (default build/bin/greengate)
#   BASELINE  optional other binaries (e.g. main built in another build dir), timed in the same
#             alternation on the same files, so that before and after come from one run
# Layouts: "usual" — the eleven columns in the documented order (the generator's default);
# "sparse" — the six required columns then see_direct,see_indirect,carbon_price_paid only (no
# sefa, no route), the same lines. The speed must not depend on the layout.
# Prints the median wall times, each layout's ratio to `wc -l` of its own file (target ≤ 5) and
# the peak RSS of greengate batch on the usual layout (target ≤ 64 MiB) from /usr/bin/time -v
# (Debian package `time`).
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-1000000}
runs=${2:-7}
gg=${3:-build/bin/greengate}
base=("${@:4}")
dir=${TMPDIR:-/tmp}
declare -A file=(
  [usual]=$dir/greengate-batch-bench-$n.csv
  [sparse]=$dir/greengate-batch-bench-sparse-$n.csv
)
[[ -f "${file[usual]}" ]] || python3 bench/batch/gen_lines.py "$n" --seed 42 >"${file[usual]}"
[[ -f "${file[sparse]}" ]] || python3 bench/batch/gen_lines.py "$n" --seed 42 \
  --columns declarant,year,cn_code,origin,quantity,unit,see_direct,see_indirect,carbon_price_paid >"${file[sparse]}"
echo "$(nproc) cores; runs: $runs; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for l in usual sparse; do
  echo "input $l: ${file[$l]} ($(wc -c <"${file[$l]}") bytes, $n lines, header: $(head -1 "${file[$l]}"))"
  cat "${file[$l]}" >/dev/null  # page cache warm
done
# Every command alternates, run by run, so that load from other builds on the shared machine hits
# all alike; medians are compared.
declare -A t=()
now_us() { echo $(($(date +%s%N) / 1000)); }
timed() {  # timed KEY COMMAND...: appends the wall time in µs to t[KEY]
  local key=$1 s e
  shift
  s=$(now_us)
  "$@" >/dev/null
  e=$(now_us)
  t[$key]+="$((e - s)) "
}
for _ in $(seq "$runs"); do
  for l in usual sparse; do
    timed "wc $l" wc -l "${file[$l]}"
    timed "gg $l" "$gg" batch "${file[$l]}" --price 80
    for i in "${!base[@]}"; do timed "base$i $l" "${base[$i]}" batch "${file[$l]}" --price 80; done
  done
done
median_ms() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'; }
for l in usual sparse; do
  wc_ms=$(median_ms "${t[wc $l]}")
  gg_ms=$(median_ms "${t[gg $l]}")
  printf '%-7s wc -l:           median %s ms\n' "$l" "$wc_ms"
  printf '%-7s greengate batch: median %s ms  (ratio %s x wc -l, target <= 5)\n' "$l" "$gg_ms" \
    "$(awk -v a="$gg_ms" -v b="$wc_ms" 'BEGIN {printf "%.1f", a/b}')"
  for i in "${!base[@]}"; do
    b_ms=$(median_ms "${t[base$i $l]}")
    printf '%-7s baseline %d:      median %s ms  (ratio %s x wc -l; %s)\n' "$l" "$((i + 1))" "$b_ms" \
      "$(awk -v a="$b_ms" -v b="$wc_ms" 'BEGIN {printf "%.1f", a/b}')" "${base[$i]}"
  done
done
awk -v a="$(median_ms "${t[gg sparse]}")" -v b="$(median_ms "${t[gg usual]}")" \
  'BEGIN {printf "layouts:         sparse / usual = %.2f (the speed must not depend on the layout)\n", a/b}'
# peak RSS: the largest of 5 runs (how many blocks are parsed while the data set loads varies)
rss_kb=$(for _ in 1 2 3 4 5; do
  /usr/bin/time -v "$gg" batch "${file[usual]}" --price 80 2>&1 >/dev/null | awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}'
done | sort -n | tail -1)
awk -v r="$rss_kb" 'BEGIN {printf "peak RSS:        %.1f MiB (target <= 64)\n", r/1024}'
