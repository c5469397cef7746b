#!/usr/bin/env bash
# Benchmark (issue 2): wall time of `greengate emissions` on the largest bundled example,
# including loading every factor table (≈12 500 default values). Target: ≤ 30 ms on 2 cores.
# Usage: bench/emissions_bench.sh [RUNS]   (run scripts/build.sh first)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-50}
gg=build/bin/greengate
largest=$(ls -S examples/*.xml | head -n 1)
echo "example: $largest ($(wc -c <"$largest") bytes); factor files: $(du -ch factors/*.xml | tail -n 1 | cut -f1)"
"$gg" emissions "$largest" >/dev/null  # warm the page cache
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 5 --runs "$runs" "$gg emissions $largest"
else
  times=()
  for _ in $(seq "$runs"); do
    s=$(date +%s%N)
    "$gg" emissions "$largest" >/dev/null
    e=$(date +%s%N)
    times+=($(((e - s) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "runs %d  median %.1f ms  min %.1f ms  max %.1f ms\n", NR, a[int((NR+1)/2)]/1000, a[1]/1000, a[NR]/1000}'
fi
