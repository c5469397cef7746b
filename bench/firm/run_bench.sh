#!/usr/bin/env bash
# Benchmark (issue 15, defect 1): time and peak memory of `greengate emissions --format json` and
# `greengate obligation` on firm files of N processes making one good and N exports of it, for
# N = 2000, 4000, 8000. Linear work doubles from one N to the next; quadratic work (the defect:
# 1.18 GB and seconds at N = 2000) quadruples. Prints each figure and the growth factor from
# 4000 to 8000 (target ≤ 3 for time and memory).
# Usage: bench/firm/run_bench.sh [GREENGATE]   (needs /usr/bin/time: scripts/setup.sh --bench)
set -euo pipefail
cd "$(dirname "$0")/../.."
gg=${1:-build/bin/greengate}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
declare -A secs rss
for n in 2000 4000 8000; do
  python3 bench/firm/gen_firm.py "$n" >"$dir/f$n.xml"
  for cmd in emissions obligation; do
    args=("$cmd" "$dir/f$n.xml" --format json)
    [[ $cmd == obligation ]] && args+=(--year 2026 --price 80)
    best=""
    for _ in 1 2 3; do  # best of three
      line=$(/usr/bin/time -f "%e %M" "$gg" "${args[@]}" 2>&1 >/dev/null | tail -1)
      t=${line% *}
      if [[ -z $best ]] || awk -v a="$t" -v b="${best% *}" 'BEGIN{exit !(a<b)}'; then best=$line; fi
    done
    secs[$cmd$n]=${best% *}
    rss[$cmd$n]=${best#* }
    printf '%-10s N=%-5s %6s s  %8.1f MiB  (%s bytes of input)\n' "$cmd" "$n" "${best% *}" \
      "$(awk -v k="${best#* }" 'BEGIN{print k/1024}')" "$(wc -c <"$dir/f$n.xml")"
  done
done
for cmd in emissions obligation; do
  awk -v c="$cmd" -v t2="${secs[${cmd}4000]}" -v t4="${secs[${cmd}8000]}" -v m2="${rss[${cmd}4000]}" -v m4="${rss[${cmd}8000]}" \
    'BEGIN {printf "%-10s growth 4000 -> 8000: time %.2fx, memory %.2fx (linear 2, quadratic 4; target <= 3)\n", c, (t2>0?t4/t2:0), m4/m2}'
done
