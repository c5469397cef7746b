#!/usr/bin/env bash
# Benchmark (issue 17): Monte Carlo uncertainty, 100 000 samples of one firm. Target: ≤ 1 s for
# the whole command (load, the engine runs that build the response model, sampling, statistics).
# Each command runs RUNS times with and without --uncertainty; the script prints the median wall
# time and the median CPU time (user + sys, less sensitive to a busy machine) of each.
# Usage: bench/uncertainty/run_bench.sh [RUNS] [SAMPLES]   (build first: build/bin/greengate)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-7}
n=${2:-100000}
gg=build/bin/greengate
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() {  # label, command...
  local label=$1
  shift
  : >"$tmp/wall"
  : >"$tmp/cpu"
  "$@" >/dev/null  # warm the page cache
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %S" -o "$tmp/t" "$@" >/dev/null
    read -r wall user sys <"$tmp/t"
    echo "$wall" >>"$tmp/wall"
    echo "$user $sys" | awk '{print $1 + $2}' >>"$tmp/cpu"
  done
  printf '%-58s wall %6.3f s  cpu %6.3f s  (median of %d)\n' "$label" "$(median <"$tmp/wall")" \
    "$(median <"$tmp/cpu")" "$runs"
}
echo "samples: $n; machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for cmd in "emissions examples/cement-plant.xml" "emissions examples/eaf-rebar-mill.xml" \
           "obligation examples/eaf-rebar-mill.xml --year 2026 --price 80" \
           "footprint examples/cement-plant.xml" \
           "footprint examples/wind-tower-fabricator.xml --product t2-section"; do
  # shellcheck disable=SC2086
  measure "$cmd" "$gg" $cmd --format csv
  # shellcheck disable=SC2086
  measure "  + --uncertainty $n" "$gg" $cmd --format csv --uncertainty "$n" --seed 1
done
